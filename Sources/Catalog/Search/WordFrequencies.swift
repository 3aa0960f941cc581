import Foundation
import SQLStore
import Synchronization

/// How common each token is among the newest lectures, from PostgreSQL's own statistics of
/// `lectureWords.every` (ANALYZE's most common elements of the newest partition it has
/// analysed): the share of lectures whose words hold it. A token not listed is rarer than the
/// rarest listed (`floor`). The relevance window asks it before reading anything, to leave out
/// the probe's walk when the query is too rare for the probe to fill the window.
struct WordFrequencies: Sendable, Equatable {
    var byToken: [String: Double]
    var floor: Double

    /// The share of lectures a word's tree matches, at most: the rarest of the tokens that
    /// must all be there (a word's pairs of characters come together, so the rarest decides),
    /// the sum of alternatives. A token not listed counts as a tenth of the floor: it may be
    /// anywhere below it, and reading its matches from the index costs little when it is rare
    /// and a bounded amount when it is not.
    func share(_ tree: MatchTree) -> Double {
        switch tree {
        case .phrase(let token): byToken[token] ?? floor / 10
        case .all(let children): children.map(share).min() ?? 1
        case .any(let children): min(1, children.map(share).reduce(0, +))
        }
    }

    /// Words as independent of each other: their shares multiplied.
    func share(words: [[MatchTree]]) -> Double {
        words.reduce(1) { $0 * ($1.map(share).min() ?? 1) }
    }

    /// The statistics of `lectureWords_<partition>`, nil when it has none (never analysed).
    static func read(_ s: any SQLSession, partition: Int64) throws -> WordFrequencies? {
        guard
            let row = try s.row(
                """
                SELECT CAST(array_to_json(CAST(CAST(s.most_common_elems AS TEXT) AS TEXT[])) AS TEXT) AS elems,
                       CAST(array_to_json(s.most_common_elem_freqs) AS TEXT) AS freqs
                FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = ?
                AND s.attname = 'every' AND NOT s.inherited AND s.most_common_elems IS NOT NULL
                """, "lecturewords_\(partition)"),
            let elems = try JSONSerialization.jsonObject(with: Data(row.get("elems", as: String.self).utf8))
                as? [String],
            let freqs = try JSONSerialization.jsonObject(with: Data(row.get("freqs", as: String.self).utf8))
                as? [Double],
            freqs.count >= elems.count, !elems.isEmpty
        else { return nil }
        // The frequencies are followed by their minimum, maximum and the null share.
        let listed = freqs.prefix(elems.count)
        return WordFrequencies(
            byToken: Dictionary(zip(elems, listed), uniquingKeysWith: max), floor: listed.min() ?? 0)
    }
}

/// One catalog's `WordFrequencies`, kept for `life` or until the newest lectures move to
/// another partition.
final class WordFrequenciesCache: Sendable {
    static let life: Duration = .seconds(300)
    private let state = Mutex<(partition: Int64, at: ContinuousClock.Instant, value: WordFrequencies?)?>(nil)

    /// The statistics for the lectures up to `newest`: of its partition when that holds a
    /// tenth of a partition or more (fewer are not worth ANALYZE's sample), else of the one
    /// before; of the one before that when a partition has not been analysed yet.
    func frequencies(_ s: any SQLSession, newest: Int64) throws -> WordFrequencies? {
        let size = SearchIndex.wordsPartition
        var partition = newest / size
        if newest - partition * size < size / 10 && partition > 0 { partition -= 1 }
        if let cached = state.withLock({ $0 }), cached.partition == partition,
            cached.at.duration(to: .now) < Self.life
        {
            return cached.value
        }
        var value = try WordFrequencies.read(s, partition: partition)
        if value == nil && partition > 0 { value = try WordFrequencies.read(s, partition: partition - 1) }
        state.withLock { $0 = (partition, .now, value) }
        return value
    }
}
