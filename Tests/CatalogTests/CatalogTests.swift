import Foundation
import GRDB
import LecternCore
import SQLStore
import Testing

@testable import Catalog

@Suite struct CatalogTests {
    let library: Library
    let catalog: Catalog
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-catalog-\(UUID().uuidString)")
        library = try Library.create(at: root)
        catalog = try Catalog(library: library)
    }

    func newLecture(sha: String, findings: [PolicyFinding] = []) -> NewLecture {
        var n = NewLecture(
            title: "学习二十大精神", sha256: sha, originalName: "a.mp4", originalPath: "/in/a.mp4",
            storedPath: "media/\(sha.prefix(2))/\(sha).mp4", sizeBytes: 10,
            probe: MediaInfo(file: "a.mp4", sizeBytes: 10, container: "mp4", durationSeconds: 200),
            findings: findings)
        n.speaker = "吴辉"
        n.frames = [NewLecture.Frame(position: 1, timeSeconds: 10, path: "thumbs/x/0001.jpg", blank: false)]
        return n
    }

    @Test func createMakesTheFolderAndConfig() throws {
        for url in [library.configURL, library.catalogURL, library.mediaURL, library.thumbsURL, library.tmpURL] {
            #expect(FileManager.default.fileExists(atPath: url.path))
        }
        #expect(try library.config() == LibraryConfig())
        #expect(throws: CatalogError.self) { try Library.create(at: library.root) }
    }

    /// What a bulletin counts by (the recorded date, the organisation) on an approved lecture
    /// is a reviewer's to change; staff may still fix its title. Each change is recorded with
    /// its old and new value.
    @Test func editingAnApprovedLecturesDateNeedsAReviewer() throws {
        try catalog.addUser("admin", role: .admin, organisation: nil, actor: "local", now: now)
        try catalog.addUser("staff", role: .staff, organisation: nil, actor: "admin", now: now)
        guard case .ingested(let id, _) = try catalog.recordIngest(newLecture(sha: "ed"), actor: "admin", now: now)
        else {
            Issue.record("not ingested")
            return
        }
        try catalog.review(id, ReviewDecision(action: .approve), actor: "admin", now: now)
        #expect(throws: AccessDenied.self) {
            try catalog.edit(id, LectureMetadata(recordedOn: "2026-07-01"), actor: "staff", now: now)
        }
        #expect(try catalog.edit(id, LectureMetadata(title: "新标题"), actor: "staff", now: now) == ["标题：学习二十大精神 → 新标题"])
        try catalog.edit(id, LectureMetadata(recordedOn: "2026-07-01"), actor: "admin", now: now)
        let edits = try catalog.reportSnapshot().edits
        #expect(edits.map(\.field) == ["recordedOn"])
        #expect(edits.first?.newValue == "2026-07-01")
    }

    /// A recorded date far before the upload is a finding the reviewer sees, not a failure.
    @Test func aRecordedDateLongBeforeTheUploadIsANotice() throws {
        var n = newLecture(sha: "old")
        n.recordedOn = "2023-07-01"
        guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: now) else {
            Issue.record("not ingested")
            return
        }
        let uploaded = LectureDay.string(now)
        let notice = try #require(try catalog.lecture(id)?.notices.first)
        #expect(notice.rule == "recordedDate")
        #expect(notice.message.hasPrefix("录制日期 2023-07-01 比上传早 \(LectureDay.days(from: "2023-07-01", to: uploaded)) 天"))
        #expect(try catalog.queue().first { $0.id == id }?.findings.contains { $0.rule == "recordedDate" } == true)
        #expect(try catalog.lecture(id)?.lecture.status == .pending)
    }

    @Test func missingLibraryIsAClearError() {
        let nowhere = Library(root: URL(fileURLWithPath: "/nonexistent/lib"))
        #expect { try Catalog(library: nowhere) } throws: { ($0 as? CatalogError)?.kind == .missing }
    }

    @Test func ingestWritesLectureVersionFramesAndEventTogether() throws {
        let write = try catalog.recordIngest(newLecture(sha: "aa11"), actor: "local", now: now)
        guard case .ingested(let lectureId, _) = write else { Issue.record("not ingested"); return }
        let detail = try #require(try catalog.lecture(lectureId))
        #expect(detail.lecture.status == .pending)
        #expect(detail.lecture.speaker == "吴辉")
        #expect(detail.lecture.organisation == "未分配")
        #expect(detail.versions.count == 1)
        #expect(detail.frames.count == 1)
        #expect(detail.history.map(\.action) == ["ingest"])
        #expect(detail.history.first?.fromState == "received")
        #expect(detail.history.first?.toState == "pending")
    }

    @Test func sameContentTwiceIsADuplicate() throws {
        guard case .ingested(let first, _) = try catalog.recordIngest(newLecture(sha: "bb22"), actor: "local", now: now)
        else { Issue.record("not ingested"); return }
        #expect(
            try catalog.recordIngest(newLecture(sha: "bb22"), actor: "local", now: now) == .duplicate(lectureId: first))
        #expect(try catalog.lectures().count == 1)
        #expect(try catalog.lectureId(forSHA256: "bb22") == first)
    }

    @Test func policyFailureIsKeptAsAutoRejected() throws {
        let finding = PolicyFinding(rule: "duration", message: "时长 2分59秒，短于 3分钟")
        guard
            case .ingested(let id, _) = try catalog.recordIngest(
                newLecture(sha: "cc33", findings: [finding]),
                actor: "local", now: now)
        else { Issue.record("not ingested"); return }
        let detail = try #require(try catalog.lecture(id))
        #expect(detail.lecture.status == .autoRejected)
        #expect(detail.versions.first?.policyFindings == [finding])
        #expect(detail.history.first?.reasons == "duration")
    }

    @Test func organisationsImportInAnyOrderAndResolveByNameOrId() throws {
        let rows = [
            OrganisationRecord(id: "cun1", name: "新村党支部", parentId: "zhen1", kind: "branch"),
            OrganisationRecord(id: "zhen1", name: "春华镇", parentId: "xian", kind: "township"),
            OrganisationRecord(id: "xian", name: "长沙县", parentId: nil, kind: "county"),
        ]
        #expect(try catalog.importOrganisations(rows, actor: "local", now: now) == 3)
        #expect(try catalog.resolveOrganisation("春华镇")?.id == "zhen1")
        #expect(try catalog.resolveOrganisation("cun1")?.name == "新村党支部")
        #expect(try catalog.lineage(of: "cun1").map(\.id) == ["cun1", "zhen1", "xian"])
        // Re-import updates names without duplicating.
        _ = try catalog.importOrganisations(
            [OrganisationRecord(id: "zhen1", name: "春华镇党委", parentId: "xian", kind: nil)],
            actor: "local", now: now)
        #expect(try catalog.resolveOrganisation("zhen1")?.name == "春华镇党委")
    }

    @Test func unknownParentAndCyclesAreRefused() throws {
        #expect(throws: CatalogError.self) {
            try catalog.importOrganisations(
                [OrganisationRecord(id: "a", name: "A", parentId: "nope", kind: nil)],
                actor: "local", now: now)
        }
        #expect(throws: CatalogError.self) {
            try catalog.importOrganisations(
                [
                    OrganisationRecord(id: "a", name: "A", parentId: "b", kind: nil),
                    OrganisationRecord(id: "b", name: "B", parentId: "a", kind: nil),
                ],
                actor: "local", now: now)
        }
        #expect(try catalog.organisations().map(\.id) == ["unassigned"])  // nothing half-written
    }

    @Test func auditChainVerifiesAndCatchesAnEditedRow() throws {
        for sha in ["d1", "d2", "d3"] { _ = try catalog.recordIngest(newLecture(sha: sha), actor: "local", now: now) }
        #expect(try catalog.firstBrokenAuditEvent() == nil)
        // Events are append-only through the database too.
        #expect(throws: (any Error).self) {
            try catalog.store.write { try $0.execute("UPDATE auditEvent SET note = 'x' WHERE id = 2", []) }
        }
        // An edit that goes around the trigger (as with the sqlite3 CLI) is found by the chain.
        try catalog.store.write { s in
            try s.execute("DROP TRIGGER auditEvent_no_update", [])
            try s.execute("UPDATE auditEvent SET actor = 'someone' WHERE id = 2", [])
        }
        #expect(try catalog.firstBrokenAuditEvent() == 2)
    }
}

