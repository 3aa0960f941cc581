import Foundation
import LecternCore

// What the catalog offers, split by concern, without naming the engine: SQLite (`Catalog`,
// through GRDB) implements every protocol today, and a second engine (PostgreSQL, for a city
// that outgrows one machine) implements the same ones; `Tests/CatalogTests/Conformance`
// runs one suite against every engine. Requirements are `async`: a caller on Swift's
// cooperative pool (the web desk) suspends while the engine works, it never blocks a thread.
// Each write is one transaction with its audit event, whatever the engine.

/// The organisation tree: counties, townships, branches.
public protocol OrganisationCatalog: Sendable {
    /// Adds or updates organisations (parents with or before their children); how many.
    func importOrganisations(_ rows: [OrganisationRecord], actor: String, now: Date) async throws -> Int
    func organisations() async throws -> [OrganisationRecord]
    /// The organisation with this id, or else the one with exactly this name.
    func resolveOrganisation(_ idOrName: String) async throws -> OrganisationRecord?
    /// From `id` up to the root, nearest first.
    func lineage(of id: String?) async throws -> [OrganisationRecord]
    /// The ids of `id` and every organisation under it.
    func organisationSubtree(of id: String) async throws -> [String]
}

/// What ingest writes: batches, lectures with their first version, resubmissions.
public protocol IngestCatalog: Sendable {
    func startBatch(actor: String, arguments: String, now: Date) async throws -> Int64
    func finishBatch(_ id: Int64, ingested: Int, duplicates: Int, failed: Int, policyFailed: Int, now: Date)
        async throws
    /// The lecture that already has a version with this content, if any.
    func lectureId(forSHA256 sha: String) async throws -> Int64?
    func recordIngest(_ new: NewLecture, actor: String, now: Date) async throws -> Catalog.IngestWrite
    func recordIngest(batch: [NewLecture], actor: String, now: Date) async throws -> [Catalog.IngestWrite]
    /// A new version of a lecture under rectification; the version's id.
    func recordResubmission(_ lectureId: Int64, _ new: NewLecture, actor: String, now: Date) async throws -> Int64
    /// Every catalogued fingerprint, indexed for near-duplicate look-ups.
    func fingerprintIndex() async throws -> FingerprintIndex
}

/// The audit-and-rectify process: decisions, the queue, overdue marks, spot checks, edits.
public protocol ReviewCatalog: Sendable {
    @discardableResult
    func review(_ lectureId: Int64, _ decision: ReviewDecision, actor: String, now: Date) async throws -> ReviewStatus
    /// Lectures past their rectification deadline are marked overdue; their ids.
    func markOverdue(today: String, now: Date) async throws -> [Int64]
    func spotCheck(fraction: Double, seed: UInt64, actor: String, now: Date) async throws -> [Int64]
    func queuePage(
        statuses: [ReviewStatus], organisation: String?, spotChecks: Bool, scope: String?, ids: Set<Int64>?,
        limit: Int?, offset: Int
    ) async throws -> (items: [QueueItem], total: Int)
    /// The oldest pending lecture other than `id`, within `scope`'s subtree when given.
    func nextPending(after id: Int64, scope: String?) async throws -> (id: Int64, title: String)?
    func nearDuplicates(of lectureId: Int64) async throws -> [NearDuplicate]
    /// Fixes a lecture's metadata with its audit event; the changes as "field: old → new".
    func edit(_ lectureId: Int64, _ edit: LectureMetadata, actor: String, now: Date) async throws -> [String]
}

/// Users, their rights, passwords and web sessions.
public protocol UserCatalog: Sendable {
    func users() async throws -> [UserRecord]
    func addUser(_ name: String, role: UserRole, organisation: String?, actor: String, now: Date) async throws
    /// Throws `AccessDenied` (and audits the refusal) when `actor` may not.
    func authorize(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date) async throws
    /// The same question without recording anything: what a page asks before offering a button.
    func permits(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date) async -> Bool
    func setPassword(_ name: String, _ password: String, hasher: some PasswordHasher, actor: String, now: Date)
        async throws
    func verifyPassword(_ name: String, _ password: String, hasher: some PasswordHasher) async throws -> UserRecord?
    /// A new session's token, given to the browser once.
    func startSession(for user: String, address: String?, now: Date) async throws -> String
    func session(token: String, now: Date) async throws -> WebSession?
    func endSession(token: String, now: Date) async throws
    /// The desk's failed logins under each key since `since` (every desk on the catalog shares them).
    func loginFailures(_ keys: [String], since: Date) async throws -> [String: [Date]]
    func recordLoginFailure(_ keys: [String], at: Date, forgetBefore: Date) async throws
    func clearLoginFailures(_ keys: [String]) async throws
}

/// Reading lectures: lists, one lecture's detail, its versions, search.
public protocol LectureQueries: Sendable {
    func lectures(status: ReviewStatus?, limit: Int) async throws -> [LectureSummary]
    func lecture(_ id: Int64) async throws -> LectureDetail?
    func versions(ofLecture id: Int64) async throws -> [VersionRecord]
    /// A lecture with what `viewer` may do with it now and the next one waiting in `scope`.
    func lectureView(_ id: Int64, viewer: String, scope: String?, now: Date) async throws -> LectureView?
    func search(_ query: SearchQuery, limit: Int, sort: SearchQuery.Sort?) async throws -> [SearchHit]
    /// How many lectures are in each status (by the status's raw value).
    func counts() async throws -> [String: Int]
}

