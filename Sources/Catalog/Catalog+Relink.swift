import Foundation
import GRDB
import LecternCore

/// A lecture under 未分配 whose upload named an organisation.
public struct UnassignedLecture: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String
    /// The organisation the upload named ("" when it named none).
    public var claimed: String
    /// Where `lectern org relink` put it (the organisation's id), or nil when the name is
    /// still unknown or ambiguous.
    public var relinkedTo: String?
}

extension Catalog {
    /// `lectern org relink`: each lecture under 未分配 whose upload named an organisation the
    /// tree now holds (by id or by a unique name) goes under it, audited as an edit and
    /// replayed by the reports like one. `dryRun` says what would move, and moves nothing.
    public func relinkUnassigned(actor: String, now: Date, dryRun: Bool = false) throws -> [UnassignedLecture] {
        try authorize(actor, .manageUsers, lectureId: nil, now: now)
        return try pool.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, title, claimedOrganisation FROM lecture
                    WHERE organisationId = 'unassigned' ORDER BY id
                    """)
            var out: [UnassignedLecture] = []
            for row in rows {
                let id: Int64 = row["id"]
                let claimed: String = row["claimedOrganisation"] ?? ""
                var item = UnassignedLecture(id: id, title: row["title"], claimed: claimed, relinkedTo: nil)
                let byId = claimed.isEmpty ? nil : try OrganisationRecord.fetchOne(db, key: claimed)
                let byName =
                    claimed.isEmpty ? [] : try OrganisationRecord.filter(Column("name") == claimed).fetchAll(db)
                if let found = byId ?? (byName.count == 1 ? byName[0] : nil), found.id != "unassigned" {
                    item.relinkedTo = found.id
                    if !dryRun {
                        try SearchIndex.remove(db, lectureId: id)
                        try db.execute(
                            sql: "UPDATE lecture SET organisationId = ?, updatedAt = ? WHERE id = ?",
                            arguments: [found.id, now, id])
                        try SearchIndex.add(db, lectureId: id)
                        let event = try AuditEventRecord.append(
                            db, at: now, actor: actor, action: "edit", lectureId: id, versionId: nil, from: nil,
                            to: nil,
                            note: "组织：未分配 → \(found.name)（上传时写的「\(claimed)」，lectern org relink）")
                        try db.execute(
                            sql: """
                                INSERT INTO lectureEdit (eventId, lectureId, field, oldValue, newValue)
                                VALUES (?, ?, 'organisationId', 'unassigned', ?)
                                """, arguments: [event.id, id, found.id])
                    }
                }
                out.append(item)
            }
            return out
        }
    }
}
