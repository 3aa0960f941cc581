import Foundation
import GRDB
import LecternCore

extension Catalog {
    /// v14: each version's sound fingerprint in a table of its own (a 20-minute lecture's is
    /// 50 kB; `show` and exports leave it out), and near-duplicates that say what they share
    /// (picture, sound or both) and where. Existing matches were found on the picture.
    static func migrateSound(_ db: Database) throws {
        try db.create(table: "soundFingerprint") { t in
            t.primaryKey("versionId", .integer).references("version", onDelete: .cascade)
            t.column("lectureId", .integer).notNull().indexed().references("lecture", onDelete: .cascade)
            t.column("data", .text).notNull()
        }
        try db.alter(table: "nearDuplicate") { t in
            t.add(column: "pictureSimilarity", .double)
            t.add(column: "soundSimilarity", .double)
            t.add(column: "evidence", .text)
        }
        try db.execute(sql: "UPDATE nearDuplicate SET pictureSimilarity = similarity")
    }

    static func insertSound(_ db: Database, versionId: Int64, lectureId: Int64, _ sound: SoundFingerprint?) throws {
        guard let sound else { return }
        try db.execute(
            sql: "INSERT INTO soundFingerprint (versionId, lectureId, data) VALUES (?, ?, ?)",
            arguments: [versionId, lectureId, String(decoding: try JSONEncoder().encode(sound), as: UTF8.self)])
    }

    /// The sound fingerprints of a lecture's versions.
    public func soundFingerprints(lectureId: Int64) throws -> [SoundFingerprint] {
        try pool.read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT data FROM soundFingerprint WHERE lectureId = ? ORDER BY versionId"),
                arguments: [lectureId]
            ).compactMap { try? JSONDecoder().decode(SoundFingerprint.self, from: Data($0.utf8)) }
        }
    }

    /// Every catalogued version's sound, filed by lecture, for look-ups at ingest.
    public func soundIndex() throws -> SoundIndex {
        var index = SoundIndex()
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT lectureId, data FROM soundFingerprint ORDER BY versionId")
            while let row = try rows.next() {
                let text: String = row["data"]
                guard let sound = try? JSONDecoder().decode(SoundFingerprint.self, from: Data(text.utf8)) else {
                    continue
                }
                index.insert(id: row["lectureId"], fingerprint: sound)
            }
        }
        return index
    }
}
