import Foundation
import GRDB
import LecternCore
import SQLStore

/// A person in the register: a speaker or a member, with an id, so that two people called 王芳
/// are two people.
public struct PersonRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "person"
    public var id: Int64?
    public var name: String
    /// The organisation they belong to (may differ from the one hosting a lecture).
    public var organisationId: String
    /// A `PersonRoles` name: 党组织书记, 普通党员, 本土讲师 ….
    public var role: String
    /// Shown to staff only.
    public var phone: String?
    /// A local lecturer's subjects, joined by "、".
    public var subjects: String
    /// A local lecturer who takes orders from the monthly menu (点单).
    public var takesOrders: Bool
    public var createdAt: Date
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A person as typed (a spreadsheet row, `lectern person add`), before the catalog resolves
/// the organisation and the role.
public struct NewPerson: Sendable, Equatable {
    public var name: String
    public var organisation: String
    public var role: String
    public var phone: String?
    public var subjects: [String] = []
    public var takesOrders = false
    /// 「人员.xlsx 第 3 行」.
    public var source: String?
    /// The column each field came from, for messages.
    public var columns: [String: String] = [:]
    public init(name: String, organisation: String, role: String) {
        self.name = name
        self.organisation = organisation
        self.role = role
    }
}

/// A person as lists show them.
public struct PersonView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var organisationId: String
    public var organisation: String
    public var role: String
    public var phone: String?
    public var subjects: [String]
    public var takesOrders: Bool
}

