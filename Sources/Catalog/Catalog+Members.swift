import Foundation
import GRDB
import LecternCore
import SQLStore

/// An organisation's member count (党员人数) from a day on.
public struct MemberCount: Codable, Sendable, Equatable {
    public var organisationId: String
    public var organisation: String
    /// yyyy-MM-dd: the count holds from this day until the next one recorded.
    public var day: String
    public var count: Int
}

extension Catalog {
    /// Records that `organisation` has `count` members from `day` on (a second count for the
    /// same day replaces the first), with an audit event.
    public func setMemberCount(organisation: String, count: Int, day: String, actor: String, now: Date) throws {
        do {
            try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                let found = try Self.organisations(s, named: organisation)
                guard let org = found.onlyElement else {
                    throw CatalogError(.notFound, Self.organisationProblem(organisation, found: found) ?? organisation)
                }
                if let scope = try Self.scope(s, actor: actor), !(try Self.subtreeIds(s, of: scope).contains(org.id)) {
                    throw AccessDenied("用户「\(actor)」只能登记自己所辖组织的党员人数，「\(org.name)」不在其中")
                }
                guard LectureDay.valid(day) else {
                    throw CatalogError(.invalid, "「\(day)」不是日期；可以写 \(TypedDay.examples)")
                }
                guard count >= 0 else { throw CatalogError(.invalid, "党员人数不能是负数") }
                let old = try s.scalar(
                    Int.self, "SELECT count FROM memberCount WHERE organisationId = ? AND day = ?", org.id, day)
                // The same upsert on both engines (SQLite 3.24+, PostgreSQL 9.5+).
                try s.execute(
                    """
                    INSERT INTO memberCount (organisationId, day, count) VALUES (?, ?, ?)
                    ON CONFLICT (organisationId, day) DO UPDATE SET count = excluded.count
                    """, org.id, day, count)
                _ = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "memberCount", lectureId: nil, versionId: nil, from: nil,
                    to: nil,
                    note: "\(org.name) 自 \(day) 起党员 \(count) 人" + (old.map { "（原登记 \($0) 人）" } ?? ""))
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    /// Every count recorded, by organisation and day: of a subtree, or all.
    public func memberCounts(organisation: String? = nil) throws -> [MemberCount] {
        var ids: Set<String>?
        if let organisation {
            guard let root = try resolveOrganisation(organisation) else {
                throw CatalogError(.notFound, "没有找到组织「\(organisation)」")
            }
            ids = Set(try organisationSubtree(of: root.id))
        }
        return try store.read { s in try Self.memberCounts(s) }.filter { ids?.contains($0.organisationId) ?? true }
    }

    static func memberCounts(_ s: any SQLSession) throws -> [MemberCount] {
        try s.records(
            MemberCount.self,
            """
            SELECT m.organisationId, o.name AS organisation, m.day, m.count
            FROM memberCount m JOIN organisation o ON o.id = m.organisationId ORDER BY m.organisationId, m.day
            """)
    }

}

extension Array where Element == MemberCount {
    /// The members of each organisation on `day` (the latest count recorded on or before it).
    public func onDay(_ day: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for c in self where c.day <= day { out[c.organisationId] = c.count }  // sorted by day
        return out
    }
}
