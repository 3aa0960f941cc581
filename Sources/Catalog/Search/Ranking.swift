import Foundation
import GRDB

extension Catalog {
    /// A plain word of the query, as its match trees, and the number of its first phrase in the
    /// whole MATCH expression.
    struct ScoredWord {
        var parts: [MatchTree]
        var firstPhrase: Int

        /// Whether every part of the word is found in `column` alone.
        func holds(column: Int, masks: [UInt8]) -> Bool {
            var first = firstPhrase
            var found = true
            for part in parts {
                if !part.holds(column: column, masks: masks, first: first) { found = false }
                first += part.phraseCount
            }
            return found
        }
    }

    /// A match in the ranking's window: its recording day and each phrase's columns.
    struct Candidate {
        var id: Int64
        var recordedOn: String?
        var masks: [UInt8]
    }

    /// Relevance: the newest `rankingWindow` matches that pass every condition (FTS5 streams
    /// matches newest first, so the window's oldest row is cheap to find), scored by the
    /// fields each word is found in: title 10, speaker and topic 5, organisation and tags 3,
    /// description and file name 1; ties to the newest recording. Which fields hold a word is
    /// read in the same query, from each phrase's columns (`lectern_columns`), not by one
    /// query per word and field. FTS5's bm25 would weigh rare words above common ones, but it
    /// counts every row holding each word to do so: 17 ms for 党 over a million lectures.
    func rankedByFields(
        _ db: Database, match: [String], scored: [ScoredWord], exclude: [String], filters: [String],
        arguments: [DatabaseValueConvertible], limit: Int
    ) throws -> [SearchHit] {
        let expr = match.joined(separator: " AND ")
        let base =
            "SELECT lectureSearch.rowid, l.recordedOn, lectern_columns(lectureSearch) FROM lectureSearch"
            + " JOIN lecture l ON l.id = lectureSearch.rowid WHERE "
            + (["lectureSearch MATCH ?"] + filters).joined(separator: " AND ")
        let args: [DatabaseValueConvertible] = [expr] + arguments
        func fetch(_ sql: String, _ arguments: [DatabaseValueConvertible]) throws -> [Candidate] {
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                Candidate(id: row[0], recordedOn: row[1], masks: [UInt8](row[2] as Data? ?? Data()))
            }
        }
        var candidates: [Candidate]
        if exclude.isEmpty {
            candidates = try fetch(base + " ORDER BY lectureSearch.rowid DESC LIMIT ?", args + [Self.rankingWindow])
        } else {
            // Twice the window without the excluded words, then drop those that have them: one
            // bounded look-up instead of listing every lecture the excluded words are in.
            let wide = try fetch(base + " ORDER BY lectureSearch.rowid DESC LIMIT ?", args + [2 * Self.rankingWindow])
            let excluded =
                try wide.last.map { oldest in
                    Set(
                        try Int64.fetchAll(
                            db, sql: "SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ? AND rowid >= ?",
                            arguments: [exclude.joined(separator: " OR "), oldest.id]))
                } ?? []
            candidates = Array(wide.filter { !excluded.contains($0.id) }.prefix(Self.rankingWindow))
            if candidates.isEmpty && wide.count == 2 * Self.rankingWindow {
                // Every recent match has an excluded word: look further back, exactly.
                candidates = try fetch(
                    base
                        + " AND l.id NOT IN (SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ?) ORDER BY lectureSearch.rowid DESC LIMIT ?",
                    args + [exclude.joined(separator: " OR "), Self.rankingWindow])
            }
        }
        // The scripts' column is not scored: a word only a script holds leaves the hit at 0,
        // below every match in the lecture's own fields, newest first.
        let weighed = zip(SearchIndex.columns, SearchIndex.weightValues).enumerated()
            .filter { $0.element.0 != "text" }.map { (column: $0.offset, weight: $0.element.1) }
        let ranked = candidates.map { c in
            var score = 0.0
            for word in scored {
                for (column, weight) in weighed where word.holds(column: column, masks: c.masks) { score += weight }
            }
            return (candidate: c, score: score)
        }
        .sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.candidate.recordedOn != b.candidate.recordedOn {
                return (a.candidate.recordedOn ?? "") > (b.candidate.recordedOn ?? "")
            }
            return a.candidate.id > b.candidate.id
        }
        .prefix(limit)
        guard !ranked.isEmpty else { return [] }
        // The shown page's rows only.
        let rows = try Row.fetchAll(
            db,
            sql: Self.hitSelect + " FROM lecture l" + Self.hitJoins
                + " WHERE l.id IN (\(ranked.map { _ in "?" }.joined(separator: ",")))",
            arguments: StatementArguments(ranked.map(\.candidate.id)))
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int64, $0) })
        return ranked.compactMap { r in byId[r.candidate.id].map { Self.hit($0, score: r.score) } }
    }
}
