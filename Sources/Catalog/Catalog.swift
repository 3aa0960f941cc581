import CSearchColumns
import Foundation
import GRDB
import LecternCore
import SQLStore

/// The catalog: owns the database. Every public write is one transaction that keeps the
/// invariants (a lecture, its version, frames and audit event together).
public final class Catalog: Sendable {
    public let library: Library
    /// The SQLite catalog's pool, for what only SQLite does (its online backup); nil on PostgreSQL.
    let sqlitePool: (any DatabaseWriter)?
    /// The catalog's database, either engine: every body runs on it (docs/ARCHITECTURE.md,
    /// "Two engines").
    let store: any SQLStore
    /// The organisations' names as search compares them, until the tree changes.
    let organisationNames = OrganisationNamesCache()
    /// How common each word is, from PostgreSQL's statistics, for relevance's window.
    let wordFrequencies = WordFrequenciesCache()
    /// Opened without write permission (a library on a read-only disk or share): reading,
    /// searching and reports work; every write is refused with a plain message.
    public let readOnly: Bool
    /// `[review] recorded_before_upload_days` of the library's lectern.toml (default 60), read
    /// once when the catalog opens: the queue and every lecture page ask for it.
    let recordedDateHorizon: Int
    /// The kinds of item (`[kinds."…"]`) and the themes (`[themes."…"]`) of lectern.toml.
    public let kinds: ItemKinds
    public let themes: ThemeList
    /// `[people.roles."…"]`: what a person in the register is.
    public let personRoles: PersonRoles
    /// `[panel]`: who may score what.
    public let panel: PanelRules

    /// Opens the library's catalog (WAL, foreign keys on, busy timeout so that two processes
    /// can write in turn), migrating it to the current schema. A catalog this user may not
    /// write is opened read-only, as it is.
    /// `busyTimeout`: how long a write waits for another process's lock before it fails.
    public init(library: Library, create: Bool = false, busyTimeout: TimeInterval = 30) throws {
        if !create && !library.exists {
            throw CatalogError(.missing, "资料库不存在：\(library.root.path)（请先运行 lectern init，或用 --library 指定）")
        }
        self.library = library
        let settings: LibraryConfig
        do {
            settings = try library.config()
        } catch {
            // A SQLite library opens with the defaults (the command that reads the file says
            // what is wrong in it); one whose catalog address is in the file cannot.
            guard FileManager.default.fileExists(atPath: library.catalogURL.path) else { throw error }
            settings = LibraryConfig()
        }
        recordedDateHorizon = settings.recordedBeforeUploadDays
        kinds = settings.policy.kinds
        themes = settings.themes
        personRoles = settings.personRoles
        panel = settings.panel
        if let address = settings.catalog {
            let location: PostgresLocation
            do { location = try PostgresLocation.parse(address) } catch {
                throw CatalogError(.configuration, "配置文件 \(library.configURL.path) 的 catalog：\(error.message)")
            }
            let store = try Self.openPostgres(location, themes: themes)
            self.store = store
            sqlitePool = nil
            // A library folder this account may not write (a share mounted read-only) is read
            // only, as with SQLite: its media could not be written, and a write would be half one.
            readOnly = !create && access(library.root.path, W_OK) != 0
            return
        }
        let (pool, readOnly) = try Self.openSQLite(library, create: create, busyTimeout: busyTimeout, themes: themes)
        self.readOnly = readOnly
        sqlitePool = pool
        store = SQLiteStore(pool)
    }

    // MARK: - Organisations

    /// Adds or updates organisations; parents must come before or with their children.
    /// Organisations that share a name with another (under different ids), by the name; each
    /// is told apart by its parent.
    public func sharedOrganisationNames() throws -> [String: [OrganisationRecord]] {
        let all = try store.read { s in
            try s.records(OrganisationRecord.self, "SELECT * FROM organisation ORDER BY id")
        }
        return Dictionary(grouping: all, by: \.name).filter { $0.value.count > 1 }
    }

    /// "xincun（上级：春华镇）、xincun2（上级：桃源县）": how to tell same-named organisations apart.
    public func describe(_ records: [OrganisationRecord]) throws -> String {
        try Self.describe(records) { try resolveOrganisation($0)?.name }
    }

    /// `describe` with the parents' names from `parentName` (the tree already read, or the catalog).
    static func describe(_ records: [OrganisationRecord], parentName: (String) throws -> String?) rethrows -> String {
        try records.map { o in
            "\(o.id)（上级：\(try o.parentId.flatMap(parentName) ?? "无上级")）"
        }.joined(separator: "、")
    }

