import Foundation
import LecternCore
import SQLStore

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
    /// Other lectures' scripts and reference texts its scripts were found in.
    public var scriptMatches: [ScriptMatch] = []
    /// The latest version's poster, relative to the library.
    public var posterPath: String?
    /// `ItemKind.code`: a film waits for approval in the same queue.
    public var kind = ItemKind.lectureCode
    /// The latest call-in (约谈) after the rectification deadline, for the call-in list.
    public var calledIn: InterviewRecord?
}

extension Catalog {
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
        return try store.read { s in
            var condition =
                "l.status IN (\((spotChecks ? [ReviewStatus.approved] : statuses).map { _ in "?" }.joined(separator: ",")))"
                + (spotChecks ? " AND l.spotCheck = 1" : "")
            var args: [SQLValue] =
                (spotChecks ? [ReviewStatus.approved.rawValue] : statuses.map(\.rawValue)).map(\.sqlValue)
            if let orgIds {
                condition += " AND l.organisationId IN (\(s.dialect.jsonValues(.text)))"
                args.append(.text(String(decoding: try JSONEncoder().encode(orgIds), as: UTF8.self)))
            }
            if let ids {
                condition += " AND l.id IN (\(s.dialect.jsonValues(.integer)))"
                args.append(.text(String(decoding: try JSONEncoder().encode(ids.sorted()), as: UTF8.self)))
            }
            let total =
                try s.rows("SELECT COUNT(*) AS n FROM lecture l WHERE \(condition)", args).first?.get("n", as: Int.self)
                ?? 0
            let rows = try s.rows(
                """
                SELECT l.id, l.title, s.name AS speaker, o.name AS organisation, l.durationSeconds, l.status, l.createdAt, l.deadline,
                       l.recordedOn, l.kind
                FROM lecture l LEFT JOIN speaker s ON s.id = l.speakerId LEFT JOIN organisation o ON o.id = l.organisationId
                WHERE \(condition) ORDER BY l.createdAt, l.id LIMIT ? OFFSET ?
                """, args + [.integer(Int64(limit ?? Int(Int32.max))), .integer(Int64(max(0, offset)))])
            // The latest version's findings and poster for the whole page in one query.
            let pageIds = String(
                decoding: try JSONEncoder().encode(try rows.map { try $0.get("id", as: Int64.self) }), as: UTF8.self)
            var latest: [Int64: (findings: String, poster: String?)] = [:]
            for v in try s.rows(
                """
                SELECT v.lectureId, v.findings, v.posterPath FROM version v
                WHERE v.lectureId IN (\(s.dialect.jsonValues(.integer)))
                  AND v.number = (SELECT MAX(w.number) FROM version w WHERE w.lectureId = v.lectureId)
                """, pageIds)
            {
                latest[try v.get("lectureId")] = (try v.get("findings"), try v.optional("posterPath"))
            }
            // Call-ins after each page lecture's deadline, newest last.
            var calledIn: [Int64: InterviewRecord] = [:]
            for interview in try Self.interviews(s, lectureIds: pageIds) { calledIn[interview.lectureId] = interview }
            // Which page lectures have near-duplicates or script matches at all, in two queries:
            // the rest are not asked one by one (on PostgreSQL each question is a round trip).
            let values = s.dialect.jsonValues(.integer)
            let withCopies = Set(
                try s.column(
                    Int64.self,
                    """
                    SELECT lectureId FROM nearDuplicate WHERE lectureId IN (\(values))
                    UNION SELECT otherLectureId FROM nearDuplicate WHERE otherLectureId IN (\(values))
                    """, pageIds, pageIds))
            let withScripts = Set(
                try s.column(
                    Int64.self,
                    """
                    SELECT s.lectureId FROM scriptSource s JOIN scriptMatch m ON m.sourceId = s.id
                    WHERE s.lectureId IN (\(values))
                    UNION SELECT o.lectureId FROM scriptSource o JOIN scriptMatch m ON m.otherSourceId = o.id
                    WHERE o.lectureId IN (\(values))
                    """, pageIds, pageIds))
            let decoder = JSONDecoder()
            let horizon = recordedDateHorizon
            let items = try rows.map { row in
                let id: Int64 = try row.get("id")
                let version = latest[id]
                var findings =
                    version.flatMap { try? decoder.decode([PolicyFinding].self, from: Data($0.findings.utf8)) } ?? []
                let deadline: String? = try row.optional("deadline")
                if let late = RecordedDateCheck.finding(
                    recordedOn: try row.optional("recordedOn"), uploadedOn: LectureDay.string(try row.get("createdAt")),
                    maxDays: horizon)
                {
                    findings.append(late)
                }
                var item = QueueItem(
                    id: id, title: try row.get("title"), speaker: try row.optional("speaker"),
                    organisation: try row.optional("organisation"),
                    durationSeconds: try row.optional("durationSeconds"),
                    status: try row.status(), createdAt: try row.get("createdAt"),
                    deadline: deadline, findings: findings,
                    nearDuplicates: withCopies.contains(id) ? try Self.nearDuplicates(s, of: id) : [],
                    posterPath: version?.poster, kind: try row.get("kind"),
                    calledIn: Self.calledIn(calledIn[id], after: deadline))
                if withScripts.contains(id) { item.scriptMatches = try Self.scriptMatches(s, lecture: id) }
                return item
            }
            return (items, total)
        }
    }

    /// A call-in that answers for the missed deadline: one held after it.
    static func calledIn(_ interview: InterviewRecord?, after deadline: String?) -> InterviewRecord? {
        guard let interview else { return nil }
        guard let deadline else { return interview }
        return interview.day > deadline ? interview : nil
    }
}

extension SQLRow {
    /// The review status in `column`; a value no status has is a decoding error.
    func status(_ column: String = "status") throws -> ReviewStatus {
        let raw: String = try get(column)
        guard let status = ReviewStatus(rawValue: raw) else {
            throw SQLError(.decoding, "column \(column) holds \(raw), not a review status")
        }
        return status
    }
}
