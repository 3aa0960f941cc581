import Foundation
import LecternCore
import SQLStore

/// A film on a month's list (教育片清单), as the notice and the desk show it.
public struct PlannedFilm: Codable, Sendable, Equatable {
    public var month: String
    public var position: Int
    public var id: Int64
    public var title: String
    public var durationSeconds: Double?
    public var topic: String?
    public var theme: String?
    public var description: String?
    public var status: ReviewStatus
    /// The latest version's poster, relative to the library.
    public var posterPath: String?
}

extension Catalog {
    /// Sets `month`'s film list to `ids`, in that order (one transaction with its audit event).
    /// Each must be a catalogued film (an item of a kind without a speaker, 教育片 by default)
    /// that is approved; the first that is not is refused with the reason.
    public func planFilms(month: String, ids: [Int64], actor: String, now: Date) throws -> [PlannedFilm] {
        guard LectureDay.validMonth(month) else {
            throw CatalogError(.invalid, "月份应写成 yyyy-MM，如 2026-12（收到「\(month)」）")
        }
        do {
            return try store.write { s in
                // The county's staff plan the month (a reviewer judges, an admin may do both).
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                var seen = Set<Int64>()
                for id in ids {
                    guard seen.insert(id).inserted else { throw CatalogError(.invalid, "#\(id) 写了两次") }
                    guard let row = try s.row("SELECT kind, status, title FROM lecture WHERE id = ?", id)
                    else { throw CatalogError(.notFound, "#\(id)：目录中没有这个节目") }
                    let title: String = try row.get("title"), status: String = try row.get("status")
                    let kind = kinds.kind(code: try row.get("kind"))
                    guard kind.code == ItemKind.filmCode else {
                        throw CatalogError(
                            .invalid,
                            "#\(id)「\(title)」是\(kind.name)，不是教育片（可用 lectern edit \(id) --kind 教育片 改类型）"
                        )
                    }
                    guard status == ReviewStatus.approved.rawValue else {
                        let shown = ReviewStatus(rawValue: status)?.chinese ?? "—"
                        throw CatalogError(.invalid, "#\(id)「\(title)」还没有通过审核（现在：\(shown)），不能列入清单")
                    }
                }
                let before = try s.column(
                    Int64.self, "SELECT lectureId FROM filmPlan WHERE month = ? ORDER BY position", month)
                try s.execute("DELETE FROM filmPlan WHERE month = ?", month)
                for (i, id) in ids.enumerated() {
                    try s.execute(
                        "INSERT INTO filmPlan (month, position, lectureId) VALUES (?, ?, ?)", month, i + 1, id)
                }
                if before != ids {
                    _ = try AuditEventRecord.append(
                        s, at: now, actor: actor, action: "filmPlan", lectureId: nil, versionId: nil, from: nil,
                        to: nil,
                        note: "\(month) 教育片清单：\(ids.isEmpty ? "清空" : ids.map { "#\($0)" }.joined(separator: " "))")
                }
                return try Self.plannedFilms(s, month: month)
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    public func plannedFilms(month: String) throws -> [PlannedFilm] {
        try store.read { s in try Self.plannedFilms(s, month: month) }
    }

    static func plannedFilms(_ s: any SQLSession, month: String?) throws -> [PlannedFilm] {
        try s.rows(
            """
            SELECT p.month, p.position, l.id, l.title, l.durationSeconds, l.topic, l.theme, l.description, l.status,
                   (SELECT v.posterPath FROM version v WHERE v.lectureId = l.id ORDER BY v.number DESC LIMIT 1)
                     AS posterPath
            FROM filmPlan p JOIN lecture l ON l.id = p.lectureId
            \(month == nil ? "" : "WHERE p.month = ?") ORDER BY p.month, p.position
            """, month.map { [$0.sqlValue] } ?? []
        ).map { try $0.decode(PlannedFilm.self) }
    }
}
