import Foundation
import LecternCore
import SQLStore

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
    static func peopleRecords(_ s: any SQLSession, roles: PersonRoles) throws -> PeopleRecords {
        var r = PeopleRecords()
        r.people = try personViews(s, where: nil, [], order: "p.id")
        func links(_ table: SpeakerTable) throws -> [Int64: [Int64]] {
            var out: [Int64: [Int64]] = [:]
            for row in try s.rows(
                "SELECT \(table.key) AS item, personId FROM \(table.rawValue) ORDER BY item, position")
            {
                out[try row.get("item"), default: []].append(try row.get("personId"))
            }
            return out
        }
        r.lectureSpeakers = try links(.lecture)
        r.activitySpeakers = try links(.activity)
        r.memberCounts = try memberCounts(s)
        r.orders = try orderViews(s, where: nil, [])
        r.roles = roles.roles.map(\.name)
        return r
    }
}
