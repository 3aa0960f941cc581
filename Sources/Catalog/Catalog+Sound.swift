import Foundation
import GRDB
import LecternCore

extension Catalog {
    /// v14: each version's sound fingerprint in a table of its own (a 20-minute lecture's is
    /// 40 kB, packed; `show` and exports leave it out), and near-duplicates that say what they share
    /// (picture, sound or both) and where. Existing matches were found on the picture.
    static func migrateSound(_ db: Database) throws {
        try db.create(table: "soundFingerprint") { t in
            t.primaryKey("versionId", .integer).references("version", onDelete: .cascade)
            t.column("lectureId", .integer).notNull().indexed().references("lecture", onDelete: .cascade)
            t.column("data", .blob).notNull()
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
            arguments: [versionId, lectureId, Data(sound.packed)])
    }

    /// A stored fingerprint: packed (or, written by the first 0.11 builds, JSON).
    static func sound(_ data: Data?) -> SoundFingerprint? {
        guard let data else { return nil }
        return SoundFingerprint(packed: data) ?? (try? JSONDecoder().decode(SoundFingerprint.self, from: data))
    }

    /// The sound fingerprints of a lecture's versions.
    public func soundFingerprints(lectureId: Int64) throws -> [SoundFingerprint] {
        try pool.read { db in
            try Data.fetchAll(
                db.cachedStatement(sql: "SELECT data FROM soundFingerprint WHERE lectureId = ? ORDER BY versionId"),
                arguments: [lectureId]
            ).compactMap(Self.sound)
        }
    }

    /// Every catalogued version's sound, filed by lecture, for look-ups at ingest.
    public func soundIndex() throws -> SoundIndex {
        var index = SoundIndex()
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT lectureId, data FROM soundFingerprint ORDER BY versionId")
            while let row = try rows.next() {
                // The row's bytes are SQLite's until the next step: copied before decoding.
                let data: Data? = row["data"]
                guard let sound = Self.sound(data.map { Data($0) }) else { continue }
                index.insert(id: row["lectureId"], fingerprint: sound)
            }
        }
        return index
    }
}
