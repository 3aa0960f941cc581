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
