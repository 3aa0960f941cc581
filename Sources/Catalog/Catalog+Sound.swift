import Foundation
import GRDB
import LecternCore
import SQLStore

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

    static func insertSound(_ s: any SQLSession, versionId: Int64, lectureId: Int64, _ sound: SoundFingerprint?)
        throws
    {
        guard let sound else { return }
        try s.execute(
            "INSERT INTO soundFingerprint (versionId, lectureId, data) VALUES (?, ?, ?)", versionId, lectureId,
            Data(sound.packed))
    }

    /// A stored fingerprint: packed (or, written by the first 0.11 builds, JSON).
    static func sound(_ data: Data?) -> SoundFingerprint? {
        guard let data else { return nil }
        return SoundFingerprint(packed: data) ?? (try? JSONDecoder().decode(SoundFingerprint.self, from: data))
    }

    /// The sound fingerprints of a lecture's versions.
    public func soundFingerprints(lectureId: Int64) throws -> [SoundFingerprint] {
        try store.read { s in
            try s.column(
                Data.self, "SELECT data FROM soundFingerprint WHERE lectureId = ? ORDER BY versionId", lectureId
            )
            .compactMap(Self.sound)
        }
    }

    /// Every catalogued version's sound, filed by lecture, for look-ups at ingest.
    public func soundIndex() throws -> SoundIndex {
        var index = SoundIndex()
        try store.read { s in
            try s.each("SELECT lectureId, data FROM soundFingerprint ORDER BY versionId", []) { row in
                guard let sound = Self.sound(try row.optional("data", as: Data.self)) else { return }
                index.insert(id: try row.get("lectureId"), fingerprint: sound)
            }
        }
        return index
    }
}
