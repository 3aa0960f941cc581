import Foundation
import LecternCore

// The SQLite engine's side of `PeopleCatalog`: each call on the engine's queues, as in
// SQLiteEngine.swift.
extension Catalog: PeopleCatalog {
    public func checkPeople(_ rows: [NewPerson]) async throws -> [[ActivityCheck.Problem]] {
        try await run { try self.checkPeople(rows) }
    }
    public func addPeople(_ rows: [NewPerson], actor: String, now: Date) async throws -> [Int64] {
        try await runWrite { try self.addPeople(rows, actor: actor, now: now) }
    }
    public func people(organisation: String?, role: String?) async throws -> [PersonView] {
        try await run { try self.people(organisation: organisation, role: role) }
    }
    public func person(_ id: Int64) async throws -> PersonView? { try await run { try self.person(id) } }
    public func searchPeople(_ text: String, limit: Int) async throws -> [PersonView] {
        try await run { try self.searchPeople(text, limit: limit) }
    }
    public func editPerson(_ id: Int64, _ edit: PersonEdit, actor: String, now: Date) async throws -> [String] {
        try await runWrite { try self.editPerson(id, edit, actor: actor, now: now) }
    }
    public func mergePeople(keep: Int64, other: Int64, actor: String, now: Date) async throws -> PersonView {
        try await runWrite { try self.mergePeople(keep: keep, other: other, actor: actor, now: now) }
    }
}
