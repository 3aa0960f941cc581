import Crypto
import Foundation
import GRDB
import LecternCore
import SQLStore

/// Turns a password into what the catalog stores, and checks one against it. The catalog
/// only stores and compares; the algorithm (bcrypt) comes from the desk's side
/// (`Desk.BcryptHasher`), so the database layer links no web framework.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) -> String
    func verify(_ password: String, against hash: String) -> Bool
    /// A real hash of nothing anyone types: checked for unknown names, so that timing does
    /// not tell which names exist.
    var decoyHash: String { get }
}

/// What the web desk needs from the catalog: passwords (through a `PasswordHasher`) and sessions. A session's
/// token is given to the browser once and stored only as its SHA-256, so a copy of the
/// catalog does not let anyone in.
public struct WebSession: Sendable, Equatable {
    public var user: UserRecord
    /// The token every form of this session carries (compared in constant time).
    public var csrf: String
    public var expiresAt: Date
    /// The name of the user's organisation (their scope), for the page header.
    public var scopeName: String?
    /// The user's scope is the whole county: an admin, a user of no organisation, or of the
    /// tree's root (the county itself).
    public var countyLevel: Bool

    public init(user: UserRecord, csrf: String, expiresAt: Date, scopeName: String?, countyLevel: Bool) {
        self.user = user
        self.csrf = csrf
        self.expiresAt = expiresAt
        self.scopeName = scopeName
        self.countyLevel = countyLevel
    }
}

extension Catalog {
    public static let minimumPasswordLength = 8
    /// How long a desk session lasts without logging in again.
    public static let sessionLifetime: TimeInterval = 12 * 3600

