import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// The PostgreSQL engine through postgres-nio: a few connections of its own, each used by one
/// transaction at a time, from threads that may block (the engines' queues, ingest's writer):
/// each statement waits for its future, answered on NIO's own event loop threads, so a caller
/// never needs a thread of Swift's cooperative pool to be free.
/// Writes are SERIALIZABLE and run again when they lose to a concurrent one, so that a body
/// sees the catalog as SQLite's single writer would.
public final class PostgresStore: SQLStore {
    public let location: PostgresLocation
    public var dialect: SQLDialect { .postgres }
    let configuration: PostgresConnection.Configuration
    let idle = NIOLockedValueBox<[PooledConnection]>([])
    let logger = Logger(label: "lectern.postgres")
    let nextId = ManagedAtomicCounter()

    /// Connects once to say at once whether the server, the database and the password work.
    public init(_ location: PostgresLocation) throws(SQLError) {
        self.location = location
        configuration = try location.configuration()
        let first = try connect()
        idle.withLockedValue { $0.append(PooledConnection(first)) }
    }

    deinit {
        for c in idle.withLockedValue({ $0 }) { try? c.connection.close().wait() }
    }

    /// Connections still open are closed; the store can be used again afterwards (it reconnects).
    public func close() {
        let all = idle.withLockedValue { list in
            defer { list.removeAll() }
            return list
        }
        for c in all { try? c.connection.close().wait() }
    }

    func connect() throws(SQLError) -> PostgresConnection {
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: nextId.next(),
                logger: logger
            ).wait()
        } catch {
            throw PostgresSession.translate(error, location: location)
        }
    }

    func withConnection<T>(_ body: (PooledConnection) throws -> T) throws -> T {
        let pooled = try idle.withLockedValue { $0.popLast() } ?? PooledConnection(connect())
        do {
            let result = try body(pooled)
            idle.withLockedValue { $0.append(pooled) }
            return result
        } catch {
            // A connection that failed mid-transaction is rolled back and kept only if healthy.
            let connection = pooled.connection
            if !connection.isClosed, (try? connection.query("ROLLBACK", logger: logger).wait()) != nil {
                idle.withLockedValue { $0.append(pooled) }
            }
            throw error
        }
    }

    public func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        do {
            return try readOnce(body)
        } catch let e as SQLError where e.kind == .retry {
            // A prepared statement a migration made stale, forgotten: once more.
            return try readOnce(body)
        }
    }

    private func readOnce<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try withConnection { pooled in
            let session = PostgresSession(
                connection: pooled.connection, prepared: pooled.prepared, logger: logger, location: location)
            // Neither BEGIN nor a read's COMMIT is waited for: the connection runs its statements
            // in order, so the body's first statement waits behind BEGIN and the next borrower's
            // behind COMMIT, and neither can fail but with the connection, which the next
            // statement then reports. A desk's session check is one wait instead of three.
            try session.send("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let result = try body(session)
            try session.send("COMMIT")
            return result
        }
    }

    public func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try write(isolation: .serializable, body)
    }

    public func write<T>(isolation: SQLIsolation, _ body: (any SQLSession) throws -> T) throws -> T {
        let begin =
            isolation == .serializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN ISOLATION LEVEL READ COMMITTED"
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try withConnection { pooled in
                    let session = PostgresSession(
                        connection: pooled.connection, prepared: pooled.prepared, logger: logger, location: location)
                    try session.send(begin)  // a write's COMMIT is waited for: it may lose to another
                    let result = try body(session)
                    try session.execute("COMMIT", [])
                    return result
                }
            } catch let error as SQLError where error.kind == .retry && attempt < 20 {
                // Lost to a concurrent transaction: again, after a short random pause.
                usleep(UInt32.random(in: 1_000...(5_000 * UInt32(attempt))))
            }
        }
    }
}

extension PostgresStore {
    /// A connection of its own that LISTENs on `channel` (a plain name: letters, digits, `_`);
    /// `handler` runs on NIO's thread for each notification. A lost connection ends it: the
    /// caller's polling goes on.
    public func listen(_ channel: String, _ handler: @escaping @Sendable () -> Void) throws -> SQLListener? {
        guard channel.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw SQLError(.other, "not a channel name: \(channel)")
        }
        let connection = try connect()
        let context = connection.addListener(channel: channel) { _, _ in handler() }
        do {
            _ = try connection.query(PostgresQuery(unsafeSQL: "LISTEN \(channel)"), logger: logger).wait()
        } catch {
            try? connection.close().wait()
            throw PostgresSession.translate(error, location: location)
        }
        return SQLListener {
            context.stop()
            let closed: EventLoopFuture<Void> = connection.close()
            if connection.eventLoop.inEventLoop {
                // The connection is kept until it has closed (freed before, it asserts).
                closed.whenComplete { _ in withExtendedLifetime(connection) {} }
            } else {
                try? closed.wait()
            }
        }
    }
}

/// Connection ids for postgres-nio's logs.
final class ManagedAtomicCounter: Sendable {
    let value = NIOLockedValueBox(0)
    func next() -> Int {
        value.withLockedValue {
            $0 += 1; return $0
        }
    }
}
