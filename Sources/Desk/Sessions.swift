import Catalog
import Foundation
import NIOCore
import Synchronization

/// The sessions this desk has read, each with the catalog's state (`changeCounter`, the audit
/// log's last event) it was read at. Every change that ends a session (logging out, a new
/// password) appends an event, so a session read at the current state is still the catalog's
/// answer, and the request needs no statement of its own. The state is read at most once per
/// `QueueCache.versionLife` (a quarter second): a session ended at another desk or by the
/// command line is refused within that; at this desk, at once.
final class SessionCache: Sendable {
    /// More tokens than this, and all are read again (a desk has a few hundred users).
    static let capacity = 10_000
    private let entries = Mutex<[String: (session: WebSession, version: Int64)]>([:])

    func session(token: String, version: Int64, now: Date) -> WebSession? {
        entries.withLock { entries in
            guard let entry = entries[token], entry.version == version, entry.session.expiresAt > now else {
                return nil
            }
            return entry.session
        }
    }

    func remember(_ session: WebSession, token: String, version: Int64) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[token] = (session, version)
        }
    }

    func forget(_ token: String) {
        entries.withLock { _ = $0.removeValue(forKey: token) }
    }
}

/// The queue page's layout, rendered, by viewer and heading (`Pages.shell`).
final class ShellCache: Sendable {
    private let entries = Mutex<[String: (before: ByteBuffer, after: ByteBuffer)]>([:])

    func get(_ key: String) -> (before: ByteBuffer, after: ByteBuffer)? { entries.withLock { $0[key] } }

    func set(_ key: String, _ parts: (before: ByteBuffer, after: ByteBuffer)) {
        entries.withLock { entries in
            if entries.count >= SessionCache.capacity { entries.removeAll() }
            entries[key] = parts
        }
    }
}
