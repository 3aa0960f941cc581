import Foundation
import GRDB
import LecternCore

/// A decision as the CLI (and later the web desk) hands it in: one code path for both.
public struct ReviewDecision: Sendable {
    public var action: ReviewAction
    public var reasons: [ReasonCode] = []
    public var note = ""
    /// rectify: the last day to resubmit, yyyy-MM-dd (China's calendar).
    public var deadline: String?
    public var scores: RubricScores?
    /// Lectures this one copies or reuses: each must be one of its recorded near-duplicates;
    /// the audit note names them with their similarity.
    public var cites: [Int64] = []

    public init(
        action: ReviewAction, reasons: [ReasonCode] = [], note: String = "", deadline: String? = nil,
        scores: RubricScores? = nil, cites: [Int64] = []
    ) {
        self.action = action
        self.cites = cites
        self.reasons = reasons
        self.note = note
        self.deadline = deadline
        self.scores = scores
    }
}

/// One row of `lectern review queue`.
public struct QueueItem: Codable, Sendable {
    public var id: Int64
    public var title: String
    public var speaker: String?
    public var organisation: String?
    public var durationSeconds: Double?
    public var status: ReviewStatus
    public var createdAt: Date
    public var deadline: String?
    public var findings: [PolicyFinding]
    public var nearDuplicates: [NearDuplicate]
    /// The latest version's poster, relative to the library.
    public var posterPath: String?
}

extension Catalog {
    /// v9: each rectification's deadline as a column of its own (`rectification`, one row per
    /// rectify event), so that reports replay it without reading the audit note. Filled from
    /// history: notes written before v9 begin "整改期限 yyyy-MM-dd", the one place the
    /// deadline was kept; this migration is the only code that ever reads that sentence.
    static func migrateRectificationDeadlines(_ db: Database) throws {
        try db.create(table: "rectification") { t in
            t.primaryKey("eventId", .integer).references("auditEvent")
            t.column("lectureId", .integer).notNull().indexed()
            t.column("deadline", .text).notNull()
        }
        let rows = try Row.fetchAll(db, sql: "SELECT id, lectureId, note FROM auditEvent WHERE action = 'rectify'")
        for row in rows {
            let note: String = row["note"]
            guard note.hasPrefix("整改期限 ") else { continue }
            let day = String(note.dropFirst("整改期限 ".count).prefix(10))
            guard LectureDay.valid(day), let lectureId = row["lectureId"] as Int64? else { continue }
            try db.execute(
                sql: "INSERT INTO rectification (eventId, lectureId, deadline) VALUES (?, ?, ?)",
                arguments: [row["id"] as Int64, lectureId, day])
        }
    }

