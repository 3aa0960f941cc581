import Foundation
import SQLStore

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
    func rankedByFields(_ s: any SQLSession, _ plan: SearchPlan, limit: Int) throws -> [SearchHit] {
        // FTS5 numbers the phrases of the expression in the order they are written.
        var scored: [ScoredWord] = [], phrases = 0
        for clause in plan.match {
            if clause.scored { scored.append(ScoredWord(parts: clause.parts, firstPhrase: phrases)) }
            phrases += clause.phraseCount
        }
        let expr = plan.match.map(\.fts).joined(separator: " AND ")
        let exclude = plan.exclude.map(\.fts).joined(separator: " OR ")
        let base =
            "SELECT lectureSearch.rowid AS id, l.recordedOn, lectern_columns(lectureSearch) AS masks FROM lectureSearch"
            + " JOIN lecture l ON l.id = lectureSearch.rowid WHERE "
            + (["lectureSearch MATCH ?"] + plan.conditions(.sqlite)).joined(separator: " AND ")
        let args: [SQLValue] = [.text(expr)] + plan.arguments
        func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [Candidate] {
            try s.rows(sql, arguments).map { row in
                Candidate(
                    id: try row.get("id"), recordedOn: try row.optional("recordedOn"),
                    masks: [UInt8](try row.optional("masks", as: Data.self) ?? Data()))
            }
        }
        let window = Int64(Self.rankingWindow)
        var candidates: [Candidate]
        if plan.exclude.isEmpty {
            candidates = try fetch(base + " ORDER BY lectureSearch.rowid DESC LIMIT ?", args + [.integer(window)])
        } else {
            // Twice the window without the excluded words, then drop those that have them: one
            // bounded look-up instead of listing every lecture the excluded words are in.
            let wide = try fetch(base + " ORDER BY lectureSearch.rowid DESC LIMIT ?", args + [.integer(2 * window)])
            let excluded =
                try wide.last.map { oldest in
                    Set(
                        try s.column(
                            Int64.self, "SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ? AND rowid >= ?",
                            exclude, oldest.id))
                } ?? []
            candidates = Array(wide.filter { !excluded.contains($0.id) }.prefix(Self.rankingWindow))
            if candidates.isEmpty && wide.count == 2 * Self.rankingWindow {
                // Every recent match has an excluded word: look further back, exactly.
                candidates = try fetch(
                    base
                        + " AND l.id NOT IN (SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ?) ORDER BY lectureSearch.rowid DESC LIMIT ?",
                    args + [.text(exclude), .integer(window)])
            }
        }
        // The scripts' column is not scored: a word only a script holds leaves the hit at 0,
        // below every match in the lecture's own fields, newest first.
        let ranked = candidates.map { c in
            var score = 0.0
            for word in scored {
                for (column, weight) in Self.weighedColumns where word.holds(column: column, masks: c.masks) {
                    score += weight
                }
            }
            return (id: c.id, recordedOn: c.recordedOn, score: score)
        }
        return try hits(s, Self.ranked(ranked, limit: limit))
    }

    /// The index's columns that count for relevance (all but the scripts'), by number, with weights.
    static let weighedColumns = zip(SearchIndex.columns, SearchIndex.weightValues).enumerated()
        .filter { $0.element.0 != "text" }.map { (column: $0.offset, weight: $0.element.1) }

    /// Highest score first; ties to the newest recording, then the newest lecture.
    static func ranked(_ scored: [(id: Int64, recordedOn: String?, score: Double)], limit: Int)
        -> [(id: Int64, score: Double)]
    {
        // Dates compared as their bytes (ISO dates, ASCII): String's comparison, Unicode-aware,
        // was a sixth of a PostgreSQL search's own time where scores tie.
        scored.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let (x, y) = ((a.recordedOn ?? "").utf8, (b.recordedOn ?? "").utf8)
            if !x.elementsEqual(y) { return y.lexicographicallyPrecedes(x) }
            return a.id > b.id
        }
        .prefix(limit).map { ($0.id, $0.score) }
    }

    /// The shown page's rows only, in the ranked order. The ids are one bound list
    /// (`SQLDialect.among`), so that the statement is the same for any page and planned once (on
    /// PostgreSQL a list of 20 values was planned again for each search: 0.4 ms). As a
    /// sub-select there, a read that keeps the order written (a walk's) read the whole catalog
    /// before it: 1 s a search at 1,000,000.
    func hits(_ s: any SQLSession, _ ranked: [(id: Int64, score: Double)]) throws -> [SearchHit] {
        guard !ranked.isEmpty else { return [] }
        let rows = try s.preparedRows(
            Self.hitSelect + " FROM lecture l" + Self.hitJoins + " WHERE " + s.dialect.among("l.id"),
            [s.dialect.ids(ranked.map(\.id))])
        let byId = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.get("id", as: Int64.self), $0) })
        return try ranked.compactMap { r in try byId[r.id].map { try Self.hit($0, score: r.score) } }
    }
}