/// One consistent read of everything the oversight reports need.
public protocol ReportSource: Sendable {
    func reportSnapshot() async throws -> ReportSnapshot
}

/// The append-only, hash-chained audit log.
public protocol AuditTrail: Sendable {
    func auditEvents(lectureId: Int64) async throws -> [AuditEventRecord]
    func auditEventCount() async throws -> Int
    /// The first event whose hash does not follow from the one before; nil when the chain holds.
    func firstBrokenAuditEvent() async throws -> Int64?
    /// Grows with every change to the catalog: what a cached page is checked against.
    func changeCounter() async throws -> Int64
}

/// Where the catalog's media and thumbnails are kept, and whether this process may write.
public protocol CatalogLocation: Sendable {
    var library: Library { get }
    var readOnly: Bool { get }
    /// lectern.toml's kinds and themes, as read when the catalog opened.
    var kinds: ItemKinds { get }
    var themes: ThemeList { get }
}

/// The branch's month: themes, the month's films, activity records (主题党日), call-ins (约谈).
public protocol MonthCatalog: Sendable {
    func themeCounts() async throws -> [ThemeCount]
    func unmatchedTopics() async throws -> [Catalog.UnmatchedTopic]
    func planFilms(month: String, ids: [Int64], actor: String, now: Date) async throws -> [PlannedFilm]
    func plannedFilms(month: String) async throws -> [PlannedFilm]
    func checkActivities(_ rows: [NewActivity], actor: String) async throws -> [ActivityCheck]
    func recordActivities(_ rows: [NewActivity], actor: String, now: Date, keepGood: Bool) async throws
        -> ActivityImport
    func activities(organisation: String?, from: String?, to: String?) async throws -> [ActivityView]
    func recordInterview(_ lectureId: Int64, day: String, person: String, note: String, actor: String, now: Date)
        async throws -> InterviewRecord
}

/// The register of people (speakers and members).
public protocol PeopleCatalog: Sendable {
    var personRoles: PersonRoles { get }
    func checkPeople(_ rows: [NewPerson]) async throws -> [[ActivityCheck.Problem]]
    func addPeople(_ rows: [NewPerson], actor: String, now: Date) async throws -> [Int64]
    func people(organisation: String?, role: String?) async throws -> [PersonView]
    func person(_ id: Int64) async throws -> PersonView?
    func searchPeople(_ text: String, limit: Int) async throws -> [PersonView]
    func editPerson(_ id: Int64, _ edit: PersonEdit, actor: String, now: Date) async throws -> [String]
    func mergePeople(keep: Int64, other: Int64, actor: String, now: Date) async throws -> PersonView
}

/// People at work: who spoke, the panel's scores, orders from the menu, member counts.
public protocol PeopleWorkCatalog: Sendable {
    var panel: PanelRules { get }
    func resolveSpeakers(_ text: String?, unit: String?, host: String?) async throws -> SpeakerResolution
    func speakers(ofLecture id: Int64) async throws -> [PersonView]
    func lectures(bySpeaker person: Int64) async throws -> [LectureSummary]
    func score(_ lectureId: Int64, _ scores: RubricScores, comment: String?, actor: String, now: Date) async throws
        -> LectureScore
    func lectureScore(_ lectureId: Int64) async throws -> LectureScore?
    func addOrder(organisation: String, lecture: Int64, day: String, note: String?, actor: String, now: Date)
        async throws -> Int64
    func deliverOrder(_ id: Int64, _ delivery: OrderDelivery, actor: String, now: Date) async throws -> Int64
    func orders(organisation: String?) async throws -> [OrderView]
    func setMemberCount(organisation: String, count: Int, day: String, actor: String, now: Date) async throws
    func memberCounts(organisation: String?) async throws -> [MemberCount]
}

/// Documents attached to lectures and activities (讲稿、课件、记录).
public protocol AttachmentCatalog: Sendable {
    func attach(_ items: [NewAttachment], lecture: Int64?, activity: Int64?, actor: String, now: Date) async throws
        -> [Catalog.AttachOutcome]
    func attachments(lecture: Int64) async throws -> [AttachmentView]
    func attachments(activity: Int64) async throws -> [AttachmentView]
    func scriptMatches(lecture: Int64) async throws -> [ScriptMatch]
    func addReferences(_ items: [NewReference], actor: String, now: Date) async throws -> [Catalog.ReferenceOutcome]
    func references() async throws -> [ReferenceView]
}

/// Everything a catalog engine offers.
public typealias CatalogEngine = CatalogLocation & OrganisationCatalog & IngestCatalog & ReviewCatalog & UserCatalog
    & LectureQueries & ReportSource & AuditTrail & MonthCatalog & PeopleCatalog & PeopleWorkCatalog & AttachmentCatalog
