import Dispatch
import Foundation
import LecternCore

// The SQLite engine's side of the protocols. Each requirement runs the engine's synchronous
// body (GRDB reads and writes, authorisation and audit in one transaction) on a Dispatch
// thread and suspends the caller until it is done, so that no caller on the cooperative pool
// waits out SQLite's busy timeout on a thread the pool needs. Ingest's writer, backup and
// the store check, which run on threads of their own, call the synchronous methods directly.
extension Catalog: CatalogLocation, OrganisationCatalog, IngestCatalog, ReviewCatalog, UserCatalog, LectureQueries,
    ReportSource, AuditTrail
{
    /// Reads. SQLite's work is CPU work: more threads than twice the cores would only take turns
    /// (measured with bench-serve: a queue without a bound ran up to 64 of them, and the
    /// lecture page lost a fifth of its rate to the switching). Twice the cores leaves room for
    /// a write that waits out another process's lock, or a bcrypt check, beside the reads.
    static let engineQueue: OperationQueue = {
        let queue = OperationQueue()
        queue.name = "lectern.catalog.sqlite"
        queue.maxConcurrentOperationCount = 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        return queue
    }()

    /// Writes, one at a time (SQLite takes one writer; GRDB's writer is serial anyway): a write
    /// that waits out another process's lock (a long ingest step, a backup) holds this queue
    /// only, so reads go on in WAL while it waits. With one queue for both, two waiting
    /// decisions and a sweep filled every slot and froze every page of the desk.
    static let writeQueue: OperationQueue = {
        let queue = OperationQueue()
        queue.name = "lectern.catalog.sqlite.write"
        queue.maxConcurrentOperationCount = 1
        return queue
    }()

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.engineQueue.addOperation { continuation.resume(with: Result { try body() }) }
        }
    }

    func runWrite<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.writeQueue.addOperation { continuation.resume(with: Result { try body() }) }
        }
    }

    // MARK: OrganisationCatalog

    public func importOrganisations(_ rows: [OrganisationRecord], actor: String, now: Date) async throws -> Int {
        try await runWrite { try self.importOrganisations(rows, actor: actor, now: now) }
    }
    public func organisations() async throws -> [OrganisationRecord] { try await run { try self.organisations() } }
    public func resolveOrganisation(_ idOrName: String) async throws -> OrganisationRecord? {
        try await run { try self.resolveOrganisation(idOrName) }
    }
    public func lineage(of id: String?) async throws -> [OrganisationRecord] {
        try await run { try self.lineage(of: id) }
    }
    public func organisationSubtree(of id: String) async throws -> [String] {
        try await run { try self.organisationSubtree(of: id) }
    }

    // MARK: IngestCatalog

    public func startBatch(actor: String, arguments: String, now: Date) async throws -> Int64 {
        try await runWrite { try self.startBatch(actor: actor, arguments: arguments, now: now) }
    }
    public func finishBatch(_ id: Int64, ingested: Int, duplicates: Int, failed: Int, policyFailed: Int, now: Date)
        async throws
    {
        try await runWrite {
            try self.finishBatch(
                id, ingested: ingested, duplicates: duplicates, failed: failed, policyFailed: policyFailed, now: now)
        }
    }
    public func lectureId(forSHA256 sha: String) async throws -> Int64? {
        try await run { try self.lectureId(forSHA256: sha) }
    }
    public func recordIngest(_ new: NewLecture, actor: String, now: Date) async throws -> IngestWrite {
        try await runWrite { try self.recordIngest(new, actor: actor, now: now) }
    }
    public func recordIngest(batch: [NewLecture], actor: String, now: Date) async throws -> [IngestWrite] {
        try await runWrite { try self.recordIngest(batch: batch, actor: actor, now: now) }
    }
    public func recordResubmission(_ lectureId: Int64, _ new: NewLecture, actor: String, now: Date) async throws
        -> Int64
    {
        try await runWrite { try self.recordResubmission(lectureId, new, actor: actor, now: now) }
    }
    public func fingerprintIndex() async throws -> FingerprintIndex { try await run { try self.fingerprintIndex() } }

    // MARK: ReviewCatalog

    @discardableResult
    public func review(_ lectureId: Int64, _ decision: ReviewDecision, actor: String, now: Date) async throws
        -> ReviewStatus
    {
        try await runWrite { try self.review(lectureId, decision, actor: actor, now: now) }
    }
    public func markOverdue(today: String, now: Date) async throws -> [Int64] {
        try await runWrite { try self.markOverdue(today: today, now: now) }
    }
    public func spotCheck(fraction: Double, seed: UInt64, actor: String, now: Date) async throws -> [Int64] {
        try await runWrite { try self.spotCheck(fraction: fraction, seed: seed, actor: actor, now: now) }
    }
    public func queuePage(
        statuses: [ReviewStatus], organisation: String?, spotChecks: Bool, scope: String?, ids: Set<Int64>?,
        limit: Int?, offset: Int
    ) async throws -> (items: [QueueItem], total: Int) {
        try await run {
            try self.queuePage(
                statuses: statuses, organisation: organisation, spotChecks: spotChecks, scope: scope, ids: ids,
                limit: limit, offset: offset)
        }
    }
    public func nextPending(after id: Int64, scope: String?) async throws -> (id: Int64, title: String)? {
        try await run { try self.nextPending(after: id, scope: scope) }
    }
    public func nearDuplicates(of lectureId: Int64) async throws -> [NearDuplicate] {
        try await run { try self.nearDuplicates(of: lectureId) }
    }
    public func edit(_ lectureId: Int64, _ edit: LectureMetadata, actor: String, now: Date) async throws -> [String] {
        try await runWrite { try self.edit(lectureId, edit, actor: actor, now: now) }
    }

    // MARK: UserCatalog

    public func users() async throws -> [UserRecord] { try await run { try self.users() } }
    public func addUser(_ name: String, role: UserRole, organisation: String?, actor: String, now: Date) async throws {
        try await runWrite { try self.addUser(name, role: role, organisation: organisation, actor: actor, now: now) }
    }
    public func authorize(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date)
        async throws
    {
        // The check is a read; the refusal's audit event a write, on the writers' queue.
        do {
            try await run { try self.checkAuthorization(actor, permission, lectureId: lectureId, now: now) }
        } catch let refusal as AccessDenied {
            try await runWrite { try self.recordRefusal(refusal, actor: actor, lectureId: lectureId, now: now) }
            throw refusal
        }
    }
    public func permits(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date) async
        -> Bool
    {
        (try? await run { self.permits(actor, permission, lectureId: lectureId, now: now) }) ?? false
    }
    public func setPassword(_ name: String, _ password: String, hasher: some PasswordHasher, actor: String, now: Date)
        async throws
    {
        try await runWrite { try self.setPassword(name, password, hasher: hasher, actor: actor, now: now) }
    }
    public func verifyPassword(_ name: String, _ password: String, hasher: some PasswordHasher) async throws
        -> UserRecord?
    {
        try await run { try self.verifyPassword(name, password, hasher: hasher) }
    }
    public func startSession(for user: String, address: String?, now: Date) async throws -> String {
        try await runWrite { try self.startSession(for: user, address: address, now: now) }
    }
    public func session(token: String, now: Date) async throws -> WebSession? {
        try await run { try self.session(token: token, now: now) }
    }
    public func endSession(token: String, now: Date) async throws {
        try await runWrite { try self.endSession(token: token, now: now) }
    }
    public func loginFailures(_ keys: [String], since: Date) async throws -> [String: [Date]] {
        try await run { try self.loginFailures(keys, since: since) }
    }
    public func recordLoginFailure(_ keys: [String], at: Date, forgetBefore: Date) async throws {
        try await runWrite { try self.recordLoginFailure(keys, at: at, forgetBefore: forgetBefore) }
    }
    public func clearLoginFailures(_ keys: [String]) async throws {
        try await runWrite { try self.clearLoginFailures(keys) }
    }

    // MARK: LectureQueries

    public func lectures(status: ReviewStatus?, limit: Int) async throws -> [LectureSummary] {
        try await run { try self.lectures(status: status, limit: limit) }
    }
    public func lecture(_ id: Int64) async throws -> LectureDetail? { try await run { try self.lecture(id) } }
    public func versions(ofLecture id: Int64) async throws -> [VersionRecord] {
        try await run { try self.versions(ofLecture: id) }
    }
    public func lectureView(_ id: Int64, viewer: String, scope: String?, now: Date) async throws -> LectureView? {
        try await run { try self.lectureView(id, viewer: viewer, scope: scope, now: now) }
    }
    public func search(_ query: SearchQuery, limit: Int, sort: SearchQuery.Sort?) async throws -> [SearchHit] {
        try await run { try self.search(query, limit: limit, sort: sort) }
    }
    public func counts() async throws -> [String: Int] { try await run { try self.counts() } }

    // MARK: ReportSource

    public func reportSnapshot() async throws -> ReportSnapshot { try await run { try self.reportSnapshot() } }

    // MARK: AuditTrail

    public func auditEvents(lectureId: Int64) async throws -> [AuditEventRecord] {
        try await run { try self.auditEvents(lectureId: lectureId) }
    }
    public func auditEventCount() async throws -> Int { try await run { try self.auditEventCount() } }
    public func firstBrokenAuditEvent() async throws -> Int64? { try await run { try self.firstBrokenAuditEvent() } }
    public func changeCounter() async throws -> Int64 { try await run { try self.changeCounter() } }
}