@Suite struct SpotCheckTests {
    let catalog: Catalog
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// Approved lectures: 20 in branch a, 5 in b, 1 in c.
    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-spot-\(UUID().uuidString)")
        catalog = try Catalog(library: try Library.create(at: root))
        _ = try catalog.importOrganisations(
            ["a", "b", "c"].map { OrganisationRecord(id: $0, name: "支部\($0)", parentId: nil, kind: "branch") },
            actor: "t", now: now)
        var batch: [NewLecture] = []
        for (org, n) in [("a", 20), ("b", 5), ("c", 1)] {
            for i in 0..<n {
                var l = NewLecture(
                    title: "\(org)\(i)", sha256: "\(org)-\(i)", originalName: "x.mp4", originalPath: "/x",
                    storedPath: "m/x",
                    sizeBytes: 1, probe: MediaInfo(file: "x", sizeBytes: 1, container: "mp4", durationSeconds: 300),
                    findings: [])
                l.organisationId = org
                batch.append(l)
            }
        }
        _ = try catalog.recordIngest(batch: batch, actor: "t", now: now)
        try catalog.store.write { try $0.execute("UPDATE lecture SET status = 'approved'", []) }
    }

    func orgs(_ ids: [Int64]) throws -> [String] {
        try ids.compactMap { try catalog.lecture($0)?.organisationId }.sorted()
    }

    @Test func everyOrganisationIsSampledAndTheSeedReproducesTheDraw() throws {
        let first = try catalog.spotCheck(fraction: 0.1, seed: 42, actor: "t", now: now)
        #expect(try orgs(first) == ["a", "a", "b", "c"])  // 10% of 20 = 2; at least one of 5 and of 1
        // Clear the marks and draw again with the same seed: the same lectures.
        try catalog.store.write { try $0.execute("UPDATE lecture SET spotCheck = 0", []) }
        #expect(try catalog.spotCheck(fraction: 0.1, seed: 42, actor: "t", now: now) == first)
        try catalog.store.write { try $0.execute("UPDATE lecture SET spotCheck = 0", []) }
        let others = try (1...5).map {
            try { (s: UInt64) throws -> [Int64] in
                let ids = try catalog.spotCheck(fraction: 0.1, seed: s, actor: "t", now: now)
                try catalog.store.write { try $0.execute("UPDATE lecture SET spotCheck = 0", []) }
                return ids
            }(UInt64($0))
        }
        #expect(others.contains { $0 != first })
        #expect(try catalog.queue(spotChecks: true).isEmpty)
    }

    @Test func drawnLecturesAreQueuedAndEndWithConfirmOrRevoke() throws {
        let ids = try catalog.spotCheck(fraction: 0.2, seed: 1, actor: "t", now: now)
        #expect(try catalog.queue(spotChecks: true).map(\.id) == ids)
        // Already drawn lectures are not drawn again.
        let second = try catalog.spotCheck(fraction: 0.2, seed: 1, actor: "t", now: now)
        #expect(Set(second).isDisjoint(with: ids))
        try catalog.review(ids[0], ReviewDecision(action: .confirm), actor: "t", now: now)
        try catalog.review(ids[1], ReviewDecision(action: .revoke, reasons: [.staged]), actor: "t", now: now)
        #expect(try catalog.lecture(ids[0])?.lecture.status == .approved)
        #expect(try catalog.lecture(ids[1])?.lecture.status == .revoked)
        #expect(!(try catalog.queue(spotChecks: true).map(\.id)).contains(ids[0]))
        #expect(throws: ReviewError.self) {
            try catalog.review(ids[0], ReviewDecision(action: .confirm), actor: "t", now: now)
        }
        #expect(try catalog.firstBrokenAuditEvent() == nil)
    }
}
