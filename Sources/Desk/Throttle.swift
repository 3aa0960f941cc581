import Foundation

/// Slows down password guessing. After a few failures in a quarter of an hour a name at one
/// address must wait before its next attempt, twice as long after each further failure (at
/// most 5 minutes); a name guessed from many addresses, and an address that guesses many
/// names, are held back too, at limits far higher.
///
/// A county office shares one address: one person's typos must not lock out the others. So
/// the address's limit applies only to names that have failed: a correct password from a name
/// that has not failed is never slowed down. A correct password clears the name's count.
actor LoginThrottle {
    struct Rule {
        var freeFailures: Int
        var window: TimeInterval = 15 * 60
        var maximumWait: TimeInterval = 300
    }

    /// The counters one attempt touches.
    struct Keys: Sendable {
        var nameAtAddress: String
        var name: String
        var address: String
    }

    static let nameAtAddressRule = Rule(freeFailures: 3)
    static let nameRule = Rule(freeFailures: 20)
    static let addressRule = Rule(freeFailures: 100)

    private var failures: [String: [Date]] = [:]

    static func keys(user: String, address: String?) -> Keys {
        let address = address ?? "unknown"
        return Keys(nameAtAddress: "user:\(user)@\(address)", name: "user:\(user)", address: "address:\(address)")
    }

    /// Seconds to wait before `keys` may try again (0: now).
    func wait(_ keys: Keys, now: Date) -> TimeInterval {
        var seconds = max(
            wait(keys.nameAtAddress, Self.nameAtAddressRule, now: now), wait(keys.name, Self.nameRule, now: now))
        if hasFailed(keys.name, now: now) { seconds = max(seconds, wait(keys.address, Self.addressRule, now: now)) }
        return seconds
    }

    /// Whether the address is past its limit: a wrong password from a name that has not failed
    /// yet is then answered as a throttled attempt (the right one still gets in).
    func addressIsHeld(_ keys: Keys, now: Date) -> Bool { wait(keys.address, Self.addressRule, now: now) > 0 }

    func failed(_ keys: Keys, now: Date) {
        for (key, rule) in [
            (keys.nameAtAddress, Self.nameAtAddressRule), (keys.name, Self.nameRule), (keys.address, Self.addressRule),
        ] {
            failures[key] = recent(key, rule, now: now) + [now]
        }
    }

    func succeeded(_ keys: Keys) {
        failures[keys.nameAtAddress] = nil
        failures[keys.name] = nil
    }

    private func recent(_ key: String, _ rule: Rule, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < rule.window }
    }

    private func hasFailed(_ key: String, now: Date) -> Bool { !recent(key, Self.nameRule, now: now).isEmpty }

    private func wait(_ key: String, _ rule: Rule, now: Date) -> TimeInterval {
        let recent = recent(key, rule, now: now)
        guard recent.count >= rule.freeFailures, let last = recent.last else { return 0 }
        let delay = min(rule.maximumWait, pow(2, Double(recent.count - rule.freeFailures)))
        return max(0, last.addingTimeInterval(delay).timeIntervalSince(now))
    }
}
