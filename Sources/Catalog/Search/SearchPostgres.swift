import Foundation
import LecternCore
import SQLStore

extension Catalog {
    /// The query on PostgreSQL: the same tokens as SQLite's index (`SearchText`), all of a
    /// lecture's in `lectureWords.every` under a GIN index, and each field's in its own vector in
    /// `lectureSearch`; a word is a `tsquery` of the same match tree. Relevance is the same: the
    /// newest `rankingWindow` matches, then scored by the fields each plain word is found in
    /// (`col @@ word`), with the same weights and ties. The window is found on the narrow table
    /// alone (v23); the per-field vectors are read for its rows only.
    func postgresHits(_ s: any SQLSession, _ plan: SearchPlan, order: SearchQuery.Sort, limit: Int) throws
        -> [SearchHit]
    {
        let window = WindowQuery(plan)
        if order == .relevance && !plan.match.isEmpty {
            var terms: [String] = [], scoreArgs: [SQLValue] = []
            for clause in plan.match where clause.scored {
                for (column, weight) in Self.weighedColumns {
                    terms.append(
                        "CASE WHEN ls.\(SearchIndex.columns[column]) @@ \(WindowQuery.tsquery) THEN CAST(\(weight) AS DOUBLE PRECISION) ELSE 0 END"
                    )
                    scoreArgs.append(.text(clause.tsquery))
                }
            }
            // Summed as doubles: a literal 10.0 is NUMERIC, whose sums were a tenth of a window's time.
            let score = "CAST(\(terms.isEmpty ? "0" : terms.joined(separator: " + ")) AS DOUBLE PRECISION)"
            let candidates = try postgresWindow(window, in: s, score: score, scoreArguments: scoreArgs, keep: limit)
            return try hits(s, Self.ranked(candidates, limit: limit))
        }
        var joins = plan.match.isEmpty ? "" : " JOIN lectureWords w ON w.lectureId = l.id"
        if window.joinsFields { joins += " JOIN lectureSearch ls ON ls.lectureId = l.id" }
        let (excluding, excludedValues) = window.excluded(by: "l.id")
        let conditions = window.words + excluding + window.lecture
        let args = window.wordArguments + excludedValues + window.lectureArguments
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var sql = Self.hitSelect + " FROM lecture l" + joins + Self.hitJoins + whereClause
        switch order {
        case .relevance, .recorded: sql += " ORDER BY l.recordedOn DESC NULLS LAST, l.id DESC"
        case .duration: sql += " ORDER BY l.durationSeconds DESC NULLS LAST, l.id DESC"
        case .score: sql += " ORDER BY l.score IS NULL, l.score DESC, l.id DESC"
        case .ingested: sql += " ORDER BY l.id DESC"
        }
        sql += " LIMIT ?"
        return try s.rows(sql, args + [.integer(Int64(limit))]).map { try Self.hit($0, score: nil) }
    }
}

extension WindowQuery {
    /// The plan's words, excluded words and lecture conditions, as the window's statements ask them.
    init(_ plan: SearchPlan) {
        if !plan.match.isEmpty {
            wordTrees = plan.match.map(\.parts)
            words.append("w.every @@ " + WindowQuery.tsquery)
            wordArguments.append(.text(plan.match.map { "(\($0.tsquery))" }.joined(separator: " & ")))
            for clause in plan.match {
                guard let column = clause.column, !clause.narrowsOnly else { continue }
                joinsFields = true
                words.append("ls.\(column) @@ " + WindowQuery.tsquery)
                wordArguments.append(.text(clause.tsquery))
            }
        }
        // A word excluded from every field is tested on the words' own row, already read; one
        // excluded from a field, by NOT EXISTS (not NOT IN: an anti-join the planner may probe
        // row by row while it walks the newest lectures, instead of gathering every lecture a
        // common word excludes).
        for clause in plan.exclude {
            if clause.column == nil && !plan.match.isEmpty {
                words.append("NOT (w.every @@ \(WindowQuery.tsquery))")
                wordArguments.append(.text(clause.tsquery))
            } else {
                let (table, column) = clause.column.map { ("lectureSearch", $0) } ?? ("lectureWords", "every")
                exclusions.append((table, column, clause.tsquery))
            }
        }
        lecture = plan.conditions(.postgres)
        lectureArguments = plan.arguments
        unnarrowed = plan.unnarrowed(.postgres)
    }
}
