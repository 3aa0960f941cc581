import Foundation

/// Slows down password guessing: after a few failures in a quarter of an hour, a user name (or
/// an address) must wait before the next attempt, twice as long after each further failure
/// (at most 5 minutes). A correct password clears the name's count.
actor LoginThrottle {
    struct Rule {
        var freeFailures: Int
        var window: TimeInterval = 15 * 60
        var maximumWait: TimeInterval = 300
    }

    private var failures: [String: [Date]] = [:]
    let rules: [String: Rule] = ["user": Rule(freeFailures: 3), "address": Rule(freeFailures: 10)]

    static func keys(user: String, address: String?) -> [(kind: String, key: String)] {
        [("user", "user:" + user), ("address", "address:" + (address ?? "unknown"))]
    }

    /// Seconds to wait before `keys` may try again (0: now).
    func wait(_ keys: [(kind: String, key: String)], now: Date) -> TimeInterval {
        keys.map { kind, key in
            guard let rule = rules[kind] else { return 0 }
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < rule.window }
            guard recent.count >= rule.freeFailures, let last = recent.last else { return 0 }
            let delay = min(rule.maximumWait, pow(2, Double(recent.count - rule.freeFailures)))
            return max(0, last.addingTimeInterval(delay).timeIntervalSince(now))
        }.max() ?? 0
    }

    func failed(_ keys: [(kind: String, key: String)], now: Date) {
        for (kind, key) in keys {
            let window = rules[kind]?.window ?? 900
            failures[key] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window } + [now]
        }
    }

    func succeeded(user key: String) { failures[key] = nil }
}
