import Foundation
import LecternCore

/// One worker as the pipeline sees it: a request in, its answer out, in order. Never throws:
/// failures come back as the response's `error`.
public protocol WorkerSessionProtocol: AnyObject {
    func call(_ request: WorkerRequest) -> WorkerResponse
}

extension WorkerSession: WorkerSessionProtocol {}

/// Runs work items on worker sessions and hands each result to `handle`, one at a time, as
/// they finish. `WorkerPool` is the real one (processes, threads); `EmbeddedWorkerPool` runs
/// in process for tests.
public protocol WorkerRunner: Sendable {
    func run<Item: Sendable, Output: Sendable>(
        _ items: [Item], shouldContinue: @escaping @Sendable () -> Bool,
        work: @escaping @Sendable (Item, any WorkerSessionProtocol) -> Output,
        handle: @escaping @Sendable (Item, Output) -> Void
    )
}

extension WorkerPool: WorkerRunner {}

/// The worker pipeline without processes, the way swift-nio ships NIOEmbedded: items run one
/// after another on the calling thread, and every request is answered by `respond`, a
/// stand-in for `lectern-worker` that a test writes (copy the file, say what FFmpeg would).
/// The requests are kept, in order, for the test to look at.
public final class EmbeddedWorkerPool: WorkerRunner, @unchecked Sendable {
    private let respond: @Sendable (WorkerRequest) -> WorkerResponse
    private let lock = NSLock()
    private var recorded: [WorkerRequest] = []

    public init(respond: @escaping @Sendable (WorkerRequest) -> WorkerResponse) { self.respond = respond }

    /// Every request made so far, in order.
    public var requests: [WorkerRequest] { lock.withLock { recorded } }

    public func run<Item: Sendable, Output: Sendable>(
        _ items: [Item], shouldContinue: @escaping @Sendable () -> Bool = { true },
        work: @escaping @Sendable (Item, any WorkerSessionProtocol) -> Output,
        handle: @escaping @Sendable (Item, Output) -> Void
    ) {
        let session = Session(pool: self)
        for item in items {
            guard shouldContinue() else { return }
            handle(item, work(item, session))
        }
    }

    final class Session: WorkerSessionProtocol {
        let pool: EmbeddedWorkerPool
        init(pool: EmbeddedWorkerPool) { self.pool = pool }

        func call(_ request: WorkerRequest) -> WorkerResponse {
            pool.lock.withLock { pool.recorded.append(request) }
            var response = pool.respond(request)
            response.id = request.id
            return response
        }
    }
}
