import Foundation
import LecternCore
import SQLStore

/// A decision as the CLI (and later the web desk) hands it in: one code path for both.
public struct ReviewDecision: Sendable {
    public var action: ReviewAction
    public var reasons: [ReasonCode] = []
    public var note = ""
    /// rectify: the last day to resubmit, yyyy-MM-dd (China's calendar).
    public var deadline: String?
    public var scores: RubricScores?
    /// Lectures this one copies or reuses: each must be one of its recorded near-duplicates,
    /// or of the lectures its scripts were found in.
    public var cites: [Int64] = []
    /// Reference texts its scripts were found in (参考资料).
    public var citedReferences: [Int64] = []

    public init(
        action: ReviewAction, reasons: [ReasonCode] = [], note: String = "", deadline: String? = nil,
        scores: RubricScores? = nil, cites: [Int64] = [], citedReferences: [Int64] = []
    ) {
        self.action = action
        self.cites = cites
        self.citedReferences = citedReferences
        self.reasons = reasons
        self.note = note
        self.deadline = deadline
        self.scores = scores
    }
}

extension Catalog {
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
        try store.write { s in
            try Self.authorize(s, actor: actor, decision.action.permission, lectureId: lectureId, now: now)
            guard let row = try s.row("SELECT status, kind, spotCheck FROM lecture WHERE id = ?", lectureId),
                let current = ReviewStatus(rawValue: try row.get("status"))
            else {
                throw CatalogError(.notFound, "目录中没有这个节目")
            }
            let kind = kinds.kind(code: try row.optional("kind") ?? ItemKind.lectureCode)
            if decision.action == .rectify && !kind.rectification {
                throw ReviewError(
                    "\(kind.name)不走限期整改：可以通过、退回，通过后可以撤销通过（撤下）",
                    onForm: "\(kind.name)不走限期整改，请选择通过或退回")
            }
            let next = try current.after(decision.action)
            if decision.action.needsReason && decision.reasons.isEmpty {
                throw ReviewError(
                    "“\(decision.action.chinese)”需要至少一个原因（--reason）", onForm: "请至少勾选一个原因", field: .reason)
            }
            if decision.action == .rectify && decision.deadline == nil {
                throw ReviewError("限期整改需要期限（--deadline 或 --days）", onForm: "请选择整改期限", field: .deadline)
            }
            if decision.action == .confirm, try row.optional("spotCheck", as: Bool.self) != true {
                throw ReviewError(
                    "这个节目不在抽查中，无需确认（抽查用 lectern review spot-check）",
                    onForm: "这个节目不在抽查中，无需确认抽查结果")
            }
            if decision.action == .exempt && decision.note.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ReviewError("特批需要写明理由（--note）", onForm: "请写明特批的理由", field: .note)
            }
            var cited: [NearDuplicate] = []
            var citedScripts: [ScriptMatch] = []
            if !decision.cites.isEmpty || !decision.citedReferences.isEmpty {
                guard decision.reasons.contains(.copied) || decision.reasons.contains(.reused) else {
                    throw ReviewError(
                        "引用疑似重复节目（--cite）时，原因需包含 copied（内容照搬照抄）或 reused（一份讲稿用几年）",
                        onForm: "勾选了照搬的节目时，原因请选“内容照搬照抄”或“一份讲稿用几年”", field: .reason)
                }
                let near = try Self.nearDuplicates(s, of: lectureId)
                let scripts = try Self.scriptMatches(s, lecture: lectureId)
                let known = { () -> String in
                    let lectures = Set(near.map(\.id) + scripts.compactMap(\.lectureId)).sorted().map { "#\($0)" }
                    let references = scripts.compactMap(\.referenceId).map { "参考资料\($0)" }
                    let all = lectures + references
                    return all.isEmpty ? "它没有疑似重复的节目或讲稿" : "可以引用的是 " + all.joined(separator: "、")
                }
                for id in decision.cites {
                    let match = near.first(where: { $0.id == id })
                    let script = scripts.first(where: { $0.lectureId == id })
                    guard match != nil || script != nil else {
                        guard !scripts.isEmpty else {
                            let nearOnes =
                                near.isEmpty
                                ? "它没有疑似重复的节目" : "它的疑似重复节目是 " + near.map { "#\($0.id)" }.joined(separator: "、")
                            throw ReviewError("#\(id) 不是 #\(lectureId) 的疑似重复节目（\(nearOnes)）", field: .cite)
                        }
                        throw ReviewError("#\(id) 不是 #\(lectureId) 的疑似重复节目，讲稿也不相同（\(known())）", field: .cite)
                    }
                    if let match { cited.append(match) }
                    if let script { citedScripts.append(script) }
                }
                for id in decision.citedReferences {
                    guard let script = scripts.first(where: { $0.referenceId == id }) else {
                        throw ReviewError("#\(lectureId) 的讲稿与参考资料\(id)没有大段相同（\(known())）", field: .cite)
                    }
                    citedScripts.append(script)
                }
            }
            // A spot check ends with confirm or revoke.
            let endsSpotCheck = decision.action == .confirm || decision.action == .revoke
            try s.execute(
                """
                UPDATE lecture SET status = ?, deadline = ?, updatedAt = ?,
                    spotCheck = CASE WHEN ? = 1 THEN 0 ELSE spotCheck END
                WHERE id = ?
                """, next.rawValue, next == .rectifying ? decision.deadline : nil, now, endsSpotCheck, lectureId)
            if let scores = decision.scores {
                try Self.insertScore(s, lectureId: lectureId, scores, comment: nil, actor: actor, now: now)
            }
            var note = decision.note
            if !cited.isEmpty {
                // 「与 #7 声音相同（画面不同，可能是翻拍或换了画面；88%），本片 0:12–3:40 ≈ #7 0:00–3:28」
                note =
                    "与 "
                    + cited.map { n in
                        "#\(n.id) \(n.evidenceChinese)" + (n.rangesChinese(limit: 1).first.map { "，\($0)" } ?? "")
                    }.joined(separator: "、") + (note.isEmpty ? "" : "；\(note)")
            }
            if !citedScripts.isEmpty {
                note = citedScripts.map(\.citation).joined(separator: "；") + (note.isEmpty ? "" : "；\(note)")
            }
            if let d = decision.deadline, decision.action == .rectify {
                note = "整改期限 \(d)" + (note.isEmpty ? "" : "；\(note)")
            }
            if let r = decision.scores {
                note = "评分 内容\(r.content) 形式\(r.form) 语言\(r.language) 效果\(r.effect)" + (note.isEmpty ? "" : "；\(note)")
            }
            let event = try AuditEventRecord.append(
                s, at: now, actor: actor, action: decision.action.rawValue, lectureId: lectureId, versionId: nil,
                from: current.rawValue, to: next.rawValue, reasons: decision.reasons.map(\.rawValue), note: note)
            if decision.action == .rectify, let deadline = decision.deadline, let eventId = event.id {
                try s.execute(
                    "INSERT INTO rectification (eventId, lectureId, deadline) VALUES (?, ?, ?)", eventId, lectureId,
                    deadline)
            }
            return next
        }
    }

    /// Lectures whose rectification deadline is before `today` (yyyy-MM-dd, China's calendar)
    /// become overdue, each with an audit event. Returns their ids.
    @discardableResult
    public func markOverdue(today: String, now: Date) throws -> [Int64] {
        try store.write { s in
            let due = try s.rows(
                "SELECT id, deadline FROM lecture WHERE status = 'rectifying' AND deadline < ? ORDER BY id", today)
            var ids: [Int64] = []
            for row in due {
                let id: Int64 = try row.get("id")
                let deadline: String = try row.optional("deadline") ?? ""
                ids.append(id)
                try s.execute("UPDATE lecture SET status = 'overdue', updatedAt = ? WHERE id = ?", now, id)
                try AuditEventRecord.append(
                    s, at: now, actor: "system", action: ReviewAction.overdue.rawValue, lectureId: id,
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
        return try store.write { s in
            let rows = try s.rows(
                """
                SELECT id, coalesce(organisationId, '') AS org FROM lecture WHERE status = 'approved' AND spotCheck = 0
                ORDER BY org, id
                """
            ).map { row in (org: try row.get("org", as: String.self), id: try row.get("id", as: Int64.self)) }
            var generator = SeededGenerator(seed: seed)
            var chosen: [Int64] = []
            let groups = Dictionary(grouping: rows, by: \.org)
            for org in groups.keys.sorted() {
                let ids = (groups[org] ?? []).map(\.id)
                let take = max(1, Int((Double(ids.count) * fraction).rounded(.up)))
                chosen += ids.shuffled(using: &generator).prefix(take)
            }
            for id in chosen.sorted() {
                try s.execute("UPDATE lecture SET spotCheck = 1 WHERE id = ?", id)
                try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "spotCheck", lectureId: id, versionId: nil,
                    from: ReviewStatus.approved.rawValue, to: ReviewStatus.approved.rawValue,
                    note: "抽查（比例 \(Int((fraction * 100).rounded()))%，种子 \(seed)）")
            }
            return chosen.sorted()
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

}

extension Catalog {
    /// A rectified lecture's new file: a new version (the old ones stay), the lecture back to
    /// pending, frames and the audit event, in one transaction. The lecture must be rectifying
    /// or overdue; its metadata is kept.
    public func recordResubmission(_ lectureId: Int64, _ new: NewLecture, actor: String, now: Date) throws -> Int64 {
        try store.write { s in
            guard let raw = try s.scalar(String.self, "SELECT status FROM lecture WHERE id = ?", lectureId),
                let current = ReviewStatus(rawValue: raw)
            else {
                throw CatalogError(.notFound, "目录中没有这个节目")
            }
            let next = try current.after(.resubmit)
            if let existing = try s.scalar(Int64.self, "SELECT lectureId FROM version WHERE sha256 = ?", new.sha256) {
                throw ReviewError("这个文件与目录中已有的版本完全相同（#\(existing)），不是整改后的新版本")
            }
            let number =
                (try s.scalar(Int.self, "SELECT MAX(number) FROM version WHERE lectureId = ?", lectureId) ?? 0) + 1
            let versionId = try Self.insertVersion(s, lectureId: lectureId, number: number, new, now: now)
            try s.execute(
                "UPDATE lecture SET status = ?, deadline = NULL, durationSeconds = ?, updatedAt = ? WHERE id = ?",
                next.rawValue, new.probe.durationSeconds, now, lectureId)
            let findings = new.findings.map(\.message).joined(separator: "；")
            try AuditEventRecord.append(
                s, at: now, actor: actor, action: ReviewAction.resubmit.rawValue, lectureId: lectureId,
                versionId: versionId, from: current.rawValue, to: next.rawValue,
                reasons: new.findings.map(\.rule),
                note: "第 \(number) 版：\(new.originalName)" + (findings.isEmpty ? "" : "；检查：\(findings)"))
            return versionId
        }
    }
}
