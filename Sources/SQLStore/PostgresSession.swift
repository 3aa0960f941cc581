import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// Statements on one PostgreSQL connection, inside the store's transaction.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let prepared: PreparedStatements
    let logger: Logger
    let location: PostgresLocation
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) {
        _ = try run(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow] {
        try Self.rows(run(sql, arguments))
    }

    /// `binary`: every cell is in binary form, whatever its description says (a prepared
    /// statement's rows: postgres-nio asks for binary but keeps the statement's description).
    static func rows(_ rows: [PostgresRow], binary: Bool = false) throws(SQLError) -> [SQLRow] {
        guard let first = rows.first else { return [] }
        let columns = first.map(\.columnName)
        return try rows.map { (row: PostgresRow) throws(SQLError) -> SQLRow in
            var values: [SQLValue] = []
            values.reserveCapacity(columns.count)
            for cell in row {
                let cell =
                    binary
                    ? PostgresCell(
                        bytes: cell.bytes, dataType: cell.dataType, format: .binary, columnName: cell.columnName,
                        columnIndex: cell.columnIndex) : cell
                values.append(try Self.value(cell))
            }
            return SQLRow(columns: columns, values: values)
        }
    }

    func run(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [PostgresRow] {
        var binds = PostgresBindings(capacity: arguments.count)
        for a in arguments {
            switch a {
            case .null: binds.appendNull()
            case .integer(let i): binds.append(i)
            case .real(let d): binds.append(d)
            case .text(let s): binds.append(s)
            case .blob(let b): binds.append(ByteBuffer(bytes: b))
            }
        }
        let query = PostgresQuery(unsafeSQL: Placeholders.numbered(sql), binds: binds)
        return try answer(connection.query(query, logger: logger).map(\.rows))
    }

    /// Waits for `future`. A query written to a connection the server has closed is dropped,
    /// its future never answered (postgres-nio writes it without a promise): a closed
    /// connection is said to be one at once, and no statement waits longer than
    /// `statementTimeout`.
    func answer<T: Sendable>(_ future: @autoclosure () -> EventLoopFuture<T>) throws(SQLError) -> T {
        guard !connection.isClosed else {
            throw SQLError(.connection, "与 PostgreSQL（\(location.display)）的连接已断开")
        }
        let answer = connection.eventLoop.makePromise(of: T.self)
        let answered = NIOLockedValueBox(false)
        let connection = self.connection
        let location = self.location
        let timeout = connection.eventLoop.scheduleTask(in: .seconds(Self.statementTimeout)) {
            guard Self.first(answered) else { return }
            answer.fail(SQLError(.connection, "PostgreSQL（\(location.display)）\(Self.statementTimeout) 秒没有回应"))
            let _: EventLoopFuture<Void> = connection.close()
        }
        future().whenComplete { result in
            guard Self.first(answered) else { return }
            timeout.cancel()
            answer.completeWith(result)
        }
        do {
            return try answer.futureResult.wait()
        } catch {
            throw Self.translate(error, location: location)
        }
    }

    /// Sends a statement without waiting for its answer (BEGIN, a read's COMMIT): statements
    /// on one connection run in order, so the next one waits behind it. Only a closed
    /// connection is refused here; a failure later is the connection's, met by what follows.
    func send(_ sql: String) throws(SQLError) {
        guard !connection.isClosed else {
            throw SQLError(.connection, "与 PostgreSQL（\(location.display)）的连接已断开")
        }
        let logger = self.logger
        connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).whenFailure { error in
            logger.debug("\(sql): \(error)")
        }
    }

    /// True for the first of the two (the answer, the timeout) to ask.
    static func first(_ flag: NIOLockedValueBox<Bool>) -> Bool {
        flag.withLockedValue { done in
            let was = done
            done = true
            return !was
        }
    }

    /// The longest a statement may take before its connection is given up as dead.
    static let statementTimeout: Int64 = 120

    static func value(_ cell: PostgresCell) throws(SQLError) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8, .oid: return .integer(try cell.decode(Int64.self))
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .numeric:
                // A SUM of integers, an AVG: a whole number stays one.
                let d = NSDecimalNumber(decimal: try cell.decode(Decimal.self))
                let whole = d.int64Value
                return NSDecimalNumber(value: whole) == d ? .integer(whole) : .real(d.doubleValue)
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
            case .timestamptz, .timestamp, .date: return .text(SQLDates.format(try cell.decode(Date.self)))
            default: return .text(try cell.decode(String.self))
            }
        } catch {
            throw SQLError(.decoding, "column \(cell.columnName) (\(cell.dataType)): \(error)", underlying: error)
        }
    }

    /// postgres-nio's errors as `SQLError`s, by kind, with the server's message.
    static func translate(_ error: any Error, location: PostgresLocation) -> SQLError {
        if let e = error as? SQLError { return e }
        // A prepared statement's errors come in postgres-nio's older type, with the same fields.
        if let e = error as? PostgresError {
            switch e {
            case .server(let m):
                return classified(
                    state: m.fields[.sqlState], message: m.fields[.message] ?? "\(e)", location: location, error: e)
            case .connectionClosed:
                return SQLError(.connection, "与 PostgreSQL（\(location.display)）的连接已断开", underlying: e)
            case .protocol:
                return SQLError(.other, "\(e)", underlying: e)
            }
        }
        guard let e = error as? PSQLError else { return SQLError(.other, "\(error)", underlying: error) }
        let state = e.serverInfo?[.sqlState]
        let message = e.serverInfo?[.message] ?? "\(e.code)"
        switch e.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .sslUnsupported:
            return SQLError(
                .connection, "无法连接 PostgreSQL（\(location.display)）：\(e.underlying.map { "\($0)" } ?? "\(e.code)")",
                underlying: e)
        case .authMechanismRequiresPassword:
            return SQLError(
                .authentication, "PostgreSQL（\(location.display)）要求密码：请设置环境变量 PGPASSWORD，或写入 ~/.pgpass",
                underlying: e)
        default: break
        }
        return classified(state: state, message: message, location: location, error: e)
    }

    /// A server's error by its SQLSTATE.
    static func classified(state: String?, message: String, location: PostgresLocation, error: any Error) -> SQLError {
        let kind: SQLError.Kind =
            switch state {
            case "23505": .uniqueViolation
            case let s? where s.hasPrefix("23"): .constraint
            case "40001", "40P01": .retry
            // The server shutting down or starting up, a connection broken: try again later.
            case let s? where s.hasPrefix("08") || s.hasPrefix("57P"): .connection
            case "53100": .diskFull
            case "28P01", "28000": .authentication
            default: .other
            }
        if kind == .authentication {
            return SQLError(
                kind, "PostgreSQL（\(location.display)）拒绝了用户 \(location.user) 的密码（PGPASSWORD 或 ~/.pgpass）：\(message)",
                code: state, underlying: error)
        }
        return SQLError(kind, message, code: state, underlying: error)
    }
}

/// `?` placeholders, as both dialects are written here, to PostgreSQL's `$1, $2, …`; a `?`
/// inside a string literal, a quoted name or a comment stays as it is.
enum Placeholders {
    /// With `types`, the n-th is cast to the n-th type there (`$1::int8`), where it has one.
    static func numbered(_ sql: String, types: [String?] = []) -> String {
        guard sql.contains("?") else { return sql }
        var out = "", n = 0
        var quote: Character? = nil, lineComment = false
        var previous: Character = " "
        for ch in sql {
            if lineComment {
                if ch == "\n" { lineComment = false }
            } else if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "-" && previous == "-" {
                lineComment = true
            } else if ch == "?" {
                n += 1
                out += "$\(n)"
                if n <= types.count, let type = types[n - 1] { out += "::" + type }
                previous = ch
                continue
            }
            out.append(ch)
            previous = ch
        }
        return out
    }
}