    public func importOrganisations(_ rows: [OrganisationRecord], actor: String, now: Date) throws -> Int {
        try authorize(actor, .manageUsers, lectureId: nil, now: now)
        return try store.write { s in
            let known = Set(try s.column(String.self, "SELECT id FROM organisation"))
            let incoming = Set(rows.map(\.id))
            for row in rows {
                if let parent = row.parentId, !known.contains(parent), !incoming.contains(parent) {
                    throw CatalogError(.invalid, "组织 \(row.id)（\(row.name)）的上级 \(parent) 不存在")
                }
            }
            // Insert without parents first, then set parents: rows may come in any order.
            for row in rows {
                var bare = row
                bare.parentId = nil
                if known.contains(row.id) {
                    // A rename keeps the former name, and until when it was the name.
                    if let old = try s.scalar(String.self, "SELECT name FROM organisation WHERE id = ?", row.id),
                        old != row.name
                    {
                        try s.execute(
                            "INSERT INTO organisationFormerName (organisationId, name, until) VALUES (?, ?, ?)", row.id,
                            old, now)
                    }
                    try s.execute(
                        "UPDATE organisation SET name = ?, kind = ?, contact = ? WHERE id = ?", row.name, row.kind,
                        row.contact, row.id)
                } else {
                    try s.insert(bare, into: "organisation", returningId: false)
                }
            }
            for row in rows {
                try s.execute("UPDATE organisation SET parentId = ? WHERE id = ?", row.parentId, row.id)
            }
            try Self.checkNoCycles(s)
            // Lectures under a renamed or moved organisation are found by its new path.
            let ids = String(decoding: try JSONEncoder().encode(rows.map(\.id)), as: UTF8.self)
            let affected = try s.column(
                Int64.self,
                """
                WITH RECURSIVE sub(id) AS (
                  \(s.dialect.jsonValues(.text)) UNION SELECT o.id FROM organisation o JOIN sub ON o.parentId = sub.id)
                SELECT l.id FROM lecture l WHERE l.organisationId IN (SELECT id FROM sub)
                """, ids)
            try SearchIndex.reindex(s, lectureIds: affected)
            try AuditEventRecord.append(
                s, at: now, actor: actor, action: "importOrganisations", lectureId: nil,
                versionId: nil, from: nil, to: nil, note: "\(rows.count) 个组织")
            return rows.count
        }
    }

    static func checkNoCycles(_ s: any SQLSession) throws {
        let parents = Dictionary(
            uniqueKeysWithValues: try s.records(OrganisationRecord.self, "SELECT * FROM organisation").map {
                ($0.id, $0.parentId)
            })
        for start in parents.keys {
            var seen: Set<String> = [start], current = parents[start] ?? nil
            while let c = current {
                if !seen.insert(c).inserted { throw CatalogError(.invalid, "组织的上下级关系出现循环（涉及 \(start)）") }
                current = parents[c] ?? nil
            }
        }
    }

    public func organisations() throws -> [OrganisationRecord] {
        try store.read { s in try s.records(OrganisationRecord.self, "SELECT * FROM organisation ORDER BY id") }
    }

    /// The organisation with this id, or else the one with exactly this name.
    public func resolveOrganisation(_ idOrName: String) throws -> OrganisationRecord? {
        try store.read { s in try Self.organisations(s, named: idOrName).onlyElement }
    }

    /// The organisation with this id, or else those with exactly this name (none, one, or
    /// several that only their ids tell apart).
    static func organisations(_ s: any SQLSession, named idOrName: String) throws -> [OrganisationRecord] {
        if let byId = try s.record(OrganisationRecord.self, "SELECT * FROM organisation WHERE id = ?", idOrName) {
            return [byId]
        }
        return try s.records(OrganisationRecord.self, "SELECT * FROM organisation WHERE name = ? ORDER BY id", idOrName)
    }

    /// Why `idOrName` names no single organisation, as staff read it; nil when it names one.
    static func organisationProblem(_ idOrName: String, found: [OrganisationRecord]) -> String? {
        switch found.count {
        case 1: nil
        case 0: "没有「\(idOrName)」这个组织（可用 lectern org tree 查看）"
        default: "有 \(found.count) 个组织叫「\(idOrName)」，请写组织编号"
        }
    }

    /// Ids and names from `id` up to the root, nearest first: what per-organisation policy looks up.
    public func lineage(of id: String?) throws -> [OrganisationRecord] {
        guard let id else { return [] }
        return try store.read { s in
            var out: [OrganisationRecord] = [], current: String? = id
            while let c = current, out.count < 64,
                let org = try s.record(OrganisationRecord.self, "SELECT * FROM organisation WHERE id = ?", c)
            {
                out.append(org)
                current = org.parentId
            }
            return out
        }
    }

