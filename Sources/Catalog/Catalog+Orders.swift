import Foundation
import LecternCore
import SQLStore

/// A branch's order from the monthly menu (点单): a lecture it asked its speaker to come and
/// give, and, once given, the activity that delivered it (巡讲).
public struct OrderView: Codable, Sendable, Equatable {
    public var id: Int64
    public var organisationId: String
    public var organisation: String
    public var lectureId: Int64
    public var lectureTitle: String
    public var speaker: String?
    /// The register's people who give the lecture.
    public var speakerIds: [Int64]
    /// The day it was ordered (yyyy-MM-dd).
    public var day: String
    public var note: String?
    /// The activity that delivered it; nil while pending.
    public var activityId: Int64?
    public var deliveredOn: String?
    public var participants: Int?
    public var delivered: Bool { activityId != nil }
}

/// What a delivery adds: the activity's day, time, place and who came.
public struct OrderDelivery: Sendable, Equatable {
    public var day: String
    public var time = ""
    public var place: String?
    public var participantCount: Int?
    public var participants: [String] = []
    public init(day: String) { self.day = day }
}

extension Catalog {
    /// Records an order for an approved lecture by a branch in the actor's scope; a second
    /// pending order of the same lecture by the same branch is refused.
    public func addOrder(organisation: String, lecture: Int64, day: String, note: String?, actor: String, now: Date)
        throws -> Int64
    {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                let found = try Self.organisations(s, named: organisation)
                guard let org = found.onlyElement else {
                    throw CatalogError(.notFound, Self.organisationProblem(organisation, found: found) ?? organisation)
                }
                if let scope = try Self.scope(s, actor: actor), !(try Self.subtreeIds(s, of: scope).contains(org.id)) {
                    throw AccessDenied("用户「\(actor)」只能为自己所辖的组织点单，「\(org.name)」不在其中")
                }
                guard LectureDay.valid(day) else {
                    throw CatalogError(.invalid, "「\(day)」不是日期；可以写 \(TypedDay.examples)")
                }
                guard let l = try s.record(LectureRecord.self, "SELECT * FROM lecture WHERE id = ?", lecture) else {
                    throw CatalogError(.notFound, "目录中没有 #\(lecture) 这个节目")
                }
                guard l.kind == ItemKind.lectureCode else { throw CatalogError(.invalid, "#\(lecture) 不是微党课，不能点单") }
                guard l.status == .approved else {
                    throw CatalogError(.invalid, "#\(lecture)「\(l.title)」还没有审核通过，不在点单菜单上")
                }
                if let pending = try s.scalar(
                    Int64.self,
                    "SELECT id FROM lectureOrder WHERE organisationId = ? AND lectureId = ? AND activityId IS NULL",
                    org.id, lecture)
                {
                    throw CatalogError(.invalid, "「\(org.name)」已点过 #\(lecture)「\(l.title)」，点单 #\(pending) 还没有交付")
                }
                let id =
                    try s.scalar(
                        Int64.self,
                        """
                        INSERT INTO lectureOrder (organisationId, lectureId, day, note, createdAt, actor)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                        """, org.id, lecture, day, note, now, actor) ?? 0
                _ = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "order", lectureId: lecture, versionId: nil, from: nil, to: nil,
                    note: "点单 #\(id)：\(org.name) \(day) 点了「\(l.title)」" + (note.map { "；\($0)" } ?? ""))
                return id
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    /// Delivers a pending order: records the activity (the branch, the day, the lecture and its
    /// speakers, who came) and links it; the activity's id.
    public func deliverOrder(_ id: Int64, _ delivery: OrderDelivery, actor: String, now: Date) throws -> Int64 {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                guard let order = try Self.orderViews(s, where: "r.id = ?", [id]).first else {
                    throw CatalogError(.notFound, "没有点单 #\(id)")
                }
                if let done = order.activityId {
                    throw CatalogError(.invalid, "点单 #\(id) 已于 \(order.deliveredOn ?? "") 交付（主题党日 #\(done)）")
                }
                if LectureDay.valid(delivery.day), delivery.day < order.day {
                    throw CatalogError(.invalid, "交付日期 \(delivery.day) 早于点单日期 \(order.day)")
                }
                var a = NewActivity(organisation: order.organisationId, day: delivery.day)
                a.time = delivery.time
                a.place = delivery.place
                a.participantCount = delivery.participantCount
                a.participants = delivery.participants
                a.lectureId = order.lectureId
                a.speaker =
                    order.speakerIds.isEmpty ? order.speaker : order.speakerIds.map { "#\($0)" }.joined(separator: "、")
                a.source = "点单 #\(id)"
                let result = try record(s, [a], actor: actor, now: now, keepGood: false)
                switch result.outcomes.first {
                case .added(let activity):
                    return activity
                case .existing(let other):
                    throw CatalogError(.invalid, "「\(order.organisation)」\(delivery.day) 已有主题党日记录 #\(other)；请写上时间以区分")
                case .refused(let problems):
                    throw CatalogError(.invalid, problems.map(\.description).joined(separator: "；"))
                default:
                    throw CatalogError(.invalid, "点单 #\(id) 没有交付")
                }
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    /// An activity that gives a lecture a branch ordered delivers the order (the oldest pending
    /// one ordered on or before the day); its id.
    static func deliverPendingOrder(_ s: any SQLSession, activity: ActivityRecord, id: Int64) throws -> Int64? {
        guard let lecture = activity.lectureId,
            let order = try s.scalar(
                Int64.self,
                """
                SELECT id FROM lectureOrder WHERE organisationId = ? AND lectureId = ? AND activityId IS NULL
                  AND day <= ? ORDER BY day, id LIMIT 1
                """, activity.organisationId, lecture, activity.day)
        else { return nil }
        try s.execute("UPDATE lectureOrder SET activityId = ? WHERE id = ?", id, order)
        return order
    }

    /// Orders, oldest first: of an organisation's subtree, or all.
    public func orders(organisation: String? = nil) throws -> [OrderView] {
        var ids: Set<String>?
        if let organisation {
            guard let root = try resolveOrganisation(organisation) else {
                throw CatalogError(.notFound, "没有找到组织「\(organisation)」")
            }
            ids = Set(try organisationSubtree(of: root.id))
        }
        return try store.read { s in
            try Self.orderViews(s, where: nil, []).filter { ids?.contains($0.organisationId) ?? true }
        }
    }

    static func orderViews(_ s: any SQLSession, where condition: String?, _ arguments: [any SQLBindable]) throws
        -> [OrderView]
    {
        let rows = try s.rows(
            """
            SELECT r.id, r.organisationId, r.lectureId, r.day, r.note, r.activityId, o.name AS organisation,
                   l.title, s.name AS speaker, a.day AS deliveredOn, a.participantCount
            FROM lectureOrder r JOIN organisation o ON o.id = r.organisationId JOIN lecture l ON l.id = r.lectureId
            LEFT JOIN speaker s ON s.id = l.speakerId LEFT JOIN activity a ON a.id = r.activityId
            \(condition.map { "WHERE \($0)" } ?? "") ORDER BY r.day, r.id
            """, arguments.map(\.sqlValue))
        // The speakers of these orders' lectures only (one order, when delivering it).
        let lectures = Array(Set(try rows.map { try $0.get("lectureId", as: Int64.self) }))
        var speakers: [Int64: [Int64]] = [:]
        for row in try s.rows(
            """
            SELECT lectureId, personId FROM lectureSpeaker
            WHERE lectureId IN (\(s.dialect.jsonValues(.integer))) ORDER BY position
            """, String(decoding: try JSONEncoder().encode(lectures), as: UTF8.self))
        {
            speakers[try row.get("lectureId"), default: []].append(try row.get("personId"))
        }
        return try rows.map { row in
            let lecture: Int64 = try row.get("lectureId")
            return OrderView(
                id: try row.get("id"), organisationId: try row.get("organisationId"),
                organisation: try row.get("organisation"), lectureId: lecture, lectureTitle: try row.get("title"),
                speaker: try row.optional("speaker"), speakerIds: speakers[lecture] ?? [], day: try row.get("day"),
                note: try row.optional("note"), activityId: try row.optional("activityId"),
                deliveredOn: try row.optional("deliveredOn"), participants: try row.optional("participantCount"))
        }
    }
}
