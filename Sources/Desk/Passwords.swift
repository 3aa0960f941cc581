import Catalog
import Foundation
import HummingbirdBcrypt

/// bcrypt (hummingbird-auth) for the catalog's passwords. `lectern user passwd` and the
/// login page use it; the catalog only stores and compares what it gives.
public struct BcryptHasher: PasswordHasher {
    /// bcrypt's work factor: about 0.2 s per check on these machines.
    public static let defaultCost: UInt8 = 11
    public let cost: UInt8

    public init(cost: UInt8 = BcryptHasher.defaultCost) { self.cost = cost }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, against hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    public var decoyHash: String { Self.decoy }
    private static let decoy = Bcrypt.hash(UUID().uuidString, cost: defaultCost)
}
