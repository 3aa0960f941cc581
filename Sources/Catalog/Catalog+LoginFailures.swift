import Foundation
import SQLStore

extension Catalog {
    /// The failed logins counted under each of `keys` since `since`, oldest first: what the
    /// desk's throttle reads, the same for every desk on this catalog.
    public func loginFailures(_ keys: [String], since: Date) throws -> [String: [Date]] {
        try store.read { s in
            var out: [String: [Date]] = [:]
            for row in try s.rows(
                """
                SELECT key, at FROM loginFailure WHERE key IN (\(s.dialect.jsonValues(.text))) AND at > ?
                ORDER BY at
                """, String(decoding: try JSONEncoder().encode(keys), as: UTF8.self), since)
            {
                out[try row.get("key"), default: []].append(try row.get("at"))
            }
            return out
        }
    }

    /// A failed login, counted under each of `keys`; counts older than `forgetBefore` go.
    public func recordLoginFailure(_ keys: [String], at: Date, forgetBefore: Date) throws {
        try store.write { s in
            try s.execute("DELETE FROM loginFailure WHERE at < ?", forgetBefore)
            for key in keys { try s.execute("INSERT INTO loginFailure (key, at) VALUES (?, ?)", key, at) }
        }
    }

    /// A correct password: the counts under `keys` are cleared.
    public func clearLoginFailures(_ keys: [String]) throws {
        try store.write { s in
            try s.execute(
                "DELETE FROM loginFailure WHERE key IN (\(s.dialect.jsonValues(.text)))",
                String(decoding: try JSONEncoder().encode(keys), as: UTF8.self))
        }
    }
}
