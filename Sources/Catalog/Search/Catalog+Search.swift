import Foundation
import GRDB
import LecternCore

/// One search result (CLI.md `search --json`).
public struct SearchHit: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var speaker: String?
    public var organisation: String?
    public var topic: String?
    public var recordedOn: String?
    public var durationSeconds: Double?
    public var status: ReviewStatus
    public var score: Double?
    /// `ItemKind.code`.
    public var kind = ItemKind.lectureCode
    public var theme: String?
    /// The panel's mean score, when scored.
    public var panelScore: Double?
    /// Where an attached script says what was searched for: 「…发展【稻田养虾】，去年…」.
    public var snippet: String?
}

extension SearchText {
    /// The FTS5 expression for a query's words or phrase, or nil when nothing in it is searchable.
    static func expression(_ text: String) -> String? {
        guard let parts = matchParts(text) else { return nil }
        return parts.map(\.fts).joined(separator: " AND ")
    }

    /// A query's words or phrase as match trees (all of them must match), or nil when nothing in
    /// it is searchable. Chinese: one character is its token, two a bigram, more all of its
    /// bigrams. A word: itself, or its pinyin (split into syllables: consecutive pairs), or its
    /// letters as initials (consecutive pairs): `dangke`, `dk`, `changsha`, `dkxx`.
    static func matchParts(_ text: String) -> [MatchTree]? {
        let parts: [MatchTree] = segments(normalize(text)).compactMap { segment in
            switch segment {
            case .han(let chars):
                if chars.count == 1 { return .phrase(String(chars[0])) }
                let bigrams = (0..<(chars.count - 1)).map { String(chars[$0]) + String(chars[$0 + 1]) }
                // Every bigram of the run (the index keeps no positions: detail=column).
                return bigrams.count == 1 ? .phrase(bigrams[0]) : .all(Set(bigrams).sorted().map { .phrase($0) })
            case .word(let w):
                var alternatives: [MatchTree] = [.phrase(w)]
                if w.count >= 3, w.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    if let syllables = Pinyin.split(w), syllables.count >= 3 {
                        alternatives.append(pairs(syllables))
                    }
                    if w.count <= 8 { alternatives.append(pairs(w.map { String($0) })) }
                }
                return alternatives.count == 1 ? alternatives[0] : .any(alternatives)
            }
        }
        return parts.isEmpty ? nil : parts
    }

    /// "(a b) AND (b c) …" as FTS5 tokens: "ab" AND "bc".
    static func pairs(_ items: [String]) -> MatchTree {
        .all((0..<(items.count - 1)).map { .phrase(items[$0] + items[$0 + 1]) })
    }
}

extension Catalog {
    /// Newest matches that relevance ranking considers for a query without other conditions:
    /// bm25 scores every match, and a common term matches most of a large catalog (NOTES.md).
    public static let rankingWindow = 300

