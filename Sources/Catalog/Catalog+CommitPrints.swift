import Foundation
import LecternCore
import SQLStore

/// A version's fingerprints, as a comparison at commit reads them.
public struct CataloguedPrints: Sendable {
    public var versionId: Int64
    public var lectureId: Int64
    public var picture: Fingerprint?
    public var sound: SoundFingerprint?
}

extension Catalog {
    /// The newest version's id: where an ingest's comparison with the catalog stands.
    public func latestVersionId() throws -> Int64 {
        try store.read { s in try s.scalar(Int64.self, "SELECT MAX(id) FROM version") ?? 0 }
    }

    /// The fingerprints of the versions catalogued after `versionId`, oldest first.
    static func prints(_ s: any SQLSession, after versionId: Int64) throws -> [CataloguedPrints] {
        try s.rows(
            """
            SELECT v.id, v.lectureId, v.fingerprint, f.data FROM version v
            LEFT JOIN soundFingerprint f ON f.versionId = v.id WHERE v.id > ? ORDER BY v.id
            """, versionId
        ).map { row in
            CataloguedPrints(
                versionId: try row.get("id"), lectureId: try row.get("lectureId"),
                picture: try row.optional("fingerprint", as: String.self).flatMap {
                    try? JSONDecoder().decode(Fingerprint.self, from: Data($0.utf8))
                },
                sound: Self.sound(try row.optional("data", as: Data.self)))
        }
    }

    /// Serialises the commits of ingests on PostgreSQL: each takes the chain's head row first,
    /// so each sees every version committed before it (on SQLite the single writer does this).
    static func lockCommits(_ s: any SQLSession) throws {
        if s.dialect == .postgres { _ = try s.rows("SELECT lastId FROM auditHead WHERE one = 1 FOR UPDATE", []) }
    }
}
