import Foundation
import GRDB
import LecternCore
import SQLStore

extension Catalog {
    /// Copies this catalog, as one snapshot, into a new SQLite catalog in `target` (an empty
    /// library folder): every table's rows with their ids, so the audit chain verifies as it is,
    /// then the search indexes made again from them. lectern.toml comes without its `catalog`
    /// line: the copy stands alone.
    func copyCatalog(to target: Library) throws {
        let settings = (try? String(contentsOf: library.configURL, encoding: .utf8)) ?? LibraryConfig.defaultText
        let standalone = settings.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("catalog") }.joined(separator: "\n")
        try standalone.write(to: target.configURL, atomically: true, encoding: .utf8)
        let copy = try Catalog(library: target, create: true)
        guard let writer = copy.sqlitePool else { throw CatalogError(.database, "备份的目录不是 SQLite") }
        try store.read { source in
            try writer.write { db in
                // Rows go in table by table; references are checked once, at commit.
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                let tables = try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                          AND name NOT LIKE 'lectureSearch%' AND name NOT LIKE 'personSearch%'
                          AND name <> 'grdb_migrations' AND name <> 'searchIndexState' ORDER BY name
                        """)
                for table in tables {
                    let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
                        .map { $0["name"] as String }
                    let quoted = table == "user" ? "\"user\"" : table
                    if table != "auditEvent" { try db.execute(sql: "DELETE FROM \(quoted)") }
                    let insert = try db.makeStatement(
                        sql: "INSERT INTO \(quoted) (\(columns.joined(separator: ", "))) VALUES ("
                            + columns.map { _ in "?" }.joined(separator: ", ") + ")")
                    try source.each("SELECT \(columns.joined(separator: ", ")) FROM \(quoted)", []) { row in
                        try insert.execute(arguments: SQLiteSession.arguments(row.values))
                    }
                }
                // The indexes of the copied rows, by this code's tokeniser.
                let s = SQLiteSession(db: db)
                try s.execute("UPDATE searchIndexState SET tokeniserVersion = 0")
                try SearchIndex.ensureCurrent(s)
                for person in try s.rows("SELECT id, name FROM person") {
                    try Self.indexPerson(s, id: try person.get("id"), name: try person.get("name"))
                }
            }
        }
    }
}
