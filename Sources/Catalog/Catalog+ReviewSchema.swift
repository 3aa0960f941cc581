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

    /// v11: each field an edit changed, with its old and new value (`lectureEdit`, rows of the
    /// edit's audit event), so that reports replay a lecture's recorded date, organisation,
    /// topic and tags as they stood on any day. Filled from history: edit notes read
    /// "录制日期：2026-10-10 → 2026-07-01；组织：甲镇 → 乙镇"; this migration is the only code
    /// that reads them (an organisation named there is found by its unique name).
    static func migrateLectureEdits(_ db: Database) throws {
        try db.create(table: "lectureEdit") { t in
            t.column("eventId", .integer).notNull().references("auditEvent")
            t.column("lectureId", .integer).notNull().indexed()
            t.column("field", .text).notNull()
            t.column("oldValue", .text)
            t.column("newValue", .text)
            t.primaryKey(["eventId", "field"])
        }
        let fields = ["录制日期": "recordedOn", "组织": "organisationId", "主题": "topic", "标签": "tags"]
        let rows = try Row.fetchAll(db, sql: "SELECT id, lectureId, note FROM auditEvent WHERE action = 'edit'")
        for row in rows {
            guard let lectureId = row["lectureId"] as Int64? else { continue }
            let note: String = row["note"]
            for change in note.components(separatedBy: "；") {
                guard let colon = change.firstIndex(of: "："), let field = fields[String(change[..<colon])] else {
                    continue
                }
                let sides = change[change.index(after: colon)...].components(separatedBy: " → ")
                guard sides.count == 2 else { continue }
                func value(_ text: String) throws -> String? {
                    if text == "—" { return nil }
                    switch field {
                    case "organisationId":
                        let ids = try String.fetchAll(
                            db, sql: "SELECT id FROM organisation WHERE name = ?", arguments: [text])
                        return ids.count == 1 ? ids[0] : nil
                    case "tags": return text.replacingOccurrences(of: "、", with: ";")
                    default: return text
                    }
                }
                try db.execute(
                    sql:
                        "INSERT OR IGNORE INTO lectureEdit (eventId, lectureId, field, oldValue, newValue) VALUES (?, ?, ?, ?, ?)",
                    arguments: [row["id"] as Int64, lectureId, field, try value(sides[0]), try value(sides[1])])
            }
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
