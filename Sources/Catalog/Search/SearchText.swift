import Foundation

/// Text as the search index sees it, the same at index and query time: Unicode NFKC (full
/// width → half width), case folded, traditional → simplified (ICU's transform, run only
/// on text that holds a traditional character: `SimplifiedTable`), and every Chinese
/// character also as its pinyin, all readings (Unihan), full and initials. So 党课, 黨課,
/// dangke, dang ke and dk meet the same lecture, and changsha finds 长沙.
public enum SearchText {
    /// NFKC, lower case, traditional → simplified.
    public static func normalize(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        guard SimplifiedTable.containsTraditional(folded) else { return folded }
        return folded.applyingTransform(StringTransform("Traditional-Simplified"), reverse: false) ?? folded
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x3134F).contains(v)
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// A run of Chinese characters, or a word of letters and digits.
    enum Segment: Equatable {
        case han([Character])
        case word(String)
    }

    /// Splits normalised text into Chinese runs and words; punctuation and spaces separate.
    static func segments(_ normalized: String) -> [Segment] {
        var out: [Segment] = [], han: [Character] = [], word = ""
        func flush() {
            if !han.isEmpty { out.append(.han(han)); han = [] }
            if !word.isEmpty { out.append(.word(word)); word = "" }
        }
        for ch in normalized {
            guard let s = ch.unicodeScalars.first else { continue }
            if isHan(s) {
                if !word.isEmpty { out.append(.word(word)); word = "" }
                han.append(ch)
            } else if isWordScalar(s) {
                if !han.isEmpty { out.append(.han(han)); han = [] }
                word.append(ch)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// At most this many readings of one character are indexed (一 has a few; 和 has many).
    static let readingsPerCharacter = 3

    /// The index's tokens for one field, space-separated, for FTS5's unicode61 tokenizer.
    /// Per Chinese run: its characters, its bigrams, each character's readings, each pair's
    /// readings joined (dangke) and their initials (dk). Words as they are.
    public static func indexTokens(_ text: String, pinyin: Bool = true) -> String {
        var tokens: [String] = []
        for segment in segments(normalize(text)) {
            switch segment {
            case .word(let w): tokens.append(w)
            case .han(let chars):
                tokens += chars.map { String($0) }
                if chars.count > 1 {
                    tokens += (0..<(chars.count - 1)).map { String(chars[$0]) + String(chars[$0 + 1]) }
                }
                guard pinyin else { continue }
                let readings = chars.map { Array(Pinyin.readings(of: $0).prefix(readingsPerCharacter)) }
                for r in readings { tokens += r }
                for i in 0..<max(0, chars.count - 1) {
                    var pairs: [String] = [], initials: [String] = []
                    for a in readings[i] {
                        for b in readings[i + 1] {
                            pairs.append(a + b)
                            initials.append(String(a.prefix(1)) + String(b.prefix(1)))
                        }
                    }
                    tokens += Set(pairs).sorted() + Set(initials).sorted()
                }
            }
        }
        return tokens.joined(separator: " ")
    }
}
