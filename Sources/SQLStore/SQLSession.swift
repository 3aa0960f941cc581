import Foundation
import Synchronization

/// Which engine a statement runs on, for the few places their SQL differs.
public enum SQLDialect: String, Sendable {
    case sqlite, postgres

    public enum ListType: Sendable { case text, integer }

    /// A bound text, typed, for where its type is not implied (a recursive query's first term):
    /// compared byte by byte, as the catalog's text columns are on PostgreSQL.
    public var boundText: String {
        switch self {
        case .sqlite: "CAST(? AS TEXT)"
        case .postgres: "CAST(? AS TEXT) COLLATE \"C\""
        }
    }

    /// A subquery of the values of a JSON array bound at `?` (`["a","b"]` or `[1,2]`):
    /// `x IN (\(dialect.jsonValues(.integer)))`. SQLite's `json_each`, PostgreSQL's
    /// `jsonb_array_elements_text` cast to the column's type (texts compared byte by byte).
    public func jsonValues(_ type: ListType) -> String {
        switch (self, type) {
        case (.sqlite, _): "SELECT value FROM json_each(?)"
        case (.postgres, .text): "SELECT jsonb_array_elements_text(CAST(? AS jsonb)) COLLATE \"C\""
        case (.postgres, .integer): "SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS BIGINT)"
        }
    }
}

extension SQLDialect {
    /// `column` among the integers of one bound list (`ids(_:)`), written so that the column's
    /// index is asked whatever the join order and the planner's switches (a walk's read keeps
    /// the tables in the order written): SQLite's `IN (json_each)`, PostgreSQL's `= ANY` of an
    /// array. One statement for any number of ids, prepared once.
    public func among(_ column: String) -> String {
        switch self {
        case .sqlite: "\(column) IN (\(jsonValues(.integer)))"
        case .postgres: "\(column) = ANY(CAST(? AS BIGINT[]))"
        }
    }

    /// The value to bind for `among`.
    public func ids(_ ids: [Int64]) -> SQLValue {
        let list = ids.map(String.init).joined(separator: ",")
        return .text(self == .sqlite ? "[" + list + "]" : "{" + list + "}")
    }
}

/// One row of a result, its columns by name.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// Where `column` is: by its exact name, else ignoring case, since PostgreSQL folds the
    /// unquoted names both dialects are written with (`organisationId` comes back as
    /// `organisationid`).
    public func index(of column: String) -> Int? {
        columns.firstIndex(of: column)
            ?? columns.firstIndex { $0.count == column.count && $0.lowercased() == column.lowercased() }
    }

    /// The value of `column`; a column not in the row is a programming error, said by `SQLError`.
    public func value(_ column: String) throws(SQLError) -> SQLValue {
        guard let i = index(of: column) else {
            throw SQLError(.decoding, "no column \(column) in the row (\(columns.joined(separator: ", ")))")
        }
        return values[i]
    }

    /// The column as `T`; a null or a value of another type throws.
    public func get<T: SQLReadable>(_ column: String, as type: T.Type = T.self) throws(SQLError) -> T {
        let v = try value(column)
        guard let typed = T(sqlValue: v) else {
            throw SQLError(.decoding, "column \(column) holds \(v), not \(T.self)")
        }
        return typed
    }

    /// The column as `T`, nil when it is null.
    public func optional<T: SQLReadable>(_ column: String, as type: T.Type = T.self) throws(SQLError) -> T? {
        let v = try value(column)
        if v == .null { return nil }
        guard let typed = T(sqlValue: v) else {
            throw SQLError(.decoding, "column \(column) holds \(v), not \(T.self)")
        }
        return typed
    }
}

/// A failed statement, by what a caller may do about it.
public struct SQLError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A UNIQUE or PRIMARY KEY constraint refused the row (the same file on two hosts).
        case uniqueViolation
        /// Another constraint (foreign key, NOT NULL, CHECK) refused it.
        case constraint
        /// A serializable transaction lost to a concurrent one, or a deadlock: run it again.
        case retry
        /// Another process holds the lock past the wait (SQLite's busy timeout).
        case busy
        /// The disk is full.
        case diskFull
        /// The server could not be reached, or the connection was lost.
        case connection
        /// The password was refused, or none was given.
        case authentication
        /// A value did not have the type asked for.
        case decoding
        case other
    }
    public var kind: Kind
    public var message: String
    /// SQLSTATE for PostgreSQL, the extended result code for SQLite.
    public var code: String?
    public var underlying: (any Error)?

    public init(_ kind: Kind, _ message: String, code: String? = nil, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
        self.underlying = underlying
    }
    public var description: String { message }
}

