import Foundation
import LecternCore
import SQLStore

/// Everything the oversight reports read, taken in one read transaction so that a report is
/// consistent even while ingest writes.
public struct ReportSnapshot: Sendable {
    public struct Lecture: Sendable {
        public var id: Int64
        public var title: String
        public var speaker: String?
        public var organisationId: String
        public var topic: String?
        public var recordedOn: String?
        public var tags: [String]
        public var status: ReviewStatus
        public var createdAt: Date
        public var durationSeconds: Double?
        public var deadline: String?
        /// The latest version's poster, relative to the library.
        public var posterPath: String?
        /// Under 未分配: the organisation its upload named.
        public var claimedOrganisation: String? = nil
        /// `ItemKind.code`.
        public var kind = ItemKind.lectureCode
    }

    public struct Score: Sendable {
        public var lectureId: Int64
        public var at: Date
        public var scores: RubricScores
        public var actor = ""
        public var comment: String? = nil
    }

    public var organisations: [OrganisationRecord]
    public var lectures: [Lecture]
    /// Events about lectures, oldest first.
    public var events: [AuditEventRecord]
    public var scores: [Score]
    /// Each rectify event's deadline (yyyy-MM-dd), by the event's id.
    public var rectificationDeadlines: [Int64: String]

    /// A change `lectern edit` made to a field the reports count by, oldest first.
    public struct Edit: Sendable {
        public var lectureId: Int64
        public var at: Date
        /// recordedOn, organisationId, topic or tags (";"-separated).
        public var field: String
        public var oldValue: String?
        public var newValue: String?
    }
    public var edits: [Edit] = []

    /// An organisation's former name and until when it was the name.
    public struct FormerName: Sendable {
        public var organisationId: String
        public var name: String
        public var until: Date
    }
    public var formerNames: [FormerName] = []
    /// The branches' themed party days, by day.
    public var activities: [ActivityView] = []
    /// Every month's film list.
    public var films: [PlannedFilm] = []
    /// Call-ins (约谈), oldest first.
    public var interviews: [InterviewRecord] = []
    /// lectern.toml's themes: a lecture's theme follows its topic as of the report's day.
    public var themes = ThemeList.standard
    public var kinds = ItemKinds()
    /// The register and what links people to the records.
    public var people = PeopleRecords()

    /// The theme of a lecture's topic (as the snapshot has it: replayed to the report's day).
    public func theme(of lecture: Lecture) -> String? {
        lecture.topic.flatMap { themes.match($0, normalise: SearchText.normalize)?.name }
    }

    /// The catalog as it stood at the end of `day` (China's calendar): each lecture's recorded
    /// date, organisation, topic and tags with every later edit undone.
    public func asOf(_ day: String) -> ReportSnapshot {
        let later = edits.filter { LectureDay.string($0.at) > day }
        let renamed = formerNames.filter { LectureDay.string($0.until) > day }
        guard !later.isEmpty || !renamed.isEmpty else { return self }
        var copy = self
        // Each organisation under the name it had then: the earliest name it gave up after the day.
        let thenNames = Dictionary(grouping: renamed, by: \.organisationId).compactMapValues {
            $0.min { $0.until < $1.until }?.name
        }
        copy.organisations = organisations.map { o in
            var o = o
            if let name = thenNames[o.id] { o.name = name }
            return o
        }
        let byLecture = Dictionary(grouping: later, by: \.lectureId)
        copy.lectures = lectures.map { lecture in
            guard let changes = byLecture[lecture.id] else { return lecture }
            var l = lecture
            // Newest first: each undone edit leaves what it found.
            for change in changes.reversed() {
                switch change.field {
                case "recordedOn": l.recordedOn = change.oldValue
                case "organisationId": l.organisationId = change.oldValue ?? "unassigned"
                case "topic": l.topic = change.oldValue
                case "kind": l.kind = change.oldValue ?? ItemKind.lectureCode
                case "tags": l.tags = (change.oldValue ?? "").split(separator: ";").map(String.init)
                default: break
                }
            }
            return l
        }
        return copy
    }
}

extension Catalog {
    public func reportSnapshot() throws -> ReportSnapshot {
        try store.read { s in
            let lectures = try s.rows(
                """
                SELECT l.id, l.title, s.name AS speaker, l.organisationId, l.topic, l.recordedOn, l.tags, l.status,
                       l.createdAt, l.durationSeconds, l.deadline, l.claimedOrganisation, l.kind,
                       (SELECT v.posterPath FROM version v WHERE v.lectureId = l.id ORDER BY v.number DESC LIMIT 1) AS poster
                FROM lecture l LEFT JOIN speaker s ON s.id = l.speakerId ORDER BY l.id
                """
            ).map { row in
                ReportSnapshot.Lecture(
                    id: try row.get("id"), title: try row.get("title"), speaker: try row.optional("speaker"),
                    organisationId: try row.optional("organisationId") ?? "unassigned",
                    topic: try row.optional("topic"),
                    recordedOn: try row.optional("recordedOn"),
                    tags: (try row.optional("tags", as: String.self) ?? "").split(separator: ";").map(String.init),
                    status: try row.status(), createdAt: try row.get("createdAt"),
                    durationSeconds: try row.optional("durationSeconds"), deadline: try row.optional("deadline"),
                    posterPath: try row.optional("poster"),
                    claimedOrganisation: try row.optional("claimedOrganisation"),
                    kind: try row.get("kind"))
            }
            let events = try s.rows(
                "SELECT \(AuditEventRecord.columns) FROM auditEvent WHERE lectureId IS NOT NULL ORDER BY id"
            ).map(AuditEventRecord.init)
            let scores = try s.rows(
                "SELECT lectureId, at, content, form, language, effect, actor, comment FROM reviewScore ORDER BY id"
            ).map { row in
                ReportSnapshot.Score(
                    lectureId: try row.get("lectureId"), at: try row.get("at"),
                    scores: RubricScores(
                        content: try row.get("content"), form: try row.get("form"), language: try row.get("language"),
                        effect: try row.get("effect")),
                    actor: try row.get("actor"), comment: try row.optional("comment"))
            }
            let deadlines = try s.rows("SELECT eventId, deadline FROM rectification").map {
                (try $0.get("eventId", as: Int64.self), try $0.get("deadline", as: String.self))
            }
            let edits = try s.rows(
                """
                SELECT e.lectureId, a.at, e.field, e.oldValue, e.newValue
                FROM lectureEdit e JOIN auditEvent a ON a.id = e.eventId ORDER BY e.eventId
                """
            ).map {
                ReportSnapshot.Edit(
                    lectureId: try $0.get("lectureId"), at: try $0.get("at"), field: try $0.get("field"),
                    oldValue: try $0.optional("oldValue"), newValue: try $0.optional("newValue"))
            }
            let former = try s.rows("SELECT organisationId, name, until FROM organisationFormerName ORDER BY until").map
            {
                ReportSnapshot.FormerName(
                    organisationId: try $0.get("organisationId"), name: try $0.get("name"), until: try $0.get("until"))
            }
            return ReportSnapshot(
                organisations: try s.records(OrganisationRecord.self, "SELECT * FROM organisation ORDER BY id"),
                lectures: lectures, events: events, scores: scores,
                rectificationDeadlines: Dictionary(deadlines, uniquingKeysWith: { a, _ in a }), edits: edits,
                formerNames: former, activities: try Self.activityViews(s),
                films: try Self.plannedFilms(s, month: nil), interviews: try Self.interviews(s), themes: themes,
                kinds: kinds, people: try Self.peopleRecords(s, roles: personRoles))
        }
    }
}
