import GRDB

/// v17: people at work. Who spoke at a lecture or an activity (several each, linked to the
/// register); each organisation's member count by date (党员人数); orders from the monthly menu
/// (点单) and their delivery as an activity; a panel reviewer's comment beside their score, and
/// the lecture's mean score kept for search and sorting.
extension Catalog {
    static func migratePeopleAtWork(_ db: Database) throws {
        try db.create(table: "lectureSpeaker") { t in
            t.column("lectureId", .integer).notNull().references("lecture")
            t.column("personId", .integer).notNull().references("person").indexed()
            t.column("position", .integer).notNull()
            t.primaryKey(["lectureId", "personId"])
        }
        try db.create(table: "activitySpeaker") { t in
            t.column("activityId", .integer).notNull().references("activity")
            t.column("personId", .integer).notNull().references("person").indexed()
            t.column("position", .integer).notNull()
            t.primaryKey(["activityId", "personId"])
        }
        try db.create(table: "memberCount") { t in
            t.column("organisationId", .text).notNull().references("organisation")
            t.column("day", .text).notNull()
            t.column("count", .integer).notNull()
            t.primaryKey(["organisationId", "day"])
        }
        try db.create(table: "lectureOrder") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("organisationId", .text).notNull().references("organisation").indexed()
            t.column("lectureId", .integer).notNull().references("lecture").indexed()
            t.column("day", .text).notNull()
            t.column("note", .text)
            t.column("activityId", .integer).references("activity")
            t.column("createdAt", .datetime).notNull()
            t.column("actor", .text).notNull()
        }
        try db.alter(table: "reviewScore") { t in t.add(column: "comment", .text) }
        try db.alter(table: "lecture") { t in t.add(column: "score", .double) }
        try db.create(index: "lecture_score", on: "lecture", columns: ["score"])
        try db.execute(
            sql: """
                UPDATE lecture SET score = (
                  SELECT AVG((content + form + language + effect) / 4.0) FROM reviewScore WHERE lectureId = lecture.id)
                """)
    }
}
