import CSearchTables
import Foundation
import GRDB

extension Catalog {
    /// Hits with a snippet from their attached texts where one holds a searched word: the first
    /// attachment that holds one, and in it the first word as the query names them.
    func withSnippets(_ hits: [SearchHit], terms: [String]) throws -> [SearchHit] {
        let wanted = Self.snippetForms(
            terms.map { SearchText.normalize($0).filter { !$0.isWhitespace } }.filter { !$0.isEmpty })
        guard !wanted.isEmpty else { return hits }
        let ids = String(decoding: try JSONEncoder().encode(hits.map(\.id)), as: UTF8.self)
        let cased = { (form: String) in form.unicodeScalars.contains { $0.properties.changesWhenCaseMapped } }
        var snippets: [Int64: String] = [:]
        if wanted.allSatisfy({ !cased($0) || $0.utf8.allSatisfy { $0 < 0x80 } }) {
            // SQLite finds each word and returns the few characters around it, not the scripts.
            var best: [Int64: (attachment: Int64, form: Int, snippet: String)] = [:]
            try pool.read { db in
                for (rank, form) in wanted.enumerated() {
                    let ascii = cased(form)
                    let rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT id, lectureId, at, length(text) AS length, min(at - 1, ?2) AS before,
                                   substr(text, at - min(at - 1, ?2), min(at - 1, ?2) + ?3 + ?2) AS piece
                            FROM (SELECT id, lectureId, text, instr(\(ascii ? "lower(text)" : "text"), ?1) AS at
                                  FROM attachment WHERE lectureId IN (SELECT value FROM json_each(?4)) AND text <> '')
                            WHERE at > 0
                            """,
                        arguments: [
                            ascii ? form.lowercased() : form, Self.snippetContext, form.unicodeScalars.count, ids,
                        ])
                    for row in rows {
                        let lecture: Int64 = row["lectureId"], attachment: Int64 = row["id"]
                        if let known = best[lecture], (known.attachment, known.form) < (attachment, rank) { continue }
                        let at: Int = row["at"], before: Int = row["before"], length: Int = row["length"]
                        let snippet = Self.snippet(
                            piece: row["piece"], before: before, count: form.unicodeScalars.count,
                            cutStart: at - before > 1,
                            cutEnd: at - 1 + form.unicodeScalars.count + Self.snippetContext < length)
                        best[lecture] = (attachment, rank, snippet)
                    }
                }
            }
            snippets = best.mapValues(\.snippet)
        } else {
            // Letters SQLite cannot fold (Greek, Cyrillic…): the scripts, searched here.
            let texts = try pool.read { db in
                Dictionary(
                    grouping: try Row.fetchAll(
                        db,
                        sql: """
                            SELECT lectureId, text FROM attachment
                            WHERE lectureId IN (SELECT value FROM json_each(?)) AND text <> '' ORDER BY id
                            """, arguments: [ids]),
                    by: { $0["lectureId"] as Int64 }
                ).mapValues { $0.map { $0["text"] as String } }
            }
            for (lecture, list) in texts {
                snippets[lecture] = list.lazy.compactMap { Self.snippet($0, forms: wanted) }.first
            }
        }
        return hits.map { hit in
            var hit = hit
            hit.snippet = snippets[hit.id]
            return hit
        }
    }

    /// Characters of context either side of the word.
    static let snippetContext = 20

    /// 「…前 20 字【词】后 20 字…」 from the piece SQLite cut: `before` scalars, the word's `count`.
    static func snippet(piece: String, before: Int, count: Int, cutStart: Bool, cutEnd: Bool) -> String {
        let scalars = Array(piece.unicodeScalars)
        func text(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(
                contentsOf: scalars[max(0, min(range.lowerBound, scalars.count))..<min(range.upperBound, scalars.count)]
            )
            return String(view)
        }
        let clean = { (s: String) in
            s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        }
        return (cutStart ? "…" : "") + clean(text(0..<before)) + "【" + text(before..<(before + count)) + "】"
            + clean(text((before + count)..<scalars.count)) + (cutEnd ? "…" : "")
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
