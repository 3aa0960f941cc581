import Foundation
import GRDB
import LecternCore

public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"
    public var name: String
    public var role: UserRole
    /// A reviewer's (or staff member's) organisation: they act on its subtree. nil: everything.
    public var organisationId: String?
    public var createdAt: Date
}

extension Catalog {
    static func migrateUsers(_ db: Database) throws {
        try db.create(table: "user") { t in
            t.primaryKey("name", .text)
            t.column("role", .text).notNull()
            t.column("organisationId", .text).references("organisation")
            t.column("createdAt", .datetime).notNull()
        }
    }

    public func users() throws -> [UserRecord] {
        try pool.read { db in try UserRecord.order(Column("name")).fetchAll(db) }
    }

    /// Adds a user. The first one must be an admin; after that only admins add users.
    public func addUser(_ name: String, role: UserRole, organisation: String?, actor: String, now: Date) throws {
        let orgId = try organisation.map { value -> String in
            guard let org = try resolveOrganisation(value) else { throw CatalogError(.notFound, "没有找到组织「\(value)」") }
            return org.id
        }
        try pool.write { db in
            let count = try UserRecord.fetchCount(db)
            if count == 0 && role != .admin {
                throw CatalogError(.invalid, "第一个用户必须是管理员（--role admin）：添加后，所有操作都需要已登记的用户")
            }
            if count > 0 { try Self.authorize(db, actor: actor, .manageUsers, lectureId: nil, now: now) }
            if try UserRecord.fetchOne(db, key: name) != nil { throw CatalogError(.exists, "用户 \(name) 已存在") }
            try UserRecord(name: name, role: role, organisationId: orgId, createdAt: now).insert(db)
            try AuditEventRecord.append(
                db, at: now, actor: actor, action: "userAdd", lectureId: nil, versionId: nil,
                from: nil, to: role.rawValue, note: "\(name)" + (orgId.map { "（\($0)）" } ?? ""))
        }
    }

    /// Throws when `actor` may not do `permission` (on `lectureId`, for a scoped user). With no
    /// users yet, everyone is the local administrator.
    public func authorize(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date) throws {
        do {
            try checkAuthorization(actor, permission, lectureId: lectureId, now: now)
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: lectureId, now: now)
            throw refusal
        }
    }

    /// Whether `actor` may do `permission` on `lectureId`, without recording anything: what a page
    /// asks before it offers a link or a button (the action itself still calls `authorize`).
    public func permits(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date) -> Bool {
        (try? pool.read { db in try Self.authorize(db, actor: actor, permission, lectureId: lectureId, now: now) })
            != nil
    }

    /// The check alone (a read), without auditing a refusal.
    func checkAuthorization(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date) throws {
        try pool.read { db in try Self.authorize(db, actor: actor, permission, lectureId: lectureId, now: now) }
    }

    /// A refused attempt is audited in its own transaction (the refused change never happens).
    func recordRefusal(_ refusal: AccessDenied, actor: String, lectureId: Int64?, now: Date) throws {
        try pool.write { db in
            try AuditEventRecord.append(
                db, at: now, actor: actor, action: "refused", lectureId: lectureId, versionId: nil,
                from: nil, to: nil, note: refusal.message)
        }
    }

    static func authorize(
        _ db: Database, actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date
    ) throws {
        guard try UserRecord.fetchCount(db) > 0 else { return }
        guard let user = try UserRecord.fetchOne(db, key: actor) else {
            throw AccessDenied("用户「\(actor)」未登记（用 --as 或 LECTERN_USER 指定已登记的用户）")
        }
        let role = user.role
        guard role.may(permission) else {
            throw AccessDenied("\(role.chinese)「\(actor)」无权\(permission.chinese)")
        }
        if role != .admin, let scope = user.organisationId, let lectureId {
            let inScope =
                try Bool.fetchOne(
                    db,
                    sql: """
                        WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT o.id FROM organisation o JOIN sub ON o.parentId = sub.id)
                        SELECT EXISTS (SELECT 1 FROM lecture WHERE id = ? AND organisationId IN (SELECT id FROM sub))
                        """, arguments: [scope, lectureId]) ?? false
            if !inScope {
                let name =
                    try String.fetchOne(db, sql: "SELECT name FROM organisation WHERE id = ?", arguments: [scope])
                    ?? scope
                throw AccessDenied("\(role.chinese)「\(actor)」只能处理「\(name)」及其下级组织的节目")
            }
        }
    }
}

public struct AccessDenied: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
