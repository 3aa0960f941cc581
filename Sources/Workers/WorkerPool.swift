import Foundation
import LecternCore
import Logging

public enum WorkerPoolError: Error, CustomStringConvertible {
    case workerNotFound(String)
    case workerDidNotStart(String)
    case protocolMismatch(expected: Int, found: Int)

    public var description: String {
        switch self {
        case .workerNotFound(let path): "找不到工作进程程序 lectern-worker（查找位置：\(path)）"
        case .workerDidNotStart(let path): "工作进程 \(path) 未能启动"
        case .protocolMismatch(let e, let f): "工作进程协议版本不符（需要 \(e)，实际 \(f)）：请重新编译"
        }
    }
}

/// Runs jobs on N `lectern-worker` processes, one file at a time each. A worker that crashes
/// or misses its deadline is killed, its file is reported as failed (`corrupt` or `timedOut`),
/// and a new worker takes the next file. Results are handed to `handle` one at a time, in
/// the order they finish, on the pool's threads.
public final class WorkerPool: Sendable {
    public let executable: URL
    public let jobs: Int
    public let verbose: Bool
    public let memoryLimitMB: Int?
    /// Added to a request's own deadline before the supervisor gives up on the worker: the
    /// worker's in-FFmpeg deadline normally fires first and reports a clean `timedOut`.
    public let grace: Double
    let logger = Logger(label: "lectern.workers")

    public init(
        executable: URL? = nil, jobs: Int? = nil, verbose: Bool = false, memoryLimitMB: Int? = 2048,
        grace: Double = 5
    ) throws {
        let exe = try executable ?? WorkerPool.defaultExecutable()
        guard FileManager.default.isExecutableFile(atPath: exe.path) else {
            throw WorkerPoolError.workerNotFound(exe.path)
        }
        self.executable = exe
        self.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        self.verbose = verbose
        self.memoryLimitMB = memoryLimitMB
        self.grace = grace
    }

    /// `$LECTERN_WORKER`, else `lectern-worker` beside the running executable.
    public static func defaultExecutable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["LECTERN_WORKER"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let me = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        return me.deletingLastPathComponent().appendingPathComponent("lectern-worker")
    }

    var workerArguments: [String] {
        var args: [String] = []
        if verbose { args.append("--verbose") }
        if let mb = memoryLimitMB { args += ["--memory-limit-mb", String(mb)] }
        return args
    }

    /// Runs every request; returns when all have answered. `handle` is never called concurrently.
    public func run(_ requests: [WorkerRequest], handle: @escaping @Sendable (WorkerRequest, WorkerResponse) -> Void) {
        run(requests, work: { request, session in session.call(request) }, handle: handle)
    }

    /// Runs `work` for every item on the pool's threads, each thread with its own worker
    /// (`session`), and hands the results to `handle`, one at a time, as they finish.
    /// Items not yet started when `shouldContinue` turns false are left out (Ctrl-C).
    public func run<Item: Sendable, Output: Sendable>(
        _ items: [Item], shouldContinue: @escaping @Sendable () -> Bool = { true },
        work: @escaping @Sendable (Item, any WorkerSessionProtocol) -> Output,
        handle: @escaping @Sendable (Item, Output) -> Void
    ) {
        signal(SIGPIPE, SIG_IGN)
        let state = Shared(items: items, shouldContinue: shouldContinue)
        let group = DispatchGroup()
        for _ in 0..<min(jobs, max(1, items.count)) {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                let session = WorkerSession(pool: self)
                while let item = state.next() {
                    let output = work(item, session)
                    state.deliver { handle(item, output) }
                }
                session.close()
            }
        }
        group.wait()
    }

    /// One request on this thread's worker, starting or restarting it as needed.
    func perform(_ request: WorkerRequest, worker: inout WorkerProcess?) -> WorkerResponse {
        if worker == nil || worker?.process.isRunning != true {
            do {
                worker = try WorkerProcess(executable: executable, arguments: workerArguments)
            } catch {
                return WorkerResponse(id: request.id, error: .internal("\(error)"))
            }
        }
        guard let w = worker, let data = try? JSONEncoder().encode(request), w.send(data) else {
            let how = worker?.endDescription ?? "未启动"
            worker?.stop()
            worker = nil
            return WorkerResponse(id: request.id, error: .internal("工作进程在接收任务前退出（\(how)）"))
        }
        switch w.readLine(timeout: request.timeoutSeconds + grace) {
        case .line(let line):
            if let response = try? JSONDecoder().decode(WorkerResponse.self, from: Data(line)),
                response.id == request.id
            {
                return response
            }
            w.stop()
            worker = nil
            return WorkerResponse(id: request.id, error: .internal("工作进程返回了无法识别的结果（协议不符）"))
        case .timedOut:
            logger.warning("worker \(w.process.processIdentifier) missed its deadline on \(request.file); killed")
            w.stop()
            worker = nil
            return WorkerResponse(id: request.id, error: .timedOut(seconds: request.timeoutSeconds))
        case .closed:
            let how = w.endDescription
            logger.warning("worker \(w.process.processIdentifier) died (\(how)) on \(request.file)")
            worker = nil
            return WorkerResponse(
                id: request.id,
                error: MediaFailure(
                    .corrupt, "解码时工作进程崩溃（\(how)），文件可能已损坏"))
        }
    }

    /// The queue of items and the lock that serialises `handle`.
    final class Shared<Item>: @unchecked Sendable {
        private let lock = NSLock()
        private let deliverLock = NSLock()
        private let items: [Item]
        private let shouldContinue: @Sendable () -> Bool
        private var position = 0

        init(items: [Item], shouldContinue: @escaping @Sendable () -> Bool) {
            self.items = items
            self.shouldContinue = shouldContinue
        }

        func next() -> Item? {
            lock.lock()
            defer { lock.unlock() }
            guard position < items.count, shouldContinue() else { return nil }
            position += 1
            return items[position - 1]
        }

        func deliver(_ body: () -> Void) {
            deliverLock.lock()
            defer { deliverLock.unlock() }
            body()
        }
    }
}

/// One pool thread's worker: requests on it run one after another, and a worker that died
/// is replaced before the next one.
public final class WorkerSession {
    let pool: WorkerPool
    var worker: WorkerProcess?
    private var serial = 0

    init(pool: WorkerPool) { self.pool = pool }

    /// Sends one request and waits for its answer (or the deadline); never throws: failures
    /// come back as the response's `error`.
    public func call(_ request: WorkerRequest) -> WorkerResponse {
        serial += 1
        var numbered = request
        numbered.id = serial
        var response = pool.perform(numbered, worker: &worker)
        response.id = request.id
        return response
    }

    func close() { worker?.stop() }
}
