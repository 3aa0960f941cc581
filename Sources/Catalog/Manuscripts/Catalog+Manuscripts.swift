import Foundation
import GRDB
import LecternCore
import SQLStore

extension Catalog {
    /// v19: what catches a script copied or reused. The texts compared (`scriptSource`: a
    /// lecture's script or slides, or a reference text the centre loaded), each one's signature
    /// (`scriptSignature`: the winnowed shingle hashes, `ScriptText.signature`), and the matches
    /// found when a text came in (`scriptMatch`, with the shared passages). Texts attached
    /// before v19 are compared now, in the order they were attached, as attach would have.
    static func migrateManuscripts(_ db: Database) throws {
        try db.create(table: "reference") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("title", .text).notNull()
            t.column("format", .text).notNull()
            t.column("sha256", .text).notNull().unique()
            t.column("storedPath", .text).notNull()
            t.column("originalName", .text).notNull()
            t.column("sizeBytes", .integer).notNull()
            t.column("characters", .integer).notNull()
            t.column("text", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("actor", .text).notNull()
        }
        try db.create(table: "scriptSource") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("attachmentId", .integer).unique().references("attachment")
            t.column("referenceId", .integer).unique().references("reference")
            t.column("lectureId", .integer).indexed().references("lecture")
            t.column("units", .integer).notNull()
        }
        // No foreign key: a delete would scan the whole table for the source.
        try db.execute(
            sql: """
                CREATE TABLE scriptSignature (hash INTEGER NOT NULL, sourceId INTEGER NOT NULL,
                    PRIMARY KEY (hash, sourceId)) WITHOUT ROWID
                """)
        try db.create(table: "scriptMatch") { t in
            t.column("sourceId", .integer).notNull().references("scriptSource")
            t.column("otherSourceId", .integer).notNull().indexed().references("scriptSource")
            t.column("coverage", .double).notNull()
            t.column("otherCoverage", .double).notNull()
            t.column("shared", .integer).notNull()
            t.column("longest", .integer).notNull()
            t.column("passages", .text).notNull()
            t.primaryKey(["sourceId", "otherSourceId"])
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, lectureId, text FROM attachment
                WHERE lectureId IS NOT NULL AND role <> 'record' AND scanned = 0 ORDER BY id
                """)
        for row in rows {
            try indexScript(db, .attachment(row["id"], lecture: row["lectureId"]), text: row["text"])
        }
    }

    /// A text the comparison holds.
    enum ScriptOwner {
        case attachment(Int64, lecture: Int64)
        case reference(Int64)
    }

    /// Stores a text's signature and its matches with the texts already held; returns them.
    @discardableResult
    static func indexScript(_ s: any SQLSession, _ owner: ScriptOwner, text: String) throws -> [ScriptCandidate] {
        let script = ScriptText(text)
        let signature = script.signature()
        guard !signature.isEmpty else { return [] }
        let lecture: Int64?
        let source: Int64?
        switch owner {
        case .attachment(let id, let l):
            lecture = l
            source = try s.scalar(
                Int64.self, "INSERT INTO scriptSource (attachmentId, lectureId, units) VALUES (?, ?, ?) RETURNING id",
                id, l, script.count)
        case .reference(let id):
            lecture = nil
            source = try s.scalar(
                Int64.self, "INSERT INTO scriptSource (referenceId, units) VALUES (?, ?) RETURNING id", id,
                script.count)
        }
        guard let source else { throw SQLError(.other, "INSERT INTO scriptSource returned no id") }
        let found = try compare(
            s, script, signature: signature, excludingLecture: lecture, lecturesOnly: lecture == nil)
        for h in signature {
            try s.execute(
                "INSERT INTO scriptSignature (hash, sourceId) VALUES (?, ?) ON CONFLICT DO NOTHING",
                Int64(bitPattern: h), source)
        }
        // Kept from the lecture's side: a new reference is the other side of the lectures it is found in.
        for c in found where c.overlap.flagged {
            let (mine, theirs, o) =
                lecture != nil ? (source, c.sourceId, c.overlap) : (c.sourceId, source, c.overlap.swapped)
            try s.execute(
                """
                INSERT INTO scriptMatch (sourceId, otherSourceId, coverage, otherCoverage, shared, longest, passages)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sourceId, otherSourceId) DO UPDATE SET coverage = excluded.coverage,
                    otherCoverage = excluded.otherCoverage, shared = excluded.shared, longest = excluded.longest,
                    passages = excluded.passages
                """, mine, theirs, o.coverage, o.otherCoverage, o.shared, o.longest,
                String(decoding: try JSONEncoder().encode(o.passages), as: UTF8.self))
        }
        return found
    }

    @discardableResult
    static func indexScript(_ db: Database, _ owner: ScriptOwner, text: String) throws -> [ScriptCandidate] {
        try indexScript(SQLiteSession(db: db) as any SQLSession, owner, text: text)
    }

    /// A held text whose signature shares hashes with a new one, and their exact overlap.
    public struct ScriptCandidate: Sendable {
        public var sourceId: Int64
        public var lectureId: Int64?
        public var referenceId: Int64?
        /// Signature hashes in common.
        public var common: Int
        public var overlap: ScriptOverlap
    }

    /// A hash held by more texts than this is common: a stock phrase, or a text many lectures
    /// copied. Only its first holders (the oldest) are counted, and a text named by common hashes
    /// alone needs `massCopyCommon` of them (a popular speech copied again shares most of its
    /// hashes; a stock phrase gives a few).
    static let commonHashLimit = 100
    static let massCopyCommon = 20
    /// Candidates compared exactly, those with the most hashes in common first.
    static let candidateLimit = 24
    /// Hashes in common (not common ones) for a text to be compared.
    static let minimumCommon = 2

    /// The held texts that share the most signature hashes with `script`, compared exactly,
    /// most similar first (not thresholded: `overlap.flagged` says which a reviewer is told).
    static func compare(
        _ s: any SQLSession, _ script: ScriptText, signature: Set<UInt64>, excludingLecture: Int64?,
        lecturesOnly: Bool
    ) throws -> [ScriptCandidate] {
        let lookup =
            lecturesOnly
            ? """
            SELECT s.sourceId FROM scriptSignature s JOIN scriptSource o ON o.id = s.sourceId
            WHERE s.hash = ? AND o.lectureId IS NOT NULL LIMIT \(commonHashLimit + 1)
            """
            : "SELECT sourceId FROM scriptSignature WHERE hash = ? LIMIT \(commonHashLimit + 1)"
        var counts: [Int64: (rare: Int, common: Int)] = [:]
        for h in signature {
            let ids = try s.column(Int64.self, lookup, Int64(bitPattern: h))
            let common = ids.count > commonHashLimit
            for id in ids.prefix(commonHashLimit) {
                if common { counts[id, default: (0, 0)].common += 1 } else { counts[id, default: (0, 0)].rare += 1 }
            }
        }
        let ranked = counts.filter { $0.value.rare >= minimumCommon || $0.value.common >= massCopyCommon }
            .map { ($0.key, $0.value.rare + $0.value.common) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var out: [ScriptCandidate] = []
        for (id, common) in ranked.prefix(candidateLimit) {
            guard
                let row = try s.row(
                    """
                    SELECT s.lectureId, s.referenceId, COALESCE(a.text, r.text) AS text FROM scriptSource s
                    LEFT JOIN attachment a ON a.id = s.attachmentId LEFT JOIN reference r ON r.id = s.referenceId
                    WHERE s.id = ?
                    """, id)
            else { continue }
            let lecture: Int64? = try row.optional("lectureId")
            if let excludingLecture, lecture == excludingLecture { continue }
            let overlap = ScriptOverlap(script, ScriptText(try row.get("text")))
            out.append(
                ScriptCandidate(
                    sourceId: id, lectureId: lecture, referenceId: try row.optional("referenceId"), common: common,
                    overlap: overlap))
        }
        return out.sorted {
            $0.overlap.coverage != $1.overlap.coverage
                ? $0.overlap.coverage > $1.overlap.coverage : $0.overlap.shared > $1.overlap.shared
        }
    }

    /// A text compared with everything held, without storing it (the benchmark, `reference check`).
    public func compareScript(_ text: String) throws -> [ScriptCandidate] {
        try store.read { s in
            let script = ScriptText(text)
            return try Self.compare(
                s, script, signature: script.signature(), excludingLecture: nil, lecturesOnly: false)
        }
    }
}
