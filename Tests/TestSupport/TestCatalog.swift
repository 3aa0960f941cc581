import Catalog
import Foundation

/// Where the tests' libraries keep their catalogs: `catalog.sqlite`, or, with
/// `$LECTERN_TEST_CATALOG=postgres`, a new database on the tests' PostgreSQL server each, so that
/// the same suites run again on that engine (`Scripts/test-postgres`).
public enum TestCatalog {
    public static let onPostgres: Bool = {
        guard ProcessInfo.processInfo.environment["LECTERN_TEST_CATALOG"] == "postgres" else { return false }
        // For the test process and the `lectern` it starts.
        setenv("PGPASSWORD", TestPostgres.server.password, 1)
        return true
    }()

    /// A new library at `root`, its catalog on the engine under test.
    public static func createLibrary(at root: URL) throws -> Library {
        try createLibrary(at: root, onPostgres: onPostgres)
    }

    /// A new library at `root`, its catalog in PostgreSQL when asked.
    public static func createLibrary(at root: URL, onPostgres: Bool) throws -> Library {
        guard onPostgres else { return try Library.create(at: root) }
        setenv("PGPASSWORD", TestPostgres.server.password, 1)
        return try Library.create(at: root, catalog: TestPostgres.newDatabase())
    }
}