    // MARK: - Ingest

    public func startBatch(actor: String, arguments: String, now: Date) throws -> Int64 {
        try store.write { s in
            try s.insert(IngestBatchRecord(startedAt: now, actor: actor, arguments: arguments), into: "ingestBatch")
                ?? 0
        }
    }

    public func finishBatch(_ id: Int64, ingested: Int, duplicates: Int, failed: Int, policyFailed: Int, now: Date)
        throws
    {
        try store.write { s in
            try s.execute(
                """
                UPDATE ingestBatch SET finishedAt = ?, ingested = ?, duplicates = ?, failed = ?, policyFailed = ?
                WHERE id = ?
                """, now, ingested, duplicates, failed, policyFailed, id)
        }
    }

    /// The lecture that already has a version with this content, if any.
    public func lectureId(forSHA256 sha: String) throws -> Int64? {
        try store.read { s in try s.scalar(Int64.self, "SELECT lectureId FROM version WHERE sha256 = ?", sha) }
    }

    public enum IngestWrite: Equatable, Sendable {
        case ingested(lectureId: Int64, versionId: Int64)
        case duplicate(lectureId: Int64)
    }

    /// Records a new lecture with its first version, frames and the audit event, in one
    /// transaction. A version with the same hash already there (another process got it
    /// first) gives `.duplicate`.
    /// With `job`, the job is finished in the same transaction, fenced by its claim: a host
    /// whose lease ran out writes nothing (`JobLeaseLost`).
    /// With `comparedUpTo`, the versions catalogued after it (by other hosts, since this ingest
    /// read the catalog) are given to `compare` inside the transaction, after the commits
    /// before it: the near-duplicates it finds among them join the new version's.
    public func recordIngest(
        _ new: NewLecture, actor: String, now: Date, job: JobClaim? = nil, comparedUpTo: Int64? = nil,
        compare: ([CataloguedPrints]) throws -> [NearDuplicate] = { _ in [] }
    ) throws -> IngestWrite {
        do {
            return try store.write { s in
                var new = new
                if let comparedUpTo {
                    try Self.lockCommits(s)
                    let later = try Self.prints(s, after: comparedUpTo)
                    if !later.isEmpty {
                        new.nearDuplicates = NearDuplicate.merged(new.nearDuplicates, try compare(later))
                    }
                }
                let write = try Self.insert(s, new, themes: themes, actor: actor, now: now)
                if let job {
                    let (outcome, id): (String, Int64) =
                        switch write {
                        case .ingested(let id, _): ("ingested", id)
                        case .duplicate(let id): ("duplicate", id)
                        }
                    try Self.finishJob(s, job, outcome: outcome, lectureId: id, error: nil, now: now)
                }
                return write
            }
        } catch let e as SQLError where e.kind == .uniqueViolation {
            // Another host committed the same content between this one's look-up and its write
            // (PostgreSQL; SQLite's single writer never gets here): a duplicate, as it would be
            // one transaction later.
            guard let existing = try lectureId(forSHA256: new.sha256) else { throw e }
            if let job { try finishJob(job, outcome: "duplicate", lectureId: existing, error: nil, now: now) }
            return .duplicate(lectureId: existing)
        }
    }

    /// Many lectures in one transaction (imports, generated test catalogs): the same writes
    /// as `recordIngest`, one commit.
    public func recordIngest(batch: [NewLecture], actor: String, now: Date) throws -> [IngestWrite] {
        try store.write { s in try batch.map { try Self.insert(s, $0, themes: themes, actor: actor, now: now) } }
    }

    static func insert(_ s: any SQLSession, _ new: NewLecture, themes: ThemeList, actor: String, now: Date) throws
        -> IngestWrite
    {
        if let existing = try s.scalar(Int64.self, "SELECT lectureId FROM version WHERE sha256 = ?", new.sha256) {
            return .duplicate(lectureId: existing)
        }
        var speakerId: Int64?
        if let name = new.speaker, !name.isEmpty {
            try s.execute("INSERT INTO speaker (name) VALUES (?) ON CONFLICT DO NOTHING", name)
            speakerId = try s.scalar(Int64.self, "SELECT id FROM speaker WHERE name = ?", name)
        }
        let status: ReviewStatus = new.findings.isEmpty ? .pending : .autoRejected
        let lecture = LectureRecord(
            id: nil, title: new.title, speakerId: speakerId, organisationId: new.organisationId ?? "unassigned",
            topic: new.topic, recordedOn: new.recordedOn, description: new.description,
            tags: new.tags.joined(separator: ";"), status: status, createdAt: now, updatedAt: now, kind: new.kind,
            theme: new.topic.flatMap { themes.match($0, normalise: SearchText.normalize)?.name })
        let lectureId = try s.insert(lecture, into: "lecture") ?? 0
        if new.organisationId == nil, let claimed = new.claimedOrganisation {
            try s.execute("UPDATE lecture SET claimedOrganisation = ? WHERE id = ?", claimed, lectureId)
        }
        let versionId = try insertVersion(s, lectureId: lectureId, number: 1, new, now: now)
        try s.execute("UPDATE lecture SET durationSeconds = ? WHERE id = ?", new.probe.durationSeconds, lectureId)
        try link(s, speakers: new.speakerIds, to: lectureId, table: .lecture)
        try SearchIndex.add(s, lectureId: lectureId)
        try AuditEventRecord.append(
            s, at: now, actor: actor, action: "ingest", lectureId: lectureId, versionId: versionId,
            from: ReviewStatus.received.rawValue, to: status.rawValue,
            reasons: new.findings.map(\.rule), note: new.findings.map(\.message).joined(separator: "；"))
        return .ingested(lectureId: lectureId, versionId: versionId)
    }
}

