import Foundation
import GRDB
import LecternCore

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
            return try pool.write { db in
                try Self.authorize(db, actor: actor, .review, lectureId: nil, now: now)
                guard let lecture = try LectureRecord.fetchOne(db, key: lectureId) else {
                    throw CatalogError(.notFound, "目录中没有 #\(lectureId) 这个节目")
                }
                if [.autoRejected, .rejected, .revoked].contains(lecture.status) {
                    throw CatalogError(.invalid, "#\(lectureId) \(lecture.status.chinese)，不参加评选")
                }
                try Self.checkOwnOrganisation(db, actor: actor, lecture: lecture, rules: panel)
                try Self.insertScore(db, lectureId: lectureId, scores, comment: comment, actor: actor, now: now)
                let text = comment.map { "；评语：\($0)" } ?? ""
                _ = try AuditEventRecord.append(
                    db, at: now, actor: actor, action: "score", lectureId: lectureId, versionId: nil, from: nil,
                    to: nil,
                    note: "评分 内容\(scores.content) 形式\(scores.form) 语言\(scores.language) 效果\(scores.effect)" + text)
                guard let result = try Self.lectureScore(db, lectureId) else {
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
        _ db: Database, lectureId: Int64, _ s: RubricScores, comment: String?, actor: String, now: Date
    ) throws {
        if let at = try Date.fetchOne(
            db, sql: "SELECT at FROM reviewScore WHERE lectureId = ? AND actor = ? ORDER BY id LIMIT 1",
            arguments: [lectureId, actor])
        {
            throw CatalogError(
                .invalid, "「\(actor)」已于 \(LectureDay.string(at)) 给 #\(lectureId) 评过分，每位评委只评一次")
        }
        try db.execute(
            sql: """
                INSERT INTO reviewScore (lectureId, actor, at, content, form, language, effect, comment)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [lectureId, actor, now, s.content, s.form, s.language, s.effect, comment])
        try db.execute(
            sql: """
                UPDATE lecture SET score = (SELECT AVG((content + form + language + effect) / 4.0) FROM reviewScore
                  WHERE lectureId = ?) WHERE id = ?
                """, arguments: [lectureId, lectureId])
    }

    static func checkOwnOrganisation(_ db: Database, actor: String, lecture: LectureRecord, rules: PanelRules) throws {
        guard !rules.ownOrganisation, let user = try UserRecord.fetchOne(db, key: actor),
            let own = user.organisationId,
            let org = try OrganisationRecord.fetchOne(db, key: own), org.parentId != nil
        else { return }
        if try subtreeIds(db, of: own).contains(lecture.organisationId ?? "") {
            throw AccessDenied("评委「\(actor)」属于「\(org.name)」，按规定不给本组织的微党课评分")
        }
    }

    public func lectureScore(_ lectureId: Int64) throws -> LectureScore? {
        try pool.read { db in try Self.lectureScore(db, lectureId) }
    }

    static func lectureScore(_ db: Database, _ lectureId: Int64) throws -> LectureScore? {
        LectureScore(
            try Row.fetchAll(
                db, sql: "SELECT * FROM reviewScore WHERE lectureId = ? ORDER BY id", arguments: [lectureId]
            ).map { row in
                PanelScore(
                    reviewer: row["actor"], at: row["at"],
                    scores: RubricScores(
                        content: row["content"], form: row["form"], language: row["language"], effect: row["effect"]),
                    comment: row["comment"])
            })
    }
}