extension Catalog {
    /// v16: the register, and its name index (the name's tokens: characters, pairs, pinyin and
    /// initials, made in Swift as the lectures' are).
    static func migratePeople(_ db: Database) throws {
        try db.create(table: "person") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().indexed()
            t.column("organisationId", .text).notNull().references("organisation").indexed()
            t.column("role", .text).notNull()
            t.column("phone", .text)
            t.column("subjects", .text).notNull().defaults(to: "")
            t.column("takesOrders", .boolean).notNull().defaults(to: false)
            t.column("createdAt", .datetime).notNull()
        }
        try db.execute(
            sql: "CREATE VIRTUAL TABLE personSearch USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0')")
    }

    /// Checks people without writing: for each, its problems (empty: it can be added).
    public func checkPeople(_ rows: [NewPerson]) throws -> [[ActivityCheck.Problem]] {
        try store.read { s in try rows.map { try checkPerson(s, $0).problems } }
    }

    func checkPerson(_ s: any SQLSession, _ p: NewPerson) throws -> (
        problems: [ActivityCheck.Problem], record: PersonRecord?
    ) {
        var problems: [ActivityCheck.Problem] = []
        func problem(_ field: String, _ message: String) {
            problems.append(.init(column: p.columns[field] ?? field, message: message))
        }
        let name = p.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { problem("name", "没有写姓名") }
        let found = try Self.organisations(s, named: p.organisation)
        let organisation = found.onlyElement
        if let why = Self.organisationProblem(p.organisation, found: found) { problem("organisation", why) }
        let role = personRoles.named(p.role)
        if role == nil { problem("role", personRoles.refusal(p.role)) }
        guard problems.isEmpty, let organisation, let role else { return (problems, nil) }
        return (
            problems,
            PersonRecord(
                id: nil, name: name, organisationId: organisation.id, role: role.name, phone: p.phone,
                subjects: p.subjects.joined(separator: "、"), takesOrders: p.takesOrders, createdAt: Date())
        )
    }

    /// Adds people in one transaction with an audit event each; with a problem in any row
    /// nothing is written. Two people of one name are two people: nothing is merged.
    public func addPeople(_ rows: [NewPerson], actor: String, now: Date) throws -> [Int64] {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                let checked = try rows.map { try checkPerson(s, $0) }
                if let bad = checked.enumerated().first(where: { !$0.element.problems.isEmpty }) {
                    let where_ = rows[bad.offset].source.map { "\($0)：" } ?? ""
                    throw CatalogError(
                        .invalid, where_ + bad.element.problems.map(\.description).joined(separator: "；"))
                }
                var ids: [Int64] = []
                for (row, c) in zip(rows, checked) {
                    guard var record = c.record else { continue }
                    record.createdAt = now
                    let id = try s.insert(record, into: "person") ?? 0
                    try Self.indexPerson(s, id: id, name: record.name)
                    _ = try AuditEventRecord.append(
                        s, at: now, actor: actor, action: "personAdd", lectureId: nil, versionId: nil, from: nil,
                        to: nil, note: "登记 \(record.name)（\(record.role)，#\(id)）" + (row.source.map { "，\($0)" } ?? ""))
                    ids.append(id)
                }
                return ids
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    /// The name's tokens in the register's index (FTS5 on SQLite; a `tsvector` of the same
    /// tokens on PostgreSQL, as the lectures' index).
    static func indexPerson(_ s: any SQLSession, id: Int64, name: String) throws {
        switch s.dialect {
        case .sqlite:
            try s.execute("DELETE FROM personSearch WHERE rowid = ?", id)
            try s.execute("INSERT INTO personSearch (rowid, tokens) VALUES (?, ?)", id, SearchText.indexTokens(name))
        case .postgres:
            try s.execute("DELETE FROM personSearch WHERE personId = ?", id)
            try s.execute(
                """
                INSERT INTO personSearch (personId, tokens)
                VALUES (?, array_to_tsvector(array_remove(string_to_array(?, ' '), '')))
                """, id, SearchText.indexTokens(name))
        }
    }

    /// The register, or one organisation's subtree of it, or one role's; by name.
    public func people(organisation: String? = nil, role: String? = nil) throws -> [PersonView] {
        var ids: Set<String>?
        if let organisation {
            guard let root = try resolveOrganisation(organisation) else {
                throw CatalogError(.notFound, "没有找到组织「\(organisation)」")
            }
            ids = Set(try organisationSubtree(of: root.id))
        }
        var roleName: String?
        if let role {
            guard let found = personRoles.named(role) else { throw CatalogError(.invalid, personRoles.refusal(role)) }
            roleName = found.name
        }
        return try store.read { s in
            try Self.personViews(s, where: nil, []).filter { person in
                (ids?.contains(person.organisationId) ?? true) && (roleName.map { person.role == $0 } ?? true)
            }
        }
    }

    public func person(_ id: Int64) throws -> PersonView? {
        try store.read { s in try Self.personViews(s, where: "p.id = ?", [id]).first }
    }

    /// People whose name matches `text` in simplified or traditional characters, pinyin or
    /// initials (王芳, 王芳, wangfang, wf): the exact name first.
    public func searchPeople(_ text: String, limit: Int = 50) throws -> [PersonView] {
        guard let expression = SearchText.expression(text), let tsquery = SearchText.tsquery(text) else { return [] }
        return try store.read { s in
            // The name exactly as typed (or in simplified characters) first, then every other
            // match in the order registered: the index streams ids and stops at the limit, where
            // ranking would score every one of the thousands a single character matches.
            let typed = text.trimmingCharacters(in: .whitespaces)
            var ids = try s.column(
                Int64.self, "SELECT id FROM person WHERE name IN (?, ?) ORDER BY id LIMIT ?", typed,
                SearchText.normalize(typed), limit)
            let exact = Set(ids)
            let matched =
                switch s.dialect {
                case .sqlite:
                    try s.column(
                        Int64.self, "SELECT rowid FROM personSearch WHERE personSearch MATCH ? LIMIT ?", expression,
                        limit + exact.count)
                case .postgres:
                    try s.column(
                        Int64.self,
                        "SELECT personId FROM personSearch WHERE tokens @@ CAST(? AS tsquery) ORDER BY personId LIMIT ?",
                        tsquery, limit + exact.count)
                }
            ids += matched.filter { !exact.contains($0) }
            ids = Array(ids.prefix(limit))
            guard !ids.isEmpty else { return [] }
            let byId = Dictionary(
                uniqueKeysWithValues: try Self.personViews(
                    s, where: "p.id IN (\(s.dialect.jsonValues(.integer)))",
                    [String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)]
                ).map { ($0.id, $0) })
            return ids.compactMap { byId[$0] }
        }
    }

    static func personViews(
        _ s: any SQLSession, where condition: String?, _ arguments: [any SQLBindable],
        order: String = "p.name, p.id"
    ) throws -> [PersonView] {
        try s.rows(
            """
            SELECT p.id, p.name, p.organisationId, p.role, p.phone, p.subjects, p.takesOrders,
                   o.name AS organisation
            FROM person p JOIN organisation o ON o.id = p.organisationId
            \(condition.map { "WHERE \($0)" } ?? "") ORDER BY \(order)
            """, arguments.map(\.sqlValue)
        ).map { row in
            PersonView(
                id: try row.get("id"), name: try row.get("name"), organisationId: try row.get("organisationId"),
                organisation: try row.get("organisation"),
                role: try row.get("role"), phone: try row.optional("phone"),
                subjects: (try row.get("subjects", as: String.self)).split(separator: "、").map(String.init),
                takesOrders: try row.get("takesOrders"))
        }
    }
}