extension Catalog {
    /// A version row and its frames; the version's id.
    static func insertVersion(_ s: any SQLSession, lectureId: Int64, number: Int, _ new: NewLecture, now: Date) throws
        -> Int64
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let version = VersionRecord(
            id: nil, lectureId: lectureId, number: number, sha256: new.sha256, originalName: new.originalName,
            originalPath: new.originalPath, storedPath: new.storedPath, sizeBytes: new.sizeBytes,
            durationSeconds: new.probe.durationSeconds,
            probe: String(decoding: try encoder.encode(new.probe), as: UTF8.self),
            policyPassed: new.findings.isEmpty,
            findings: String(decoding: try encoder.encode(new.findings), as: UTF8.self),
            fingerprint: try new.fingerprint.map { String(decoding: try encoder.encode($0), as: UTF8.self) },
            thumbsPath: new.thumbsPath, posterPath: new.posterPath, sheetPath: new.sheetPath,
            batchId: new.batchId, ingestedAt: now)
        let versionId = try s.insert(version, into: "version") ?? 0
        for frame in new.frames {
            let record = FrameRecord(
                id: nil, versionId: versionId, position: frame.position,
                timeSeconds: frame.timeSeconds, path: frame.path, blank: frame.blank)
            try s.insert(record, into: "frame", returningId: false)
        }
        try insertSound(s, versionId: versionId, lectureId: lectureId, new.sound)
        try insertNearDuplicates(s, versionId: versionId, lectureId: lectureId, new.nearDuplicates)
        return versionId
    }
}

/// Everything ingest knows about a new lecture and its first version.
public struct NewLecture: Sendable {
    public struct Frame: Sendable {
        public var position: Int
        public var timeSeconds: Double
        public var path: String
        public var blank: Bool
        public init(position: Int, timeSeconds: Double, path: String, blank: Bool) {
            self.position = position
            self.timeSeconds = timeSeconds
            self.path = path
            self.blank = blank
        }
    }
    public var title: String
    public var speaker: String?
    /// The register's people `speaker` names (`resolveSpeakers`), in order.
    public var speakerIds: [Int64] = []
    public var organisationId: String?
    /// The organisation the upload named when it is not in the tree (the lecture goes under
    /// 未分配 and keeps this name for `lectern org relink`).
    public var claimedOrganisation: String?
    public var topic: String?
    public var recordedOn: String?
    public var description: String?
    public var tags: [String] = []
    /// `ItemKind.code`.
    public var kind = ItemKind.lectureCode
    public var sha256: String
    public var originalName: String
    public var originalPath: String
    public var storedPath: String
    public var sizeBytes: Int64
    public var probe: MediaInfo
    public var findings: [PolicyFinding]
    public var fingerprint: Fingerprint?
    public var sound: SoundFingerprint?
    public var thumbsPath: String?
    public var posterPath: String?
    public var sheetPath: String?
    public var frames: [Frame] = []
    public var batchId: Int64?
    /// Catalogued lectures whose picture or sound this version's matches (ingest's compare stage).
    public var nearDuplicates: [NearDuplicate] = []

    public init(
        title: String, sha256: String, originalName: String, originalPath: String, storedPath: String,
        sizeBytes: Int64, probe: MediaInfo, findings: [PolicyFinding]
    ) {
        self.title = title
        self.sha256 = sha256
        self.originalName = originalName
        self.originalPath = originalPath
        self.storedPath = storedPath
        self.sizeBytes = sizeBytes
        self.probe = probe
        self.findings = findings
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    var onlyElement: Element? { count == 1 ? first : nil }
}
