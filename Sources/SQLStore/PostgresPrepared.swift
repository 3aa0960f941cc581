import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// A pooled connection and the statements prepared on it. A transaction has it alone, from the
/// pool's `withConnection` to its end.
final class PooledConnection: Sendable {
    let connection: PostgresConnection
    let prepared = PreparedStatements()
    init(_ connection: PostgresConnection) { self.connection = connection }
}

/// Statements kept prepared on one connection, by their text and the kinds of their values, at
/// most `capacity`: the oldest is closed on the server when a new one would pass it.
final class PreparedStatements: Sendable {
    static let capacity = 256
    private let state = NIOLockedValueBox((byKey: [String: PreparedQuery](), order: [String]()))

    func lookup(_ key: String) -> PreparedQuery? { state.withLockedValue { $0.byKey[key] } }

    /// Keeps `statement`; returns the one it pushed out, to be closed.
    func keep(_ statement: PreparedQuery, as key: String) -> PreparedQuery? {
        state.withLockedValue { state in
            state.byKey[key] = statement
            state.order.append(key)
            guard state.order.count > Self.capacity else { return nil }
            return state.byKey.removeValue(forKey: state.order.removeFirst())
        }
    }

    func forget(_ key: String) {
        state.withLockedValue { state in
            state.byKey[key] = nil
            state.order.removeAll { $0 == key }
        }
    }
}

extension PostgresSession {
    /// `rows`, through a statement prepared once on this connection: parsed once, and planned
    /// once where the plan cache chooses a generic plan (or is told to, `plan_cache_mode`).
    /// Each `?` is typed by its value's kind (`$1::int8`), so that the server expects what is
    /// bound; a null stays untyped, and is part of the key.
    func preparedRows(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow] {
        let kinds = String(arguments.map(\.kindLetter))
        let key = kinds + "\u{1}" + sql
        let statement: PreparedQuery
        if let known = prepared.lookup(key) {
            statement = known
        } else {
            let text = Placeholders.numbered(sql, types: arguments.map(\.postgresCast))
            statement = try answer(connection.prepare(query: text))
            if let old = prepared.keep(statement, as: key) { old.deallocate().whenFailure { _ in } }
        }
        do {
            return try Self.rows(answer(statement.execute(arguments.map(\.postgresData))), binary: true)
        } catch let e where e.code == "0A000" || e.code == "26000" {
            // A table changed under the statement (a migration), or it is gone. The transaction
            // has failed with it: forgotten, and the read made again (`PostgresStore.read`),
            // where it is prepared anew.
            prepared.forget(key)
            throw SQLError(.retry, e.message, code: e.code, underlying: e)
        }
    }
}

extension SQLValue {
    var kindLetter: Character {
        switch self {
        case .null: "n"
        case .integer: "i"
        case .real: "r"
        case .text: "t"
        case .blob: "b"
        }
    }
    /// The type a placeholder is cast to for this value, nil for a null.
    var postgresCast: String? {
        switch self {
        case .null: nil
        case .integer: "int8"
        case .real: "float8"
        case .text: "text"
        case .blob: "bytea"
        }
    }
    var postgresData: PostgresData {
        switch self {
        case .null: .null
        case .integer(let i): PostgresData(int64: i)
        case .real(let d): PostgresData(double: d)
        case .text(let s): PostgresData(string: s)
        case .blob(let b): PostgresData(bytes: b)
        }
    }
}
