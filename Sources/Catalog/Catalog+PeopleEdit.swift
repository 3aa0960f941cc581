import Foundation
import LecternCore
import SQLStore

/// Changes to the register: one person's fields, and two records of one person joined.
public struct PersonEdit: Sendable, Equatable {
    public var name: String?
    public var organisation: String?
    public var role: String?
    /// "" clears it.
    public var phone: String?
    public var subjects: [String]?
    public var takesOrders: Bool?
    public init() {}
    public var isEmpty: Bool { self == PersonEdit() }
}

extension Catalog {
    /// Applies `edit` in one transaction with its audit event; the changes made, empty when
    /// every value was already so.
    @discardableResult
    public func editPerson(_ id: Int64, _ edit: PersonEdit, actor: String, now: Date) throws -> [String] {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                guard var p = try s.record(PersonRecord.self, "SELECT * FROM person WHERE id = ?", id) else {
                    throw CatalogError(.notFound, "名册中没有 #\(id)")
                }
                var changes: [String] = []
                func note(_ label: String, _ old: String?, _ new: String?) {
                    if (old ?? "") != (new ?? "") { changes.append("\(label)：\(old ?? "—") → \(new ?? "—")") }
                }
                if let name = edit.name?.trimmingCharacters(in: .whitespaces) {
                    guard !name.isEmpty else { throw CatalogError(.invalid, "姓名不能为空") }
                    note("姓名", p.name, name)
                    p.name = name
                }
                if let org = edit.organisation {
                    let named = try Self.organisations(s, named: org)
                    guard let found = named.onlyElement else {
                        throw CatalogError(.notFound, Self.organisationProblem(org, found: named) ?? org)
                    }
                    let old = try s.scalar(String.self, "SELECT name FROM organisation WHERE id = ?", p.organisationId)
                    note("所属组织", old, found.name)
                    p.organisationId = found.id
                }
                if let typed = edit.role {
                    guard let role = personRoles.named(typed) else {
                        throw CatalogError(.invalid, personRoles.refusal(typed))
                    }
                    note("身份", p.role, role.name)
                    p.role = role.name
                }
                if let phone = edit.phone {
                    note("电话", p.phone, phone.isEmpty ? nil : phone)
                    p.phone = phone.isEmpty ? nil : phone
                }
                if let subjects = edit.subjects {
                    let joined = subjects.joined(separator: "、")
                    note("授课专题", p.subjects.isEmpty ? nil : p.subjects, joined.isEmpty ? nil : joined)
                    p.subjects = joined
                }
                if let takes = edit.takesOrders {
                    note("接受点单", p.takesOrders ? "是" : "否", takes ? "是" : "否")
                    p.takesOrders = takes
                }
                guard !changes.isEmpty else { return [] }
                try s.update(p, in: "person")
                try Self.indexPerson(s, id: id, name: p.name)
                _ = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "personEdit", lectureId: nil, versionId: nil, from: nil, to: nil,
                    note: "#\(id) \(p.name)：" + changes.joined(separator: "；"))
                return changes
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    /// Joins `other` into `keep` (the same person registered twice): what `keep` lacks (phone,
    /// subjects, taking orders) comes from `other`, then `other` is removed, with an audit event
    /// that names both. Only ever asked for, never done by itself.
    public func mergePeople(keep: Int64, other: Int64, actor: String, now: Date) throws -> PersonView {
        guard keep != other else { throw CatalogError(.invalid, "不能把 #\(keep) 并入它自己") }
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                guard var kept = try s.record(PersonRecord.self, "SELECT * FROM person WHERE id = ?", keep) else {
                    throw CatalogError(.notFound, "名册中没有 #\(keep)")
                }
                guard let gone = try s.record(PersonRecord.self, "SELECT * FROM person WHERE id = ?", other) else {
                    throw CatalogError(.notFound, "名册中没有 #\(other)")
                }
                if kept.phone == nil { kept.phone = gone.phone }
                let subjects = (kept.subjects.split(separator: "、") + gone.subjects.split(separator: "、")).map(
                    String.init)
                kept.subjects = subjects.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(
                    separator: "、")
                kept.takesOrders = kept.takesOrders || gone.takesOrders
                try s.update(kept, in: "person")
                for table in [SpeakerTable.lecture, .activity] {
                    // Moved to `keep` where the item does not already name `keep`; the rest go.
                    try s.execute(
                        """
                        UPDATE \(table.rawValue) SET personId = ? WHERE personId = ? AND NOT EXISTS
                          (SELECT 1 FROM \(table.rawValue) x WHERE x.\(table.key) = \(table.rawValue).\(table.key)
                           AND x.personId = ?)
                        """, keep, other, keep)
                    try s.execute("DELETE FROM \(table.rawValue) WHERE personId = ?", other)
                }
                try s.execute(
                    "DELETE FROM personSearch WHERE \(s.dialect == .sqlite ? "rowid" : "personId") = ?", other)
                try s.execute("DELETE FROM person WHERE id = ?", other)
                _ = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "personMerge", lectureId: nil, versionId: nil, from: nil,
                    to: nil,
                    note: "#\(other) \(gone.name)（\(gone.role)）并入 #\(keep) \(kept.name)（\(kept.role)）")
                guard let view = try Self.personViews(s, where: "p.id = ?", [keep]).first else {
                    throw CatalogError(.notFound, "名册中没有 #\(keep)")
                }
                return view
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }
}
