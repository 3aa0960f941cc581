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
        var conditions: [String] = [], args: [SQLValue] = []
        // Relevance without conditions on the lecture's own columns finds its window in the
        // search tables alone: a bitmap's matches are then sorted by id without a join each.
        let ranked = order == .relevance && !plan.match.isEmpty
        let wordsOnly = ranked && plan.conditions(.postgres).isEmpty
        let key = wordsOnly ? "w.lectureId" : "l.id"
        var joins = "", joinsFields = false
        if !plan.match.isEmpty {
            joins = wordsOnly ? "" : " JOIN lectureWords w ON w.lectureId = l.id"
            conditions.append("w.every @@ CAST(? AS tsquery)")
            args.append(.text(plan.match.map { "(\($0.tsquery))" }.joined(separator: " & ")))
            for clause in plan.match {
                guard let column = clause.column, !clause.narrowsOnly else { continue }
                if !joinsFields { joins += " JOIN lectureSearch ls ON ls.lectureId = \(key)" }
                joinsFields = true
                conditions.append("ls.\(column) @@ CAST(? AS tsquery)")
                args.append(.text(clause.tsquery))
            }
        }
        // NOT EXISTS, not NOT IN: an anti-join the planner may probe row by row while it walks
        // the newest lectures, instead of gathering every lecture a common word excludes.
        for clause in plan.exclude {
            let (table, column) = clause.column.map { ("lectureSearch", $0) } ?? ("lectureWords", "every")
            conditions.append(
                "NOT EXISTS (SELECT 1 FROM \(table) x WHERE x.lectureId = \(key) AND x.\(column) @@ CAST(? AS tsquery))"
            )
            args.append(.text(clause.tsquery))
        }
        conditions += plan.conditions(.postgres)
        args += plan.arguments
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        if ranked {
            var terms: [String] = [], scoreArgs: [SQLValue] = []
            for clause in plan.match where clause.scored {
                for (column, weight) in Self.weighedColumns {
                    terms.append(
                        "CASE WHEN ls.\(SearchIndex.columns[column]) @@ CAST(? AS tsquery) THEN \(weight) ELSE 0 END")
                    scoreArgs.append(.text(clause.tsquery))
                }
            }
            let score = "CAST(\(terms.isEmpty ? "0" : terms.joined(separator: " + ")) AS DOUBLE PRECISION)"
            let keys =
                (wordsOnly ? [] : ["l.id"]) + ["w.lectureId"]
                + (joinsFields ? ["ls.lectureId"] : [])
            let candidates = try postgresWindow(
                s, from: wordsOnly ? "FROM lectureWords w" + joins : "FROM lecture l" + joins, key: key, keys: keys,
                conditions: conditions, arguments: args,
                score: score, scoreArguments: scoreArgs)
            return try hits(s, Self.ranked(candidates, limit: limit))
        }
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
