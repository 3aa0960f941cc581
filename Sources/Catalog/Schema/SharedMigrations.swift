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
        (
            // v23: the search tables on PostgreSQL as relevance reads them. Relevance walks the
            // newest lectures and tests each against the query. With `every` beside the eight
            // per-field vectors a row was 4 KB: past TOAST's 2 KB threshold, so PostgreSQL
            // compressed it, and each test read and decompressed it (党史 with a duration: 33 ms at
            // 20,000 lectures). `every` now has its own table (about 1.4 KB a row without
            // scripts), and both tables keep rows of up to 8 KB inline and uncompressed
            // (`toast_tuple_target`): 20,000 lectures' query mix p95 35 → 11 ms. The values are
            // copied through text so that none stays compressed.
            "v23 search words apart",
            [
                postgresOnly + "ALTER TABLE lectureSearch RENAME TO lectureSearchBefore23",
                postgresOnly + "ALTER INDEX lectureSearch_pkey RENAME TO lectureSearchBefore23_pkey",
                postgresOnly
                    + """
                    CREATE TABLE lectureSearch (lectureId BIGINT PRIMARY KEY REFERENCES lecture(id),
                    title tsvector NOT NULL, speaker tsvector NOT NULL, organisation tsvector NOT NULL,
                    topic tsvector NOT NULL, description tsvector NOT NULL, tags tsvector NOT NULL,
                    filename tsvector NOT NULL, text tsvector NOT NULL) WITH (toast_tuple_target = 8160)
                    """,
                postgresOnly
                    + """
                    CREATE TABLE lectureWords (lectureId BIGINT PRIMARY KEY REFERENCES lecture(id),
                    every tsvector NOT NULL) WITH (toast_tuple_target = 8160)
                    """,
                postgresOnly
                    + """
                    INSERT INTO lectureSearch (lectureId, title, speaker, organisation, topic, description, tags, filename, text)
                    SELECT lectureId, CAST(CAST(title AS TEXT) AS tsvector), CAST(CAST(speaker AS TEXT) AS tsvector), CAST(CAST(organisation AS TEXT) AS tsvector), CAST(CAST(topic AS TEXT) AS tsvector), CAST(CAST(description AS TEXT) AS tsvector), CAST(CAST(tags AS TEXT) AS tsvector), CAST(CAST(filename AS TEXT) AS tsvector), CAST(CAST(text AS TEXT) AS tsvector) FROM lectureSearchBefore23 ORDER BY lectureId
                    """,
                postgresOnly
                    + """
                    INSERT INTO lectureWords (lectureId, every)
                    SELECT lectureId, CAST(CAST(every AS TEXT) AS tsvector) FROM lectureSearchBefore23 ORDER BY lectureId
                    """,
                postgresOnly + "DROP TABLE lectureSearchBefore23",
                postgresOnly + "CREATE INDEX lectureWords_every ON lectureWords USING gin (every)",
            ]
        ),
        (
            // v24: `lectureWords` in partitions of 100,000 lecture ids (`SearchIndex.wordsPartition`),
            // each with its own GIN index. A bitmap of a word's matches then costs what the
            // partition holds, not the catalog: relevance reads the newest partitions first and
            // stops when its window is full (`postgresWindow`). Partitions are made as ids reach
            // them, by `lectern_words_partition`, under an advisory lock so that two hosts never
            // make one twice.
            "v24 search words in partitions",
            [
                postgresOnly + "ALTER TABLE lectureWords RENAME TO lectureWordsBefore24",
                postgresOnly + "ALTER INDEX lectureWords_pkey RENAME TO lectureWordsBefore24_pkey",
                postgresOnly + "DROP INDEX lectureWords_every",
                postgresOnly
                    + """
                    CREATE TABLE lectureWords (lectureId BIGINT PRIMARY KEY REFERENCES lecture(id),
                    every tsvector NOT NULL) PARTITION BY RANGE (lectureId)
                    """,
                postgresOnly + "CREATE INDEX lectureWords_every ON lectureWords USING gin (every)",
                postgresOnly
                    + """
                    CREATE FUNCTION lectern_words_partition(id BIGINT) RETURNS void LANGUAGE plpgsql AS $$
                    DECLARE
                        k BIGINT := id / 100000;
                        name TEXT := 'lecturewords_' || k;
                    BEGIN
                        IF to_regclass(name) IS NULL THEN
                            PERFORM pg_advisory_xact_lock(1818588020, CAST(k AS INTEGER));
                            IF to_regclass(name) IS NULL THEN
                                EXECUTE format('CREATE TABLE %I PARTITION OF lectureWords FOR VALUES FROM (%s) TO (%s) '
                                    'WITH (toast_tuple_target = 8160)', name, k * 100000, (k + 1) * 100000);
                            END IF;
                        END IF;
                    END $$
                    """,
                postgresOnly
                    + """
                    SELECT lectern_words_partition(k * 100000)
                    FROM generate_series(0, (SELECT coalesce(max(lectureId), 0) FROM lectureWordsBefore24) / 100000) AS k
                    """,
                postgresOnly
                    + """
                    INSERT INTO lectureWords (lectureId, every)
                    SELECT lectureId, every FROM lectureWordsBefore24 ORDER BY lectureId
                    """,
                postgresOnly + "DROP TABLE lectureWordsBefore24",
            ]
        ),
        (
            // v25: the lecture's own columns that search tests, beside its id in one index, so
            // that a walk of the newest lectures (`lecturesWalk`) and the window's look-ups by id
            // read the index alone, not each lecture's row: 39,000 lectures walked for a date range
            // at 1,000,000, 6.0 → 4.7 ms. Reading the index alone needs the
            // table's pages marked all-visible by VACUUM: autovacuum is asked to run after every
            // half percent of the table inserted, not the default fifth, so that the newest
            // lectures, which search reads first, are soon marked.
            "v25 lecture columns search tests",
            [
                postgresOnly
                    + """
                    CREATE INDEX lecture_search_columns ON lecture (id) INCLUDE (recordedOn, durationSeconds,
                    organisationId, status, kind, theme, score, createdAt)
                    """,
                postgresOnly + "ALTER TABLE lecture SET (autovacuum_vacuum_insert_scale_factor = 0.005)",
            ]
        ),
    ]
}
