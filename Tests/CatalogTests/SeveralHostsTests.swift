import Foundation
import LecternCore
import SQLStore
import Testing

@testable import Catalog

/// Several hosts on one PostgreSQL catalog: each a `Catalog` of its own (its own connections),
/// writing at once, as ingest hosts and desks do.
@Suite struct SeveralHostsTests {
    /// Three hosts, each ingesting the same 12 files and reviewing what it got, all at once:
    /// every file catalogued once, the others said to be duplicates; one audit chain, its ids
    /// without a gap, that verifies.
    @Test func hostsWritingAtOnceKeepOneChainAndCatalogueEachFileOnce() throws {
        let library = try TestEngine.postgres.newLibrary("hosts")
        let hosts = try (0..<3).map { _ in try Catalog(library: library) }
        _ = try hosts[0].importOrganisations(County.organisations, actor: "local", now: County.now)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: hosts.count) { h in
            for n in 1...12 {
                do {
                    let write = try hosts[h].recordIngest(County.lecture(n), actor: "host\(h)", now: County.now)
                    outcomes.add(write)
                    if case .ingested(let id, _) = write {
                        try hosts[h].review(id, ReviewDecision(action: .approve), actor: "local", now: County.now)
                    }
                } catch {
                    outcomes.fail("host\(h) #\(n): \(error)")
                }
            }
        }
        #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
        #expect(outcomes.ingested == 12)
        #expect(outcomes.duplicates == 24)
        let catalog = hosts[0]
        #expect(try catalog.counts() == ["approved": 12])
        #expect(try catalog.firstBrokenAuditEvent() == nil)
        let ids = try catalog.store.read { s in try s.column(Int64.self, "SELECT id FROM auditEvent ORDER BY id") }
        #expect(ids == Array(1...Int64(ids.count)), "the chain's ids have a gap")
        #expect(ids.count == 1 + 12 + 12)  // the tree's import, an ingest and an approval per file
    }

    /// Two copies of one lecture committed by two hosts at the same moment, each having read the
    /// catalog before the other's existed: the second to commit compares with the first inside
    /// its commit, so the pair is linked, whichever wins.
    @Test(arguments: 1...3)
    func copiesCommittedAtOnceOnTwoHostsFindEachOther(round: Int) throws {
        let library = try TestEngine.postgres.newLibrary("copies-\(round)")
        let hosts = try (0..<2).map { _ in try Catalog(library: library) }
        _ = try hosts[0].importOrganisations(County.organisations, actor: "local", now: County.now)
        let frames = (0..<20).map {
            Fingerprint.Frame(
                time: Double($0) * 10, hash: UInt64($0 + 7 * round) &* 0x9E37_79B9_7F4A_7C15, blank: false)
        }
        let read = try hosts[0].latestVersionId()  // both read the catalog before either commits
        let written = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { h in
            var copy = County.lecture(h + 1)
            copy.fingerprint = Fingerprint(frames: frames)
            do {
                let write = try hosts[h].recordIngest(
                    copy, actor: "host\(h)", now: County.now, comparedUpTo: read,
                    compare: { prints in
                        var index = FingerprintIndex()
                        for p in prints { if let f = p.picture { index.insert(id: p.lectureId, fingerprint: f) } }
                        return index.matches(
                            for: Fingerprint(frames: frames), threshold: Catalog.nearDuplicateThreshold
                        )
                        .map { NearDuplicate(id: $0.id, picture: $0.similarity) }
                    })
                written.add(write)
                if case .ingested(let id, _) = write { written.note(host: h, lecture: id) }
            } catch {
                written.fail("host\(h): \(error)")
            }
        }
        #expect(written.failures.isEmpty, "\(written.failures)")
        #expect(written.ingested == 2)
        let ids = [written.lectures[0] ?? 0, written.lectures[1] ?? 0]
        #expect(try hosts[0].nearDuplicates(of: ids[0]).map(\.id) == [ids[1]])
        #expect(try hosts[1].nearDuplicates(of: ids[1]).map(\.id) == [ids[0]])
    }

    /// The chain cannot be changed through the catalog's own connection: the triggers refuse.
    @Test func auditEventsAreAppendOnlyOnPostgreSQL() throws {
        let catalog = try Catalog(library: TestEngine.postgres.newLibrary("append-only"))
        _ = try catalog.importOrganisations(County.organisations, actor: "local", now: County.now)
        for statement in ["UPDATE auditEvent SET note = 'x'", "DELETE FROM auditEvent", "TRUNCATE auditEvent"] {
            #expect(throws: SQLError.self, "\(statement)") { try catalog.store.write { try $0.execute(statement, []) } }
        }
        #expect(try catalog.auditEventCount() == 1)
        #expect(try catalog.firstBrokenAuditEvent() == nil)
    }
}

/// What the hosts' writes came to, counted from several threads.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var ingested = 0, duplicates = 0
    private(set) var failures: [String] = []
    func add(_ write: Catalog.IngestWrite) {
        lock.withLock {
            if case .ingested = write { ingested += 1 } else { duplicates += 1 }
        }
    }
    func fail(_ why: String) { lock.withLock { failures.append(why) } }
    private(set) var lectures: [Int: Int64] = [:]
    func note(host: Int, lecture: Int64) { lock.withLock { lectures[host] = lecture } }
}
