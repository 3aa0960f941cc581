import Foundation
import GRDB
import LecternCore

/// Another lecture that shares pictures with this one, and how much (0…1).
public struct NearDuplicate: Codable, Sendable, Equatable {
    public var id: Int64
    public var similarity: Double
    /// The other lecture's title, when read back from the catalog.
    public var title: String?

    public init(id: Int64, similarity: Double, title: String? = nil) {
        self.id = id
        self.similarity = similarity
        self.title = title
    }

    /// "#7《标题》相似度 93%".
    public var chinese: String {
        "#\(id)" + (title.map { "《\($0)》" } ?? "") + "相似度 \(Int((similarity * 100).rounded()))%"
    }
}

extension Catalog {
    /// v6: the near-duplicates found when each version was ingested, kept with the version so
    /// the queue, `show` and a rejection can cite them. Existing versions are compared once,
    /// in the order they were ingested, as ingest would have.
    static func migrateNearDuplicates(_ db: Database) throws {
        try db.create(table: "nearDuplicate") { t in
            t.column("versionId", .integer).notNull().references("version", onDelete: .cascade)
            t.column("lectureId", .integer).notNull().references("lecture", onDelete: .cascade)
            t.column("otherLectureId", .integer).notNull().references("lecture", onDelete: .cascade)
            t.column("similarity", .double).notNull()
            t.primaryKey(["versionId", "otherLectureId"])
        }
        try db.create(index: "nearDuplicate_lecture", on: "nearDuplicate", columns: ["lectureId"])
        try db.create(index: "nearDuplicate_other", on: "nearDuplicate", columns: ["otherLectureId"])
        var index = FingerprintIndex()
        for v in try VersionRecord.order(Column("id")).fetchAll(db) {
            guard let text = v.fingerprint, let id = v.id,
                let fp = try? JSONDecoder().decode(Fingerprint.self, from: Data(text.utf8))
            else { continue }
            let near = index.matches(for: fp, threshold: nearDuplicateThreshold)
                .map { NearDuplicate(id: $0.id, similarity: $0.similarity) }
            try insertNearDuplicates(db, versionId: id, lectureId: v.lectureId, near)
            index.insert(id: v.lectureId, fingerprint: fp)
        }
    }

    /// The share of scenes two lectures must have in common to be flagged. Measured with
    /// Scripts/bench-duplicates (16 lecture-like sources, 6 transformations each, 16 other
    /// clips, 8 of them sharing an intro): copies score 0.50–1.00 against their source (10th
    /// percentile 0.67, median 0.92), unrelated pairs up to 0.58; at 0.6 precision is 1.00
    /// and recall 0.95 or more, at 0.5 recall is 1.00 but precision 0.97.
    public static let nearDuplicateThreshold = 0.6

    static func insertNearDuplicates(_ db: Database, versionId: Int64, lectureId: Int64, _ near: [NearDuplicate]) throws
    {
        for n in near where n.id != lectureId {
            try db.execute(
                sql: """
                    INSERT INTO nearDuplicate (versionId, lectureId, otherLectureId, similarity) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET similarity = max(similarity, excluded.similarity)
                    """, arguments: [versionId, lectureId, n.id, (n.similarity * 100).rounded() / 100])
        }
    }

    /// Lectures flagged as sharing pictures with `lectureId`, in either direction (it was found
    /// like an earlier one, or a later one was found like it), most similar first.
    public func nearDuplicates(of lectureId: Int64) throws -> [NearDuplicate] {
        try pool.read { db in try Self.nearDuplicates(db, of: lectureId) }
    }

    static func nearDuplicates(_ db: Database, of lectureId: Int64) throws -> [NearDuplicate] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT other AS id, max(similarity) AS similarity, l.title AS title FROM (
                        SELECT otherLectureId AS other, similarity FROM nearDuplicate WHERE lectureId = ?1
                        UNION ALL
                        SELECT lectureId AS other, similarity FROM nearDuplicate WHERE otherLectureId = ?1
                    ) JOIN lecture l ON l.id = other
                    WHERE other <> ?1
                    GROUP BY other ORDER BY similarity DESC, other
                    """), arguments: [lectureId]
        ).map { NearDuplicate(id: $0["id"], similarity: $0["similarity"], title: $0["title"]) }
    }
}
