import Foundation
import GRDB
import LecternCore

/// The register as the reports read it: people, who spoke where, member counts, orders.
public struct PeopleRecords: Sendable {
    public var people: [PersonView] = []
    /// Lecture id → its speakers' person ids, in order.
    public var lectureSpeakers: [Int64: [Int64]] = [:]
    public var activitySpeakers: [Int64: [Int64]] = [:]
    public var memberCounts: [MemberCount] = []
    public var orders: [OrderView] = []
    /// The library's roles, in the order lectern.toml lists them.
    public var roles: [String] = PersonRoles.standard.roles.map(\.name)
    public init() {}
}

extension Catalog {
    static func peopleRecords(_ db: Database, roles: PersonRoles) throws -> PeopleRecords {
        var r = PeopleRecords()
        r.people = try personViews(db, where: nil, [], order: "p.id")
        func links(_ table: SpeakerTable) throws -> [Int64: [Int64]] {
            Dictionary(
                grouping: try Row.fetchAll(
                    db, sql: "SELECT \(table.key) AS item, personId FROM \(table.rawValue) ORDER BY item, position"),
                by: { $0["item"] as Int64 }
            ).mapValues { $0.map { $0["personId"] as Int64 } }
        }
        r.lectureSpeakers = try links(.lecture)
        r.activitySpeakers = try links(.activity)
        r.memberCounts = try memberCounts(db)
        r.orders = try orderViews(db, where: nil, [])
        r.roles = roles.roles.map(\.name)
        return r
    }
}
