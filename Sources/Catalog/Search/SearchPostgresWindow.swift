import SQLStore

extension Catalog {
    /// How `postgresWindow` judges: the ids a walk reads before it judges how common the
    /// query is, and what a bitmap's match costs against a walked row. Tests set them small to
    /// take each way through a small catalog.
    struct WindowTuning: Sendable {
        var probeRows: Int64 = 2_000
        /// Measured at 1,000,000 lectures: a walked row 0.8 µs; a bitmap's match, read from its
        /// own heap page and joined, 6–7 µs.
        var bitmapRowCost = 8.0
        /// Expected matches in all the ids left below which one planned statement reads them all.
        var fewMatches: Int64 = 2_000
        /// Ids per step after the probe: `lectureWords`' partitions.
        var segmentRows = SearchIndex.wordsPartition
    }
    @TaskLocal static var windowTuning = WindowTuning()

    /// The planner's choices the walk turns off, and back on (their defaults), in one statement,
    /// for the read transaction only (`is_local`). Turning them off also turns off, for the rest
    /// of the transaction, what neither way is worth: JIT compilation and parallel workers,
    /// whose start-up alone was 40 ms of a 57 ms statement at 1,000,000 lectures, where the
    /// estimate was far off.
    static func walkPlan(_ value: String) -> String {
        let switches = ["enable_bitmapscan", "enable_seqscan", "enable_hashjoin", "enable_mergejoin", "enable_sort"]
            .map { "set_config('\($0)', '\(value)', true)" }
        let quiet = ["set_config('jit', 'off', true)", "set_config('max_parallel_workers_per_gather', '0', true)"]
        return "SELECT " + (switches + (value == "off" ? quiet : [])).joined(separator: ", ")
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
    /// for words that are common. Here the walk is tried first on the newest `probeRows` ids;
    /// if it fills the window, that is the answer. If not, the rest is read a partition of
    /// `lectureWords` at a time, newest first (v24: each has its own GIN index, so a bitmap costs
    /// what that partition holds), until the window is full. What was found so far measures how
    /// common the query is; each partition is walked when walking would read fewer rows than
    /// its bitmap's matches would cost (`bitmapRowCost` walked rows each: the heap and the
    /// joins, in no order), and otherwise planned by PostgreSQL.
    ///
    /// `keys`: every joined table's lecture id (`l.id`, `w.lectureId`…), each bounded alike, so
    /// that whichever table the plan walks stops at the bound. `score`: an expression on the
    /// window's row of `lectureSearch ls`, read in the same statement.
    func postgresWindow(
        _ s: any SQLSession, from: String, key: String, keys: [String], conditions: [String], arguments: [SQLValue],
        score: String, scoreArguments: [SQLValue]
    ) throws -> [(id: Int64, recordedOn: String?, score: Double)] {
        guard let newest = try s.scalar(Int64.self, "SELECT max(id) FROM lecture") else { return [] }
        let wanted = Int64(Self.rankingWindow)
        var walking = false
        defer { if walking { _ = try? s.execute(Self.walkPlan("on"), []) } }
        func window(from lower: Int64, to upper: Int64?, limit: Int64, walk: Bool) throws
            -> [(id: Int64, recordedOn: String?, score: Double)]
        {
            let bounds = keys.map { "\($0) >= ?" } + (upper == nil ? [] : keys.map { "\($0) <= ?" })
            let sql =
                "SELECT c.id, r.recordedOn, \(score) AS score FROM (SELECT \(key) AS id " + from + " WHERE "
                + (conditions + bounds).joined(separator: " AND ")
                + " ORDER BY \(key) DESC LIMIT ?) c JOIN lectureSearch ls ON ls.lectureId = c.id"
                + " JOIN lecture r ON r.id = c.id"
            let values =
                [SQLValue](repeating: .integer(lower), count: keys.count)
                + (upper.map { [SQLValue](repeating: .integer($0), count: keys.count) } ?? [])
            // The walk as the plan: the ids' index backwards, each row joined as it comes, so
            // that the LIMIT stops it; no bitmap, no hash or merge of the whole range, no sort.
            if walk != walking {
                try s.execute(Self.walkPlan(walk ? "off" : "on"), [])
                walking = walk
            }
            return try s.rows(sql, scoreArguments + arguments + values + [.integer(limit)]).map { row in
                (
                    id: try row.get("id", as: Int64.self), recordedOn: try row.optional("recordedOn", as: String.self),
                    score: try row.get("score", as: Double.self)
                )
            }
        }
        let tuning = Self.windowTuning
        let edge = newest - tuning.probeRows
        var found = try window(from: edge + 1, to: nil, limit: wanted, walk: true)
        guard found.count < wanted, edge > 0 else { return found }
        // Then a partition of `lectureWords` at a time, newest first, each walked or planned by
        // how common the query has been so far in the ids read; a query so rare that all the
        // rest holds few matches is planned once over all of it.
        var upper = edge
        while found.count < wanted, upper >= 0 {
            let density = Double(max(found.count, 1)) / Double(newest - upper)
            let lower =
                density * Double(upper) <= Double(tuning.fewMatches)
                ? 0 : upper / tuning.segmentRows * tuning.segmentRows
            let span = Double(upper - lower + 1), need = wanted - Int64(found.count)
            let walkOn = min(Double(need) / density, span)
            found += try window(
                from: lower, to: upper, limit: need, walk: walkOn < density * span * tuning.bitmapRowCost)
            upper = lower - 1
        }
        return found
    }
}
