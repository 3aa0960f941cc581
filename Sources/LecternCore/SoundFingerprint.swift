import Foundation

/// A recording's sound fingerprint: Chromaprint's raw fingerprint (one 32-bit item per
/// `step` seconds, each item the signs of 16 filters over a few frames of the chroma
/// spectrum) and which items hold sound rather than silence. The picture can change
/// completely (a phone filming a screen, new slides under the same talk); the sound survives.
public struct SoundFingerprint: Codable, Sendable, Equatable {
    public static let version = 1
    public var version: Int
    /// Seconds between items (Chromaprint's item duration, 1365 samples at 11025 Hz).
    public var step: Double
    /// Seconds of the recording the first item starts at (the decoded audio's first sample).
    public var start: Double
    public var items: [UInt32]
    /// Items louder than silence (about −50 dBFS): what a match's share is counted over.
    public var loud: [Bool]

    public init(step: Double, start: Double = 0, items: [UInt32], loud: [Bool]) {
        self.version = Self.version
        self.step = step
        self.start = start
        self.items = items
        self.loud = loud.count == items.count ? loud : Array(repeating: true, count: items.count)
    }

    /// Seconds of sound (loud items) the fingerprint covers.
    public var soundSeconds: Double { Double(loud.lazy.filter { $0 }.count) * step }
    public var seconds: Double { Double(items.count) * step }

    /// The time of item `i`, seconds from the recording's start.
    public func time(_ i: Int) -> Double { start + Double(i) * step }

    enum CodingKeys: String, CodingKey { case version = "v", step, start, items, loud }

    // Items travel as base64 of little-endian words, loudness as a base64 bit set: a
    // 20-minute recording is 9,700 items, 52 kB of text instead of 110 kB of JSON numbers.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        step = try c.decode(Double.self, forKey: .step)
        start = try c.decodeIfPresent(Double.self, forKey: .start) ?? 0
        guard let words = Data(base64Encoded: try c.decode(String.self, forKey: .items)), words.count % 4 == 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .items, in: c, debugDescription: "items are not base64 words")
        }
        items = words.withUnsafeBytes { raw in
            (0..<(words.count / 4)).map {
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))
            }
        }
        guard let bits = Data(base64Encoded: try c.decode(String.self, forKey: .loud)) else {
            throw DecodingError.dataCorruptedError(forKey: .loud, in: c, debugDescription: "loudness is not base64")
        }
        let bytes = [UInt8](bits)
        loud = (0..<items.count).map { i in i / 8 < bytes.count && bytes[i / 8] & (1 << UInt8(i % 8)) != 0 }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(step, forKey: .step)
        if start != 0 { try c.encode(start, forKey: .start) }
        var words = Data(capacity: items.count * 4)
        for item in items { withUnsafeBytes(of: item.littleEndian) { words.append(contentsOf: $0) } }
        try c.encode(words.base64EncodedString(), forKey: .items)
        var bits = [UInt8](repeating: 0, count: (items.count + 7) / 8)
        for (i, on) in loud.enumerated() where on { bits[i / 8] |= 1 << UInt8(i % 8) }
        try c.encode(Data(bits).base64EncodedString(), forKey: .loud)
    }
}

// MARK: - Packed form

extension SoundFingerprint {
    /// "LSF1": the catalog's binary form.
    static let magic: [UInt8] = [0x4C, 0x53, 0x46, 0x31]

    /// The catalog's form: magic, step and start (little-endian doubles), the item count,
    /// the items (little-endian words), then the loudness bits. Read back without parsing
    /// text: an ingest loads every catalogued recording's fingerprint into its index.
    public var packed: [UInt8] {
        var out = Self.magic
        out.reserveCapacity(24 + items.count * 4 + (items.count + 7) / 8)
        withUnsafeBytes(of: step.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: start.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(items.count).littleEndian) { out.append(contentsOf: $0) }
        for item in items { withUnsafeBytes(of: item.littleEndian) { out.append(contentsOf: $0) } }
        var bits = [UInt8](repeating: 0, count: (items.count + 7) / 8)
        for (i, on) in loud.enumerated() where on { bits[i / 8] |= 1 << UInt8(i % 8) }
        return out + bits
    }

    /// The fingerprint from `packed`, nil when the bytes are not one.
    public init?(packed bytes: some Collection<UInt8>) {
        let b = Array(bytes)
        guard b.count >= 24, Array(b[0..<4]) == Self.magic else { return nil }
        func word<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
            b.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self)) }
        }
        let count = Int(word(20, UInt32.self))
        guard b.count == 24 + count * 4 + (count + 7) / 8 else { return nil }
        let items = (0..<count).map { word(24 + $0 * 4, UInt32.self) }
        let bits = 24 + count * 4
        let loud = (0..<count).map { b[bits + $0 / 8] & (1 << UInt8($0 % 8)) != 0 }
        self.init(
            step: Double(bitPattern: word(4, UInt64.self)), start: Double(bitPattern: word(12, UInt64.self)),
            items: items, loud: loud)
    }
}
