import Foundation
import LecternCore

// The SQLite engine's side of `MonthCatalog`: each call on the engine's queues, as in
// SQLiteEngine.swift.
extension Catalog: MonthCatalog {
    public func themeCounts() async throws -> [ThemeCount] { try await run { try self.themeCounts() } }
    public func unmatchedTopics() async throws -> [UnmatchedTopic] { try await run { try self.unmatchedTopics() } }
    public func planFilms(month: String, ids: [Int64], actor: String, now: Date) async throws -> [PlannedFilm] {
        try await runWrite { try self.planFilms(month: month, ids: ids, actor: actor, now: now) }
    }
    public func plannedFilms(month: String) async throws -> [PlannedFilm] {
        try await run { try self.plannedFilms(month: month) }
    }
    public func checkActivities(_ rows: [NewActivity], actor: String) async throws -> [ActivityCheck] {
        try await run { try self.checkActivities(rows, actor: actor) }
    }
    public func recordActivities(_ rows: [NewActivity], actor: String, now: Date, keepGood: Bool) async throws
        -> ActivityImport
    {
        try await runWrite { try self.recordActivities(rows, actor: actor, now: now, keepGood: keepGood) }
    }
    public func activities(organisation: String?, from: String?, to: String?) async throws -> [ActivityView] {
        try await run { try self.activities(organisation: organisation, from: from, to: to) }
    }
    public func recordInterview(
        _ lectureId: Int64, day: String, person: String, note: String, actor: String, now: Date
    ) async throws -> InterviewRecord {
        try await runWrite {
            try self.recordInterview(lectureId, day: day, person: person, note: note, actor: actor, now: now)
        }
    }
}
