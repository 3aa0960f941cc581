/// Migrations after v19, written once for both engines in `SchemaSQL`'s types: SQLite's
/// migrator and PostgreSQL's (`SchemaSQL.migrate`) run the same statements under the same
/// identifiers. History: never edited once landed.
enum SharedMigrations {
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
    ]
}
