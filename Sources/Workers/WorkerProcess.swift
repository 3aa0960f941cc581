import Foundation
import LecternCore

/// One running `lectern-worker` and the two pipes to it. Used by one thread at a time.
final class WorkerProcess {
    let process: Process
    private let input: FileHandle
    /// The read end of the worker's stdout; `output` is its descriptor, read with poll(2).
    private let outputHandle: FileHandle
    private var output: Int32 { outputHandle.fileDescriptor }
    private var buffer = [UInt8]()

    /// Starts the worker and reads its hello line.
    init(executable: URL, arguments: [String], startTimeout: Double = 20) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdinPipe = Pipe(), stdoutPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = FileHandle.standardError
        try process.run()
        input = stdinPipe.fileHandleForWriting
        outputHandle = stdoutPipe.fileHandleForReading
        guard case .line(let line) = readLine(timeout: startTimeout),
            let hello = try? JSONDecoder().decode(WorkerHello.self, from: Data(line))
        else {
            stop()
            throw WorkerPoolError.workerDidNotStart(executable.path)
        }
        guard hello.protocolVersion == WorkerProtocol.version else {
            stop()
            throw WorkerPoolError.protocolMismatch(expected: WorkerProtocol.version, found: hello.protocolVersion)
        }
    }

    deinit { stop() }

    /// Sends one request line; false when the worker is gone.
    func send(_ data: Data) -> Bool {
        var line = data
        line.append(0x0A)
        return line.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(input.fileDescriptor, base + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    enum ReadResult { case line([UInt8]), timedOut, closed }

    /// The next line the worker writes, waiting at most `timeout` seconds.
    func readLine(timeout: Double) -> ReadResult {
        let end = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return .line(line)
            }
            let remaining = end.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var pfd = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(remaining, 3600) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { raw in raw.baseAddress.map { Glibc.read(output, $0, raw.count) } ?? 0
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .closed }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Kills the worker (SIGKILL: a hung decoder ignores politer signals) and reaps it.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? input.close()
        process.waitUntilExit()
    }

    /// How the worker ended, for the error message: "信号 11" or "退出码 3".
    var endDescription: String {
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { return "信号 \(process.terminationStatus)" }
        return "退出码 \(process.terminationStatus)"
    }
}
