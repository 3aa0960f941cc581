import SQLStore

extension Catalog {
    /// How `postgresWindow` judges: the ids a walk reads before it judges how common the
    /// query is, and what a bitmap's match costs against a walked row. Tests set them small to
    /// take each way through a small catalog.
    struct WindowTuning: Sendable {
        var probeRows: Int64 = 2_000
        /// A match read from the GIN index and its own heap page, in walked rows (`costs`).
        var bitmapRowCost = 5.0
        /// Expected matches in all the ids left below which one planned statement reads them all.
        var fewMatches: Int64 = 2_000
        /// Ids per step after the probe: `lectureWords`' partitions.
        var segmentRows = SearchIndex.wordsPartition
        /// Every statement in this shape, whatever it costs.
        var shape: WindowQuery.Shape? = nil
        /// How common the words are, instead of the server's statistics.
        var frequencies: WordFrequencies? = nil
    }
    @TaskLocal static var windowTuning = WindowTuning()

    /// The planner's choices a walk turns off, in one statement, for the read transaction only
    /// (`is_local`): no bitmap, no hash or merge of the whole range, no sort, and the tables
    /// joined in the order written. It also turns off what neither way is worth: JIT
    /// compilation and parallel workers, whose start-up alone was 40 ms of a 57 ms statement at
    /// 1,000,000 lectures, where the estimate was far off. It returns the join order's limit as
    /// it was, for `walkPlanUndone`, and the newest lecture's id.
    static let walkPlan =
        "SELECT current_setting('join_collapse_limit') AS joins, (SELECT max(id) FROM lecture) AS newest, "
        + plannerSwitches("off", joinLimit: "1")
        + ", set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
    /// The walk's switches again, after a planned statement.
    static let walkPlanAgain = "SELECT " + plannerSwitches("off", joinLimit: "1")
    /// The planner's choices back (reading `pg_settings` for them took 0.5 ms).
    static func walkPlanUndone(joins: String) -> String {
        "SELECT " + plannerSwitches("on", joinLimit: joins.filter(\.isNumber))
    }
    private static func plannerSwitches(_ value: String, joinLimit: String) -> String {
        let switches = ["enable_bitmapscan", "enable_seqscan", "enable_hashjoin", "enable_mergejoin", "enable_sort"]
        // A walk's plan is the same for any values: planned once (generic). Any other plan is
        // made for the values it is given, on an unnamed statement too.
        let plans = value == "off" ? "force_generic_plan" : "auto"
        return
            (switches.map { "set_config('\($0)', '\(value)', true)" }
            + [
                "set_config('join_collapse_limit', '\(joinLimit)', true)",
                "set_config('plan_cache_mode', '\(plans)', true)",
            ]).joined(separator: ", ")
    }

    /// The shares of lectures the lecture's own conditions pass, as the planner estimates them
    /// from the table's statistics (a date range, an organisation: unlike a word's bigrams, it
    /// knows these well): all of them, and those the words do not narrow to (`org:` asks the
    /// index for the organisation's name, so its lectures are not a chance share of a word's).
    struct Shares {
        var all = 1.0
        var unnarrowed = 1.0
    }

