import CSearchTables

/// Readings from the Unihan table (`Data/pinyin.txt`, made by `Scripts/make-pinyin-table`),
/// built into the binary and searched in place: a lookup is a binary search over the sorted
/// lines of the embedded bytes, so no process builds a dictionary at start-up.
public enum Pinyin {
    /// The table's bytes and where its two sorted sections lie in them.
    struct Table: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Line starts of the syllables, then of the characters (`XXXXX readings`).
        let syllableLines: [Int]
        let entryStart: Int

        init() {
            var count = 0
            let base = lectern_pinyin_table(&count)
            bytes = UnsafeBufferPointer(start: base, count: count)
            // The header and the syllables (a few hundred short lines) are walked once; the
            // 41,000 character lines are only ever binary-searched.
            var lines: [Int] = [], position = 0
            while position < count, Self.isLowercase(bytes[position]) || bytes[position] == UInt8(ascii: "#") {
                if Self.isLowercase(bytes[position]) { lines.append(position) }
                position = Self.lineEnd(bytes, from: position) + 1
            }
            syllableLines = lines
            entryStart = position
        }

        static func isLowercase(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }

        static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            return end
        }

        /// The start of the line that holds `position`.
        func lineStart(_ position: Int) -> Int {
            var start = position
            while start > entryStart && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            return start
        }

        /// The code point at the start of a character line (five hex digits).
        func codePoint(at start: Int) -> UInt32 { EmbeddedText.codePoint(bytes, at: start) }

        func readings(of scalar: UInt32) -> [String] {
            var low = entryStart, high = bytes.count  // byte offsets; the answer's line starts in [low, high)
            while low < high {
                let start = lineStart(low + (high - low) / 2)
                let end = Self.lineEnd(bytes, from: start)
                let code = codePoint(at: start)
                if code == scalar {
                    return UnsafeBufferPointer(rebasing: bytes[(start + 6)..<end])
                        .split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
                }
                if code < scalar { low = end + 1 } else { high = start }
            }
            return []
        }

        func isSyllable(_ word: Substring.UTF8View) -> Bool {
            var low = 0, high = syllableLines.count
            while low < high {
                let mid = (low + high) / 2, start = syllableLines[mid]
                let line = UnsafeBufferPointer(rebasing: bytes[start..<Self.lineEnd(bytes, from: start)])
                if line.elementsEqual(word) { return true }
                if line.lexicographicallyPrecedes(word) { low = mid + 1 } else { high = mid }
            }
            return false
        }

        var longestSyllable: Int {
            syllableLines.map { Self.lineEnd(bytes, from: $0) - $0 }.max() ?? 6
        }
    }

    static let table = Table()
    static let longestSyllable = table.longestSyllable

    /// Every reading of one character, commonest first; none for anything but one ideograph.
    public static func readings(of ch: Character) -> [String] {
        let scalars = ch.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return [] }
        return table.readings(of: scalar.value)
    }

    /// Whether some character reads as `syllable`.
    public static func isSyllable(_ syllable: Substring) -> Bool { table.isSyllable(syllable.utf8) }

    /// "dangkeshipin" → ["dang", "ke", "shi", "pin"]: the split into syllables with the fewest
    /// parts (longest first, backtracking); nil when the word is not pinyin.
    public static func split(_ word: String) -> [String]? {
        let chars = Array(word)
        var best: [[String]?] = Array(repeating: nil, count: chars.count + 1)
        best[chars.count] = []
        for start in stride(from: chars.count - 1, through: 0, by: -1) {
            for length in stride(from: min(longestSyllable, chars.count - start), through: 1, by: -1) {
                let syllable = String(chars[start..<(start + length)])
                guard isSyllable(Substring(syllable)), let rest = best[start + length] else { continue }
                if let current = best[start], current.count <= rest.count + 1 { continue }
                best[start] = [syllable] + rest
            }
        }
        return best[0]
    }
}
