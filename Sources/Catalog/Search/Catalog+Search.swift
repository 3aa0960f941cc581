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
    public var status: String
    public var score: Double?
}

extension SearchText {
    /// The FTS5 expression for a query's words or phrase, or nil when nothing in it is searchable.
    /// Chinese: one character is its token, two a bigram, more all of its bigrams.
    /// A word: itself, or its pinyin (split into syllables: consecutive pairs), or its letters as
    /// initials (consecutive pairs): `dangke`, `dk`, `changsha`, `dkxx`.
    static func expression(_ text: String) -> String? {
        let parts: [String] = segments(normalize(text)).compactMap { segment in
            switch segment {
            case .han(let chars):
                if chars.count == 1 { return quote(String(chars[0])) }
                let bigrams = (0..<(chars.count - 1)).map { String(chars[$0]) + String(chars[$0 + 1]) }
                // Every bigram of the run (the index keeps no positions: detail=column).
                return bigrams.count == 1 ? quote(bigrams[0])
                    : "(" + Set(bigrams).sorted().map(quote).joined(separator: " AND ") + ")"
            case .word(let w):
                var alternatives = [quote(w)]
                if w.count >= 3, w.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    if let syllables = Pinyin.split(w), syllables.count >= 3 {
                        alternatives.append(pairs(syllables))
                    }
                    if w.count <= 8 { alternatives.append(pairs(w.map { String($0) })) }
                }
                return alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")"
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " AND ")
    }

    /// "(a b) AND (b c) …" as FTS5 tokens: "ab" AND "bc".
    static func pairs(_ items: [String]) -> String {
        "(" + (0..<(items.count - 1)).map { quote(items[$0] + items[$0 + 1]) }.joined(separator: " AND ") + ")"
    }

    static func quote(_ token: String) -> String { "\"" + token.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

extension Catalog {
    /// Newest matches that relevance ranking considers for a query without other conditions:
    /// bm25 scores every match, and a common term matches most of a large catalog (NOTES.md).
    public static let rankingWindow = 500

    /// Runs a parsed query. Throws `CatalogError(.notFound)` for an organisation or status
    /// that does not exist.
    public func search(_ query: SearchQuery, limit: Int = 20, sort: SearchQuery.Sort? = nil) throws -> [SearchHit] {
        var match: [String] = [], exclude: [String] = [], filters: [String] = []
        var arguments: [DatabaseValueConvertible] = []
        for term in query.terms {
            switch term {
            case .text(let text, _, let negated):
                guard let expr = SearchText.expression(text) else { continue }
                if negated { exclude.append(expr) } else { match.append(expr) }
            case .field(let field, let value, let negated):
                switch field {
                case .speaker, .topic, .tag:
                    let column = field == .tag ? "tags" : field.rawValue
                    guard let expr = SearchText.expression(value) else { continue }
                    if negated { exclude.append("\(column) : (\(expr))") } else { match.append("\(column) : (\(expr))") }
                case .status:
                    guard let status = ReviewStatus(rawValue: value)
                        ?? ReviewStatus.allCases.first(where: { $0.chinese == value }) else {
                        throw CatalogError(.notFound, "没有 “\(value)” 这个状态；可用：\(ReviewStatus.allCases.map(\.rawValue).joined(separator: "、"))")
                    }
                    filters.append(negated ? "l.status <> ?" : "l.status = ?")
                    arguments.append(status.rawValue)
                case .org:
                    let ids = try organisationSubtree(matching: value)
                    if ids.isEmpty { throw CatalogError(.notFound, "没有找到组织「\(value)」") }
                    filters.append("l.organisationId \(negated ? "NOT IN" : "IN") (\(ids.map { _ in "?" }.joined(separator: ",")))")
                    arguments += ids
                }
            case .duration(let range):
                if let lower = range.lower { filters.append("l.durationSeconds >= ?"); arguments.append(lower - 0.5) }
                if let upper = range.upper { filters.append("l.durationSeconds <= ?"); arguments.append(upper + 0.5) }
            case .recorded(let from, let to):
                if let from { filters.append("l.recordedOn >= ?"); arguments.append(from) }
                if let to { filters.append("l.recordedOn <= ?"); arguments.append(to) }
            case .ingested(let from, let to):
                // Days in China's time zone, whatever the machine's.
                if let from { filters.append("date(l.createdAt, '+8 hours') >= ?"); arguments.append(from) }
                if let to { filters.append("date(l.createdAt, '+8 hours') <= ?"); arguments.append(to) }
            }
        }
        let order = sort ?? query.sort ?? (match.isEmpty ? .recorded : .relevance)
        return try pool.read { db in
            var sql = """
                SELECT l.id, l.title, s.name AS speaker, o.name AS organisation, l.topic, l.recordedOn,
                       l.durationSeconds, l.status\(match.isEmpty ? ", NULL AS score" : ", -bm25(lectureSearch, \(SearchIndex.weights)) AS score")
                FROM \(match.isEmpty ? "lecture l" : "lectureSearch JOIN lecture l ON l.id = lectureSearch.rowid")
                LEFT JOIN speaker s ON s.id = l.speakerId LEFT JOIN organisation o ON o.id = l.organisationId
                """
            var conditions = filters
            var args = arguments
            if !match.isEmpty {
                let expr = match.joined(separator: " AND ")
                conditions.insert("lectureSearch MATCH ?", at: 0)
                args.insert(expr, at: 0)
                // Rank only the newest `rankingWindow` matches that pass every condition: FTS5
                // streams matches newest first, so finding the window's oldest row is cheap.
                if order == .relevance {
                    var windowSQL = "SELECT lectureSearch.rowid FROM lectureSearch JOIN lecture l ON l.id = lectureSearch.rowid"
                        + " WHERE " + conditions.joined(separator: " AND ")
                    var windowArgs = args
                    if !exclude.isEmpty {
                        windowSQL += " AND l.id NOT IN (SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ?)"
                        windowArgs.append(exclude.joined(separator: " OR "))
                    }
                    windowSQL += " ORDER BY lectureSearch.rowid DESC LIMIT 1 OFFSET ?"
                    windowArgs.append(Self.rankingWindow - 1)
                    if let floor = try Int64.fetchOne(db, sql: windowSQL, arguments: StatementArguments(windowArgs)) {
                        conditions.append("lectureSearch.rowid >= ?")
                        args.append(floor)
                    }
                }
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
            case .relevance: sql += " ORDER BY score DESC, l.recordedOn DESC, l.id DESC"
            case .recorded: sql += " ORDER BY l.recordedOn DESC, l.id DESC"  // NULL sorts last in DESC
            case .duration: sql += " ORDER BY l.durationSeconds DESC, l.id DESC"
            case .ingested: sql += " ORDER BY l.id DESC"
            }
            sql += " LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                SearchHit(id: row["id"], title: row["title"], speaker: row["speaker"], organisation: row["organisation"],
                          topic: row["topic"], recordedOn: row["recordedOn"], durationSeconds: row["durationSeconds"],
                          status: row["status"], score: (row["score"] as Double?).map { ($0 * 100).rounded() / 100 })
            }
        }
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
        let all = try organisations()
        let wanted = SearchText.normalize(value)
        let roots = all.filter { $0.id == value || SearchText.normalize($0.name) == wanted }
        let children = Dictionary(grouping: all, by: { $0.parentId ?? "" })
        var out: [String] = [], stack = roots.map(\.id)
        var seen = Set<String>()
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            out.append(id)
            stack += (children[id] ?? []).map(\.id)
        }
        return out
    }
}
