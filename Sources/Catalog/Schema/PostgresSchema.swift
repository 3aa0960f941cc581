import SQLStore

/// The catalog's schema on PostgreSQL. Its history is SQLite's (`Schema`), by the same
/// identifiers; a PostgreSQL catalog began at v19, so `baseline` makes v1–v19 in one step
/// (the tables as SQLite's v19 has them, written once with `SchemaSQL`'s types) and records
/// all nineteen. Migrations after v19 are written once as SQL for both engines.
/// What PostgreSQL has of its own: the search tables (a `tsvector` per field of Lectern's own
/// tokens, `every` under GIN), the audit chain's head row, and the triggers that keep the
/// chain append-only.
enum PostgresSchema {
    static let baseline: [String] =
        [
            """
            CREATE TABLE organisation (id {text} PRIMARY KEY NOT NULL, name {text} NOT NULL, parentId {text}
            REFERENCES organisation(id) ON DELETE RESTRICT, kind {text}, contact {text})
            """,
            """
            CREATE INDEX organisation_on_name ON organisation(name)
            """,
            """
            CREATE TABLE speaker (id {key}, name {text} NOT NULL UNIQUE)
            """,
            """
            CREATE TABLE ingestBatch (id {key}, startedAt {text} NOT NULL, finishedAt {text}, actor {text} NOT NULL,
            arguments {text} NOT NULL, ingested {int} NOT NULL DEFAULT 0, duplicates {int} NOT NULL DEFAULT 0,
            failed {int} NOT NULL DEFAULT 0, policyFailed {int} NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE lecture (id {key}, title {text} NOT NULL, speakerId {int} REFERENCES speaker(id),
            organisationId {text} REFERENCES organisation(id), topic {text}, recordedOn {text}, description {text},
            tags {text} NOT NULL DEFAULT '', status {text} NOT NULL, createdAt {text} NOT NULL, updatedAt {text} NOT
            NULL, searchOrganisation {text}, durationSeconds {real}, deadline {text}, spotCheck {int} NOT NULL
            DEFAULT 0, claimedOrganisation {text}, kind {text} NOT NULL DEFAULT 'lecture', theme {text}, score
            {real})
            """,
            """
            CREATE INDEX lecture_on_speakerId ON lecture(speakerId)
            """,
            """
            CREATE INDEX lecture_on_organisationId ON lecture(organisationId)
            """,
            """
            CREATE INDEX lecture_on_status ON lecture(status)
            """,
            """
            CREATE TABLE version (id {key}, lectureId {int} NOT NULL REFERENCES lecture(id), number {int} NOT NULL,
            sha256 {text} NOT NULL UNIQUE, originalName {text} NOT NULL, originalPath {text} NOT NULL, storedPath
            {text} NOT NULL, sizeBytes {int} NOT NULL, durationSeconds {real}, probe {text} NOT NULL, policyPassed
            {int} NOT NULL, findings {text} NOT NULL, fingerprint {text}, thumbsPath {text}, posterPath {text},
            sheetPath {text}, batchId {int} REFERENCES ingestBatch(id), ingestedAt {text} NOT NULL, UNIQUE
            (lectureId, number))
            """,
            """
            CREATE INDEX version_on_lectureId ON version(lectureId)
            """,
            """
            CREATE TABLE frame (id {key}, versionId {int} NOT NULL REFERENCES version(id) ON DELETE CASCADE,
            position {int} NOT NULL, timeSeconds {real} NOT NULL, path {text} NOT NULL, blank {int} NOT NULL)
            """,
            """
            CREATE INDEX frame_on_versionId ON frame(versionId)
            """,
            """
            CREATE TABLE auditEvent (id {key}, at {text} NOT NULL, actor {text} NOT NULL, action {text} NOT NULL,
            lectureId {int}, versionId {int}, fromState {text}, toState {text}, reasons {text} NOT NULL DEFAULT '',
            note {text} NOT NULL DEFAULT '', prevHash {text} NOT NULL, hash {text} NOT NULL)
            """,
            """
            CREATE INDEX auditEvent_on_lectureId ON auditEvent(lectureId)
            """,
            """
            CREATE INDEX lecture_recordedOn ON lecture(recordedOn)
            """,
            """
            CREATE INDEX lecture_durationSeconds ON lecture(durationSeconds)
            """,
            """
            CREATE TABLE reviewScore (id {key}, lectureId {int} NOT NULL REFERENCES lecture(id), actor {text} NOT
            NULL, at {text} NOT NULL, content {int} NOT NULL, form {int} NOT NULL, language {int} NOT NULL, effect
            {int} NOT NULL, comment {text})
            """,
            """
            CREATE INDEX reviewScore_on_lectureId ON reviewScore(lectureId)
            """,
            """
            CREATE TABLE "user" (name {text} PRIMARY KEY NOT NULL, role {text} NOT NULL, organisationId {text}
            REFERENCES organisation(id), createdAt {text} NOT NULL, passwordHash {text})
            """,
            """
            CREATE TABLE nearDuplicate (versionId {int} NOT NULL REFERENCES version(id) ON DELETE CASCADE, lectureId
            {int} NOT NULL REFERENCES lecture(id) ON DELETE CASCADE, otherLectureId {int} NOT NULL REFERENCES
            lecture(id) ON DELETE CASCADE, similarity {real} NOT NULL, pictureSimilarity {real}, soundSimilarity
            {real}, evidence {text}, PRIMARY KEY (versionId, otherLectureId))
            """,
            """
            CREATE INDEX nearDuplicate_lecture ON nearDuplicate(lectureId)
            """,
            """
            CREATE INDEX nearDuplicate_other ON nearDuplicate(otherLectureId)
            """,
            """
            CREATE TABLE webSession (tokenHash {text} PRIMARY KEY NOT NULL, userName {text} NOT NULL REFERENCES
            "user"(name) ON DELETE CASCADE, csrf {text} NOT NULL, address {text}, createdAt {text} NOT NULL,
            expiresAt {text} NOT NULL)
            """,
            """
            CREATE INDEX webSession_on_userName ON webSession(userName)
            """,
            """
            CREATE INDEX lecture_status_created ON lecture(status, createdAt, id)
            """,
            """
            CREATE TABLE rectification (eventId {int} PRIMARY KEY REFERENCES auditEvent(id), lectureId {int} NOT
            NULL, deadline {text} NOT NULL)
            """,
            """
            CREATE INDEX rectification_on_lectureId ON rectification(lectureId)
            """,
            """
            CREATE TABLE searchIndexState (tokeniserVersion {int} NOT NULL)
            """,
            """
            CREATE TABLE lectureEdit (eventId {int} NOT NULL REFERENCES auditEvent(id), lectureId {int} NOT NULL,
            field {text} NOT NULL, oldValue {text}, newValue {text}, PRIMARY KEY (eventId, field))
            """,
            """
            CREATE INDEX lectureEdit_on_lectureId ON lectureEdit(lectureId)
            """,
            """
            CREATE TABLE organisationFormerName (organisationId {text} NOT NULL REFERENCES organisation(id), name
            {text} NOT NULL, until {text} NOT NULL)
            """,
            """
            CREATE INDEX organisationFormerName_on_organisationId ON organisationFormerName(organisationId)
            """,
            """
            CREATE TABLE soundFingerprint (versionId {int} PRIMARY KEY REFERENCES version(id) ON DELETE CASCADE,
            lectureId {int} NOT NULL REFERENCES lecture(id) ON DELETE CASCADE, data {bytes} NOT NULL)
            """,
            """
            CREATE INDEX soundFingerprint_on_lectureId ON soundFingerprint(lectureId)
            """,
            """
            CREATE INDEX lecture_kind ON lecture(kind)
            """,
            """
            CREATE INDEX lecture_theme ON lecture(theme)
            """,
            """
            CREATE TABLE catalogSetting (key {text} PRIMARY KEY NOT NULL, value {text} NOT NULL)
            """,
            """
            CREATE TABLE filmPlan (month {text} NOT NULL, position {int} NOT NULL, lectureId {int} NOT NULL
            REFERENCES lecture(id), PRIMARY KEY (month, lectureId))
            """,
            """
            CREATE TABLE activity (id {key}, organisationId {text} NOT NULL REFERENCES organisation(id), day {text}
            NOT NULL, time {text} NOT NULL DEFAULT '', place {text}, participantCount {int}, participants {text} NOT
            NULL DEFAULT '', lectureId {int} REFERENCES lecture(id), speaker {text}, lectureTitle {text}, filmId
            {int} REFERENCES lecture(id), filmTitle {text}, practice {text}, discussion {text}, source {text},
            createdAt {text} NOT NULL, actor {text} NOT NULL, UNIQUE (organisationId, day, time))
            """,
            """
            CREATE INDEX activity_on_organisationId ON activity(organisationId)
            """,
            """
            CREATE INDEX activity_on_day ON activity(day)
            """,
            """
            CREATE TABLE activityPhoto (activityId {int} NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            position {int} NOT NULL, sha256 {text} NOT NULL, storedPath {text} NOT NULL, thumbPath {text} NOT NULL,
            originalName {text} NOT NULL, PRIMARY KEY (activityId, position))
            """,
            """
            CREATE INDEX activityPhoto_on_activityId ON activityPhoto(activityId)
            """,
            """
            CREATE TABLE interview (eventId {int} PRIMARY KEY REFERENCES auditEvent(id), lectureId {int} NOT NULL
            REFERENCES lecture(id), day {text} NOT NULL, person {text} NOT NULL, note {text} NOT NULL DEFAULT '')
            """,
            """
            CREATE INDEX interview_on_lectureId ON interview(lectureId)
            """,
            """
            CREATE TABLE person (id {key}, name {text} NOT NULL, organisationId {text} NOT NULL REFERENCES
            organisation(id), role {text} NOT NULL, phone {text}, subjects {text} NOT NULL DEFAULT '', takesOrders
            {int} NOT NULL DEFAULT 0, createdAt {text} NOT NULL)
            """,
            """
            CREATE INDEX person_on_name ON person(name)
            """,
            """
            CREATE INDEX person_on_organisationId ON person(organisationId)
            """,
            """
            CREATE TABLE lectureSpeaker (lectureId {int} NOT NULL REFERENCES lecture(id), personId {int} NOT NULL
            REFERENCES person(id), position {int} NOT NULL, PRIMARY KEY (lectureId, personId))
            """,
            """
            CREATE INDEX lectureSpeaker_on_personId ON lectureSpeaker(personId)
            """,
            """
            CREATE TABLE activitySpeaker (activityId {int} NOT NULL REFERENCES activity(id), personId {int} NOT NULL
            REFERENCES person(id), position {int} NOT NULL, PRIMARY KEY (activityId, personId))
            """,
            """
            CREATE INDEX activitySpeaker_on_personId ON activitySpeaker(personId)
            """,
            """
            CREATE TABLE memberCount (organisationId {text} NOT NULL REFERENCES organisation(id), day {text} NOT
            NULL, count {int} NOT NULL, PRIMARY KEY (organisationId, day))
            """,
            """
            CREATE TABLE lectureOrder (id {key}, organisationId {text} NOT NULL REFERENCES organisation(id),
            lectureId {int} NOT NULL REFERENCES lecture(id), day {text} NOT NULL, note {text}, activityId {int}
            REFERENCES activity(id), createdAt {text} NOT NULL, actor {text} NOT NULL)
            """,
            """
            CREATE INDEX lectureOrder_on_organisationId ON lectureOrder(organisationId)
            """,
            """
            CREATE INDEX lectureOrder_on_lectureId ON lectureOrder(lectureId)
            """,
            """
            CREATE INDEX lecture_score ON lecture(score)
            """,
            """
            CREATE TABLE attachment (id {key}, lectureId {int} REFERENCES lecture(id), activityId {int} REFERENCES
            activity(id), role {text} NOT NULL, format {text} NOT NULL, sha256 {text} NOT NULL, storedPath {text}
            NOT NULL, originalName {text} NOT NULL, sizeBytes {int} NOT NULL, pages {int} NOT NULL, characters {int}
            NOT NULL, scanned {int} NOT NULL, truncated {int} NOT NULL, encoding {text}, text {text} NOT NULL,
            createdAt {text} NOT NULL, actor {text} NOT NULL)
            """,
            """
            CREATE INDEX attachment_on_lectureId ON attachment(lectureId)
            """,
            """
            CREATE INDEX attachment_on_activityId ON attachment(activityId)
            """,
            """
            CREATE INDEX attachment_on_sha256 ON attachment(sha256)
            """,
            """
            CREATE TABLE reference (id {key}, title {text} NOT NULL, format {text} NOT NULL, sha256 {text} NOT NULL
            UNIQUE, storedPath {text} NOT NULL, originalName {text} NOT NULL, sizeBytes {int} NOT NULL, characters
            {int} NOT NULL, text {text} NOT NULL, createdAt {text} NOT NULL, actor {text} NOT NULL)
            """,
            """
            CREATE TABLE scriptSource (id {key}, attachmentId {int} UNIQUE REFERENCES attachment(id), referenceId
            {int} UNIQUE REFERENCES reference(id), lectureId {int} REFERENCES lecture(id), units {int} NOT NULL)
            """,
            """
            CREATE INDEX scriptSource_on_lectureId ON scriptSource(lectureId)
            """,
            """
            CREATE TABLE scriptSignature (hash {int} NOT NULL, sourceId {int} NOT NULL, PRIMARY KEY (hash,
            sourceId))
            """,
            """
            CREATE TABLE scriptMatch (sourceId {int} NOT NULL REFERENCES scriptSource(id), otherSourceId {int} NOT
            NULL REFERENCES scriptSource(id), coverage {real} NOT NULL, otherCoverage {real} NOT NULL, shared {int}
            NOT NULL, longest {int} NOT NULL, passages {text} NOT NULL, PRIMARY KEY (sourceId, otherSourceId))
            """,
            """
            CREATE INDEX scriptMatch_on_otherSourceId ON scriptMatch(otherSourceId)
            """,
        ] + search + audit