/// Statements inside one transaction. `?` marks a bound value in either dialect.
public protocol SQLSession {
    var dialect: SQLDialect { get }
    func execute(_ sql: String, _ arguments: [SQLValue]) throws(SQLError)
    func rows(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow]
    /// `rows`, for a statement run again and again whose plan does not depend on its values
    /// (or is fixed by the transaction's settings): kept prepared on its connection. SQLite
    /// keeps every statement so; PostgreSQL names it, and plans it once when its plan cache
    /// chooses a generic plan.
    func preparedRows(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow]
    /// Every row in turn, without holding them all (a large scan: every sound fingerprint).
    func each(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws
}

extension SQLSession {
    public func execute(_ sql: String, _ arguments: any SQLBindable...) throws(SQLError) {
        try execute(sql, arguments.map(\.sqlValue))
    }
    public func rows(_ sql: String, _ arguments: any SQLBindable...) throws(SQLError) -> [SQLRow] {
        try rows(sql, arguments.map(\.sqlValue))
    }
    public func preparedRows(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow] {
        try rows(sql, arguments)
    }
    public func each(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        for row in try rows(sql, arguments) { try body(row) }
    }
    /// The first row, if any.
    public func row(_ sql: String, _ arguments: any SQLBindable...) throws(SQLError) -> SQLRow? {
        try rows(sql, arguments.map(\.sqlValue)).first
    }
    /// The first column of the first row, nil when there is no row or it is null.
    public func scalar<T: SQLReadable>(_ type: T.Type, _ sql: String, _ arguments: any SQLBindable...)
        throws(SQLError) -> T?
    {
        guard let row = try rows(sql, arguments.map(\.sqlValue)).first, let v = row.values.first, v != .null else {
            return nil
        }
        guard let typed = T(sqlValue: v) else { throw SQLError(.decoding, "\(v) is not \(T.self)") }
        return typed
    }
    /// The first column of every row.
    public func column<T: SQLReadable>(_ type: T.Type, _ sql: String, _ arguments: any SQLBindable...)
        throws(SQLError) -> [T]
    {
        try rows(sql, arguments.map(\.sqlValue)).map { (row: SQLRow) throws(SQLError) -> T in
            guard let v = row.values.first, let typed = T(sqlValue: v) else {
                throw SQLError(.decoding, "\(row.values.first ?? .null) is not \(T.self)")
            }
            return typed
        }
    }
}

/// A catalog's database: transactions on it, from any thread that may block (never the
/// cooperative pool's: the engines' queues call these).
public protocol SQLStore: Sendable {
    var dialect: SQLDialect { get }
    /// A consistent snapshot for the whole body.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// One transaction, as if alone: committed when the body returns, rolled back when it
    /// throws. On PostgreSQL the body may run again after a `retry` (serialization) failure, so
    /// it must not have effects outside the database.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// A write at a weaker isolation, for a short statement that must not wait on or fail with
    /// others (a job claimed with SKIP LOCKED): READ COMMITTED on PostgreSQL.
    func write<T>(isolation: SQLIsolation, _ body: (any SQLSession) throws -> T) throws -> T
    /// Calls `handler` whenever a transaction sends `channel` a notification (PostgreSQL's
    /// LISTEN/NOTIFY, on a connection of its own); nil where the engine has none (SQLite), and
    /// the caller polls.
    func listen(_ channel: String, _ handler: @escaping @Sendable () -> Void) throws -> SQLListener?
}

public enum SQLIsolation: Sendable { case serializable, readCommitted }

/// A listener for an engine's notifications, stopped when asked (or when it is released).
public final class SQLListener: Sendable {
    let stopping: @Sendable () -> Void
    let stopped = Mutex(false)
    public init(stop: @escaping @Sendable () -> Void) { stopping = stop }
    /// Stops listening; once, however often it is asked.
    public func stop() {
        let first = stopped.withLock { done in
            defer { done = true }
            return !done
        }
        if first { stopping() }
    }
    deinit { stop() }
}

extension SQLStore {
    /// SQLite has one writer at a time: every write is serializable.
    public func write<T>(isolation: SQLIsolation, _ body: (any SQLSession) throws -> T) throws -> T {
        try write(body)
    }

    public func listen(_ channel: String, _ handler: @escaping @Sendable () -> Void) throws -> SQLListener? { nil }
}
