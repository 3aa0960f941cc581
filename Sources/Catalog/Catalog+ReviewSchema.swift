import GRDB
import LecternCore

// The review's tables (migrations v3 and v9): history, never edited once landed.
extension Catalog {
    /// v9: each rectification's deadline as a column of its own (`rectification`, one row per
    /// rectify event), so that reports replay it without reading the audit note. Filled from
    /// history: notes written before v9 begin "整改期限 yyyy-MM-dd", the one place the
    /// deadline was kept; this migration is the only code that ever reads that sentence.
    static func migrateRectificationDeadlines(_ db: Database) throws {
        try db.create(table: "rectification") { t in
            t.primaryKey("eventId", .integer).references("auditEvent")
            t.column("lectureId", .integer).notNull().indexed()
            t.column("deadline", .text).notNull()
        }
        let rows = try Row.fetchAll(db, sql: "SELECT id, lectureId, note FROM auditEvent WHERE action = 'rectify'")
        for row in rows {
            let note: String = row["note"]
            guard note.hasPrefix("整改期限 ") else { continue }
            let day = String(note.dropFirst("整改期限 ".count).prefix(10))
            guard LectureDay.valid(day), let lectureId = row["lectureId"] as Int64? else { continue }
            try db.execute(
                sql: "INSERT INTO rectification (eventId, lectureId, deadline) VALUES (?, ?, ?)",
                arguments: [row["id"] as Int64, lectureId, day])
        }
    }

    static func migrateReview(_ db: Database) throws {
        try db.alter(table: "lecture") { t in
            t.add(column: "deadline", .text)
        }
        try db.create(table: "reviewScore") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("lectureId", .integer).notNull().references("lecture").indexed()
            t.column("actor", .text).notNull()
            t.column("at", .datetime).notNull()
            t.column("content", .integer).notNull()
            t.column("form", .integer).notNull()
            t.column("language", .integer).notNull()
            t.column("effect", .integer).notNull()
        }
    }
}
