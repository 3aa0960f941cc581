/// A searched word as the FTS5 expression that finds it: phrases of one token each, joined by
/// AND and OR. FTS5 numbers the phrases of an expression in the order they are written, and
/// `lectern_columns` (the `CSearchColumns` target) reports each one's columns by that number,
/// so the tree can say which fields hold the whole word from the candidate query's own row.
indirect enum MatchTree: Equatable, Sendable {
    case phrase(String)
    case all([MatchTree])
    case any([MatchTree])

    /// The FTS5 text: `"党课"`, `("基层" AND "层治" AND "治理")`, `("dangke" OR ("da" AND …))`.
    var fts: String {
        switch self {
        case .phrase(let token): "\"" + token.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .all(let children): "(" + children.map(\.fts).joined(separator: " AND ") + ")"
        case .any(let children): "(" + children.map(\.fts).joined(separator: " OR ") + ")"
        }
    }

    /// The same as PostgreSQL's `tsquery` text, lexemes as they are (cast, not parsed by a
    /// dictionary): `'党课'`, `('基层' & '层治' & '治理')`, `('dangke' | ('da' & …))`.
    var tsquery: String {
        switch self {
        case .phrase(let token):
            "'" + token.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
        case .all(let children): "(" + children.map(\.tsquery).joined(separator: " & ") + ")"
        case .any(let children): "(" + children.map(\.tsquery).joined(separator: " | ") + ")"
        }
    }

    var phraseCount: Int {
        switch self {
        case .phrase: 1
        case .all(let children), .any(let children): children.reduce(0) { $0 + $1.phraseCount }
        }
    }

    /// Whether the word is found within `column` alone (as `column : (…)` would match), given
    /// each phrase's column bits from `lectern_columns`, this tree's first phrase at `first`.
    func holds(column: Int, masks: [UInt8], first: Int) -> Bool {
        var next = first
        return holds(UInt8(1) << UInt8(column), masks, &next)
    }

    private func holds(_ bit: UInt8, _ masks: [UInt8], _ next: inout Int) -> Bool {
        switch self {
        case .phrase:
            defer { next += 1 }
            return next < masks.count && masks[next] & bit != 0
        case .all(let children):
            // Every child is visited, so that the phrase numbers stay in step.
            var found = true
            for child in children where !child.holds(bit, masks, &next) { found = false }
            return found
        case .any(let children):
            var found = false
            for child in children where child.holds(bit, masks, &next) { found = true }
            return found
        }
    }
}

extension SearchText {
    /// The FTS5 expression for a query's words or phrase, or nil when nothing in it is searchable.
    static func expression(_ text: String) -> String? {
        guard let parts = matchParts(text) else { return nil }
        return parts.map(\.fts).joined(separator: " AND ")
    }

    /// The same as a PostgreSQL `tsquery` text.
    static func tsquery(_ text: String) -> String? {
        guard let parts = matchParts(text) else { return nil }
        return parts.map(\.tsquery).joined(separator: " & ")
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
                    if let syllables = Pinyin.split(w) {
                        if syllables.count >= 3 { alternatives.append(pairs(syllables)) }
                    } else if w.count <= 8 {
                        // Initials only for a word that is not pinyin: `changsha` is 长沙, not
                        // c-h-a-n-g-s-h-a. That reading almost never matched, and an OR branch that
                        // never matches makes FTS5 read its tokens' whole lists, a cost that grows
                        // with the catalog (`changsha` 6.9 ms at 510,000 lectures with scripts).
                        alternatives.append(pairs(w.map { String($0) }))
                    }
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
