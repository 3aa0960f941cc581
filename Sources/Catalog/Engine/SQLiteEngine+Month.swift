import Foundation
import LecternCore

// The SQLite engine's side of `MonthCatalog`: each call on the engine's queues, as in
// SQLiteEngine.swift.
extension Catalog: MonthCatalog {
    public func themeCounts() async throws -> [ThemeCount] { try await run { try self.themeCounts() } }
    public func unmatchedTopics() async throws -> [UnmatchedTopic] { try await run { try self.unmatchedTopics() } }
}
