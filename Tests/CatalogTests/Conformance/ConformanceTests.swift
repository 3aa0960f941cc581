import Catalog
import Foundation
import LecternCore
import Testing

/// The catalog's protocols, run against every engine (`EngineUnderTest.all`): what any engine
/// must do, as the command line, ingest, the desk and the reports rely on it. Only the
/// protocols are used here, never an engine's own type.
@Suite("catalog engines: one conformance suite", .serialized)
struct ConformanceTests {
    static let engines = EngineUnderTest.all
    let now = County.now

    @Test("organisations: a tree, found by id or name, with lineage and subtree", arguments: engines)
    func organisations(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        #expect(
            try await catalog.organisations().map(\.id).sorted() == [
                "county", "jia", "jia-1", "unassigned", "yi", "yi-1",
            ])
        #expect(try await catalog.resolveOrganisation("甲镇")?.id == "jia")
        #expect(try await catalog.resolveOrganisation("yi-1")?.name == "乙镇新村党支部")
        #expect(try await catalog.resolveOrganisation("丙镇") == nil)
        #expect(try await catalog.lineage(of: "jia-1").map(\.id) == ["jia-1", "jia", "county"])
        #expect(try await catalog.organisationSubtree(of: "jia").sorted() == ["jia", "jia-1"])
        // A cycle is refused and nothing of that import is kept.
        let cycle = [OrganisationRecord(id: "county", name: "长沙县", parentId: "jia-1", kind: "county")]
        await #expect(throws: CatalogError.self) {
            try await catalog.importOrganisations(cycle, actor: "local", now: now)
        }
        #expect(try await catalog.lineage(of: "jia-1").map(\.id) == ["jia-1", "jia", "county"])
    }

    @Test("ingest: lectures with versions, duplicates by content, batches, counts", arguments: engines)
    func ingest(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let batch = try await catalog.startBatch(actor: "local", arguments: "ingest inbox/", now: now)
        var failing = County.lecture(2)
        failing.findings = [PolicyFinding(rule: "duration", message: "时长 1 分钟，短于 3 分钟")]
        let ids = try await County.ingest(catalog, [County.lecture(1), failing])
        #expect(ids.count == 2 && ids[0] != ids[1])
        #expect(
            try await catalog.recordIngest(County.lecture(1), actor: "local", now: now) == .duplicate(lectureId: ids[0])
        )
        #expect(try await catalog.lectureId(forSHA256: County.lecture(1).sha256) == ids[0])
        #expect(try await catalog.lectureId(forSHA256: String(repeating: "f", count: 64)) == nil)
        try await catalog.finishBatch(batch, ingested: 2, duplicates: 1, failed: 0, policyFailed: 1, now: now)
        #expect(try await catalog.lectures(status: .pending, limit: 10).map(\.id) == [ids[0]])
        #expect(try await catalog.lectures(status: .autoRejected, limit: 10).map(\.id) == [ids[1]])
        let detail = try #require(try await catalog.lecture(ids[0]))
        #expect(detail.lecture.title == "学习二十大精神" && detail.lecture.speaker == "吴辉")
        #expect(detail.organisationId == "jia-1" && detail.tags == ["七一"])
        #expect(try await catalog.versions(ofLecture: ids[0]).map(\.number) == [1])
        #expect(try await catalog.lecture(999_999) == nil)
    }

    @Test("review: decisions follow the state machine, with deadlines, overdue marks and the queue", arguments: engines)
    func review(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let ids = try await County.ingest(catalog, (1...4).map { County.lecture($0) })
        #expect(
            try await catalog.review(ids[0], ReviewDecision(action: .approve), actor: "local", now: now) == .approved)
        let reject = ReviewDecision(action: .reject, reasons: [.copied], note: "与他人讲稿相同")
        #expect(try await catalog.review(ids[1], reject, actor: "local", now: now) == .rejected)
        let rectify = ReviewDecision(action: .rectify, reasons: [.sound], deadline: "2026-09-30")
        #expect(try await catalog.review(ids[2], rectify, actor: "local", now: now) == .rectifying)
        // Not from here: a rejected lecture cannot be approved; nothing changes.
        await #expect(throws: ReviewError.self) {
            try await catalog.review(ids[1], ReviewDecision(action: .approve), actor: "local", now: now)
        }
        #expect(try await catalog.lecture(ids[1])?.lecture.status == .rejected)
        #expect(try await catalog.lecture(ids[2])?.deadline == "2026-09-30")
        // The queue: pending only, oldest first, in pages with the total.
        let page = try await catalog.queuePage(
            statuses: [.pending], organisation: nil, spotChecks: false, scope: nil, ids: nil, limit: 1, offset: 0)
        #expect(page.items.map(\.id) == [ids[3]] && page.total == 1)
        #expect(try await catalog.nextPending(after: ids[0], scope: nil)?.id == ids[3])
        #expect(try await catalog.nextPending(after: ids[3], scope: nil) == nil)
        // The deadline passes: overdue, once.
        #expect(try await catalog.markOverdue(today: "2026-10-01", now: now) == [ids[2]])
        #expect(try await catalog.markOverdue(today: "2026-10-02", now: now) == [])
        #expect(try await catalog.lecture(ids[2])?.lecture.status == .overdue)
        // The reports see the rectification's deadline as a value, and every state change.
        let snapshot = try await catalog.reportSnapshot()
        let rectified = try #require(snapshot.events.first { $0.action == "rectify" && $0.lectureId == ids[2] })
        #expect(rectified.id.flatMap { snapshot.rectificationDeadlines[$0] } == "2026-09-30")
        #expect(snapshot.lectures.count == 4 && snapshot.organisations.count == 6)
    }

    @Test("resubmission: a new version returns the lecture to the queue", arguments: engines)
    func resubmission(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let id = try #require(try await County.ingest(catalog, [County.lecture(1)]).first)
        let rectify = ReviewDecision(action: .rectify, reasons: [.picture], deadline: "2026-10-15")
        try await catalog.review(id, rectify, actor: "local", now: now)
        _ = try await catalog.recordResubmission(id, County.lecture(2), actor: "local", now: now)
        #expect(try await catalog.lecture(id)?.lecture.status == .pending)
        #expect(try await catalog.versions(ofLecture: id).map(\.number) == [1, 2])
        #expect(try await catalog.lecture(id)?.deadline == nil)
    }

    @Test("edits: a lecture's metadata changes with its audit event, and search follows", arguments: engines)
    func edits(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let id = try #require(try await County.ingest(catalog, [County.lecture(1)]).first)
        let changes = try await catalog.edit(id, LectureMetadata(title: "乡村振兴微党课"), actor: "local", now: now)
        #expect(!changes.isEmpty)
        #expect(try await catalog.lecture(id)?.lecture.title == "乡村振兴微党课")
        let hits = try await catalog.search(try SearchQuery.parse("乡村振兴"), limit: 10, sort: nil)
        #expect(hits.map(\.id) == [id])
        let old = try await catalog.search(try SearchQuery.parse("二十大"), limit: 10, sort: nil)
        #expect(old.isEmpty, "\(old)")
        #expect(try await catalog.auditEvents(lectureId: id).map(\.action) == ["ingest", "edit"])
    }

    @Test("search: simplified, traditional, pinyin, initials, one character, fields", arguments: engines)
    func search(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let ids = try await County.ingest(
            catalog,
            [
                County.lecture(1, title: "党课：红船精神"), County.lecture(2, title: "乡村振兴", organisation: "yi-1"),
            ])
        for text in ["党课", "黨課", "dangke", "dk", "红", "红船 精神"] {
            #expect(
                try await catalog.search(try SearchQuery.parse(text), limit: 10, sort: nil).map(\.id) == [ids[0]],
                "\(text)")
        }
        #expect(try await catalog.search(try SearchQuery.parse("org:乙镇"), limit: 10, sort: nil).map(\.id) == [ids[1]])
        #expect(try await catalog.search(try SearchQuery.parse("speaker:吴辉"), limit: 10, sort: nil).count == 2)
        #expect(try await catalog.search(try SearchQuery.parse("乡村 -振兴"), limit: 10, sort: nil).isEmpty)
    }

    @Test("users: roles, scope, refusals audited, passwords through the hasher, sessions", arguments: engines)
    func users(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let ids = try await County.ingest(catalog, [County.lecture(1), County.lecture(2, organisation: "yi-1")])
        await #expect(throws: CatalogError.self) {
            try await catalog.addUser("审核员", role: .reviewer, organisation: nil, actor: "local", now: now)
        }
        try await catalog.addUser("张主任", role: .admin, organisation: nil, actor: "local", now: now)
        try await catalog.addUser("甲审核", role: .reviewer, organisation: "甲镇", actor: "张主任", now: now)
        #expect(try await catalog.users().map(\.name).sorted() == ["张主任", "甲审核"])
        #expect(await catalog.permits("甲审核", .review, lectureId: ids[0], now: now))
        #expect(await !catalog.permits("甲审核", .review, lectureId: ids[1], now: now))
        let before = try await catalog.auditEventCount()
        await #expect(throws: AccessDenied.self) {
            try await catalog.authorize("甲审核", .review, lectureId: ids[1], now: now)
        }
        #expect(try await catalog.auditEventCount() == before + 1)  // the refusal, audited
        await #expect(throws: AccessDenied.self) {
            try await catalog.review(ids[1], ReviewDecision(action: .approve), actor: "甲审核", now: now)
        }
        #expect(try await catalog.lecture(ids[1])?.lecture.status == .pending)

        // The lecture as each user sees it: what they may do, and which evidence they may open.
        let jia = try #require(try await catalog.lectureView(ids[0], viewer: "甲审核", scope: "jia", now: now))
        #expect(jia.mayReview && !jia.mayExempt && jia.next == nil)
        let admin = try #require(try await catalog.lectureView(ids[1], viewer: "张主任", scope: nil, now: now))
        #expect(admin.mayReview && admin.mayExempt && admin.next?.id == ids[0])
        #expect(try await catalog.lectureView(999_999, viewer: "张主任", scope: nil, now: now) == nil)

        let hasher = ReversingHasher()
        try await catalog.setPassword("甲审核", "十分长的一个密码", hasher: hasher, actor: "张主任", now: now)
        #expect(try await catalog.verifyPassword("甲审核", "十分长的一个密码", hasher: hasher)?.role == .reviewer)
        #expect(try await catalog.verifyPassword("甲审核", "不对的密码不对的", hasher: hasher) == nil)
        #expect(try await catalog.verifyPassword("无此人", "十分长的一个密码", hasher: hasher) == nil)
        let token = try await catalog.startSession(for: "甲审核", address: "127.0.0.1", now: now)
        let session = try #require(try await catalog.session(token: token, now: now))
        #expect(session.user.name == "甲审核" && session.scopeName == "甲镇" && !session.csrf.isEmpty)
        #expect(try await catalog.session(token: token, now: now.addingTimeInterval(13 * 3600)) == nil)  // expired
        // Ending it changes the catalog's state, which desks keep sessions by.
        let state = try await catalog.changeCounter()
        try await catalog.endSession(token: token, now: now)
        #expect(try await catalog.session(token: token, now: now) == nil)
        #expect(try await catalog.changeCounter() > state)
    }

    @Test("audit: every change appends to a hash chain that verifies; the counter grows", arguments: engines)
    func audit(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let counter = try await catalog.changeCounter()
        let ids = try await County.ingest(catalog, [County.lecture(1)])
        try await catalog.review(ids[0], ReviewDecision(action: .approve), actor: "local", now: now)
        #expect(try await catalog.changeCounter() > counter)
        #expect(try await catalog.auditEvents(lectureId: ids[0]).map(\.toState) == ["pending", "approved"])
        #expect(try await catalog.firstBrokenAuditEvent() == nil)
        #expect(try await catalog.counts() == ["approved": 1])
    }

    @Test("near-duplicates: fingerprints are indexed, and matches recorded both ways", arguments: engines)
    func nearDuplicates(engine: EngineUnderTest) async throws {
        let catalog = try await County.engine(engine)
        let frames = (0..<20).map {
            Fingerprint.Frame(time: Double($0) * 10, hash: UInt64($0) &* 0x9E37_79B9_7F4A_7C15, blank: false)
        }
        var first = County.lecture(1)
        first.fingerprint = Fingerprint(frames: frames)
        let a = try #require(try await County.ingest(catalog, [first]).first)
        let index = try await catalog.fingerprintIndex()
        let found = index.matches(for: Fingerprint(frames: frames), threshold: 0.6)
        #expect(found.map(\.id) == [a])
        var copy = County.lecture(2)
        copy.nearDuplicates = [NearDuplicate(id: a, similarity: 0.97)]
        let b = try #require(try await County.ingest(catalog, [copy]).first)
        #expect(try await catalog.nearDuplicates(of: b).map(\.id) == [a])
        #expect(try await catalog.nearDuplicates(of: a).map(\.id) == [b])
    }
}
