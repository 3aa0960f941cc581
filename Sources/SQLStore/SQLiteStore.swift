import Foundation
import GRDB

/// The SQLite engine through GRDB: the catalog's pool (WAL, one writer at a time).
public final class SQLiteStore: SQLStore {
    public let writer: any DatabaseWriter
    public var dialect: SQLDialect { .sqlite }

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        do { return try writer.read { db in try body(SQLiteSession(db: db)) } } catch { throw Self.translate(error) }
    }

    public func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        do { return try writer.write { db in try body(SQLiteSession(db: db)) } } catch { throw Self.translate(error) }
    }

    /// GRDB's errors as `SQLError`s, by kind; others pass through.
    static func translate(_ error: any Error) -> any Error {
        guard let e = error as? DatabaseError else { return error }
        let kind: SQLError.Kind
        switch e.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY: kind = .uniqueViolation
        default:
            switch e.resultCode {
            case .SQLITE_CONSTRAINT: kind = .constraint
            case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
            case .SQLITE_FULL: kind = .diskFull
            default: kind = .other
            }
        }
        return SQLError(
            kind, e.message ?? "\(e)", code: String(e.extendedResultCode.rawValue), underlying: e)
    }
}

/// Statements on a GRDB connection, inside the store's transaction.
public struct SQLiteSession: SQLSession {
    public let db: Database
    public var dialect: SQLDialect { .sqlite }

    /// A session over a GRDB connection already inside a transaction (a body not yet moved
    /// onto `SQLStore` calling one that has).
    public init(db: Database) { self.db = db }

    public func execute(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) {
        do {
            // One statement is prepared once per connection and kept, as `rows` does; a script
            // of several (a migration's) is run as it is.
            if sql.contains(";") {
                try db.execute(sql: sql, arguments: Self.arguments(arguments))
            } else {
                try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            }
        } catch {
            throw SQLiteStore.translate(error) as? SQLError ?? SQLError(.other, "\(error)", underlying: error)
        }
    }

    public func rows(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow] {
        do {
            // Prepared once per connection and kept (GRDB's cache): most statements are asked often.
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments))
            guard let first = rows.first else { return [] }
            let columns = Array(first.columnNames)
            return rows.map { row in SQLRow(columns: columns, values: row.databaseValues.map(Self.value)) }
        } catch {
            throw SQLiteStore.translate(error) as? SQLError ?? SQLError(.other, "\(error)", underlying: error)
        }
    }

    public func each(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        do {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments))
            var columns: [String]?
            while let row = try rows.next() {
                let names = columns ?? Array(row.columnNames)
                columns = names
                // The row's values are SQLite's until the next step: copied into `SQLValue`s.
                try body(SQLRow(columns: names, values: row.databaseValues.map(Self.value)))
            }
        } catch let e as DatabaseError {
            throw SQLiteStore.translate(e)
        }
    }

    public static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(
            values.map { v -> DatabaseValue in
                switch v {
                case .null: .null
                case .integer(let i): i.databaseValue
                case .real(let d): d.databaseValue
                case .text(let s): s.databaseValue
                case .blob(let b): Data(b).databaseValue
                }
            })
    }

    static func value(_ v: DatabaseValue) -> SQLValue {
        switch v.storage {
        case .null: .null
        case .int64(let i): .integer(i)
        case .double(let d): .real(d)
        case .string(let s): .text(s)
        case .blob(let b): .blob([UInt8](b))
        }
    }
}
