import Dispatch

/// Work that blocks a thread (bcrypt) runs on Dispatch's threads, off Swift's cooperative
/// pool, whose few threads must stay free for requests.
enum Blocking {
    static let queue = DispatchQueue(label: "lectern.desk.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
