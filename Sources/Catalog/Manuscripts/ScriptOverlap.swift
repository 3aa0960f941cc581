/// A stretch two scripts share, as each of them writes it.
public struct SharedPassage: Codable, Sendable, Equatable {
    /// Normalised characters (punctuation and spaces not counted).
    public var length: Int
    public var text: String
    public var otherText: String

    /// The same passage seen from the other text.
    var swapped: SharedPassage { SharedPassage(length: length, text: otherText, otherText: text) }
}

/// How much of two scripts is the same text: the exact overlap, found by extending every shared
/// shingle as far as both texts agree (greedy, left to right through this text).
public struct ScriptOverlap: Sendable, Equatable {
    /// The share of this text's characters inside shared passages.
    public var coverage: Double
    /// The share of the other text's characters inside them.
    public var otherCoverage: Double
    /// Characters shared, and the longest single passage.
    public var shared: Int
    public var longest: Int
    /// The longest passages, longest first (at most `passageLimit`).
    public var passages: [SharedPassage]

    /// Shared stretches shorter than this are not counted: the stock phrases every party
    /// lecture has (「不忘初心、牢记使命」 is 8 characters, most are under 20).
    public static let minimumPassage = 20
    public static let passageLimit = 3
    /// A passage is shown up to this many characters of each side.
    static let passageDisplay = 300

    public init(_ a: ScriptText, _ b: ScriptText) {
        let k = ScriptText.shingle
        let ha = a.hashes, hb = b.hashes
        // Where each of the other's shingles starts: the first position, then a chain to the next.
        var first = [UInt64: Int32](minimumCapacity: hb.count)
        var next = [Int32](repeating: -1, count: hb.count)
        for j in stride(from: hb.count - 1, through: 0, by: -1) {
            if let later = first.updateValue(Int32(j), forKey: hb[j]) { next[j] = later }
        }
        var runs: [(a: Int, b: Int, length: Int)] = []
        var coveredB = [Bool](repeating: false, count: b.count)
        var i = 0
        while i < ha.count {
            var best = (b: 0, length: 0)
            var j32 = first[ha[i]] ?? -1, tried = 0
            while j32 >= 0, tried < 16 {
                let j = Int(j32)
                var n = 0
                while i + n < a.count, j + n < b.count, a.units[i + n] == b.units[j + n] { n += 1 }
                if n > best.length { best = (j, n) }
                j32 = next[j]
                tried += 1
            }
            if best.length >= max(k, Self.minimumPassage) {
                runs.append((i, best.b, best.length))
                for x in best.b..<(best.b + best.length) { coveredB[x] = true }
                i += best.length
            } else {
                i += 1
            }
        }
        let shared = runs.reduce(0) { $0 + $1.length }
        self.shared = shared
        coverage = a.count == 0 ? 0 : Double(shared) / Double(a.count)
        otherCoverage = b.count == 0 ? 0 : Double(coveredB.lazy.filter { $0 }.count) / Double(b.count)
        longest = runs.map(\.length).max() ?? 0
        passages = runs.sorted { $0.length > $1.length }.prefix(Self.passageLimit).map { r in
            let shown = min(r.length, Self.passageDisplay)
            return SharedPassage(
                length: r.length, text: a.original(r.a..<(r.a + shown)), otherText: b.original(r.b..<(r.b + shown)))
        }
    }

    /// This much of either script the same, or more: the script is copied or reused as a whole
    /// (or lightly edited). Measured by Scripts/bench-manuscripts.
    public static let wholeThreshold = 0.4
    /// A passage this long (characters), or this much shared in all: 「大段」, copied in part.
    public static let passageThreshold = 100
    public static let sharedThreshold = 200

    /// The same overlap seen from the other text.
    var swapped: ScriptOverlap {
        var o = self
        (o.coverage, o.otherCoverage) = (otherCoverage, coverage)
        o.passages = passages.map(\.swapped)
        return o
    }

    /// Whether the reviewer is told.
    public var flagged: Bool { whole || partial }
    public var whole: Bool { max(coverage, otherCoverage) >= Self.wholeThreshold }
    public var partial: Bool { longest >= Self.passageThreshold || shared >= Self.sharedThreshold }
}
