import Catalog
import Foundation

/// Slows down password guessing. After a few failures in a quarter of an hour a name at one
/// address must wait before its next attempt, twice as long after each further failure (at
/// most 5 minutes); a name guessed from many addresses, and an address that guesses many
/// names, are held back too, at limits far higher.
///
/// A county office shares one address: one person's typos must not lock out the others. So
/// the address's limit applies only to names that have failed: a correct password from a name
/// that has not failed is never slowed down. A correct password clears the name's count.
///
/// The counts are kept in the catalog, so that desks on several hosts over one catalog hold a
/// guesser back together (a guesser who moves to the other desk finds it knows).
struct LoginThrottle: Sendable {
    struct Rule {
        var freeFailures: Int
        var maximumWait: TimeInterval = 300
    }

    /// How long a failure counts.
    static let window: TimeInterval = 15 * 60

    /// The counters one attempt touches.
    struct Keys: Sendable {
        var nameAtAddress: String
        var name: String
        var address: String
        var all: [String] { [nameAtAddress, name, address] }
    }

    static let nameAtAddressRule = Rule(freeFailures: 3)
    static let nameRule = Rule(freeFailures: 20)
    static let addressRule = Rule(freeFailures: 100)

    let catalog: any UserCatalog

    static func keys(user: String, address: String?) -> Keys {
        let address = address ?? "unknown"
        return Keys(nameAtAddress: "user:\(user)@\(address)", name: "user:\(user)", address: "address:\(address)")
    }

    /// The failures that count now under `keys`.
    struct Counts: Sendable {
        var failures: [String: [Date]]
        let keys: Keys
        let now: Date

        /// Seconds to wait before `keys` may try again (0: now).
        var wait: TimeInterval {
            var seconds = max(
                wait(keys.nameAtAddress, LoginThrottle.nameAtAddressRule), wait(keys.name, LoginThrottle.nameRule))
            if !(failures[keys.name] ?? []).isEmpty {
                seconds = max(seconds, wait(keys.address, LoginThrottle.addressRule))
            }
            return seconds
        }

        /// Whether the address is past its limit: a wrong password from a name that has not
        /// failed yet is then answered as a throttled attempt (the right one still gets in).
        var addressIsHeld: Bool { wait(keys.address, LoginThrottle.addressRule) > 0 }

        private func wait(_ key: String, _ rule: Rule) -> TimeInterval {
            let recent = failures[key] ?? []
            guard recent.count >= rule.freeFailures, let last = recent.last else { return 0 }
            let delay = min(rule.maximumWait, pow(2, Double(recent.count - rule.freeFailures)))
            return max(0, last.addingTimeInterval(delay).timeIntervalSince(now))
        }
    }

    func counts(_ keys: Keys, now: Date) async throws -> Counts {
        Counts(
            failures: try await catalog.loginFailures(keys.all, since: now.addingTimeInterval(-Self.window)),
            keys: keys, now: now)
    }

    func wait(_ keys: Keys, now: Date) async throws -> TimeInterval { try await counts(keys, now: now).wait }

    func addressIsHeld(_ keys: Keys, now: Date) async throws -> Bool {
        try await counts(keys, now: now).addressIsHeld
    }

    func failed(_ keys: Keys, now: Date) async throws {
        try await catalog.recordLoginFailure(keys.all, at: now, forgetBefore: now.addingTimeInterval(-Self.window))
    }

    func succeeded(_ keys: Keys) async throws {
        try await catalog.clearLoginFailures([keys.nameAtAddress, keys.name])
    }
}
