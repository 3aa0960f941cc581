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

    /// 「…前 20 字【词】后 20 字…」 around the first of `terms` the text holds, as typed (in
    /// simplified characters, the index's form) or in traditional ones; Latin letters in any
    /// case. Found by the standard library's search, without normalising the whole text.
    static func snippet(_ text: String, _ terms: [String], context: Int = 20) -> String? {
        for term in terms {
            let traditional = term.applyingTransform(StringTransform("Traditional-Simplified"), reverse: true)
            for candidate in [term, traditional].compactMap({ $0 }) where !candidate.isEmpty {
                guard let found = text.range(of: candidate, options: [.caseInsensitive]) else { continue }
                let from =
                    text.index(found.lowerBound, offsetBy: -context, limitedBy: text.startIndex) ?? text.startIndex
                let to = text.index(found.upperBound, offsetBy: context, limitedBy: text.endIndex) ?? text.endIndex
                let clean = { (s: Substring) in
                    s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
                }
                return (from > text.startIndex ? "…" : "") + clean(text[from..<found.lowerBound]) + "【"
                    + text[found] + "】" + clean(text[found.upperBound..<to]) + (to < text.endIndex ? "…" : "")
            }
        }
        return nil
    }
}
