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
}
