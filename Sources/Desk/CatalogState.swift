import Catalog
import Foundation

/// The catalog's state (`changeCounter`: the audit log's last event id) as this desk last read
/// it. Every change appends an event, so the queue page's cache and the sessions this desk has
/// read (`SessionCache`) are keyed by it. It is read again when the last reading is older than
/// `life` or older than the user's own last decision (`minimum`): on PostgreSQL reading it is a
/// round trip, which every request paid before.
actor CatalogState {
    /// How long a reading answers for every request (within `QueueCache.staleness`).
    static let life: TimeInterval = 0.25
    let catalog: any CatalogEngine
    private var known: (version: Int64, at: Date)?

    init(_ catalog: any CatalogEngine) { self.catalog = catalog }

    func version(atLeast minimum: Int64 = 0, now: Date) async throws -> Int64 {
        if let known, known.version >= minimum, now >= known.at, now.timeIntervalSince(known.at) < Self.life {
            return known.version
        }
        let version = try await catalog.changeCounter()
        if version >= (known?.version ?? 0) { known = (version, now) }
        return version
    }
}
