import Catalog
import Foundation

/// The sessions this desk has read, each with the catalog's state (`CatalogState`: the audit
/// log's last event) it was read at. Every change that ends a session (logging out, a new
/// password) appends an event, so a session read at the current state is still the catalog's
/// answer, and the request needs no statement of its own. The state is read at most once per
/// `CatalogState.life` (a quarter second): a session ended at another desk or by the command
/// line is refused within that; at this desk, at once.
final class SessionCache: Sendable {
    private let entries = BoundedMap<(session: WebSession, version: Int64)>()

    func session(token: String, version: Int64, now: Date) -> WebSession? {
        guard let entry = entries[token], entry.version == version, entry.session.expiresAt > now else { return nil }
        return entry.session
    }

    func remember(_ session: WebSession, token: String, version: Int64) { entries.set(token, (session, version)) }

    func forget(_ token: String) { entries.remove(token) }
}
