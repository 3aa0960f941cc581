import Synchronization

/// A dictionary shared by a desk's requests that forgets everything when it holds more than
/// `capacity` entries (a desk has a few hundred users; the rest is read or made again).
final class BoundedMap<Value: Sendable>: Sendable {
    static var capacity: Int { 10_000 }
    private let entries = Mutex<[String: Value]>([:])

    subscript(key: String) -> Value? { entries.withLock { $0[key] } }

    func set(_ key: String, _ value: Value) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = value
        }
    }

    func remove(_ key: String) { entries.withLock { _ = $0.removeValue(forKey: key) } }
}
