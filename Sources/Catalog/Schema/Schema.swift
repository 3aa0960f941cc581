import GRDB

/// The catalog's migrations: history, never edited once landed. String table names only; no
/// call into code that may change (the search index is filled by `SearchIndex.ensureCurrent`,
/// which runs after them). v2 once indexed lectures itself with the tokeniser of its day.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1 catalog") { db in
            try db.create(table: "organisation") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().indexed()
                t.column("parentId", .text).references("organisation", onDelete: .restrict)
                t.column("kind", .text)
            }
            try db.create(table: "speaker") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
            }
            try db.create(table: "ingestBatch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("actor", .text).notNull()
                t.column("arguments", .text).notNull()
                t.column("ingested", .integer).notNull().defaults(to: 0)
                t.column("duplicates", .integer).notNull().defaults(to: 0)
                t.column("failed", .integer).notNull().defaults(to: 0)
                t.column("policyFailed", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "lecture") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("title", .text).notNull()
                t.column("speakerId", .integer).references("speaker").indexed()
                t.column("organisationId", .text).references("organisation").indexed()
                t.column("topic", .text)
                t.column("recordedOn", .text)
                t.column("description", .text)
                t.column("tags", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull().indexed()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "version") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("lectureId", .integer).notNull().references("lecture").indexed()
                t.column("number", .integer).notNull()
                t.column("sha256", .text).notNull().unique()
                t.column("originalName", .text).notNull()
                t.column("originalPath", .text).notNull()
                t.column("storedPath", .text).notNull()
                t.column("sizeBytes", .integer).notNull()
                t.column("durationSeconds", .double)
                t.column("probe", .text).notNull()
                t.column("policyPassed", .boolean).notNull()
                t.column("findings", .text).notNull()
                t.column("fingerprint", .text)
                t.column("thumbsPath", .text)
                t.column("posterPath", .text)
                t.column("sheetPath", .text)
                t.column("batchId", .integer).references("ingestBatch")
                t.column("ingestedAt", .datetime).notNull()
                t.uniqueKey(["lectureId", "number"])
            }
            try db.create(table: "frame") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("versionId", .integer).notNull().references("version", onDelete: .cascade).indexed()
                t.column("position", .integer).notNull()
                t.column("timeSeconds", .double).notNull()
                t.column("path", .text).notNull()
                t.column("blank", .boolean).notNull()
            }
            try db.create(table: "auditEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("lectureId", .integer).indexed()
                t.column("versionId", .integer)
                t.column("fromState", .text)
                t.column("toState", .text)
                t.column("reasons", .text).notNull().defaults(to: "")
                t.column("note", .text).notNull().defaults(to: "")
                t.column("prevHash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            // Append-only: the database itself refuses edits through the normal path.
            try db.execute(
                sql: """
                    CREATE TRIGGER auditEvent_no_update BEFORE UPDATE ON auditEvent
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                    CREATE TRIGGER auditEvent_no_delete BEFORE DELETE ON auditEvent
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                    """)
            try db.execute(
                sql:
                    "INSERT INTO organisation (id, name, parentId, kind) VALUES ('unassigned', '未分配', NULL, 'unassigned')"
            )
        }
        m.registerMigration("v2 search") { db in try SearchIndex.migrate(db) }
        m.registerMigration("v3 review") { db in try Catalog.migrateReview(db) }
        m.registerMigration("v4 users") { db in try Catalog.migrateUsers(db) }
        m.registerMigration("v5 spot checks") { db in
            try db.alter(table: "lecture") { t in t.add(column: "spotCheck", .boolean).notNull().defaults(to: false) }
        }
        m.registerMigration("v6 near duplicates") { db in try Catalog.migrateNearDuplicates(db) }
        m.registerMigration("v7 organisation contact") { db in
            try db.alter(table: "organisation") { t in t.add(column: "contact", .text) }
        }
        m.registerMigration("v8 web desk") { db in try Catalog.migrateDesk(db) }
        m.registerMigration("v9 rectification deadlines") { db in try Catalog.migrateRectificationDeadlines(db) }
        m.registerMigration("v10 search index version") { db in try SearchIndex.migrateVersion(db) }
        m.registerMigration("v11 lecture edits") { db in try Catalog.migrateLectureEdits(db) }
        // v12: the organisation an upload named that was not (yet) in the tree, so that an
        // import later can relink it (`lectern org relink`).
        m.registerMigration("v12 claimed organisation") { db in
            try db.alter(table: "lecture") { t in t.add(column: "claimedOrganisation", .text) }
        }
        // v13: an organisation's former names (曾用名) and until when each was its name, so that
        // a past report shows the name in force then and search finds either.
        m.registerMigration("v13 former names") { db in
            try db.create(table: "organisationFormerName") { t in
                t.column("organisationId", .text).notNull().indexed().references("organisation")
                t.column("name", .text).notNull()
                t.column("until", .datetime).notNull()
            }
        }
        m.registerMigration("v14 sound fingerprints") { db in try Catalog.migrateSound(db) }
        m.registerMigration("v15 the branch's month") { db in try Catalog.migrateMonth(db) }
        m.registerMigration("v16 people") { db in try Catalog.migratePeople(db) }
        m.registerMigration("v17 people at work") { db in try Catalog.migratePeopleAtWork(db) }
        m.registerMigration("v18 attachments") { db in try Catalog.migrateAttachments(db) }
        m.registerMigration("v19 copied scripts") { db in try Catalog.migrateManuscripts(db) }
        for shared in SharedMigrations.all {
            m.registerMigration(shared.identifier) { db in
                for statement in SharedMigrations.statements(shared, for: .sqlite) {
                    try db.execute(sql: SchemaSQL.render(statement, for: .sqlite))
                }
            }
        }
        return m
    }
}
