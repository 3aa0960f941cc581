import Foundation
import GRDB
import LecternCore

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
                    SELECT l.id, l.title, s.name AS speaker, o.name AS organisation, l.durationSeconds, l.status, l.createdAt, l.deadline,
                           l.recordedOn, l.kind
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
            // Call-ins after each page lecture's deadline, newest last.
            var calledIn: [Int64: InterviewRecord] = [:]
            for interview in try Self.interviews(db, lectureIds: pageIds) { calledIn[interview.lectureId] = interview }
            let decoder = JSONDecoder()
            let horizon = recordedDateHorizon
            let items = try rows.map { row in
                let id: Int64 = row["id"]
                let version = latest[id]
                var findings =
                    version.flatMap { try? decoder.decode([PolicyFinding].self, from: Data($0.findings.utf8)) } ?? []
                if let late = RecordedDateCheck.finding(
                    recordedOn: row["recordedOn"], uploadedOn: LectureDay.string(row["createdAt"]), maxDays: horizon)
                {
                    findings.append(late)
                }
                var item = QueueItem(
                    id: id, title: row["title"], speaker: row["speaker"], organisation: row["organisation"],
                    durationSeconds: row["durationSeconds"], status: row["status"], createdAt: row["createdAt"],
                    deadline: row["deadline"], findings: findings,
                    nearDuplicates: try Self.nearDuplicates(db, of: id), posterPath: version?.poster, kind: row["kind"],
                    calledIn: Self.calledIn(calledIn[id], after: row["deadline"]))
                item.scriptMatches = try Self.scriptMatches(db, lecture: id)
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
