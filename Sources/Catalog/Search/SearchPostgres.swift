import Foundation
import LecternCore
import SQLStore

extension Catalog {
    /// The query on PostgreSQL: the same tokens as SQLite's index (`SearchText`), each field a
    /// `tsvector` of them and `every` all of them under a GIN index; a word is a `tsquery` of
    /// the same match tree. Relevance is the same: the newest `rankingWindow` matches, scored by
    /// the fields each plain word is found in (`col @@ word`), with the same weights and ties.
    func postgresHits(_ s: any SQLSession, _ plan: SearchPlan, order: SearchQuery.Sort, limit: Int) throws
        -> [SearchHit]
    {
        var conditions: [String] = [], args: [SQLValue] = []
        if !plan.match.isEmpty {
            conditions.append("ls.every @@ CAST(? AS tsquery)")
            args.append(.text(plan.match.map { "(\($0.tsquery))" }.joined(separator: " & ")))
            for clause in plan.match {
                guard let column = clause.column else { continue }
                conditions.append("ls.\(column) @@ CAST(? AS tsquery)")
                args.append(.text(clause.tsquery))
            }
        }
        if !plan.exclude.isEmpty {
            let any = plan.exclude.map { "x.\($0.column ?? "every") @@ CAST(? AS tsquery)" }.joined(separator: " OR ")
            conditions.append("l.id NOT IN (SELECT x.lectureId FROM lectureSearch x WHERE \(any))")
            args += plan.exclude.map { .text($0.tsquery) }
        }
        conditions += plan.conditions(.postgres)
        args += plan.arguments
        let matched = plan.match.isEmpty ? "" : " JOIN lectureSearch ls ON ls.lectureId = l.id"
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        if order == .relevance && !plan.match.isEmpty {
            var terms: [String] = [], scoreArgs: [SQLValue] = []
            for clause in plan.match where clause.scored {
                for (column, weight) in Self.weighedColumns {
                    terms.append(
                        "CASE WHEN ls.\(SearchIndex.columns[column]) @@ CAST(? AS tsquery) THEN \(weight) ELSE 0 END")
                    scoreArgs.append(.text(clause.tsquery))
                }
            }
            let score = "CAST(\(terms.isEmpty ? "0" : terms.joined(separator: " + ")) AS DOUBLE PRECISION)"
            let candidates = try s.rows(
                "SELECT l.id, l.recordedOn, \(score) AS score FROM lecture l" + matched + whereClause
                    + " ORDER BY l.id DESC LIMIT ?", scoreArgs + args + [.integer(Int64(Self.rankingWindow))]
            ).map { row in
                (
                    id: try row.get("id", as: Int64.self), recordedOn: try row.optional("recordedOn", as: String.self),
                    score: try row.get("score", as: Double.self)
                )
            }
            return try hits(s, Self.ranked(candidates, limit: limit))
        }
        var sql = Self.hitSelect + " FROM lecture l" + matched + Self.hitJoins + whereClause
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
