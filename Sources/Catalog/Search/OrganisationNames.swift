import SQLStore
import Synchronization

/// The organisation tree with its names as search compares them (normalised: simplified, lower
/// case), for `org:` and the queue's organisation filter. Normalising every name on every query
/// ran ICU's transform on each traditional name each time (most of `org:春华镇`'s 1.9 ms over a
/// 343-organisation county). Made again whenever the audit chain has grown: every change to the
/// tree (import, rename, move) appends an event, so an unchanged head means an unchanged tree.
struct OrganisationNames: Sendable {
    var all: [OrganisationRecord]
    /// Normalised current and former names → the organisations that carry them, in id order.
    var byName: [String: [String]]

    init(_ s: any SQLSession) throws {
        all = try s.records(OrganisationRecord.self, "SELECT * FROM organisation ORDER BY id")
        var byName: [String: [String]] = [:]
        for o in all { byName[SearchText.normalize(o.name), default: []].append(o.id) }
        for row in try s.rows("SELECT organisationId, name FROM organisationFormerName ORDER BY organisationId") {
            let key = SearchText.normalize(try row.get("name", as: String.self))
            let id: String = try row.get("organisationId")
            if !(byName[key]?.contains(id) ?? false) { byName[key, default: []].append(id) }
        }
        self.byName = byName
    }

    /// The audit chain's last event id: what the cache is keyed by.
    static func head(_ s: any SQLSession) throws -> Int64 {
        try s.scalar(Int64.self, "SELECT MAX(id) FROM auditEvent") ?? 0
    }
}

/// One catalog's cached `OrganisationNames`, with the audit head it was made at.
final class OrganisationNamesCache: Sendable {
    private let state = Mutex<(head: Int64, names: OrganisationNames)?>(nil)

    func names(_ s: any SQLSession) throws -> OrganisationNames {
        let head = try OrganisationNames.head(s)
        if let cached = state.withLock({ $0 }), cached.head == head { return cached.names }
        let names = try OrganisationNames(s)
        state.withLock { $0 = (head, names) }
        return names
    }
}
