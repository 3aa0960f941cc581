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

extension Catalog: PeopleWorkCatalog {
    public func resolveSpeakers(_ text: String?, unit: String?, host: String?) async throws -> SpeakerResolution {
        try await run { try self.resolveSpeakers(text, unit: unit, host: host) }
    }
    public func speakers(ofLecture id: Int64) async throws -> [PersonView] {
        try await run { try self.speakers(ofLecture: id) }
    }
    public func lectures(bySpeaker person: Int64) async throws -> [LectureSummary] {
        try await run { try self.lectures(bySpeaker: person) }
    }
    public func score(_ lectureId: Int64, _ scores: RubricScores, comment: String?, actor: String, now: Date)
        async throws -> LectureScore
    {
        try await runWrite { try self.score(lectureId, scores, comment: comment, actor: actor, now: now) }
    }
    public func lectureScore(_ lectureId: Int64) async throws -> LectureScore? {
        try await run { try self.lectureScore(lectureId) }
    }
    public func addOrder(organisation: String, lecture: Int64, day: String, note: String?, actor: String, now: Date)
        async throws -> Int64
    {
        try await runWrite {
            try self.addOrder(
                organisation: organisation, lecture: lecture, day: day, note: note, actor: actor, now: now)
        }
    }
    public func deliverOrder(_ id: Int64, _ delivery: OrderDelivery, actor: String, now: Date) async throws -> Int64 {
        try await runWrite { try self.deliverOrder(id, delivery, actor: actor, now: now) }
    }
    public func orders(organisation: String?) async throws -> [OrderView] {
        try await run { try self.orders(organisation: organisation) }
    }
    public func setMemberCount(organisation: String, count: Int, day: String, actor: String, now: Date) async throws {
        try await runWrite {
            try self.setMemberCount(organisation: organisation, count: count, day: day, actor: actor, now: now)
        }
    }
    public func memberCounts(organisation: String?) async throws -> [MemberCount] {
        try await run { try self.memberCounts(organisation: organisation) }
    }
}
