import Foundation
import GRDB

extension Catalog {
    /// Hits with a snippet from their attached texts where one holds a searched word.
    func withSnippets(_ hits: [SearchHit], terms: [String]) throws -> [SearchHit] {
        let texts = try pool.read { db in
            Dictionary(
                grouping: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT lectureId, text FROM attachment
                        WHERE lectureId IN (SELECT value FROM json_each(?)) AND text <> '' ORDER BY id
                        """,
                    arguments: [String(decoding: try JSONEncoder().encode(hits.map(\.id)), as: UTF8.self)]),
                by: { $0["lectureId"] as Int64 }
            ).mapValues { $0.map { $0["text"] as String } }
        }
        let wanted = terms.map { SearchText.normalize($0).filter { !$0.isWhitespace } }.filter { !$0.isEmpty }
        return hits.map { hit in
            var hit = hit
            for text in texts[hit.id] ?? [] {
                if let s = Self.snippet(text, wanted) {
                    hit.snippet = s
                    break
                }
            }
            return hit
        }
    }

    /// 「…前 20 字【词】后 20 字…」 around the first of `terms` (normalised) the text holds.
    static func snippet(_ text: String, _ terms: [String], context: Int = 20) -> String? {
        let original = Array(text)
        // Normalised as a whole when that keeps every position (nearly always: Chinese text),
        // else character by character, so that positions line up with the original.
        let whole = Array(SearchText.normalize(text))
        let folded =
            whole.count == original.count
            ? whole
            : original.map { ch -> Character in
                let n = SearchText.normalize(String(ch))
                return n.count == 1 ? n.first ?? ch : ch
            }
        for term in terms {
            let t = Array(term)
            guard t.count <= folded.count, let first = t.first else { continue }
            var i = 0
            while i + t.count <= folded.count {
                if folded[i] == first, Array(folded[i..<(i + t.count)]) == t {
                    let from = max(0, i - context), to = min(original.count, i + t.count + context)
                    let clean = { (s: ArraySlice<Character>) in
                        String(s).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
                    }
                    return (from > 0 ? "…" : "") + clean(original[from..<i]) + "【" + String(original[i..<(i + t.count)])
                        + "】" + clean(original[(i + t.count)..<to]) + (to < original.count ? "…" : "")
                }
                i += 1
            }
        }
        return nil
    }
}
