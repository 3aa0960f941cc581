import Foundation
import GRDB
import LecternCore
import SQLStore
import Testing

@testable import Catalog

/// Migrations are history: what each one does to a catalog of its time.
@Suite struct MigrationTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    /// A catalog of the time of `migration`, with lecture 1 in it.
    static func catalog(at migration: String, title: String, status: String) throws -> DatabaseQueue {
        let db = try DatabaseQueue()
        try Schema.migrator.migrate(db, upTo: migration)
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO lecture (id, title, organisationId, tags, status, createdAt, updatedAt)
                    VALUES (1, ?, 'unassigned', '', ?, ?, ?)
                    """, arguments: [title, status, now, now])
        }
        return db
    }

    @Test func v9FillsRectificationDeadlinesFromHistory() throws {
        // A lecture sent back twice before v9: the deadline lived only in the note.
        let db = try Self.catalog(at: "v8 web desk", title: "第一讲", status: "rectifying")
        try db.write { db in
            let now = Self.now
            for (note, action) in [
                ("整改期限 2026-03-01；画面太暗", "rectify"), ("整改期限 2026-04-15", "rectify"),
                ("整改期限 不是日期", "rectify"), ("整改期限 2026-05-01", "approve"),
            ] {
                _ = try AuditEventRecord.append(
                    SQLiteSession(db: db), at: now, actor: "审核员", action: action, lectureId: 1, versionId: nil,
                    from: "pending", to: "rectifying", note: note)
            }
        }
        try Schema.migrator.migrate(db)
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT eventId, lectureId, deadline FROM rectification ORDER BY eventId")
                .map { [$0["eventId"] as Int64, $0["lectureId"] as Int64] }
        }
        let deadlines = try db.read { db in
            try String.fetchAll(db, sql: "SELECT deadline FROM rectification ORDER BY eventId")
        }
        #expect(rows == [[1, 1], [2, 1]])
        #expect(deadlines == ["2026-03-01", "2026-04-15"])
    }

    @Test func v11FillsLectureEditsFromTheirNotes() throws {
        let db = try Self.catalog(at: "v10 search index version", title: "第一讲", status: "approved")
        try db.write { db in
            try db.execute(
                sql: "INSERT INTO organisation (id, name, parentId) VALUES ('jia', '甲镇', NULL), ('yi', '乙镇', NULL)")
            _ = try AuditEventRecord.append(
                SQLiteSession(db: db), at: Self.now, actor: "审核员", action: "edit", lectureId: 1, versionId: nil,
                from: nil, to: nil,
                note: "标题：旧 → 新；录制日期：2026-10-10 → 2026-07-01；组织：甲镇 → 乙镇；标签：— → 七一、专题")
        }
        try Schema.migrator.migrate(db)
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT field, oldValue, newValue FROM lectureEdit ORDER BY field").map {
                [$0["field"] as String, $0["oldValue"] as String? ?? "nil", $0["newValue"] as String? ?? "nil"]
            }
        }
        #expect(
            rows == [
                ["organisationId", "jia", "yi"], ["recordedOn", "2026-10-10", "2026-07-01"], ["tags", "nil", "七一;专题"],
            ])
    }

    /// A catalog from before the search index (v1) gets its lectures indexed by the step after
    /// the migrations, once; one indexed by another tokeniser is rebuilt from scratch.
    @Test func theSearchIndexIsBuiltAfterTheMigrationsByTodaysTokeniser() throws {
        let db = try Self.catalog(at: "v1 catalog", title: "学习党课", status: "pending")
        try Schema.migrator.migrate(db)
        func matches(_ query: String) throws -> [Int64] {
            try db.read { db in
                try Int64.fetchAll(
                    db, sql: "SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ?", arguments: [query])
            }
        }
        #expect(try matches("dangke").isEmpty)  // the migrations alone index nothing
        #expect(try db.write { db in try SearchIndex.ensureCurrent(SQLiteSession(db: db)) } == 1)
        #expect(try matches("dangke") == [1])
        #expect(try matches("党课") == [1])
        // Current: nothing to do.
        #expect(try db.write { db in try SearchIndex.ensureCurrent(SQLiteSession(db: db)) } == 0)
        // Built by another tokeniser: rebuilt, and the old rows are gone, not doubled.
        try db.write { db in try db.execute(sql: "UPDATE searchIndexState SET tokeniserVersion = 0") }
        #expect(try db.write { db in try SearchIndex.ensureCurrent(SQLiteSession(db: db)) } == 1)
        #expect(try matches("dangke") == [1])
        #expect(try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lectureSearch_docsize") } == 1)
    }
}
