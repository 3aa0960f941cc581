import Foundation
import LecternCore
import SQLStore

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
        // One read for all of it: on PostgreSQL each statement is a round trip.
        try store.read { s in try search(query, limit: limit, sort: sort, in: s) }
    }

    private func search(_ query: SearchQuery, limit: Int, sort: SearchQuery.Sort?, in s: any SQLSession) throws
        -> [SearchHit]
    {
        let plan = try searchPlan(query, in: s)
        let order = sort ?? query.sort ?? (plan.match.isEmpty ? .recorded : .relevance)
        let hits =
            switch s.dialect {
            case .sqlite: try sqliteHits(s, plan, order: order, limit: limit)
            case .postgres: try postgresHits(s, plan, order: order, limit: limit)
            }
        guard !plan.snippetTerms.isEmpty, !hits.isEmpty else { return hits }
        return try withSnippets(hits, terms: plan.snippetTerms, in: s)
    }

    /// A parsed query as either engine's statements ask it: the words to match and exclude, the
    /// lecture's own conditions.
    func searchPlan(_ query: SearchQuery, in s: any SQLSession) throws -> SearchPlan {
        var plan = SearchPlan()
        var scopeNames: [String] = []  // the organisations searched within, by their current names
        for term in query.terms {
            switch term {
            case .text(let text, _, let negated):
                guard let parts = SearchText.matchParts(text) else { continue }
                if negated {
                    plan.exclude.append(.init(column: nil, parts: parts))
                } else {
                    plan.match.append(.init(column: nil, parts: parts, scored: true))
                    plan.snippetTerms.append(text)
                }
            case .field(let field, let value, let negated):
                switch field {
                case .speaker, .topic, .tag, .text:
                    let column = field == .tag ? "tags" : field.rawValue
                    if field == .text, !negated { plan.snippetTerms.append(value) }
                    guard let parts = SearchText.matchParts(value) else { continue }
                    if negated {
                        plan.exclude.append(.init(column: column, parts: parts))
                    } else {
                        plan.match.append(.init(column: column, parts: parts))
                    }
                case .org:
                    let (ids, root) = try organisationScope(matching: value, in: s)
                    if ids.isEmpty { throw CatalogError(.notFound, "没有找到组织「\(value)」") }
                    if !negated, let root { scopeNames.append(root.name) }
                    plan.filter(
                        "l.organisationId \(negated ? "NOT IN" : "IN") (\(ids.map { _ in "?" }.joined(separator: ",")))",
                        ids.map(\.sqlValue), narrowed: !negated && root != nil)
                }
            case .status(let status, let negated):
                plan.filter(negated ? "l.status <> ?" : "l.status = ?", [.text(status.rawValue)])
            case .kind(let typed, let negated):
                guard let kind = kinds.named(typed) else { throw CatalogError(.invalid, kinds.refusal(typed)) }
                plan.filter(negated ? "l.kind <> ?" : "l.kind = ?", [.text(kind.code)])
            case .theme(let typed, let negated):
                guard let theme = themes.named(typed, normalise: SearchText.normalize) else {
                    throw CatalogError(
                        .notFound,
                        "没有「\(typed)」这个主题；主题有：\(themes.themes.map(\.name).joined(separator: "、"))")
                }
                plan.filter(negated ? "(l.theme IS NULL OR l.theme <> ?)" : "l.theme = ?", [.text(theme.name)])
            case .duration(let range):
                if let lower = range.lower { plan.filter("l.durationSeconds >= ?", [.real(lower - 0.5)]) }
                if let upper = range.upper { plan.filter("l.durationSeconds <= ?", [.real(upper + 0.5)]) }
            case .score(let range):
                if let lower = range.lower { plan.filter("l.score >= ?", [.real(lower - 1e-9)]) }
                if let upper = range.upper { plan.filter("l.score <= ?", [.real(upper + 1e-9)]) }
            case .recorded(let from, let to):
                if let from { plan.filter("l.recordedOn >= ?", [.text(from)]) }
                if let to { plan.filter("l.recordedOn <= ?", [.text(to)]) }
            case .ingested(let from, let to):
                // Days in China's time zone, whatever the machine's.
                if let from { plan.filter("\(SearchPlan.chinaDay) >= ?", [.text(from)]) }
                if let to { plan.filter("\(SearchPlan.chinaDay) <= ?", [.text(to)]) }
            }
        }
        if !plan.match.isEmpty {
            // Every lecture under an organisation has that organisation's name in its indexed path:
            // asking the index for it too lets it skip through both lists, where the filter alone
            // read every match of a common word until enough were under the organisation. The
            // filter on the ids stays, exact; these come after the scored words.
            for name in scopeNames {
                if let parts = SearchText.matchParts(name) {
                    plan.match.append(.init(column: "organisation", parts: parts, narrowsOnly: true))
                }
            }
        }
        return plan
    }

    /// The query on SQLite: FTS5's MATCH, ranked by `rankedByFields`.
    func sqliteHits(_ s: any SQLSession, _ plan: SearchPlan, order: SearchQuery.Sort, limit: Int) throws
        -> [SearchHit]
    {
        let match = plan.match.map(\.fts)
        if order == .relevance && !match.isEmpty {
            return try rankedByFields(s, plan, limit: limit)
        }
        var sql =
            Self.hitSelect
            + (match.isEmpty ? " FROM lecture l" : " FROM lectureSearch JOIN lecture l ON l.id = lectureSearch.rowid")
            + Self.hitJoins
        var conditions = plan.conditions(.sqlite)
        var args = plan.arguments
        if !match.isEmpty {
            conditions.insert("lectureSearch MATCH ?", at: 0)
            args.insert(.text(match.joined(separator: " AND ")), at: 0)
        }
        if !plan.exclude.isEmpty {
            conditions.append("l.id NOT IN (SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ?)")
            args.append(.text(plan.exclude.map(\.fts).joined(separator: " OR ")))
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
        args.append(.integer(Int64(limit)))
        return try s.rows(sql, args).map { try Self.hit($0, score: nil) }
    }

    static let hitSelect = """
        SELECT l.id, l.title, s.name AS speaker, o.name AS organisation, l.topic, l.recordedOn, l.durationSeconds, l.status,
               l.kind, l.theme, l.score AS panelScore
        """
    static let hitJoins =
        " LEFT JOIN speaker s ON s.id = l.speakerId LEFT JOIN organisation o ON o.id = l.organisationId"

    static func hit(_ row: SQLRow, score: Double?) throws -> SearchHit {
        SearchHit(
            id: try row.get("id"), title: try row.get("title"), speaker: try row.optional("speaker"),
            organisation: try row.optional("organisation"), topic: try row.optional("topic"),
            recordedOn: try row.optional("recordedOn"), durationSeconds: try row.optional("durationSeconds"),
            status: try row.status(), score: score, kind: try row.get("kind"), theme: try row.optional("theme"),
            panelScore: try row.optional("panelScore"))
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
        try store.read { s in try organisationScope(matching: value, in: s) }
    }

    func organisationScope(matching value: String, in s: any SQLSession) throws
        -> (ids: [String], root: OrganisationRecord?)
    {
        let names = try organisationNames.names(s)
        if let byId = names.all.first(where: { $0.id == value }) {
            return (Self.subtree(roots: [value], of: names.all), byId)
        }
        let roots = names.byName[SearchText.normalize(value)] ?? []
        // Two organisations of one name: ask which, by its id.
        if roots.count > 1 {
            let named = names.all.filter { roots.contains($0.id) }
            // Described from the tree already read: this runs inside the search's read.
            let described = Self.describe(named) { id in names.all.first { $0.id == id }?.name }
            throw CatalogError(.notFound, "有 \(roots.count) 个组织都叫「\(value)」：\(described)；请写组织编号")
        }
        return (Self.subtree(roots: roots, of: names.all), names.all.first { $0.id == roots.first })
    }
}
