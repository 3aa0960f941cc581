import Foundation
import LecternCore
import SQLStore

/// A published speech or article that lectures are known to copy, loaded by the centre: the
/// file as the `document` job stored it (its role is not used), under a title.
public struct NewReference: Sendable, Equatable {
    public var title: String
    public var file: NewAttachment
    public init(title: String, file: NewAttachment) {
        self.title = title
        self.file = file
    }
}

public struct ReferenceView: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var format: DocumentFormat
    public var originalName: String
    public var storedPath: String
    public var sha256: String
    public var sizeBytes: Int64
    public var characters: Int
    public var createdAt: Date
    /// Lectures whose scripts were found in it.
    public var lectures: [Int64]
}

extension Catalog {
    public enum ReferenceOutcome: Sendable, Equatable {
        /// Added, and the lectures already held whose scripts were found in it.
        case added(Int64, lectures: [Int64])
        case existing(Int64)
    }

    /// Loads reference texts, each compared with the lectures' scripts already held (a lecture
    /// copied from it before it was loaded is flagged now); one transaction, an audit event each.
    public func addReferences(_ items: [NewReference], actor: String, now: Date) throws -> [ReferenceOutcome] {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                var out: [ReferenceOutcome] = []
                for r in items {
                    let f = r.file
                    if let existing = try s.scalar(Int64.self, "SELECT id FROM reference WHERE sha256 = ?", f.sha256) {
                        out.append(.existing(existing))
                        continue
                    }
                    let text = f.document.text
                    guard
                        let id = try s.scalar(
                            Int64.self,
                            """
                            INSERT INTO reference (title, format, sha256, storedPath, originalName, sizeBytes, characters,
                                text, createdAt, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                            """, r.title, f.document.format.rawValue, f.sha256, f.storedPath, f.originalName,
                            f.sizeBytes, text.count, text, now, actor)
                    else { throw SQLError(.other, "INSERT INTO reference returned no id") }
                    let found = try Self.indexScript(s, .reference(id), text: text)
                    let lectures = Array(Set(found.filter(\.overlap.flagged).compactMap(\.lectureId))).sorted()
                    _ = try AuditEventRecord.append(
                        s, at: now, actor: actor, action: "reference", lectureId: nil, versionId: nil, from: nil,
                        to: nil,
                        note: "载入参考资料《\(r.title)》（\(text.count) 字）"
                            + (lectures.isEmpty
                                ? "" : "，已有节目的讲稿摘自它：" + lectures.map { "#\($0)" }.joined(separator: "、")))
                    for lecture in lectures {
                        _ = try AuditEventRecord.append(
                            s, at: now, actor: actor, action: "scriptMatch", lectureId: lecture, versionId: nil,
                            from: nil, to: nil, note: "讲稿与新载入的参考资料《\(r.title)》大段相同")
                    }
                    out.append(.added(id, lectures: lectures))
                }
                return out
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    public func references() throws -> [ReferenceView] {
        try store.read { s in
            var lectures: [Int64: [Int64]] = [:]
            for row in try s.rows(
                """
                SELECT DISTINCT o.referenceId, s.lectureId FROM scriptMatch m
                JOIN scriptSource s ON s.id = m.sourceId JOIN scriptSource o ON o.id = m.otherSourceId
                WHERE o.referenceId IS NOT NULL AND s.lectureId IS NOT NULL ORDER BY o.referenceId, s.lectureId
                """)
            {
                lectures[try row.get("referenceId"), default: []].append(try row.get("lectureId"))
            }
            return try s.rows(
                """
                SELECT id, title, format, originalName, storedPath, sha256, sizeBytes, characters, createdAt
                FROM reference ORDER BY id
                """
            ).map { row in
                let id: Int64 = try row.get("id")
                return ReferenceView(
                    id: id, title: try row.get("title"),
                    format: DocumentFormat(rawValue: try row.get("format")) ?? .txt,
                    originalName: try row.get("originalName"), storedPath: try row.get("storedPath"),
                    sha256: try row.get("sha256"), sizeBytes: try row.get("sizeBytes"),
                    characters: try row.get("characters"), createdAt: try row.get("createdAt"),
                    lectures: lectures[id] ?? [])
            }
        }
    }
}
