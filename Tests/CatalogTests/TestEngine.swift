import Catalog
import Foundation
import TestSupport

/// Which engine a test's library keeps its catalog in: `catalog.sqlite`, or a new database on
/// the tests' PostgreSQL server (`TestPostgres`).
enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { self == .sqlite ? "SQLite" : "PostgreSQL" }

    /// A new library in a temporary folder, its catalog on this engine.
    func newLibrary(_ label: String) throws -> Library {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("lectern-\(label)-\(rawValue)-\(UUID().uuidString)")
        return try TestCatalog.createLibrary(at: root, onPostgres: self == .postgres)
    }
}