    static func migrateDesk(_ db: Database) throws {
        try db.alter(table: "user") { t in t.add(column: "passwordHash", .text) }
        try db.create(table: "webSession") { t in
            t.primaryKey("tokenHash", .text)
            t.column("userName", .text).notNull().references("user", onDelete: .cascade).indexed()
            t.column("csrf", .text).notNull()
            t.column("address", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("expiresAt", .datetime).notNull()
        }
        // The queue: one status, oldest first.
        try db.create(index: "lecture_status_created", on: "lecture", columns: ["status", "createdAt", "id"])
    }

    /// Sets `name`'s desk password: users may set their own; admins anyone's. Ends the user's
    /// open sessions. The audit log records that it changed, never the password.
    public func setPassword(
        _ name: String, _ password: String, hasher: some PasswordHasher, actor: String,
        now: Date
    ) throws {
        guard password.count >= Self.minimumPasswordLength else {
            throw CatalogError(.invalid, "密码至少 \(Self.minimumPasswordLength) 位")
        }
        if actor != name { try authorize(actor, .manageUsers, lectureId: nil, now: now) }
        let hash = hasher.hash(password)
        try store.write { s in
            guard try UserRecord.named(name, s) != nil else { throw CatalogError(.notFound, "没有用户「\(name)」") }
            try s.execute("UPDATE \"user\" SET passwordHash = ? WHERE name = ?", hash, name)
            try s.execute("DELETE FROM webSession WHERE userName = ?", name)
            try AuditEventRecord.append(
                s, at: now, actor: actor, action: "passwordSet", lectureId: nil, versionId: nil,
                from: nil, to: nil, note: name)
        }
    }

    /// The user, when `password` is theirs. Unknown users and users without a password take
    /// as long as a wrong password, so timing does not tell which names exist.
    public func verifyPassword(_ name: String, _ password: String, hasher: some PasswordHasher) throws -> UserRecord? {
        let found = try store.read { s -> (UserRecord, String?)? in
            guard let row = try s.row("SELECT \(UserRecord.columns), passwordHash FROM \"user\" WHERE name = ?", name)
            else { return nil }
            return (try UserRecord(row), try row.optional("passwordHash"))
        }
        guard let (user, hash) = found, let hash else {
            _ = hasher.verify(password, against: hasher.decoyHash)
            return nil
        }
        return hasher.verify(password, against: hash) ? user : nil
    }

    /// Starts a session for a user who just gave their password: the browser's token.
    public func startSession(for user: String, address: String?, now: Date) throws -> String {
        let token = Self.randomToken()
        try store.write { s in
            try s.execute("DELETE FROM webSession WHERE expiresAt < ?", now)
            try s.execute(
                """
                INSERT INTO webSession (tokenHash, userName, csrf, address, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)
                """, Self.tokenHash(token), user, Self.randomToken(), address, now,
                now.addingTimeInterval(Self.sessionLifetime))
            try AuditEventRecord.append(
                s, at: now, actor: user, action: "login", lectureId: nil, versionId: nil,
                from: nil, to: nil, note: "登录网页审核台" + (address.map { "（\($0)）" } ?? ""))
        }
        return token
    }

    /// The live session with this token, or nil (unknown, expired, or the user's password changed).
    /// Every desk request asks this (one statement, prepared once per connection).
    public func session(token: String, now: Date) throws -> WebSession? {
        try store.read { s in
            guard
                let row = try s.row(
                    """
                    SELECT s.csrf, s.expiresAt, u.name, u.role, u.organisationId, u.createdAt, o.name AS scopeName,
                           o.parentId IS NULL AS scopeIsRoot
                    FROM webSession s JOIN "user" u ON u.name = s.userName LEFT JOIN organisation o ON o.id = u.organisationId
                    WHERE s.tokenHash = ?
                    """, Self.tokenHash(token)),
                let expires = try row.optional("expiresAt", as: Date.self), expires > now
            else { return nil }
            let user = try UserRecord(row)
            let scopeIsRoot = try row.optional("scopeIsRoot", as: Bool.self) == true
            let countyLevel = user.role == .admin || user.organisationId == nil || scopeIsRoot
            return WebSession(
                user: user, csrf: try row.get("csrf"), expiresAt: expires, scopeName: try row.optional("scopeName"),
                countyLevel: countyLevel)
        }
    }

    /// Ends a session, and says so in the audit log: every desk keeps the sessions it has read
    /// for as long as the catalog's state (the log's last event) stays as it was.
    public func endSession(token: String, now: Date) throws {
        try store.write { s in
            guard
                let user = try s.scalar(
                    String.self, "DELETE FROM webSession WHERE tokenHash = ? RETURNING userName", Self.tokenHash(token))
            else { return }
            try AuditEventRecord.append(
                s, at: now, actor: user, action: "logout", lectureId: nil, versionId: nil, from: nil, to: nil,
                note: "退出网页审核台")
        }
    }

    /// 32 random bytes as hex (SystemRandomNumberGenerator: the kernel's getrandom).
    public static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }.hexDigits
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexDigits
    }

    /// The next pending lecture after `id` in queue order (oldest first; in `scope`'s subtree when
    /// given), else the oldest other one: where a reviewer goes next, never back past this one.
    public func nextPending(after id: Int64, scope: String?) throws -> (id: Int64, title: String)? {
        let orgs = try scope.map {
            String(decoding: try JSONEncoder().encode(try organisationSubtree(of: $0)), as: UTF8.self)
        }
        return try store.read { s in
            // The next in queue order (oldest first) after this one; past the end, the oldest.
            // A row comparison, which both engines read as a range of the (status, createdAt, id)
            // index: the OR it replaces read every pending lecture (21 ms of 15,000).
            let scoped = orgs == nil ? "" : " AND organisationId IN (\(s.dialect.jsonValues(.text)))"
            let arguments: [SQLValue] = [.integer(id)] + (orgs.map { [.text($0)] } ?? [])
            let after = try s.rows(
                """
                SELECT l.id, l.title FROM lecture l
                WHERE l.status = 'pending' AND (l.createdAt, l.id) > ((SELECT createdAt FROM lecture WHERE id = ?), ?)
                """ + scoped.replacingOccurrences(of: "organisationId", with: "l.organisationId")
                    + " ORDER BY l.createdAt, l.id LIMIT 1", [.integer(id)] + arguments
            ).first
            let row =
                try after
                ?? s.rows(
                    "SELECT id, title FROM lecture WHERE status = 'pending' AND id <> ?" + scoped
                        + " ORDER BY createdAt, id LIMIT 1", arguments
                ).first
            return try row.map { (try $0.get("id"), try $0.get("title")) }
        }
    }

    /// The ids of `id` and every organisation under it.
    public func organisationSubtree(of id: String) throws -> [String] {
        Self.subtree(roots: [id], of: try organisations())
    }

    public static func subtree(roots: [String], of all: [OrganisationRecord]) -> [String] {
        let children = Dictionary(grouping: all, by: { $0.parentId ?? "" })
        var out: [String] = [], stack = roots
        var seen = Set<String>()
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            out.append(id)
            stack += (children[id] ?? []).map(\.id)
        }
        return out
    }
}
