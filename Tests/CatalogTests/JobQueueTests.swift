import Foundation
import LecternCore
import SQLStore
import Testing

@testable import Catalog

/// The ingest queue several hosts share: claims, leases on the database's clock, the commit
/// fenced by the claim's token.
@Suite struct JobQueueTests {
    static func catalog(_ engine: TestEngine) throws -> Catalog {
        let catalog = try Catalog(library: engine.newLibrary("jobs"))
        _ = try catalog.importOrganisations(County.organisations, actor: "local", now: County.now)
        return catalog
    }

    @Test(arguments: TestEngine.allCases)
    func twoHostsClaimDifferentJobsAndEachEndsItsOwn(engine: TestEngine) throws {
        let catalog = try Self.catalog(engine)
        let ids = try catalog.enqueue(
            ["/in/1.mp4", "/in/2.mp4"], manifest: nil, actor: "local", arguments: "", now: County.now)
        #expect(ids.count == 2)
        let a = try #require(try catalog.claimJob(host: "a", now: County.now))
        let b = try #require(try catalog.claimJob(host: "b", now: County.now))
        #expect(a.id != b.id && Set([a.id, b.id]) == Set(ids))
        #expect(try catalog.claimJob(host: "c", now: County.now) == nil)
        #expect(try catalog.renew(a))
        // A's file is catalogued and its job ends in the same transaction; B's failed.
        guard
            case .ingested(let lecture, _) = try catalog.recordIngest(
                County.lecture(1), actor: "local", now: County.now, job: a)
        else { Issue.record("not ingested"); return }
        try catalog.finishJob(b, outcome: "failed", lectureId: nil, error: "读不出来", now: County.now)
        let jobs = Dictionary(uniqueKeysWithValues: try catalog.jobs().map { ($0.id, $0) })
        #expect(jobs[a.id]?.state == .done && jobs[a.id]?.lectureId == lecture && jobs[a.id]?.host == "a")
        #expect(jobs[b.id]?.state == .failed && jobs[b.id]?.error == "读不出来")
        #expect(try catalog.jobCounts() == [.done: 1, .failed: 1])
        // A failed job goes back in the queue, its tries counted afresh.
        #expect(try catalog.retryJobs(nil, actor: "local", now: County.now) == [b.id])
        let again = try #require(try catalog.claimJob(host: "c", now: County.now))
        #expect(again.id == b.id && again.attempts == 1)
    }

    /// A host whose lease ran out (it stalled, its link went down) loses the job to another,
    /// and its late commit writes nothing: not the lecture, not the job's end.
    @Test(arguments: TestEngine.allCases)
    func aLateCommitAfterTheLeaseRanOutWritesNothing(engine: TestEngine) throws {
        let catalog = try Self.catalog(engine)
        _ = try catalog.enqueue(["/in/1.mp4"], manifest: nil, actor: "local", arguments: "", now: County.now)
        let stale = try #require(try catalog.claimJob(host: "a", lease: 0.5, now: County.now))
        Thread.sleep(forTimeInterval: 1.0)
        let taken = try #require(try catalog.claimJob(host: "b", now: County.now))
        #expect(taken.id == stale.id && taken.attempts == 2 && taken.token != stale.token)
        #expect(try !catalog.renew(stale))
        #expect(throws: JobLeaseLost.self) {
            try catalog.recordIngest(County.lecture(1), actor: "local", now: County.now, job: stale)
        }
        #expect(try catalog.counts().isEmpty, "the stale host's lecture was written")
        #expect(throws: JobLeaseLost.self) {
            try catalog.finishJob(stale, outcome: "failed", lectureId: nil, error: "x", now: County.now)
        }
        _ = try catalog.recordIngest(County.lecture(1), actor: "local", now: County.now, job: taken)
        #expect(try catalog.jobs().first?.state == .done && catalog.jobs().first?.host == "b")
        #expect(try catalog.counts() == ["pending": 1])
        #expect(try catalog.firstBrokenAuditEvent() == nil)
    }

    /// A job whose holders all died is failed after the last try, with the reason, not claimed
    /// for ever.
    @Test func aJobTriedTooOftenFailsWithTheReason() throws {
        let catalog = try Self.catalog(.postgres)
        _ = try catalog.enqueue(["/in/1.mp4"], manifest: nil, actor: "local", arguments: "", now: County.now)
        for attempt in 1...Catalog.jobAttempts {
            let claim = try #require(try catalog.claimJob(host: "h\(attempt)", lease: 0.3, now: County.now))
            #expect(claim.attempts == attempt)
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(try catalog.claimJob(host: "last", now: County.now) == nil)
        let job = try #require(try catalog.jobs().first)
        #expect(job.state == .failed && job.error?.contains("试了 3 次都没有完成") == true)
    }

    /// A plain ingest's uploads are jobs its host holds from the start: nobody else claims
    /// them while the host renews them (all in one statement), its commit ends each, and what
    /// it had not finished when its lease ran out goes to another host.
    @Test(arguments: TestEngine.allCases)
    func jobsEnqueuedAsHeldAreTakenOverOnlyOnceTheirLeaseRunsOut(engine: TestEngine) throws {
        let catalog = try Self.catalog(engine)
        let held = try catalog.enqueueClaimed(
            ["/in/1.mp4", "/in/2.mp4", "/in/3.mp4"], host: "a", lease: 5, manifest: nil, actor: "local",
            arguments: "ingest /in", now: County.now)
        #expect(held.map(\.attempts) == [1, 1, 1] && Set(held.map(\.token)).count == 3)
        #expect(try catalog.jobs().allSatisfy { $0.state == .running && $0.host == "a" })
        #expect(try catalog.claimJob(host: "b", now: County.now) == nil)
        _ = try catalog.recordIngest(County.lecture(1), actor: "local", now: County.now, job: held[0])
        #expect(try catalog.renew(held, lease: 5) == 2, "the finished job is not renewed")
        #expect(try catalog.claimJob(host: "b", now: County.now) == nil)
        #expect(try catalog.renew(Array(held[1...]), lease: 0.3) == 2)
        Thread.sleep(forTimeInterval: 1.0)
        // Host a stopped renewing: b takes both over, a's late heartbeat renews nothing.
        let taken = [
            try catalog.claimJob(host: "b", now: County.now), try catalog.claimJob(host: "b", now: County.now),
        ]
        #expect(taken.map { $0?.id } == [held[1].id, held[2].id] && taken.allSatisfy { $0?.attempts == 2 })
        #expect(try catalog.renew(held) == 0)
        #expect(try catalog.jobs(state: .done).map(\.id) == [held[0].id])
    }

    /// Many hosts claiming at once never get the same job.
    @Test func claimsAtOnceNeverShareAJob() throws {
        let catalog = try Self.catalog(.postgres)
        let hosts = try (0..<4).map { _ in try Catalog(library: catalog.library) }
        _ = try catalog.enqueue(
            (1...40).map { "/in/\($0).mp4" }, manifest: nil, actor: "local", arguments: "", now: County.now)
        let claimed = Claimed()
        DispatchQueue.concurrentPerform(iterations: hosts.count) { h in
            while let claim = try? hosts[h].claimJob(host: "h\(h)", now: County.now) { claimed.add(claim.id) }
        }
        #expect(claimed.ids.count == 40 && Set(claimed.ids).count == 40)
    }
}

final class Claimed: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var ids: [Int64] = []
    func add(_ id: Int64) { lock.withLock { ids.append(id) } }
}
