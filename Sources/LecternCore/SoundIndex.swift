/// Finds catalogued recordings whose sound a new one shares without comparing it with every
/// one. Every 8th loud item (one a second) of each catalogued fingerprint is filed twice, under its upper and
/// under its lower 20 bits; a new fingerprint looks up each of its loud items' two keys and
/// votes per recording for the offset between the two (bins of 2 s). A copy played through a
/// room keeps about 3 % of its items' keys exact, hundreds of votes at one offset over a
/// lecture; chance spreads its few votes over every offset. Recordings with 4 votes in three
/// neighbouring bins are compared in full (`SoundFingerprint.match`), with fingerprints the
/// caller reads back: the index holds 4 bytes per filed key, not the fingerprints.
public struct SoundIndex: Sendable {
    /// A catalogued recording whose sound was found in the new one.
    public struct Candidate: Sendable, Equatable {
        public var id: Int64
        public var votes: Int
    }

    static let keyBits = 20
    static let stride = 8
    static let binItems = 16
    /// Entries are (recording << 14 | position / stride): 2^18 recordings, 16,384 filed items
    /// each (4 h 30 min); later items are not filed (the comparison still sees them).
    static let positionBits = 14
    public static let capacity = 1 << (32 - positionBits)

    private var ids: [Int64] = []
    private var entries = 0
    private var tables: [[UInt32]] = Array(repeating: [], count: 2 << keyBits)

    public init() {}

    public var count: Int { ids.count }

    static func keys(_ item: UInt32) -> (Int, Int) {
        (Int(item >> UInt32(32 - keyBits)), (1 << keyBits) | Int(item & ((1 << UInt32(keyBits)) - 1)))
    }

    /// Files `fingerprint` under `id` (a lecture: several versions may share one id).
    public mutating func insert(id: Int64, fingerprint: SoundFingerprint) {
        guard ids.count < Self.capacity else { return }
        let recording = UInt32(ids.count)
        ids.append(id)
        let last = min(fingerprint.items.count, (1 << Self.positionBits) * Self.stride)
        for p in Swift.stride(from: 0, to: last, by: Self.stride) where fingerprint.loud[p] {
            let entry = recording << UInt32(Self.positionBits) | UInt32(p / Self.stride)
            let (a, b) = Self.keys(fingerprint.items[p])
            tables[a].append(entry)
            tables[b].append(entry)
            entries += 2
        }
    }

    /// Catalogued recordings worth comparing with `fingerprint` in full, most votes first
    /// (one entry per id, at most `limit`).
    public func candidates(for fingerprint: SoundFingerprint, limit: Int = 16) -> [Candidate] {
        guard !ids.isEmpty else { return [] }
        // A key far more common than the rest says nothing (a tone, a hum, digital silence).
        let common = max(64, 16 * entries / (2 << Self.keyBits))
        var hits = 0
        for (i, item) in fingerprint.items.enumerated() where fingerprint.loud[i] {
            let (a, b) = Self.keys(item)
            for key in [a, b] where tables[key].count <= common { hits += tables[key].count }
        }
        // Votes per (recording, offset bin), in an open-addressed table sized to the hits.
        var votes = VoteTable(capacity: max(1024, hits))
        let mask = UInt32((1 << Self.positionBits) - 1)
        for (i, item) in fingerprint.items.enumerated() where fingerprint.loud[i] {
            let (a, b) = Self.keys(item)
            for key in [a, b] {
                let bucket = tables[key]
                if bucket.count > common { continue }
                for entry in bucket {
                    let recording = entry >> UInt32(Self.positionBits)
                    let p = Int(entry & mask) * Self.stride
                    let bin = (p - i) / Self.binItems + 32_768
                    votes.add(UInt64(recording) << 32 | UInt64(UInt32(truncatingIfNeeded: bin)))
                }
            }
        }
        var best: [UInt32: Int] = [:]
        votes.forEach { key, count in
            let recording = UInt32(key >> 32)
            let bin = key & 0xFFFF_FFFF
            let window = count + votes.count(key &- 1, bin > 0) + votes.count(key &+ 1, true)
            if window >= 4, window > best[recording] ?? 0 { best[recording] = window }
        }
        var byId: [Int64: Int] = [:]
        for (recording, v) in best { byId[ids[Int(recording)]] = max(byId[ids[Int(recording)]] ?? 0, v) }
        return byId.map { Candidate(id: $0.key, votes: $0.value) }
            .sorted { $0.votes != $1.votes ? $0.votes > $1.votes : $0.id < $1.id }
            .prefix(limit).map { $0 }
    }

    /// Catalogued recordings whose sound `fingerprint` shares at `threshold` or more, most
    /// similar first, compared in full with the fingerprints `lookup` reads back for an id
    /// (every version of a lecture; the best counts).
    public func matches(
        for fingerprint: SoundFingerprint, threshold: Double = SoundFingerprint.threshold,
        lookup: (Int64) throws -> [SoundFingerprint]
    ) rethrows -> [(id: Int64, match: SoundMatch)] {
        var out: [(id: Int64, match: SoundMatch)] = []
        for candidate in candidates(for: fingerprint) {
            let best = try lookup(candidate.id).compactMap { fingerprint.match($0) }
                .max { $0.similarity < $1.similarity }
            if let best, best.similarity >= threshold, best.matchedSeconds >= SoundFingerprint.minimumMatchedSeconds {
                out.append((candidate.id, best))
            }
        }
        return out.sorted {
            $0.match.similarity != $1.match.similarity ? $0.match.similarity > $1.match.similarity : $0.id < $1.id
        }
    }
}

/// Counts of 64-bit keys, open-addressed (linear probing), for one query.
struct VoteTable {
    private var keys: [UInt64]
    private var counts: [Int32]
    private let mask: Int
    static let empty = UInt64.max

    init(capacity: Int) {
        var size = 1
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: Self.empty, count: size)
        counts = Array(repeating: 0, count: size)
        mask = size - 1
    }

    private func slot(_ key: UInt64) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    mutating func add(_ key: UInt64) {
        var s = slot(key)
        var probes = 0
        while keys[s] != key {
            if keys[s] == Self.empty {
                keys[s] = key
                break
            }
            s = (s + 1) & mask
            probes += 1
            if probes > mask { return }  // full: drop the vote
        }
        counts[s] += 1
    }

    func count(_ key: UInt64, _ valid: Bool) -> Int {
        guard valid else { return 0 }
        var s = slot(key)
        while keys[s] != Self.empty {
            if keys[s] == key { return Int(counts[s]) }
            s = (s + 1) & mask
        }
        return 0
    }

    func forEach(_ body: (UInt64, Int) -> Void) {
        for s in keys.indices where keys[s] != Self.empty { body(keys[s], Int(counts[s])) }
    }
}
