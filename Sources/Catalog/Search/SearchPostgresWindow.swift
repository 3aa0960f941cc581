import SQLStore

extension Catalog {
    /// How `postgresWindow` judges: the ids a walk reads before it judges how common the
    /// query is, and what a bitmap's match costs against a walked row. Tests set them small to
    /// take each way through a small catalog.
    struct WindowTuning: Sendable {
        var probeRows: Int64 = 2_000
        var bitmapRowCost = 4.0
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
    /// if it fills the window, that is the answer. If not, what it found measures how common
    /// the query is among these lectures, and the rest is walked on when walking on would read
    /// fewer rows than the bitmap's matches would cost (`bitmapRowCost` walked rows each: the
    /// heap and the joins, in no order); otherwise PostgreSQL plans the rest as it likes.
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
        func window(_ bound: String, _ value: Int64, limit: Int64, walk: Bool) throws
            -> [(id: Int64, recordedOn: String?, score: Double)]
        {
            let sql =
                "SELECT c.id, r.recordedOn, \(score) AS score FROM (SELECT \(key) AS id " + from + " WHERE "
                + (conditions + keys.map { "\($0) \(bound) ?" }).joined(separator: " AND ")
                + " ORDER BY \(key) DESC LIMIT ?) c JOIN lectureSearch ls ON ls.lectureId = c.id"
                + " JOIN lecture r ON r.id = c.id"
            let bounds = [SQLValue](repeating: .integer(value), count: keys.count)
            let read = {
                try s.rows(sql, scoreArguments + arguments + bounds + [.integer(limit)]).map { row in
                    (
                        id: try row.get("id", as: Int64.self),
                        recordedOn: try row.optional("recordedOn", as: String.self),
                        score: try row.get("score", as: Double.self)
                    )
                }
            }
            guard walk else { return try read() }
            // The walk as the plan: the ids' index backwards, each row joined as it comes, so
            // that the LIMIT stops it; no bitmap, no hash or merge of the whole range, no sort.
            try s.execute(Self.walkPlan("off"), [])
            defer { _ = try? s.execute(Self.walkPlan("on"), []) }
            return try read()
        }
        let tuning = Self.windowTuning
        let edge = newest - tuning.probeRows
        let first = try window(">", edge, limit: wanted, walk: true)
        guard first.count < wanted, edge > 0 else { return first }
        let density = Double(max(first.count, 1)) / Double(tuning.probeRows)
        let walkOn = Double(wanted - Int64(first.count)) / density
        let bitmap = density * Double(edge) * tuning.bitmapRowCost
        return first + (try window("<=", edge, limit: wanted - Int64(first.count), walk: walkOn < bitmap))
    }
}