    static func migrateReview(_ db: Database) throws {
        try db.alter(table: "lecture") { t in
            t.add(column: "deadline", .text)
        }
        try db.create(table: "reviewScore") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("lectureId", .integer).notNull().references("lecture").indexed()
            t.column("actor", .text).notNull()
            t.column("at", .datetime).notNull()
            t.column("content", .integer).notNull()
            t.column("form", .integer).notNull()
            t.column("language", .integer).notNull()
            t.column("effect", .integer).notNull()
        }
    }

    /// Applies a decision: checks the transition, changes the status and appends the audit
    /// event in one transaction. Refusals throw `ReviewError` (nothing is written).
    @discardableResult
    public func review(_ lectureId: Int64, _ decision: ReviewDecision, actor: String, now: Date) throws -> ReviewStatus
    {
        do {
            return try reviewUnchecked(lectureId, decision, actor: actor, now: now)
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: lectureId, now: now)
            throw refusal
        }
    }

    func reviewUnchecked(_ lectureId: Int64, _ decision: ReviewDecision, actor: String, now: Date) throws
        -> ReviewStatus
    {
        try pool.write { db in
            try Self.authorize(db, actor: actor, decision.action.permission, lectureId: lectureId, now: now)
            guard
                let raw = try String.fetchOne(
                    db, sql: "SELECT status FROM lecture WHERE id = ?", arguments: [lectureId]),
                let current = ReviewStatus(rawValue: raw)
            else {
                throw CatalogError(.notFound, "目录中没有这个节目")
            }
            let next = try current.after(decision.action)
            if decision.action.needsReason && decision.reasons.isEmpty {
                throw ReviewError("“\(decision.action.chinese)”需要至少一个原因（--reason）")
            }
            if decision.action == .rectify && decision.deadline == nil {
                throw ReviewError("限期整改需要期限（--deadline 或 --days）")
            }
            if decision.action == .confirm,
                try Bool.fetchOne(db, sql: "SELECT spotCheck FROM lecture WHERE id = ?", arguments: [lectureId]) != true
            {
                throw ReviewError("这个节目不在抽查中，无需确认（抽查用 lectern review spot-check）")
            }
            if decision.action == .exempt && decision.note.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ReviewError("特批需要写明理由（--note）")
            }
            var cited: [NearDuplicate] = []
            if !decision.cites.isEmpty {
                guard decision.reasons.contains(.copied) || decision.reasons.contains(.reused) else {
                    throw ReviewError("引用疑似重复节目（--cite）时，原因需包含 copied（内容照搬照抄）或 reused（一份讲稿用几年）")
                }
                let near = try Self.nearDuplicates(db, of: lectureId)
                for id in decision.cites {
                    guard let match = near.first(where: { $0.id == id }) else {
                        let known =
                            near.isEmpty
                            ? "它没有疑似重复的节目"
                            : "它的疑似重复节目是 " + near.map { "#\($0.id)" }.joined(separator: "、")
                        throw ReviewError("#\(id) 不是 #\(lectureId) 的疑似重复节目（\(known)）")
                    }
                    cited.append(match)
                }
            }
            // A spot check ends with confirm or revoke.
            let endsSpotCheck = decision.action == .confirm || decision.action == .revoke
            try db.execute(
                sql: """
                    UPDATE lecture SET status = ?, deadline = ?, updatedAt = ?, spotCheck = CASE WHEN ? THEN 0 ELSE spotCheck END
                    WHERE id = ?
                    """,
                arguments: [
                    next.rawValue, next == .rectifying ? decision.deadline : nil, now, endsSpotCheck, lectureId,
                ])
            if let s = decision.scores {
                try db.execute(
                    sql: """
                        INSERT INTO reviewScore (lectureId, actor, at, content, form, language, effect) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [lectureId, actor, now, s.content, s.form, s.language, s.effect])
            }
            var note = decision.note
            if !cited.isEmpty {
                note =
                    "与 "
                    + cited.map { "#\($0.id)（相似度 \(Int(($0.similarity * 100).rounded()))%）" }.joined(separator: "、")
                    + " 画面相同" + (note.isEmpty ? "" : "；\(note)")
            }
            if let d = decision.deadline, decision.action == .rectify {
                note = "整改期限 \(d)" + (note.isEmpty ? "" : "；\(note)")
            }
            if let s = decision.scores {
                note = "评分 内容\(s.content) 形式\(s.form) 语言\(s.language) 效果\(s.effect)" + (note.isEmpty ? "" : "；\(note)")
            }
            let event = try AuditEventRecord.append(
                db, at: now, actor: actor, action: decision.action.rawValue, lectureId: lectureId, versionId: nil,
                from: current.rawValue, to: next.rawValue, reasons: decision.reasons.map(\.rawValue), note: note)
            if decision.action == .rectify, let deadline = decision.deadline, let eventId = event.id {
                try db.execute(
                    sql: "INSERT INTO rectification (eventId, lectureId, deadline) VALUES (?, ?, ?)",
                    arguments: [eventId, lectureId, deadline])
            }
            return next
        }
    }

    /// Lectures whose rectification deadline is before `today` (yyyy-MM-dd, China's calendar)
    /// become overdue, each with an audit event. Returns their ids.
    @discardableResult
    public func markOverdue(today: String, now: Date) throws -> [Int64] {
        try pool.write { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM lecture WHERE status = 'rectifying' AND deadline < ?",
                arguments: [today])
            for id in ids {
                try db.execute(
                    sql: "UPDATE lecture SET status = 'overdue', updatedAt = ? WHERE id = ?", arguments: [now, id])
                let deadline =
                    try String.fetchOne(db, sql: "SELECT deadline FROM lecture WHERE id = ?", arguments: [id]) ?? ""
                try AuditEventRecord.append(
                    db, at: now, actor: "system", action: ReviewAction.overdue.rawValue, lectureId: id,
                    versionId: nil, from: ReviewStatus.rectifying.rawValue,
                    to: ReviewStatus.overdue.rawValue, note: "整改期限 \(deadline) 已过，未重新提交")
            }
            return ids
        }
    }

    /// Draws approved lectures for a spot check: `fraction` of each organisation's approved
    /// lectures, at least one from every organisation that has any (small branches are not
    /// skipped), chosen by a generator seeded with `seed` (the same seed on the same catalog
    /// draws the same lectures). Marks them and returns their ids.
    public func spotCheck(fraction: Double, seed: UInt64, actor: String, now: Date) throws -> [Int64] {
        try authorize(actor, .review, lectureId: nil, now: now)
        return try pool.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, coalesce(organisationId, '') AS org FROM lecture WHERE status = 'approved' AND spotCheck = 0
                    ORDER BY org, id
                    """)
            var generator = SeededGenerator(seed: seed)
            var chosen: [Int64] = []
            let groups = Dictionary(grouping: rows, by: { $0["org"] as String })
            for org in groups.keys.sorted() {
                let ids = (groups[org] ?? []).map { $0["id"] as Int64 }
                let take = max(1, Int((Double(ids.count) * fraction).rounded(.up)))
                chosen += ids.shuffled(using: &generator).prefix(take)
            }
            for id in chosen.sorted() {
                try db.execute(sql: "UPDATE lecture SET spotCheck = 1 WHERE id = ?", arguments: [id])
                try AuditEventRecord.append(
                    db, at: now, actor: actor, action: "spotCheck", lectureId: id, versionId: nil,
                    from: ReviewStatus.approved.rawValue, to: ReviewStatus.approved.rawValue,
                    note: "抽查（比例 \(Int((fraction * 100).rounded()))%，种子 \(seed)）")
            }
            return chosen.sorted()
        }
    }

    /// The review queue, oldest first: pending by default; `spotChecks` lists the lectures drawn
    /// for a spot check instead. `scope` (an organisation id: a scoped user's) keeps only its
    /// subtree; `ids` only those lectures (a search's hits).
    public func queue(
        statuses: [ReviewStatus] = [.pending], organisation: String? = nil,
        spotChecks: Bool = false, scope: String? = nil, ids: Set<Int64>? = nil
    ) throws -> [QueueItem] {
        try queuePage(statuses: statuses, organisation: organisation, spotChecks: spotChecks, scope: scope, ids: ids)
            .items
    }

    /// `limit` items of the queue from `offset` (all when nil) and how many there are in all:
    /// what the web desk shows of a long queue, a page at a time, without reading the rest.
    public func queuePage(
        statuses: [ReviewStatus] = [.pending], organisation: String? = nil, spotChecks: Bool = false,
        scope: String? = nil, ids: Set<Int64>? = nil,
        limit: Int? = nil, offset: Int = 0
    ) throws -> (items: [QueueItem], total: Int) {
        var orgIds = try organisation.map { try organisationSubtree(matching: $0) }
        if let orgIds, orgIds.isEmpty { throw CatalogError(.notFound, "没有找到组织「\(organisation ?? "")」") }
        if let scope {
            let allowed = Set(try organisationSubtree(of: scope))
            orgIds = (orgIds ?? Array(allowed)).filter(allowed.contains)
        }
        return try pool.read { db in
            var condition =
                "l.status IN (\((spotChecks ? [ReviewStatus.approved] : statuses).map { _ in "?" }.joined(separator: ",")))"
                + (spotChecks ? " AND l.spotCheck = 1" : "")
            var args: [DatabaseValueConvertible] =
                spotChecks ? [ReviewStatus.approved.rawValue] : statuses.map(\.rawValue)
            if let orgIds {
                condition += " AND l.organisationId IN (SELECT value FROM json_each(?))"
                args.append(String(decoding: try JSONEncoder().encode(orgIds), as: UTF8.self))
            }
            if let ids {
                condition += " AND l.id IN (SELECT value FROM json_each(?))"
                args.append(String(decoding: try JSONEncoder().encode(ids.sorted()), as: UTF8.self))
            }
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM lecture l WHERE \(condition)",
                    arguments: StatementArguments(args)) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT l.id, l.title, s.name AS speaker, o.name AS organisation, l.durationSeconds, l.status, l.createdAt, l.deadline
                    FROM lecture l LEFT JOIN speaker s ON s.id = l.speakerId LEFT JOIN organisation o ON o.id = l.organisationId
                    WHERE \(condition) ORDER BY l.createdAt, l.id LIMIT ? OFFSET ?
                    """, arguments: StatementArguments(args + [limit ?? -1, max(0, offset)]))
            // The latest version's findings and poster for the whole page in one query.
            let pageIds = String(decoding: try JSONEncoder().encode(rows.map { $0["id"] as Int64 }), as: UTF8.self)
            var latest: [Int64: (findings: String, poster: String?)] = [:]
            for v in try Row.fetchAll(
                db,
                sql: """
                    SELECT v.lectureId, v.findings, v.posterPath FROM version v
                    WHERE v.lectureId IN (SELECT value FROM json_each(?1))
                      AND v.number = (SELECT MAX(w.number) FROM version w WHERE w.lectureId = v.lectureId)
                    """, arguments: [pageIds])
            {
                latest[v["lectureId"]] = (v["findings"], v["posterPath"])
            }
            let decoder = JSONDecoder()
            let items = try rows.map { row in
                let id: Int64 = row["id"]
                let version = latest[id]
                let findings =
                    version.flatMap { try? decoder.decode([PolicyFinding].self, from: Data($0.findings.utf8)) } ?? []
                return QueueItem(
                    id: id, title: row["title"], speaker: row["speaker"], organisation: row["organisation"],
                    durationSeconds: row["durationSeconds"], status: row["status"], createdAt: row["createdAt"],
                    deadline: row["deadline"], findings: findings,
                    nearDuplicates: try Self.nearDuplicates(db, of: id), posterPath: version?.poster)
            }
            return (items, total)
        }
    }

    /// Every catalogued version's fingerprint, indexed by lecture, for near-duplicate look-ups.
    public func fingerprintIndex() throws -> FingerprintIndex {
        var index = FingerprintIndex()
        for v in try allVersions() {
            guard let text = v.fingerprint,
                let fp = try? JSONDecoder().decode(Fingerprint.self, from: Data(text.utf8))
            else { continue }
            index.insert(id: v.lectureId, fingerprint: fp)
        }
        return index
    }

    /// A lecture's audit events, oldest first.
    public func auditEvents(lectureId: Int64) throws -> [AuditEventRecord] {
        try pool.read { db in
            try AuditEventRecord.filter(Column("lectureId") == lectureId).order(Column("id")).fetchAll(db)
        }
    }

    public func auditEventCount() throws -> Int {
        try pool.read { db in try AuditEventRecord.fetchCount(db) }
    }
}

extension Catalog {
    /// A rectified lecture's new file: a new version (the old ones stay), the lecture back to
    /// pending, frames and the audit event, in one transaction. The lecture must be rectifying
    /// or overdue; its metadata is kept.
    public func recordResubmission(_ lectureId: Int64, _ new: NewLecture, actor: String, now: Date) throws -> Int64 {
        try pool.write { db in
            guard
                let raw = try String.fetchOne(
                    db, sql: "SELECT status FROM lecture WHERE id = ?", arguments: [lectureId]),
                let current = ReviewStatus(rawValue: raw)
            else {
                throw CatalogError(.notFound, "目录中没有这个节目")
            }
            let next = try current.after(.resubmit)
            if let existing = try Int64.fetchOne(
                db, sql: "SELECT lectureId FROM version WHERE sha256 = ?", arguments: [new.sha256])
            {
                throw ReviewError("这个文件与目录中已有的版本完全相同（#\(existing)），不是整改后的新版本")
            }
            let number =
                (try Int.fetchOne(
                    db, sql: "SELECT MAX(number) FROM version WHERE lectureId = ?", arguments: [lectureId]) ?? 0) + 1
            let versionId = try Self.insertVersion(db, lectureId: lectureId, number: number, new, now: now)
            try db.execute(
                sql: "UPDATE lecture SET status = ?, deadline = NULL, durationSeconds = ?, updatedAt = ? WHERE id = ?",
                arguments: [next.rawValue, new.probe.durationSeconds, now, lectureId])
            let findings = new.findings.map(\.message).joined(separator: "；")
            try AuditEventRecord.append(
                db, at: now, actor: actor, action: ReviewAction.resubmit.rawValue, lectureId: lectureId,
                versionId: versionId, from: current.rawValue, to: next.rawValue,
                reasons: new.findings.map(\.rule),
                note: "第 \(number) 版：\(new.originalName)" + (findings.isEmpty ? "" : "；检查：\(findings)"))
            return versionId
        }
    }
}