    /// The search index: a row per lecture, a `tsvector` per field of the tokens SQLite's FTS5
    /// table is given (`SearchIndex.values`), and `every`, all of them, which GIN indexes.
    static let search = [
        """
        CREATE TABLE lectureSearch (lectureId BIGINT PRIMARY KEY REFERENCES lecture(id),
        title tsvector NOT NULL, speaker tsvector NOT NULL, organisation tsvector NOT NULL, topic tsvector NOT NULL,
        description tsvector NOT NULL, tags tsvector NOT NULL, filename tsvector NOT NULL, text tsvector NOT NULL,
        every tsvector NOT NULL)
        """,
        "CREATE INDEX lectureSearch_every ON lectureSearch USING gin (every)",
        "CREATE TABLE personSearch (personId BIGINT PRIMARY KEY REFERENCES person(id), tokens tsvector NOT NULL)",
        "CREATE INDEX personSearch_tokens ON personSearch USING gin (tokens)",
        "INSERT INTO organisation (id, name, parentId, kind) VALUES ('unassigned', '未分配', NULL, 'unassigned')",
        "INSERT INTO searchIndexState (tokeniserVersion) VALUES (0)",
    ]

    /// The chain's head: one row, locked by each append (`FOR UPDATE`), so that appends from
    /// many hosts follow one another and number the events without a gap; and the triggers
    /// that refuse to change or remove an event, whoever asks.
    static let audit = [
        """
        CREATE TABLE auditHead (one BIGINT PRIMARY KEY CHECK (one = 1), lastId BIGINT NOT NULL,
        hash TEXT COLLATE "C" NOT NULL)
        """,
        "INSERT INTO auditHead (one, lastId, hash) VALUES (1, 0, '\(AuditEventRecord.genesis)')",
        """
        CREATE FUNCTION lectern_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$
        """,
        """
        CREATE TRIGGER auditEvent_no_change BEFORE UPDATE OR DELETE ON auditEvent
        FOR EACH ROW EXECUTE FUNCTION lectern_audit_append_only()
        """,
        """
        CREATE TRIGGER auditEvent_no_truncate BEFORE TRUNCATE ON auditEvent
        FOR EACH STATEMENT EXECUTE FUNCTION lectern_audit_append_only()
        """,
        """
        CREATE TRIGGER auditHead_no_truncate BEFORE TRUNCATE OR DELETE ON auditHead
        FOR EACH STATEMENT EXECUTE FUNCTION lectern_audit_append_only()
        """,
        "REVOKE UPDATE, DELETE, TRUNCATE ON auditEvent FROM PUBLIC",
    ]
}
