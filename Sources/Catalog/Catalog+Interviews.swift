import Foundation
import LecternCore
import SQLStore

/// A call-in (约谈) of the person responsible for a lecture: who, when, about what.
public struct InterviewRecord: Codable, Sendable, Equatable {
    public var eventId: Int64
    public var lectureId: Int64
    /// yyyy-MM-dd.
    public var day: String
    public var person: String
    public var note: String
    public var recordedAt: Date
    public var actor: String
}

extension Catalog {
    /// Records that the person responsible for `lectureId` was called in on `day`: an audit
    /// event (shown in the lecture's history) and its row, in one transaction.
    public func recordInterview(
        _ lectureId: Int64, day: String, person: String, note: String, actor: String, now: Date
    ) throws -> InterviewRecord {
        guard LectureDay.valid(day) else { throw CatalogError(.invalid, "约谈日期应写成 yyyy-MM-dd（收到「\(day)」）") }
        let who = person.trimmingCharacters(in: .whitespaces)
        guard !who.isEmpty else { throw CatalogError(.invalid, "要写约谈了谁（--with）") }
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .review, lectureId: lectureId, now: now)
                guard try s.scalar(Bool.self, "SELECT EXISTS (SELECT 1 FROM lecture WHERE id = ?)", lectureId) == true
                else { throw CatalogError(.notFound, "目录中没有这个节目") }
                let text = "约谈 \(who)（\(day)）" + (note.isEmpty ? "" : "：\(note)")
                let event = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "interview", lectureId: lectureId, versionId: nil, from: nil,
                    to: nil, note: text)
                try s.execute(
                    "INSERT INTO interview (eventId, lectureId, day, person, note) VALUES (?, ?, ?, ?, ?)", event.id,
                    lectureId, day, who, note)
                return InterviewRecord(
                    eventId: event.id ?? 0, lectureId: lectureId, day: day, person: who, note: note, recordedAt: now,
                    actor: actor)
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: lectureId, now: now)
            throw refusal
        }
    }

    /// Every call-in, oldest first; of the lectures in `lectureIds` (a JSON array) when given.
    static func interviews(_ s: any SQLSession, lectureIds: String? = nil) throws -> [InterviewRecord] {
        let sql = """
            SELECT i.eventId, i.lectureId, i.day, i.person, i.note, a.at AS recordedAt, a.actor
            FROM interview i JOIN auditEvent a ON a.id = i.eventId
            """
        guard let lectureIds else { return try s.records(InterviewRecord.self, sql + " ORDER BY i.eventId") }
        return try s.records(
            InterviewRecord.self,
            sql + " WHERE i.lectureId IN (\(s.dialect.jsonValues(.integer))) ORDER BY i.eventId", lectureIds)
    }

    // MARK: - Activities, read

    /// Activities, by day: of `organisation`'s subtree (id or name) when given, between two
    /// days when given.
    public func activities(organisation: String? = nil, from: String? = nil, to: String? = nil) throws
        -> [ActivityView]
    {
        var ids: [String]?
        if let organisation {
            guard let root = try resolveOrganisation(organisation) else {
                throw CatalogError(.notFound, "没有找到组织「\(organisation)」")
            }
            ids = try organisationSubtree(of: root.id)
        }
        return try store.read { s in
            try Self.activityViews(s).filter { a in
                (ids?.contains(a.organisationId) ?? true) && (from.map { a.day >= $0 } ?? true)
                    && (to.map { a.day <= $0 } ?? true)
            }
        }
    }

    static func activityViews(_ s: any SQLSession) throws -> [ActivityView] {
        let photos = Dictionary(
            grouping: try s.records(
                ActivityPhotoRecord.self, "SELECT * FROM activityPhoto ORDER BY activityId, position"),
            by: \.activityId)
        let listed = Set(
            try s.rows("SELECT month, lectureId FROM filmPlan").map {
                "\(try $0.get("month", as: String.self))#\(try $0.get("lectureId", as: Int64.self))"
            })
        return try s.rows(
            """
            SELECT a.id, a.organisationId, a.day, a.time, a.place, a.participantCount, a.participants, a.filmId,
                   a.practice, a.discussion, a.source, a.lectureId, o.name AS organisation,
                   COALESCE(a.lectureTitle, (SELECT title FROM lecture WHERE id = a.lectureId)) AS shownTitle,
                   COALESCE(a.speaker, (SELECT s.name FROM lecture l JOIN speaker s ON s.id = l.speakerId WHERE l.id = a.lectureId)) AS shownSpeaker,
                   COALESCE(a.filmTitle, (SELECT title FROM lecture WHERE id = a.filmId)) AS shownFilm
            FROM activity a JOIN organisation o ON o.id = a.organisationId ORDER BY a.day, a.time, a.id
            """
        ).map { row in
            let id: Int64 = try row.get("id"), day: String = try row.get("day")
            let filmId: Int64? = try row.optional("filmId")
            let own = photos[id] ?? []
            return ActivityView(
                id: id, organisationId: try row.get("organisationId"), organisation: try row.get("organisation"),
                day: day, time: try row.get("time"), place: try row.optional("place"),
                participantCount: try row.optional("participantCount"),
                participants: (try row.get("participants", as: String.self)).split(separator: "、").map(String.init),
                lectureId: try row.optional("lectureId"), speaker: try row.optional("shownSpeaker"),
                lectureTitle: try row.optional("shownTitle"), filmId: filmId, filmTitle: try row.optional("shownFilm"),
                filmListed: filmId.map { listed.contains("\(day.prefix(7))#\($0)") } ?? false,
                practice: try row.optional("practice"), discussion: try row.optional("discussion"),
                photos: own.map(\.storedPath), thumbnails: own.map(\.thumbPath), source: try row.optional("source"))
        }
    }
}