    /// Runs a parsed query. Throws `CatalogError(.notFound)` for an organisation that does not
    /// exist.
    public func search(_ query: SearchQuery, limit: Int = 20, sort: SearchQuery.Sort? = nil) throws -> [SearchHit] {
        var match: [String] = [], exclude: [String] = [], filters: [String] = []
        var scored: [ScoredWord] = []  // words and phrases: ranked by the fields they are found in
        var phrases = 0  // in `match` so far: FTS5 numbers the phrases of the expression in order
        var snippetTerms: [String] = []  // shown in context when a script holds them
        var arguments: [DatabaseValueConvertible] = []
        var scopeNames: [String] = []  // the organisations searched within, by their current names
        for term in query.terms {
            switch term {
            case .text(let text, _, let negated):
                guard let parts = SearchText.matchParts(text) else { continue }
                let expr = parts.map(\.fts).joined(separator: " AND ")
                if negated {
                    exclude.append(expr)
                } else {
                    match.append(expr)
                    scored.append(ScoredWord(parts: parts, firstPhrase: phrases))
                    phrases += parts.reduce(0) { $0 + $1.phraseCount }
                    snippetTerms.append(text)
                }
            case .field(let field, let value, let negated):
                switch field {
                case .speaker, .topic, .tag, .text:
                    let column = field == .tag ? "tags" : field.rawValue
                    if field == .text, !negated { snippetTerms.append(value) }
                    guard let parts = SearchText.matchParts(value) else { continue }
                    let expr = parts.map(\.fts).joined(separator: " AND ")
                    if negated {
                        exclude.append("\(column) : (\(expr))")
                    } else {
                        match.append("\(column) : (\(expr))")
                        phrases += parts.reduce(0) { $0 + $1.phraseCount }
                    }
                case .org:
                    let (ids, root) = try organisationScope(matching: value)
                    if ids.isEmpty { throw CatalogError(.notFound, "没有找到组织「\(value)」") }
                    if !negated, let root { scopeNames.append(root.name) }
                    filters.append(
                        "l.organisationId \(negated ? "NOT IN" : "IN") (\(ids.map { _ in "?" }.joined(separator: ",")))"
                    )
                    arguments += ids
                }
            case .status(let status, let negated):
                filters.append(negated ? "l.status <> ?" : "l.status = ?")
                arguments.append(status.rawValue)
            case .kind(let typed, let negated):
                guard let kind = kinds.named(typed) else { throw CatalogError(.invalid, kinds.refusal(typed)) }
                filters.append(negated ? "l.kind <> ?" : "l.kind = ?")
                arguments.append(kind.code)
            case .theme(let typed, let negated):
                guard let theme = themes.named(typed, normalise: SearchText.normalize) else {
                    throw CatalogError(
                        .notFound,
                        "没有「\(typed)」这个主题；主题有：\(themes.themes.map(\.name).joined(separator: "、"))")
                }
                filters.append(negated ? "(l.theme IS NULL OR l.theme <> ?)" : "l.theme = ?")
                arguments.append(theme.name)
            case .duration(let range):
                if let lower = range.lower { filters.append("l.durationSeconds >= ?"); arguments.append(lower - 0.5) }
                if let upper = range.upper { filters.append("l.durationSeconds <= ?"); arguments.append(upper + 0.5) }
            case .score(let range):
                if let lower = range.lower { filters.append("l.score >= ?"); arguments.append(lower - 1e-9) }
                if let upper = range.upper { filters.append("l.score <= ?"); arguments.append(upper + 1e-9) }
            case .recorded(let from, let to):
                if let from { filters.append("l.recordedOn >= ?"); arguments.append(from) }
                if let to { filters.append("l.recordedOn <= ?"); arguments.append(to) }
            case .ingested(let from, let to):
                // Days in China's time zone, whatever the machine's.
                if let from { filters.append("date(l.createdAt, '+8 hours') >= ?"); arguments.append(from) }
                if let to { filters.append("date(l.createdAt, '+8 hours') <= ?"); arguments.append(to) }
            }
        }
        if !match.isEmpty {
            // Every lecture under an organisation has that organisation's name in its indexed path:
            // asking the index for it too lets FTS5 skip through both lists, where the filter alone
            // read every match of a common word until enough were under the organisation. The
            // filter on the ids stays, exact; these phrases come after the scored words'.
            for name in scopeNames {
                if let parts = SearchText.matchParts(name) {
                    match.append("organisation : (\(parts.map(\.fts).joined(separator: " AND ")))")
                }
            }
        }
        let order = sort ?? query.sort ?? (match.isEmpty ? .recorded : .relevance)
        let hits = try pool.read { db in
            if order == .relevance && !match.isEmpty {
                return try rankedByFields(
                    db, match: match, scored: scored, exclude: exclude, filters: filters,
                    arguments: arguments, limit: limit)
            }
            var sql =
                Self.hitSelect
                + (match.isEmpty
                    ? " FROM lecture l" : " FROM lectureSearch JOIN lecture l ON l.id = lectureSearch.rowid")
                + Self.hitJoins
            var conditions = filters
            var args = arguments
            if !match.isEmpty {
                conditions.insert("lectureSearch MATCH ?", at: 0)
                args.insert(match.joined(separator: " AND "), at: 0)
            }
            if !exclude.isEmpty {
                conditions.append("l.id NOT IN (SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ?)")
                args.append(exclude.joined(separator: " OR "))
            }
            if match.isEmpty && (order == .recorded || order == .ingested) {
                // Conditions alone, newest first: walk the date (or id) order and stop at `limit`,
                // rather than gather every row a broad condition (status:pending) matches and sort.
                conditions = conditions.map { Self.unindexed($0) }
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            switch order {
            case .relevance, .recorded: sql += " ORDER BY l.recordedOn DESC, l.id DESC"  // NULL sorts last in DESC
            case .duration: sql += " ORDER BY l.durationSeconds DESC, l.id DESC"
            case .score: sql += " ORDER BY l.score IS NULL, l.score DESC, l.id DESC"
            case .ingested:
                // A lecture's id is its row in the index: FTS5 streams the matches in that order
                // and stops at `limit`, where sorting by l.id gathered every match first.
                sql += match.isEmpty ? " ORDER BY l.id DESC" : " ORDER BY lectureSearch.rowid DESC"
            }
            sql += " LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { Self.hit($0, score: nil) }
        }
        guard !snippetTerms.isEmpty, !hits.isEmpty else { return hits }
        return try withSnippets(hits, terms: snippetTerms)
    }

    static let hitSelect = """
        SELECT l.id, l.title, s.name AS speaker, o.name AS organisation, l.topic, l.recordedOn, l.durationSeconds, l.status,
               l.kind, l.theme, l.score AS panelScore
        """
    static let hitJoins =
        " LEFT JOIN speaker s ON s.id = l.speakerId LEFT JOIN organisation o ON o.id = l.organisationId"

    static func hit(_ row: Row, score: Double?) -> SearchHit {
        SearchHit(
            id: row["id"], title: row["title"], speaker: row["speaker"], organisation: row["organisation"],
            topic: row["topic"], recordedOn: row["recordedOn"], durationSeconds: row["durationSeconds"],
            status: row["status"], score: score, kind: row["kind"], theme: row["theme"], panelScore: row["panelScore"])
    }

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

    /// A condition with its column behind a unary `+`, so that SQLite does not pick that
    /// column's index over the ORDER BY's.
    static func unindexed(_ condition: String) -> String {
        condition.replacingOccurrences(of: "l.status ", with: "+l.status ")
            .replacingOccurrences(of: "l.organisationId ", with: "+l.organisationId ")
            .replacingOccurrences(of: "l.durationSeconds ", with: "+l.durationSeconds ")
    }

    /// Ids of the organisations whose id is `value` or whose name matches it (simplified or
    /// traditional, any case), with everything under them.
    func organisationSubtree(matching value: String) throws -> [String] {
        try organisationScope(matching: value).ids
    }

    /// `organisationSubtree(matching:)` with the organisation it starts from, when one was found.
    func organisationScope(matching value: String) throws -> (ids: [String], root: OrganisationRecord?) {
        let names = try pool.read { db in try organisationNames.names(db) }
        if let byId = names.all.first(where: { $0.id == value }) {
            return (Self.subtree(roots: [value], of: names.all), byId)
        }
        let roots = names.byName[SearchText.normalize(value)] ?? []
        // Two organisations of one name: ask which, by its id.
        if roots.count > 1 {
            let named = names.all.filter { roots.contains($0.id) }
            throw CatalogError(.notFound, "有 \(roots.count) 个组织都叫「\(value)」：\(try describe(named))；请写组织编号")
        }
        return (Self.subtree(roots: roots, of: names.all), names.all.first { $0.id == roots.first })
    }
}
