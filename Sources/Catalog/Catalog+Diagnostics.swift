import GRDB

/// What the developers' benchmarks measure the search against, through the catalog like
/// every other reader (`lectern-dev bench-search`).
public struct SearchIndexSize: Sendable {
    /// Bytes of the FTS5 index's pages.
    public var indexBytes: Int64
    /// Bytes of the text it indexes (UTF-8), the fields as stored.
    public var rawTextBytes: Int64
    /// Bytes of the attached scripts' text (UTF-8), indexed in the `text` column.
    public var attachedTextBytes: Int64 = 0
    public var lectures: Int64
}

extension Catalog {
    /// Lecture ids whose title, topic, description or tags contain `text`, by a full scan
    /// (`NOT INDEXED`): the baseline an index is measured against.
    public func likeScan(_ text: String) throws -> [Int64] {
        try pool.read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM lecture NOT INDEXED
                    WHERE title LIKE ?1 OR topic LIKE ?1 OR description LIKE ?1 OR tags LIKE ?1
                    """, arguments: ["%\(text)%"])
        }
    }

    /// Register ids whose name contains `text`, by a full scan: the baseline of `searchPeople`.
    public func personLikeScan(_ text: String) throws -> [Int64] {
        try pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM person NOT INDEXED WHERE name LIKE ?", arguments: ["%\(text)%"])
        }
    }

    public func searchIndexSize() throws -> SearchIndexSize {
        try pool.read { db in
            SearchIndexSize(
                indexBytes: try Int64.fetchOne(
                    db, sql: "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'lectureSearch%'") ?? 0,
                rawTextBytes: try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT SUM(length(CAST(l.title AS BLOB)) + length(CAST(coalesce(s.name,'') AS BLOB))
                          + length(CAST(coalesce(l.searchOrganisation,'') AS BLOB)) + length(CAST(coalesce(l.topic,'') AS BLOB))
                          + length(CAST(coalesce(l.description,'') AS BLOB)) + length(CAST(l.tags AS BLOB))
                          + (SELECT length(CAST(v.originalName AS BLOB)) FROM version v WHERE v.lectureId = l.id LIMIT 1))
                        FROM lecture l LEFT JOIN speaker s ON s.id = l.speakerId
                        """) ?? 0,
                attachedTextBytes: try Int64.fetchOne(
                    db, sql: "SELECT SUM(length(CAST(text AS BLOB))) FROM attachment WHERE lectureId IS NOT NULL")
                    ?? 0,
                lectures: try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM lecture") ?? 0)
        }
    }
}
