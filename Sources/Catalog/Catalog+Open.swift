import CSearchColumns
import Foundation
import GRDB
import LecternCore
import SQLStore

extension Catalog {
    /// The library's `catalog.sqlite` (WAL, foreign keys on, busy timeout so that two processes
    /// can write in turn), migrated to the current schema; a catalog this user may not write is
    /// opened read-only, as it is. Whether it was.
    static func openSQLite(_ library: Library, create: Bool, busyTimeout: TimeInterval, themes: ThemeList) throws
        -> (any DatabaseWriter, readOnly: Bool)
    {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // The ranking's FTS5 function (`CSearchColumns`), on every connection.
            let rc = lectern_register_search_columns(db.sqliteConnection)
            guard rc == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "lectern_columns") }
        }
        let path = library.catalogURL.path
        let readOnly = !create && (access(path, W_OK) != 0 || access(library.root.path, W_OK) != 0)
        do {
            if readOnly {
                config.readonly = true
                // A WAL database in a folder we may not write: read it as immutable (no -shm needed).
                let queue = try DatabaseQueue(path: "file:\(path)?immutable=1", configuration: config)
                if try !queue.read({ try Schema.migrator.hasCompletedMigrations($0) }) {
                    throw CatalogError(.database, "资料库 \(library.root.path) 是只读的，且需要先升级（请用有写入权限的账号运行一次 lectern list）")
                }
                return (queue, true)
            }
            let writer = try DatabasePool(path: path, configuration: config)
            // Up to date (nearly always): a read says so, and no write lock is taken.
            let current = try writer.read { db in
                let s = SQLiteSession(db: db)
                return try Schema.migrator.hasCompletedMigrations(db) && SearchIndex.isCurrent(s)
                    && Self.themesCurrent(s, themes)
            }
            if !current {
                // Migrations rewrite many pages: checkpoint every 64 pages while they run, so
                // that the WAL is reused instead of growing (a new catalog's migrations wrote a
                // 600 kB WAL beside a 160 kB database, which a nearly full disk may not hold).
                try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 64") }
                defer {
                    try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
                    }
                }
                try Schema.migrator.migrate(writer)
                try writer.write { db in try Self.bringUpToDate(SQLiteSession(db: db), themes) }
                // And give back what the WAL took (another process reading may hold part of it).
                try? writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            }
            return (writer, false)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.database, "无法打开目录数据库 \(path)：\(error)", underlying: error)
        }
    }

    /// A PostgreSQL catalog, migrated (`SchemaSQL.migrate`) and its index and themes current.
    static func openPostgres(_ location: PostgresLocation, themes: ThemeList) throws -> PostgresStore {
        let store = try connect(location)
        do {
            // Up to date (nearly always): a read says so, and no lock is taken.
            if try !SchemaSQL.isCurrent(store) { try SchemaSQL.migrate(store) }
            let current = try store.read { s in try SearchIndex.isCurrent(s) && Self.themesCurrent(s, themes) }
            if !current { try store.write { s in try Self.bringUpToDate(s, themes) } }
            return store
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.database, "无法打开目录数据库 \(location.display)：\(error)", underlying: error)
        }
    }

    /// What runs after the migrations, in one transaction: the search index rebuilt when its
    /// tokeniser changed, the themes matched again when their list did.
    static func bringUpToDate(_ s: any SQLSession, _ themes: ThemeList) throws {
        try SearchIndex.ensureCurrent(s)
        if try !themesCurrent(s, themes) { try rematchThemes(s, themes) }
    }

    /// A PostgreSQL catalog's connections, a refusal said plainly.
    static func connect(_ location: PostgresLocation) throws -> PostgresStore {
        do { return try PostgresStore(location) } catch {
            throw CatalogError(.database, "无法连接目录数据库：\(error.message)", underlying: error)
        }
    }

    /// How many lectures a PostgreSQL database's catalog holds; nil when it holds none.
    static func catalogSize(_ store: PostgresStore) throws -> Int? {
        do {
            return try store.read { s in
                guard try s.scalar(String.self, "SELECT CAST(to_regclass('schemamigration') AS TEXT)") != nil else {
                    return nil
                }
                return try s.scalar(Int.self, "SELECT COUNT(*) FROM lecture") ?? 0
            }
        } catch let error as SQLError {
            throw CatalogError(.database, "无法读取目录数据库 \(store.location.display)：\(error.message)", underlying: error)
        }
    }
}
