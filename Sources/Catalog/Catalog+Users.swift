import Foundation
import GRDB
import LecternCore
import SQLStore

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
        try store.read { s in
            try s.rows("SELECT \(UserRecord.columns) FROM \"user\" ORDER BY name").map(UserRecord.init)
        }
    }

    /// Adds a user. The first one must be an admin; after that only admins add users.
    public func addUser(_ name: String, role: UserRole, organisation: String?, actor: String, now: Date) throws {
        let orgId = try organisation.map { value -> String in
            guard let org = try resolveOrganisation(value) else { throw CatalogError(.notFound, "没有找到组织「\(value)」") }
            return org.id
        }
        try store.write { s in
            let count = try s.scalar(Int.self, "SELECT COUNT(*) FROM \"user\"") ?? 0
            if count == 0 && role != .admin {
                throw CatalogError(.invalid, "第一个用户必须是管理员（--role admin）：添加后，所有操作都需要已登记的用户")
            }
            if count > 0 { try Self.authorize(s, actor: actor, .manageUsers, lectureId: nil, now: now) }
            if try UserRecord.named(name, s) != nil { throw CatalogError(.exists, "用户 \(name) 已存在") }
            try s.execute(
                "INSERT INTO \"user\" (name, role, organisationId, createdAt) VALUES (?, ?, ?, ?)", name, role.rawValue,
                orgId, now)
            try AuditEventRecord.append(
                s, at: now, actor: actor, action: "userAdd", lectureId: nil, versionId: nil,
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
        (try? checkAuthorization(actor, permission, lectureId: lectureId, now: now)) != nil
    }

    /// The check alone (a read), without auditing a refusal.
    func checkAuthorization(_ actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date) throws {
        try store.read { s in try Self.authorize(s, actor: actor, permission, lectureId: lectureId, now: now) }
    }

    /// A refused attempt is audited in its own transaction (the refused change never happens).
    func recordRefusal(_ refusal: AccessDenied, actor: String, lectureId: Int64?, now: Date) throws {
        try store.write { s in
            try AuditEventRecord.append(
                s, at: now, actor: actor, action: "refused", lectureId: lectureId, versionId: nil,
                from: nil, to: nil, note: refusal.message)
        }
    }

    static func authorize(
        _ s: any SQLSession, actor: String, _ permission: UserRole.Permission, lectureId: Int64?, now: Date
    ) throws {
        // Whether anyone is registered, and the actor, in one statement: every page and command
        // asks this, and on PostgreSQL each statement is a round trip.
        let row = try s.row(
            """
            SELECT c.users, u.name, u.role, u.organisationId, u.createdAt
            FROM (SELECT COUNT(*) AS users FROM "user") c LEFT JOIN "user" u ON u.name = ?
            """, actor)
        guard let row, try row.get("users", as: Int.self) > 0 else { return }
        guard try row.optional("name", as: String.self) != nil else {
            throw AccessDenied("用户「\(actor)」未登记（用 --as 或 LECTERN_USER 指定已登记的用户）")
        }
        let user = try UserRecord(row)
        let role = user.role
        guard role.may(permission) else {
            throw AccessDenied("\(role.chinese)「\(actor)」无权\(permission.chinese)")
        }
        if role != .admin, let scope = user.organisationId, let lectureId {
            let inScope =
                try s.scalar(
                    Bool.self,
                    """
                    WITH RECURSIVE sub(id) AS (
                        SELECT \(s.dialect.boundText) UNION SELECT o.id FROM organisation o JOIN sub ON o.parentId = sub.id)
                    SELECT EXISTS (SELECT 1 FROM lecture WHERE id = ? AND organisationId IN (SELECT id FROM sub))
                    """, scope, lectureId) ?? false
            if !inScope {
                let name = try s.scalar(String.self, "SELECT name FROM organisation WHERE id = ?", scope) ?? scope
                throw AccessDenied("\(role.chinese)「\(actor)」只能处理「\(name)」及其下级组织的节目")
            }
        }
    }
}

extension UserRecord {
    static let columns = "name, role, organisationId, createdAt"

    init(_ row: SQLRow) throws {
        let raw: String = try row.get("role")
        guard let role = UserRole(rawValue: raw) else { throw SQLError(.decoding, "unknown role \(raw)") }
        self.init(
            name: try row.get("name"), role: role, organisationId: try row.optional("organisationId"),
            createdAt: try row.get("createdAt"))
    }

    /// The user of this name, if registered.
    static func named(_ name: String, _ s: any SQLSession) throws -> UserRecord? {
        try s.row("SELECT \(columns) FROM \"user\" WHERE name = ?", name).map(UserRecord.init)
    }
}

public struct AccessDenied: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
