import Foundation
import GRDB
import LecternCore
import SQLStore

extension Catalog {
    /// The scripts a lecture's texts were found in, and the later lectures found to copy its
    /// own: each pair once, most similar first.
    public func scriptMatches(lecture: Int64) throws -> [ScriptMatch] {
        try store.read { s in try Self.scriptMatches(s, lecture: lecture) }
    }

    static func scriptMatches(_ s: any SQLSession, lecture: Int64) throws -> [ScriptMatch] {
        let rows = try s.rows(
            """
            \(Self.matchColumns) FROM scriptSource s JOIN scriptMatch m ON m.sourceId = s.id
                JOIN scriptSource o ON o.id = m.otherSourceId LEFT JOIN reference r ON r.id = o.referenceId
            WHERE s.lectureId = ?
            UNION ALL
            \(Self.matchColumns) FROM scriptSource o JOIN scriptMatch m ON m.otherSourceId = o.id
                JOIN scriptSource s ON s.id = m.sourceId LEFT JOIN reference r ON r.id = o.referenceId
            WHERE o.lectureId = ?
            """, lecture, lecture)
        guard !rows.isEmpty else { return [] }
        let mine = try Self.scriptContext(s, lecture: lecture)
        var best: [String: ScriptMatch] = [:]
        for row in rows {
            let forward = try row.optional("la", as: Int64.self) == lecture
            var passages =
                (try? JSONDecoder().decode(
                    [SharedPassage].self, from: Data(try row.get("passages", as: String.self).utf8))) ?? []
            if !forward {
                passages = passages.map(\.swapped)
            }
            let coverage: Double = try row.get("coverage"), otherCoverage: Double = try row.get("otherCoverage")
            var match = ScriptMatch(
                kind: .reference, attachmentId: try row.get(forward ? "a" : "b"), lectureId: nil,
                otherAttachmentId: nil, title: nil, year: nil, organisation: nil, sameOrganisation: false,
                sameSpeaker: false, referenceId: try row.optional("referenceId"),
                referenceTitle: try row.optional("referenceTitle"),
                similarity: NearDuplicate.rounded(forward ? coverage : otherCoverage),
                otherSimilarity: NearDuplicate.rounded(forward ? otherCoverage : coverage),
                shared: try row.get("shared"), longest: try row.get("longest"), passages: passages)
            if let other: Int64 = try row.optional(forward ? "lb" : "la") {
                let theirs = try Self.scriptContext(s, lecture: other)
                match.lectureId = other
                match.otherAttachmentId = try row.optional(forward ? "b" : "a")
                match.title = theirs.title
                match.year = theirs.year
                match.organisation = theirs.organisation
                match.sameOrganisation = mine.organisationId != nil && mine.organisationId == theirs.organisationId
                match.sameSpeaker = !mine.speakers.isDisjoint(with: theirs.speakers)
                match.kind = match.sameOrganisation || match.sameSpeaker ? .reused : .copied
                match.referenceId = nil
            }
            let key = match.lectureId.map { "l\($0)" } ?? "r\(match.referenceId ?? 0)"
            if let known = best[key], known.similarity >= match.similarity, known.shared >= match.shared { continue }
            best[key] = match
        }
        return best.values.sorted {
            $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.shared > $1.shared
        }
    }

    /// A match from either side, each side found by its own index (an OR across the two joins
    /// scanned every match, for every lecture shown and every queue item).
    static let matchColumns = """
        SELECT m.coverage, m.otherCoverage, m.shared, m.longest, m.passages,
            s.attachmentId AS a, s.lectureId AS la, o.attachmentId AS b, o.lectureId AS lb,
            o.referenceId, r.title AS referenceTitle
        """

    struct ScriptContext {
        var title: String
        var organisationId: String?
        var organisation: String?
        var year: Int?
        /// The register's people who spoke, or the speaker's name as written.
        var speakers: Set<String>
    }

    static func scriptContext(_ s: any SQLSession, lecture: Int64) throws -> ScriptContext {
        let row = try s.row(
            """
            SELECT l.title, l.organisationId, o.name AS organisation, l.recordedOn, s.name AS speaker
            FROM lecture l LEFT JOIN organisation o ON o.id = l.organisationId
            LEFT JOIN speaker s ON s.id = l.speakerId WHERE l.id = ?
            """, lecture)
        var speakers = Set(
            try s.column(Int64.self, "SELECT personId FROM lectureSpeaker WHERE lectureId = ?", lecture).map {
                "p\($0)"
            })
        if speakers.isEmpty, let name: String = try row?.optional("speaker"), !name.isEmpty {
            speakers.insert("n\(name)")
        }
        let recorded: String? = try row?.optional("recordedOn")
        return ScriptContext(
            title: try row?.optional("title") ?? "", organisationId: try row?.optional("organisationId"),
            organisation: try row?.optional("organisation"), year: recorded.flatMap { Int($0.prefix(4)) },
            speakers: speakers)
    }

}
