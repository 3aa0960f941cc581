import SQLStore

/// Relevance's window on PostgreSQL as parts, written in whichever shape `postgresWindow`
/// chooses for a range of ids: the words (on `lectureWords w`, and `lectureSearch ls` for a
/// field), the words excluded, and the lecture's own conditions (on `lecture l`).
struct WindowQuery {
    /// How a range of ids is read. The walks read ids backwards and stop at the limit; the
    /// others read every match in the range, then keep the newest.
    enum Shape: CaseIterable, Sendable {
        /// `lectureWords`' ids backwards, each lecture's words tested, its other tables joined.
        case wordsWalk
        /// `lecture`'s ids backwards, its own columns tested, its words only when they pass.
        case lecturesWalk
        /// The words' matches from the GIN index, sorted by id first; a lecture is joined for
        /// its conditions only until the limit is reached.
        case wordsSorted
        /// PostgreSQL's own plan: for a date range, the lecture's index first, each one's words
        /// then.
        case planned

        var walks: Bool { self == .wordsWalk || self == .lecturesWalk }
    }

    var words: [String] = []
    var wordArguments: [SQLValue] = []
    /// Each word matched (`SearchPlan.match`), as its trees: how common the query is, before
    /// anything is read (`WordFrequencies`).
    var wordTrees: [[MatchTree]] = []
    var joinsFields = false
    /// Each excluded word: the table and column it is looked for in, and its `tsquery`.
    var exclusions: [(table: String, column: String, tsquery: String)] = []
    var lecture: [String] = []
    var lectureArguments: [SQLValue] = []
    /// Of `lecture`, those the words do not narrow to (`SearchPlan.unnarrowed`).
    var unnarrowed: (conditions: [String], arguments: [SQLValue]) = ([], [])

    private var fields: String { joinsFields ? " JOIN lectureSearch ls ON ls.lectureId = w.lectureId" : "" }

    /// A bound `tsquery`, as every statement of the window writes it.
    static let tsquery = "CAST(? AS tsquery)"

    /// `sql` with each bound `tsquery` made once per statement, before it runs (a sub-select,
    /// an InitPlan): in a generic plan a cast of a bound text is made again for every row it is
    /// used on, each word parsed once per lecture walked and field scored, half a walk's time.
    static func madeOnce(_ sql: String) -> String {
        sql.replacingOccurrences(of: tsquery, with: "(SELECT \(tsquery))")
    }

    /// The excluded words as conditions on the lecture id `key`, with their values. `OFFSET 0`
    /// keeps each `EXISTS` a look-up by the row's id: joined instead, a walk's generic plan
    /// (which knows no bounds) read a whole partition's words once per lecture (2 s).
    func excluded(by key: String) -> (sql: [String], arguments: [SQLValue]) {
        (
            exclusions.map {
                "NOT EXISTS (SELECT 1 FROM \($0.table) x WHERE x.lectureId = \(key) AND x.\($0.column) @@ \(Self.tsquery) OFFSET 0)"
            },
            exclusions.map { .text($0.tsquery) }
        )
    }

    /// The ids in `lower...upper` (no upper bound: nil) that match, newest first, at most
    /// `limit`, as `shape` reads them: a statement selecting `id`.
    func select(_ shape: Shape, lower: Int64, upper: Int64?, limit: Int64) -> (sql: String, arguments: [SQLValue]) {
        var sql: [String] = [], arguments: [SQLValue] = []
        func add(_ part: String, _ values: [SQLValue] = []) {
            sql.append(part)
            arguments += values
        }
        func bounds(_ keys: [String]) -> String {
            (keys.map { "\($0) >= ?" } + (upper == nil ? [] : keys.map { "\($0) <= ?" })).joined(separator: " AND ")
        }
        func boundValues(_ count: Int) -> [SQLValue] {
            [SQLValue](repeating: .integer(lower), count: count)
                + (upper.map { [SQLValue](repeating: .integer($0), count: count) } ?? [])
        }
        let wordKeys = ["w.lectureId"] + (joinsFields ? ["ls.lectureId"] : [])
        let conditionsOnLecture = lecture.map { " AND " + $0 }.joined()
        switch shape {
        case .wordsWalk, .planned:
            // Every table's id bounded alike, so that whichever the plan walks stops at the bound.
            let keys = wordKeys + (lecture.isEmpty ? [] : ["l.id"])
            let (excluding, excludedValues) = excluded(by: "w.lectureId")
            add("SELECT w.lectureId AS id FROM lectureWords w")
            if !lecture.isEmpty { add(" JOIN lecture l ON l.id = w.lectureId") }
            add(fields + " WHERE " + (words + excluding).joined(separator: " AND "), wordArguments + excludedValues)
            add(conditionsOnLecture, lectureArguments)
            add(" AND " + bounds(keys), boundValues(keys.count))
            add(" ORDER BY w.lectureId DESC LIMIT ?", [.integer(limit)])
        case .lecturesWalk:
            let (excluding, excludedValues) = excluded(by: "l.id")
            add("SELECT l.id AS id FROM lecture l WHERE " + bounds(["l.id"]), boundValues(1))
            add(conditionsOnLecture, lectureArguments)
            add(" AND EXISTS (SELECT 1 FROM lectureWords w" + fields + " WHERE w.lectureId = l.id")
            add(" AND " + bounds(wordKeys), boundValues(wordKeys.count))
            add((words.map { " AND " + $0 }).joined() + " OFFSET 0)", wordArguments)
            add(excluding.map { " AND " + $0 }.joined(), excludedValues)
            add(" ORDER BY l.id DESC LIMIT ?", [.integer(limit)])
        case .wordsSorted:
            // OFFSET 0 keeps the sorted matches a query of their own, under the join.
            let (excluding, excludedValues) = excluded(by: "w.lectureId")
            add("SELECT m.id FROM (SELECT w.lectureId AS id FROM lectureWords w" + fields + " WHERE ")
            add((words + excluding).joined(separator: " AND "), wordArguments + excludedValues)
            add(" AND " + bounds(wordKeys), boundValues(wordKeys.count))
            add(" ORDER BY w.lectureId DESC OFFSET 0) m JOIN lecture l ON l.id = m.id WHERE TRUE")
            add(conditionsOnLecture, lectureArguments)
            add(" ORDER BY m.id DESC LIMIT ?", [.integer(limit)])
        }
        return (sql.joined(), arguments)
    }
}
