import CSearchTables
import Foundation
import SQLStore

extension Catalog {
    /// Hits with a snippet from their attached texts where one holds a searched word.
    func withSnippets(_ hits: [SearchHit], terms: [String], in s: any SQLSession) throws -> [SearchHit] {
        // In the order they were attached, sorted here: asked of the database in a read whose
        // planner may not sort (a walk's), the order came from reading every attachment.
        let rows = try s.preparedRows(
            "SELECT id, lectureId, text FROM attachment WHERE \(s.dialect.among("lectureId")) AND text <> ''",
            [s.dialect.ids(hits.map(\.id))])
        var texts: [Int64: [String]] = [:]
        for row in try rows.sorted(by: { try $0.get("id", as: Int64.self) < $1.get("id", as: Int64.self) }) {
            texts[try row.get("lectureId"), default: []].append(try row.get("text"))
        }
        guard !texts.isEmpty else { return hits }
        let wanted = Self.snippetForms(
            terms.map { SearchText.normalize($0).filter { !$0.isWhitespace } }.filter { !$0.isEmpty })
        return hits.map { hit in
            var hit = hit
            for text in texts[hit.id] ?? [] {
                if let s = Self.snippet(text, forms: wanted) {
                    hit.snippet = s
                    break
                }
            }
            return hit
        }
    }

    /// Each term as typed (in simplified characters, the index's form) and in traditional ones:
    /// the transform is run once per query, not once per hit.
    static func snippetForms(_ terms: [String]) -> [String] {
        var out: [String] = []
        for term in terms {
            let traditional = term.applyingTransform(StringTransform("Traditional-Simplified"), reverse: true)
            for form in [term, traditional].compactMap({ $0 }) where !form.isEmpty && !out.contains(form) {
                out.append(form)
            }
        }
        return out
    }

    /// Where `needle`'s UTF-8 first occurs in `text`'s (glibc's memmem through `CSearchTables`; a whole UTF-8 sequence
    /// starts and ends on scalar boundaries).
    static func bytes(of needle: String, in text: String) -> Range<String.Index>? {
        var text = text, needle = needle
        text.makeContiguousUTF8()
        needle.makeContiguousUTF8()
        let offset: Int? =
            text.utf8.withContiguousStorageIfAvailable { hay in
                needle.utf8.withContiguousStorageIfAvailable { n -> Int? in
                    guard let h = hay.baseAddress, let p = n.baseAddress, !n.isEmpty,
                        let hit = lectern_find_bytes(h, hay.count, p, n.count)
                    else { return nil }
                    return UnsafeRawPointer(h).distance(to: hit)
                } ?? nil
            } ?? nil
        guard let offset else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return start..<text.utf8.index(start, offsetBy: needle.utf8.count)
    }

    /// Where ASCII `needle` first occurs in `text`, ignoring case, by a scan of the bytes.
    static func asciiIgnoringCase(_ needle: String, in text: String) -> Range<String.Index>? {
        let lower = Array(needle.lowercased().utf8)
        guard let first = lower.first else { return nil }
        var text = text
        text.makeContiguousUTF8()
        let offset: Int? =
            text.utf8.withContiguousStorageIfAvailable { hay -> Int? in
                let fold = { (b: UInt8) in b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                guard hay.count >= lower.count else { return nil }
                for i in 0...(hay.count - lower.count) where fold(hay[i]) == first {
                    var j = 1
                    while j < lower.count, fold(hay[i + j]) == lower[j] { j += 1 }
                    if j == lower.count { return i }
                }
                return nil
            } ?? nil
        guard let offset else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return start..<text.utf8.index(start, offsetBy: lower.count)
    }

    /// 「…前 20 字【词】后 20 字…」 around the first of `terms` the text holds.
    static func snippet(_ text: String, _ terms: [String], context: Int = 20) -> String? {
        snippet(text, forms: snippetForms(terms), context: context)
    }

    /// Around the first of `forms` the text holds. A form without letters is found byte for byte
    /// in the text's UTF-8, ASCII letters by a scan that ignores their case (Foundation's
    /// case-insensitive search folded every character of a 4,000-character script, a third of a
    /// search's time); other letters in any case through Foundation.
    static func snippet(_ text: String, forms: [String], context: Int = 20) -> String? {
        for form in forms {
            let found: Range<String.Index>?
            if !form.unicodeScalars.contains(where: { $0.properties.changesWhenCaseMapped }) {
                found = Self.bytes(of: form, in: text)
            } else if form.utf8.allSatisfy({ $0 < 0x80 }) {
                found = Self.asciiIgnoringCase(form, in: text)  // pinyin, PPT: most scripts do not hold it
            } else {
                found = text.range(of: form, options: [.caseInsensitive])
            }
            guard let found else { continue }
            let from = text.index(found.lowerBound, offsetBy: -context, limitedBy: text.startIndex) ?? text.startIndex
            let to = text.index(found.upperBound, offsetBy: context, limitedBy: text.endIndex) ?? text.endIndex
            let clean = { (s: Substring) in
                s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
            }
            return (from > text.startIndex ? "…" : "") + clean(text[from..<found.lowerBound]) + "【" + text[found]
                + "】" + clean(text[found.upperBound..<to]) + (to < text.endIndex ? "…" : "")
        }
        return nil
    }
}
