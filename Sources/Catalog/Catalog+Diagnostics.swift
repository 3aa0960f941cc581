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
        try store.read { s in
            let pattern = "%\(text)%"
            return try s.column(
                Int64.self,
                """
                SELECT id FROM lecture \(s.dialect == .sqlite ? "NOT INDEXED" : "")
                WHERE title LIKE ? OR topic LIKE ? OR description LIKE ? OR tags LIKE ?
                """, pattern, pattern, pattern, pattern)
        }
    }

    /// Register ids whose name contains `text`, by a full scan: the baseline of `searchPeople`.
    public func personLikeScan(_ text: String) throws -> [Int64] {
        try store.read { s in
            try s.column(
                Int64.self, "SELECT id FROM person \(s.dialect == .sqlite ? "NOT INDEXED" : "") WHERE name LIKE ?",
                "%\(text)%")
        }
    }

    public func searchIndexSize() throws -> SearchIndexSize {
        try store.read { s in
            // Bytes of UTF-8: SQLite's length of a BLOB, PostgreSQL's octet_length.
            let bytes = { (x: String) in
                s.dialect == .sqlite ? "length(CAST(\(x) AS BLOB))" : "octet_length(\(x))"
            }
            let index =
                s.dialect == .sqlite
                ? "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'lectureSearch%'"
                : """
                SELECT pg_total_relation_size('lectureSearch') + coalesce(sum(pg_total_relation_size(inhrelid)), 0)
                FROM pg_inherits WHERE inhparent = CAST('lecturewords' AS regclass)
                """
            return SearchIndexSize(
                indexBytes: try s.scalar(Int64.self, index) ?? 0,
                rawTextBytes: try s.scalar(
                    Int64.self,
                    """
                    SELECT SUM(\(bytes("l.title")) + \(bytes("coalesce(s.name,'')"))
                      + \(bytes("coalesce(l.searchOrganisation,'')")) + \(bytes("coalesce(l.topic,'')"))
                      + \(bytes("coalesce(l.description,'')")) + \(bytes("l.tags"))
                      + coalesce((SELECT \(bytes("v.originalName")) FROM version v WHERE v.lectureId = l.id LIMIT 1), 0))
                    FROM lecture l LEFT JOIN speaker s ON s.id = l.speakerId
                    """) ?? 0,
                attachedTextBytes: try s.scalar(
                    Int64.self, "SELECT SUM(\(bytes("text"))) FROM attachment WHERE lectureId IS NOT NULL") ?? 0,
                lectures: try s.scalar(Int64.self, "SELECT COUNT(*) FROM lecture") ?? 0)
        }
    }
}