    /// The rows the planner expects the lecture's conditions to pass (all, unnarrowed; nil: no
    /// condition), asked before the walk's settings, whose generic plans know no values.
    static func estimatedRows(_ s: any SQLSession, of query: WindowQuery) throws -> (all: Double?, unnarrowed: Double?)
    {
        guard !query.lecture.isEmpty else { return (nil, nil) }
        func rows(_ conditions: [String], _ arguments: [SQLValue]) throws -> Double? {
            guard !conditions.isEmpty else { return nil }
            let sql = "EXPLAIN SELECT 1 FROM lecture l WHERE " + conditions.joined(separator: " AND ")
            let line = try s.rows(sql, arguments).first.flatMap { try? $0.get("QUERY PLAN", as: String.self) }
            guard let line, let range = line.range(of: #"rows=\d+"#, options: .regularExpression) else { return nil }
            return Double(line[range].dropFirst(5))
        }
        let all = try rows(query.lecture, query.lectureArguments)
        let unnarrowed =
            query.unnarrowed.conditions.count == query.lecture.count
            ? all : try rows(query.unnarrowed.conditions, query.unnarrowed.arguments)
        return (all, unnarrowed)
    }

    static func shares(_ rows: (all: Double?, unnarrowed: Double?), lectures: Int64) -> Shares {
        guard lectures > 0 else { return Shares() }
        func share(_ r: Double?) -> Double { r.map { min(1, $0 / Double(lectures)) } ?? 1 }
        return Shares(all: share(rows.all), unnarrowed: share(rows.unnarrowed))
    }

    /// What each shape costs to read `span` ids for `need` matches when a share `density` of
    /// the ids read so far matched, in walked rows of words (0.63 µs). Measured at 1,000,000
    /// lectures: a lecture tested on its own columns, read from their index
    /// (`lecture_search_columns`, v25), 0.07 of one and 0.06 more for each value they compare
    /// with (an organisation's 19 ids: 1.2, a generic plan tests each in turn; a date range 0.19);
    /// a lecture's words looked up by id 3.6; a match read from the GIN index and its own heap
    /// page `bitmapRowCost` (5); a lecture found by the planner through its own index and its
    /// words looked up, 4.
    static func costs(
        _ window: WindowQuery, shares: Shares, density: Double, span: Double, need: Double, bitmapRowCost: Double
    ) -> [WindowQuery.Shape: Double] {
        let walked = min(need / density, span)
        if window.lecture.isEmpty {
            return [.wordsWalk: walked, .planned: density * span * bitmapRowCost]
        }
        // A word's matches among all lectures: the matches found, over the share of lectures
        // that the conditions the words do not narrow to pass, as if independent of the word.
        let wordMatches = min(span, density / max(shares.unnarrowed, density) * span)
        return [
            .wordsWalk: walked,
            .lecturesWalk: walked * (0.07 + 0.06 * Double(window.lectureArguments.count) + 3.6 * shares.all),
            .wordsSorted: wordMatches * bitmapRowCost,
            .planned: shares.all * span * 4,
        ]
    }

    /// Relevance's window on PostgreSQL: the newest `rankingWindow` lectures that match, newest
    /// first, found the way FTS5 finds them on SQLite, where it can.
    ///
    /// A GIN index gives a word's matches as a bitmap, in no order: for a common word (党史, one
    /// lecture in ten) reading them all costs as many rows as the catalog holds, where walking
    /// the newest lectures and testing each stops after about 3,000. For a rare word the walk
    /// would read the whole catalog and the bitmap is cheap. PostgreSQL chooses between them by
    /// its estimate of the match count, which multiplies the bigrams of one word as if they were
    /// independent (乡村振兴: 25 rows estimated, 2,166 found of 20,000), so it takes the bitmap
    /// for words that are common. Here a walk is tried first on the newest `probeRows` ids; if
    /// it fills the window, that is the answer. If not, the rest is read a partition of
    /// `lectureWords` at a time, newest first (v24: each has its own GIN index, so a bitmap costs
    /// what that partition holds), until the window is full, each in the shape that `costs`
    /// finds cheapest for how common the query has been so far. A query so rare that all the
    /// rest holds few matches is read in one statement.
    ///
    /// `score`: an expression on the window's row of `lectureSearch ls`, read in the same
    /// statement. Each statement ranks its own part of the window and returns its best `keep`
    /// (`ranked`'s order, in SQL) with the count it found: the best `keep` of the whole window
    /// are among them, and a few rows cross the connection instead of up to 300, whose
    /// decoding by postgres-nio cost more than their reading.
    func postgresWindow(
        _ query: WindowQuery, in s: any SQLSession, score: String, scoreArguments: [SQLValue], keep: Int
    ) throws -> [(id: Int64, recordedOn: String?, score: Double)] {
        let estimated = try Self.estimatedRows(s, of: query)
        // The walk's settings, and the newest id, in one round trip. They are left for the rest
        // of the read (the hits are read by id): a read's settings end with it.
        guard let settings = try s.preparedRows(Self.walkPlan, []).first,
            let newest = try settings.optional("newest", as: Int64.self)
        else { return [] }
        var walking = true
        let joins = try settings.get("joins", as: String.self)
        let shares = Self.shares(estimated, lectures: newest)
        let wanted = Int64(Self.rankingWindow)
        let tuning = Self.windowTuning
        var found: Int64 = 0
        var kept: [(id: Int64, recordedOn: String?, score: Double)] = []
        func window(_ shape: WindowQuery.Shape, from lower: Int64, to upper: Int64?, limit: Int64) throws {
            let shape = tuning.shape ?? shape
            let (inner, values) = query.select(shape, lower: lower, upper: upper, limit: limit)
            // Scored in a query of its own (OFFSET 0), so that the count's window keeps three
            // columns a row, not the whole row of fields (300 of 2.6 kB copied: a fifth of it).
            let sql =
                "SELECT id, recordedOn, score, count(*) OVER () AS found FROM (SELECT c.id, r.recordedOn, \(score) AS score"
                + " FROM (\(inner)) c JOIN lectureSearch ls ON ls.lectureId = c.id JOIN lecture r ON r.id = c.id OFFSET 0) x"
                + " ORDER BY score DESC, COALESCE(recordedOn, '') COLLATE \"C\" DESC, id DESC LIMIT ?"
            // A walk as the plan: the first table's ids backwards, each row joined as it comes,
            // so that the LIMIT stops it.
            if shape.walks != walking {
                _ = try s.preparedRows(shape.walks ? Self.walkPlanAgain : Self.walkPlanUndone(joins: joins), [])
                walking = shape.walks
            }
            // A walk's plan is the same for any values, planned once (`preparedRows`, generic);
            // the others are planned for the values they are given.
            let arguments = scoreArguments + values + [.integer(Int64(keep))]
            let rows =
                shape.walks
                ? try s.preparedRows(WindowQuery.madeOnce(sql), arguments)
                : try s.rows(sql, arguments)
            found += try rows.first?.get("found", as: Int64.self) ?? 0
            for row in rows {
                kept.append(
                    (
                        id: try row.get("id", as: Int64.self),
                        recordedOn: try row.optional("recordedOn", as: String.self),
                        score: try row.get("score", as: Double.self)
                    ))
            }
        }
        func cheapest(density: Double, span: Double, need: Double) -> WindowQuery.Shape {
            let costs = Self.costs(
                query, shares: shares, density: density, span: span, need: need, bitmapRowCost: tuning.bitmapRowCost)
            return costs.min { $0.value < $1.value }?.key ?? .planned
        }
        // How common the query is expected to be, from the server's statistics: when the
        // probe would not fill half the window, it is left out, and the first step is chosen
        // by the expectation (a rare word's matches read from the index at once, instead of
        // 2,000 lectures walked to learn that they are rare).
        // A word asked of one field is left to the probe: the statistics count it in any field.
        let frequencies =
            query.joinsFields ? nil : try tuning.frequencies ?? wordFrequencies.frequencies(s, newest: newest)
        let expected = frequencies.map { $0.share(words: query.wordTrees) * shares.unnarrowed }
        var upper = newest
        if let expected, expected * Double(tuning.probeRows) < Double(wanted) / 2 {
            let need = Double(wanted)
            var lower = upper / tuning.segmentRows * tuning.segmentRows
            // A partition just begun is read with the one before it.
            if upper - lower < tuning.segmentRows / 10 { lower = max(0, lower - tuning.segmentRows) }
            let shape = cheapest(density: expected, span: Double(upper - lower + 1), need: need)
            // A walk no further than twice the expectation's reach: the steps after it go by
            // what it found.
            if shape.walks { lower = max(lower, upper - Int64(min(2 * need / max(expected, 1e-9), 1e12))) }
            try window(shape, from: lower, to: upper, limit: wanted)
            upper = lower - 1
        } else {
            let edge = newest - tuning.probeRows
            // The probe walks, in the order that reads less.
            let probe = Self.costs(
                query, shares: shares, density: 1, span: Double(tuning.probeRows), need: Double(wanted),
                bitmapRowCost: 1)
            let first: WindowQuery.Shape =
                (probe[.lecturesWalk] ?? .infinity) < (probe[.wordsWalk] ?? .infinity) ? .lecturesWalk : .wordsWalk
            try window(first, from: max(edge + 1, 0), to: nil, limit: wanted)
            upper = edge
        }
        while found < wanted, upper > 0 {
            let density = Double(max(found, 1)) / Double(newest - upper)
            let need = wanted - found
            var lower = upper / tuning.segmentRows * tuning.segmentRows
            var shape = cheapest(density: density, span: Double(upper - lower + 1), need: Double(need))
            // So few matches left that all the rest is one statement, unless its plan would
            // read every lecture its conditions pass, however few match: the planner's share
            // for a month of dates was 1,114 of 9,200 found, and that whole range took 64 ms.
            if density * Double(upper) <= Double(tuning.fewMatches) {
                let whole = cheapest(density: density, span: Double(upper + 1), need: Double(need))
                if query.lecture.isEmpty || whole != .planned { (lower, shape) = (0, whole) }
            }
            try window(shape, from: lower, to: upper, limit: need)
            upper = lower - 1
        }
        return kept
    }
}
