import SQLStore

/// Migrations after v19, written once for both engines in `SchemaSQL`'s types: SQLite's
/// migrator and PostgreSQL's (`SchemaSQL.migrate`) run the same statements under the same
/// identifiers; a statement that begins `-- postgres` is PostgreSQL's alone (SQLite records the
/// migration without it). History: never edited once landed.
enum SharedMigrations {
    static let postgresOnly = "-- postgres\n"

    static func statements(_ shared: (identifier: String, statements: [String]), for dialect: SQLDialect) -> [String] {
        shared.statements.compactMap { statement in
            guard statement.hasPrefix(postgresOnly) else { return statement }
            return dialect == .postgres ? String(statement.dropFirst(postgresOnly.count)) : nil
        }
    }

    static let all: [(identifier: String, statements: [String])] = [
        (
            // v20: the ingest queue several hosts share (`JobQueue`). A job is a file on the shared
            // folder; a host claims it for a lease on the database's clock (`leaseUntil`, seconds
            // since 1970) and commits it with its claim's token.
            "v20 ingest jobs",
            [
                """
                CREATE TABLE ingestJob (id {key}, path {text} NOT NULL, manifest {text}, actor {text} NOT NULL,
                arguments {text} NOT NULL DEFAULT '', state {text} NOT NULL DEFAULT 'queued',
                attempts {int} NOT NULL DEFAULT 0, host {text}, token {text}, leaseUntil {real},
                enqueuedAt {text} NOT NULL, startedAt {text}, finishedAt {text}, outcome {text},
                lectureId {int}, error {text})
                """,
                "CREATE INDEX ingestJob_state ON ingestJob(state, id)",
            ]
        ),
        (
            // v21: the desk's failed logins, so that desks on several hosts throttle password
            // guessing together (`LoginThrottle`): a row per counter an attempt touches.
            "v21 login failures",
            [
                "CREATE TABLE loginFailure (key {text} NOT NULL, at {text} NOT NULL)",
                "CREATE INDEX loginFailure_key ON loginFailure(key, at)",
            ]
        ),
        (
            // v22: search's newest-first orders as PostgreSQL reads them. SQLite walks its
            // ascending indexes backwards (its NULLs sort first, so last going down); PostgreSQL
            // needs `DESC NULLS LAST` in the index to stop after a page instead of sorting every
            // match (`status:pending duration:..10m` 14.7 ms → 0.7 ms at 20,000 lectures).
            "v22 newest-first indexes",
            [
                postgresOnly + "CREATE INDEX lecture_recorded_desc ON lecture (recordedOn DESC NULLS LAST, id DESC)",
                postgresOnly
                    + "CREATE INDEX lecture_duration_desc ON lecture (durationSeconds DESC NULLS LAST, id DESC)",
            ]
        ),
    ]
}
