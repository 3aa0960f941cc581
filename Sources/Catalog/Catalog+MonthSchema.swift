import GRDB

/// v15: the branch's whole month (一月一课一片一实践). A catalog item has a kind (微党课,
/// 教育片, …) and the theme its topic was matched to; the month's film list; the branches'
/// themed party days with their photos; and the call-ins (约谈) of responsible people.
extension Catalog {
    static func migrateMonth(_ db: Database) throws {
        try db.alter(table: "lecture") { t in
            t.add(column: "kind", .text).notNull().defaults(to: "lecture")
            t.add(column: "theme", .text)
        }
        try db.create(index: "lecture_kind", on: "lecture", columns: ["kind"])
        try db.create(index: "lecture_theme", on: "lecture", columns: ["theme"])
        try db.create(table: "catalogSetting") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
        // 教育片清单: a month's films, in the order they are shown.
        try db.create(table: "filmPlan") { t in
            t.column("month", .text).notNull()
            t.column("position", .integer).notNull()
            t.column("lectureId", .integer).notNull().references("lecture")
            t.primaryKey(["month", "lectureId"])
        }
        // 主题党日记录.
        try db.create(table: "activity") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("organisationId", .text).notNull().references("organisation").indexed()
            t.column("day", .text).notNull().indexed()
            t.column("time", .text).notNull().defaults(to: "")
            t.column("place", .text)
            t.column("participantCount", .integer)
            t.column("participants", .text).notNull().defaults(to: "")
            t.column("lectureId", .integer).references("lecture")
            t.column("speaker", .text)
            t.column("lectureTitle", .text)
            t.column("filmId", .integer).references("lecture")
            t.column("filmTitle", .text)
            t.column("practice", .text)
            t.column("discussion", .text)
            t.column("source", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.uniqueKey(["organisationId", "day", "time"])
        }
        try db.create(table: "activityPhoto") { t in
            t.column("activityId", .integer).notNull().references("activity", onDelete: .cascade).indexed()
            t.column("position", .integer).notNull()
            t.column("sha256", .text).notNull()
            t.column("storedPath", .text).notNull()
            t.column("thumbPath", .text).notNull()
            t.column("originalName", .text).notNull()
            t.primaryKey(["activityId", "position"])
        }
        // 约谈: who was called in, when, with whom, about which lecture.
        try db.create(table: "interview") { t in
            t.column("eventId", .integer).primaryKey().references("auditEvent")
            t.column("lectureId", .integer).notNull().references("lecture").indexed()
            t.column("day", .text).notNull()
            t.column("person", .text).notNull()
            t.column("note", .text).notNull().defaults(to: "")
        }
    }
}
