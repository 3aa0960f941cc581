import SQLStore

/// A parsed query as either engine runs it: the words to match (each in every field, or in
/// one), the words to exclude, and the other conditions as SQL on `lecture l` with their values.
struct SearchPlan {
    struct Clause {
        /// The index column (`speaker`, `tags`, `text`…); nil: any.
        var column: String?
        var parts: [MatchTree]
        /// A plain word: ranked by the fields it is found in.
        var scored = false
        /// Asked of the index only to narrow its candidates (an organisation's name, for
        /// `org:`); an exact condition elsewhere decides. PostgreSQL needs no per-field test.
        var narrowsOnly = false

        /// FTS5: `("基层" AND "层治")`, `speaker : ("王芳")`.
        var fts: String {
            let expr = parts.map(\.fts).joined(separator: " AND ")
            return column.map { "\($0) : (\(expr))" } ?? expr
        }
        /// PostgreSQL: the word's `tsquery` text, for `every` or its column.
        var tsquery: String { parts.map(\.tsquery).joined(separator: " & ") }
        var phraseCount: Int { parts.reduce(0) { $0 + $1.phraseCount } }
    }

    var match: [Clause] = []
    var exclude: [Clause] = []
    /// Shown in context when a script holds them.
    var snippetTerms: [String] = []
    /// A condition on `lecture l`, its values, and whether the words asked of the index narrow
    /// to it too (`org:` asks for the organisation's name).
    private var filters: [(sql: String, values: [SQLValue], narrowed: Bool)] = []
    var arguments: [SQLValue] { filters.flatMap(\.values) }

    /// The day a lecture was ingested in China's time zone, in a filter: written per dialect.
    static let chinaDay = "lectern_china_day(l.createdAt)"

    mutating func filter(_ condition: String, _ values: [SQLValue], narrowed: Bool = false) {
        filters.append((condition, values, narrowed))
    }

    /// The conditions as `dialect` writes them, in the order of `arguments`.
    func conditions(_ dialect: SQLDialect) -> [String] {
        filters.map { Self.written($0.sql, dialect) }
    }

    /// The conditions the words do not narrow to, with their values: what is left to chance
    /// when a word's matches are counted among the lectures that pass them.
    func unnarrowed(_ dialect: SQLDialect) -> (conditions: [String], arguments: [SQLValue]) {
        let kept = filters.filter { !$0.narrowed }
        return (kept.map { Self.written($0.sql, dialect) }, kept.flatMap(\.values))
    }

    private static func written(_ sql: String, _ dialect: SQLDialect) -> String {
        let day =
            switch dialect {
            case .sqlite: "date(l.createdAt, '+8 hours')"
            case .postgres: "to_char(CAST(l.createdAt AS timestamp) + INTERVAL '8 hours', 'YYYY-MM-DD')"
            }
        return sql.replacingOccurrences(of: chinaDay, with: day)
    }
}
