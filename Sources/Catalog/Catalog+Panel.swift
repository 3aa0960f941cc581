import Foundation
import GRDB
import LecternCore
import SQLStore

/// One reviewer's score of a lecture on the rubric.
public struct PanelScore: Codable, Sendable, Equatable {
    public var reviewer: String
    public var at: Date
    public var scores: RubricScores
    public var comment: String?
    /// The four items' mean (0–10).
    public var mean: Double { Double(scores.total) / 4 }
}

/// A lecture's score: the mean of its reviewers' means, with the lowest and highest.
public struct LectureScore: Codable, Sendable, Equatable {
    public var mean: Double
    public var lowest: Double
    public var highest: Double
    public var scores: [PanelScore]
    public var count: Int { scores.count }
    /// The spread the panel showed (highest − lowest).
    public var spread: Double { highest - lowest }

    public init?(_ scores: [PanelScore]) {
        guard !scores.isEmpty else { return nil }
        let means = scores.map(\.mean)
        mean = means.reduce(0, +) / Double(means.count)
        lowest = means.min() ?? 0
        highest = means.max() ?? 0
        self.scores = scores
    }

    /// 「8.6 分（3 人评，8.2–9.0）」.
    public var chinese: String {
        let n = { (x: Double) in String(format: "%.1f", x) }
        return "\(n(mean)) 分（\(count) 人评" + (count > 1 ? "，\(n(lowest))–\(n(highest))" : "") + "）"
    }
}

extension Catalog {
    /// A panel reviewer scores a lecture: once per reviewer, and (with `[panel]
    /// own_organisation = false`) not a lecture of their own organisation. The lecture's score
    /// is kept for search; an audit event names the scores.
    public func score(_ lectureId: Int64, _ scores: RubricScores, comment: String?, actor: String, now: Date) throws
        -> LectureScore
    {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .review, lectureId: nil, now: now)
                guard let lecture = try s.record(LectureRecord.self, "SELECT * FROM lecture WHERE id = ?", lectureId)
                else {
                    throw CatalogError(.notFound, "目录中没有 #\(lectureId) 这个节目")
                }
                if [.autoRejected, .rejected, .revoked].contains(lecture.status) {
                    throw CatalogError(.invalid, "#\(lectureId) \(lecture.status.chinese)，不参加评选")
                }
                try Self.checkOwnOrganisation(s, actor: actor, lecture: lecture, rules: panel)
                try Self.insertScore(s, lectureId: lectureId, scores, comment: comment, actor: actor, now: now)
                let text = comment.map { "；评语：\($0)" } ?? ""
                _ = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "score", lectureId: lectureId, versionId: nil, from: nil,
                    to: nil,
                    note: "评分 内容\(scores.content) 形式\(scores.form) 语言\(scores.language) 效果\(scores.effect)" + text)
                guard let result = try Self.lectureScore(s, lectureId) else {
                    throw CatalogError(.database, "评分没有保存")
                }
                return result
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: lectureId, now: now)
            throw refusal
        }
    }

    /// Refuses a reviewer's second score of one lecture; writes the score and the lecture's mean.
    static func insertScore(
        _ session: any SQLSession, lectureId: Int64, _ s: RubricScores, comment: String?, actor: String, now: Date
    ) throws {
        if let at = try session.scalar(
            Date.self, "SELECT at FROM reviewScore WHERE lectureId = ? AND actor = ? ORDER BY id LIMIT 1", lectureId,
            actor)
        {
            throw CatalogError(
                .invalid, "「\(actor)」已于 \(LectureDay.string(at)) 给 #\(lectureId) 评过分，每位评委只评一次")
        }
        try session.execute(
            """
            INSERT INTO reviewScore (lectureId, actor, at, content, form, language, effect, comment)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, lectureId, actor, now, s.content, s.form, s.language, s.effect, comment)
        try session.execute(
            """
            UPDATE lecture SET score = (SELECT AVG((content + form + language + effect) / 4.0) FROM reviewScore
              WHERE lectureId = ?) WHERE id = ?
            """, lectureId, lectureId)
    }

    static func checkOwnOrganisation(_ s: any SQLSession, actor: String, lecture: LectureRecord, rules: PanelRules)
        throws
    {
        guard !rules.ownOrganisation, let user = try UserRecord.named(actor, s),
            let own = user.organisationId,
            let org = try s.record(OrganisationRecord.self, "SELECT * FROM organisation WHERE id = ?", own),
            org.parentId != nil
        else { return }
        if try subtreeIds(s, of: own).contains(lecture.organisationId ?? "") {
            throw AccessDenied("评委「\(actor)」属于「\(org.name)」，按规定不给本组织的微党课评分")
        }
    }

    public func lectureScore(_ lectureId: Int64) throws -> LectureScore? {
        try store.read { s in try Self.lectureScore(s, lectureId) }
    }

    static func lectureScore(_ s: any SQLSession, _ lectureId: Int64) throws -> LectureScore? {
        LectureScore(
            try s.rows("SELECT * FROM reviewScore WHERE lectureId = ? ORDER BY id", lectureId).map { row in
                PanelScore(
                    reviewer: try row.get("actor"), at: try row.get("at"),
                    scores: RubricScores(
                        content: try row.get("content"), form: try row.get("form"), language: try row.get("language"),
                        effect: try row.get("effect")),
                    comment: try row.optional("comment"))
            })
    }

}
