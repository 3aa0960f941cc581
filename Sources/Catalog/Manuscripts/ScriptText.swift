/// A script's text as the comparison sees it: only what a copier keeps. Chinese characters in
/// their simplified form (one character at a time: `SimplifiedTable`), letters in lower case,
/// every digit as 0 (a copy with its dates changed is still a copy), and nothing else:
/// punctuation, spaces and line breaks are what people change first.
public struct ScriptText: Sendable {
    /// The normalised characters.
    public let units: [UInt32]
    /// Each unit's offset in the original text's UTF-8, to show passages as written (the text
    /// itself is shared, not copied).
    let origin: [Int32]
    let text: String

    public init(_ text: String) {
        var units: [UInt32] = [], origin: [Int32] = []
        units.reserveCapacity(text.utf8.count / 3)
        origin.reserveCapacity(text.utf8.count / 3)
        var offset = 0
        for s in text.unicodeScalars {
            if let u = Self.unit(s) {
                units.append(u)
                origin.append(Int32(offset))
            }
            offset += UTF8.width(s)
        }
        self.text = text
        self.units = units
        self.origin = origin
        hashes = Self.shingleHashes(units)
    }

    /// The hash of every `shingle` units starting at each position (rolling, then mixed).
    let hashes: [UInt64]

    public var count: Int { units.count }

    static func unit(_ s: Unicode.Scalar) -> UInt32? {
        var v = s.value
        if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }  // full width → ASCII
        switch v {
        case 0x30...0x39: return 0x30
        case 0x41...0x5A: return v + 0x20
        case 0x61...0x7A: return v
        case 0..<0x80: return nil
        default: break
        }
        guard let scalar = Unicode.Scalar(v) else { return nil }
        if SearchText.isHan(scalar) { return SimplifiedTable.simplified(scalar).value }
        if scalar.properties.numericType != nil { return 0x30 }
        if scalar.properties.isAlphabetic { return scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? v }
        return nil
    }

    /// The original text of units `range` (from the first unit's scalar to the last's).
    func original(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: Int(origin[range.lowerBound]))
        let last = utf8.index(utf8.startIndex, offsetBy: Int(origin[range.upperBound - 1]))
        let to = text.unicodeScalars.index(after: last)
        return String(text[from..<to])
    }

    /// Characters per shingle: a shared stretch shorter than this is never seen.
    public static let shingle = 8

    static func shingleHashes(_ units: [UInt32]) -> [UInt64] {
        let k = shingle
        guard units.count >= k else { return [] }
        let base: UInt64 = 0x100_0000_01B3
        var power: UInt64 = 1
        for _ in 0..<k { power = power &* base }
        var h: UInt64 = 0
        var out: [UInt64] = []
        out.reserveCapacity(units.count - k + 1)
        for i in 0..<units.count {
            h = h &* base &+ UInt64(units[i])
            if i >= k { h = h &- UInt64(units[i - k]) &* power }
            if i >= k - 1 { out.append(mix(h)) }
        }
        return out
    }

    /// SplitMix64's finaliser: neighbouring shingles get unrelated hashes, so a window's
    /// minimum is a fair draw.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Shingles per winnowing window: any stretch of `shingle + window - 1` (39) units that two
    /// texts share gives both at least one common signature hash.
    public static let window = 32

    /// The signature (winnowing, Schleimer, Wilkerson and Aiken 2003): the smallest shingle hash
    /// of every window of `window` shingles, each kept once; about one shingle in 16.
    public func signature() -> Set<UInt64> {
        guard !hashes.isEmpty else { return [] }
        let w = Self.window
        if hashes.count <= w, let least = hashes.min() { return [least] }
        var picked = Set<UInt64>()
        // A deque of positions with increasing hashes: its front is the window's minimum.
        var deque: [Int] = [], head = 0
        deque.reserveCapacity(hashes.count)
        for i in 0..<hashes.count {
            while deque.count > head, hashes[deque[deque.count - 1]] >= hashes[i] { deque.removeLast() }
            deque.append(i)
            if deque[head] <= i - w { head += 1 }
            if i >= w - 1 { picked.insert(hashes[deque[head]]) }
        }
        return picked
    }
}
