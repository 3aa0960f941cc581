import Foundation
import LecternCore
import SQLStore

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
        return try store.write { s in
            let rows = try s.rows(
                "SELECT id, title, claimedOrganisation FROM lecture WHERE organisationId = 'unassigned' ORDER BY id")
            var out: [UnassignedLecture] = []
            for row in rows {
                let id: Int64 = try row.get("id")
                let claimed: String = try row.optional("claimedOrganisation") ?? ""
                var item = UnassignedLecture(id: id, title: try row.get("title"), claimed: claimed, relinkedTo: nil)
                let byId =
                    claimed.isEmpty
                    ? nil : try s.record(OrganisationRecord.self, "SELECT * FROM organisation WHERE id = ?", claimed)
                let byName =
                    claimed.isEmpty
                    ? [] : try s.records(OrganisationRecord.self, "SELECT * FROM organisation WHERE name = ?", claimed)
                if let found = byId ?? (byName.count == 1 ? byName[0] : nil), found.id != "unassigned" {
                    item.relinkedTo = found.id
                    if !dryRun {
                        try SearchIndex.remove(s, lectureId: id)
                        try s.execute(
                            "UPDATE lecture SET organisationId = ?, updatedAt = ? WHERE id = ?", found.id, now, id)
                        try SearchIndex.add(s, lectureId: id)
                        let event = try AuditEventRecord.append(
                            s, at: now, actor: actor, action: "edit", lectureId: id, versionId: nil, from: nil,
                            to: nil,
                            note: "组织：未分配 → \(found.name)（上传时写的「\(claimed)」，lectern org relink）")
                        try s.execute(
                            """
                            INSERT INTO lectureEdit (eventId, lectureId, field, oldValue, newValue)
                            VALUES (?, ?, 'organisationId', 'unassigned', ?)
                            """, event.id, id, found.id)
                    }
                }
                out.append(item)
            }
            return out
        }
    }
}
