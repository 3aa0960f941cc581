/// Where two recordings' sound is the same: the share of the shorter one's sound found in the
/// other, and the matched stretches in both.
public struct SoundMatch: Codable, Sendable, Equatable {
    public var similarity: Double
    public var ranges: [MatchedRange]
    /// Mean share of differing bits over the matched windows (0 for the same file).
    public var bitErrorRate: Double

    public init(similarity: Double, ranges: [MatchedRange], bitErrorRate: Double) {
        self.similarity = similarity
        self.ranges = ranges
        self.bitErrorRate = bitErrorRate
    }

    /// Seconds of the first recording inside the matched stretches.
    public var matchedSeconds: Double { ranges.reduce(0) { $0 + ($1.end - $1.start) } }
}

/// A stretch of one recording (`start`…`end`, seconds) found in another (`otherStart`…`otherEnd`).
public struct MatchedRange: Codable, Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var otherStart: Double
    public var otherEnd: Double

    public init(start: Double, end: Double, otherStart: Double, otherEnd: Double) {
        self.start = start
        self.end = end
        self.otherStart = otherStart
        self.otherEnd = otherEnd
    }

    /// The same stretch seen from the other recording.
    public var swapped: MatchedRange {
        MatchedRange(start: otherStart, end: otherEnd, otherStart: start, otherEnd: end)
    }
}

extension SoundFingerprint {
    /// The share of the shorter recording's sound that must be found in the other to flag
    /// the pair (measured with Scripts/bench-copies), and the least matched time: a shared
    /// 15 s jingle or title music is neither.
    public static let threshold = 0.4
    public static let minimumMatchedSeconds = 20.0

    /// Items compared at once (about 5 s): short enough that a 5 % speed change drifts less
    /// than an item inside one, long enough that chance agreement stays far from a match.
    static let window = 40
    /// A window matches when at most this share of its bits differ. Unrelated sound differs
    /// in half of them (±0.03 over a window); a copy re-encoded differs in under 0.1, played
    /// through a room and recorded by a phone in 0.15–0.25.
    public static let maxBitErrorRate = 0.30
    /// Playback rates tried (a copy sped up or slowed by up to 5 %); each window then follows
    /// the drift that is left.
    static let rates: [Double] = [1.0, 0.975, 1 / 0.975, 0.95, 1 / 0.95]
    /// A key (half an item) held by more items than this says nothing (a tone, a hum).
    static let commonKey = 40

    /// The sound of `self` found in `other`, or nil when nothing matches. `similarity` is the
    /// share of the shorter recording's sound (loud items) that lies in matched windows, so an
    /// excerpt scores high against the lecture it was cut from, and a shared 15 s jingle
    /// scores low against any lecture.
    public func match(_ other: SoundFingerprint) -> SoundMatch? {
        let w = Self.window
        guard items.count >= w, other.items.count >= w else { return nil }
        var matchedSelf = [Bool](repeating: false, count: items.count)
        var matchedOther = [Bool](repeating: false, count: other.items.count)
        var ranges: [MatchedRange] = []
        var errorBits = 0, comparedBits = 0
        for alignment in alignments(with: other) {
            let walk = follow(alignment, in: other)
            for window in walk {
                for i in window.selfRange { matchedSelf[i] = true }
                for j in window.otherRange { matchedOther[j] = true }
                errorBits += window.errors
                comparedBits += window.bits
            }
            ranges += Self.ranges(of: walk, self, other)
        }
        guard comparedBits > 0 else { return nil }
        let selfShare = Self.share(matchedSelf, loud)
        let otherShare = Self.share(matchedOther, other.loud)
        let similarity = soundSeconds <= other.soundSeconds ? selfShare : otherShare
        return SoundMatch(
            similarity: similarity, ranges: Self.merged(ranges),
            bitErrorRate: Double(errorBits) / Double(comparedBits))
    }

    /// Seconds of sound in the matched stretches of the shorter recording.
    static func share(_ matched: [Bool], _ loud: [Bool]) -> Double {
        let total = loud.lazy.filter { $0 }.count
        guard total > 0 else { return 0 }
        return Double(zip(matched, loud).lazy.filter { $0 && $1 }.count) / Double(total)
    }

    struct Alignment {
        var rate: Double
        var offset: Double
        var votes: Int
    }

    /// Candidate (rate, offset) pairs: items whose upper or lower 16 bits agree vote for
    /// `j − rate·i` in bins of 4 items; the best few bins with 3 votes or more.
    func alignments(with other: SoundFingerprint) -> [Alignment] {
        // `other`'s loud items by key (upper halves 0..<65536, lower halves after), as one
        // counting sort: `start[k]..<start[k + 1]` indexes `positions`.
        let keys = 2 << 16
        var start = [Int32](repeating: 0, count: keys + 1)
        for (j, item) in other.items.enumerated() where other.loud[j] {
            start[Int(item >> 16) + 1] += 1
            start[Int(item & 0xFFFF) + (1 << 16) + 1] += 1
        }
        for k in 0..<keys { start[k + 1] += start[k] }
        var fill = start
        var positions = [Int32](repeating: 0, count: Int(start[keys]))
        for (j, item) in other.items.enumerated() where other.loud[j] {
            for key in [Int(item >> 16), Int(item & 0xFFFF) + (1 << 16)] {
                positions[Int(fill[key])] = Int32(j)
                fill[key] += 1
            }
        }
        var pairI: [Int32] = [], pairJ: [Int32] = []
        for (i, item) in items.enumerated() where loud[i] {
            for key in [Int(item >> 16), Int(item & 0xFFFF) + (1 << 16)] {
                let range = Int(start[key])..<Int(start[key + 1])
                guard range.count <= Self.commonKey else { continue }
                for p in range {
                    pairI.append(Int32(i))
                    pairJ.append(positions[p])
                }
            }
        }
        var found: [Alignment] = []
        for rate in Self.rates {
            // Offsets j − rate·i lie in [−rate·n, m]: bins of 4 items in one dense array.
            let low = Int((-rate * Double(items.count) / 4).rounded(.down)) - 1
            var bins = [Int32](repeating: 0, count: other.items.count / 4 - low + 3)
            for k in pairI.indices {
                let bin = Int(((Double(pairJ[k]) - rate * Double(pairI[k])) / 4).rounded(.down))
                bins[bin - low] += 1
            }
            for b in 1..<(bins.count - 1) where bins[b] >= 2 {
                let votes = Int(bins[b - 1] + bins[b] + bins[b + 1])
                if votes >= 3 { found.append(Alignment(rate: rate, offset: Double((b + low) * 4 + 2), votes: votes)) }
            }
        }
        // Deterministic order: votes, then the plainer alignment.
        found.sort { a, b in
            a.votes != b.votes
                ? a.votes > b.votes : (a.rate != b.rate ? abs(a.rate - 1) < abs(b.rate - 1) : a.offset < b.offset)
        }
        // Neighbouring bins of one alignment are one candidate.
        var kept: [Alignment] = []
        for a in found where !kept.contains(where: { abs($0.offset - a.offset) < 12 && abs($0.rate - a.rate) < 0.03 }) {
            kept.append(a)
            if kept.count == 4 { break }
        }
        return kept
    }

    struct WindowMatch {
        var selfRange: Range<Int>
        var otherRange: ClosedRange<Int>
        var errors: Int
        var bits: Int
    }

    /// Walks `self` window by window along `alignment`, letting the offset follow by up to 3
    /// items per window; the windows that match.
    func follow(_ alignment: Alignment, in other: SoundFingerprint) -> [WindowMatch] {
        let w = Self.window
        var offset = alignment.offset
        var out: [WindowMatch] = []
        var s = 0
        while s + w <= items.count {
            defer { s += w }
            guard informative(s..<(s + w), loud) else { continue }
            var best: (errors: Int, bits: Int, delta: Int)?
            for delta in -3...3 {
                var errors = 0, bits = 0
                for k in s..<(s + w) {
                    let j = Int((alignment.rate * Double(k) + offset).rounded()) + delta
                    guard j >= 0, j < other.items.count else { continue }
                    errors += (items[k] ^ other.items[j]).nonzeroBitCount
                    bits += 32
                }
                guard bits >= 16 * w else { continue }
                if let b = best, b.errors * bits <= errors * b.bits { continue }
                best = (errors, bits, delta)
            }
            guard let best, Double(best.errors) <= Self.maxBitErrorRate * Double(best.bits) else { continue }
            offset += Double(best.delta)
            let first = max(0, Int((alignment.rate * Double(s) + offset).rounded()))
            let last = min(other.items.count - 1, Int((alignment.rate * Double(s + w - 1) + offset).rounded()))
            guard first <= last, informative(first..<(last + 1), other.loud, in: other.items) else { continue }
            out.append(
                WindowMatch(selfRange: s..<(s + w), otherRange: first...last, errors: best.errors, bits: best.bits))
        }
        return out
    }

    /// Half the window or more is sound, and it changes (a tone or hum repeats one item).
    func informative(_ range: Range<Int>, _ loud: [Bool], in items: [UInt32]? = nil) -> Bool {
        let items = items ?? self.items
        guard loud[range].lazy.filter({ $0 }).count * 2 >= range.count else { return false }
        return Set(items[range]).count * 4 >= range.count
    }

    /// Runs of consecutive matched windows as time ranges in both recordings.
    static func ranges(of walk: [WindowMatch], _ a: SoundFingerprint, _ b: SoundFingerprint) -> [MatchedRange] {
        var out: [MatchedRange] = []
        for m in walk {
            let r = MatchedRange(
                start: a.time(m.selfRange.lowerBound), end: a.time(m.selfRange.upperBound),
                otherStart: b.time(m.otherRange.lowerBound), otherEnd: b.time(m.otherRange.upperBound + 1))
            if let last = out.last, r.start - last.end < 10 * a.step {
                out[out.count - 1].end = r.end
                out[out.count - 1].otherEnd = max(last.otherEnd, r.otherEnd)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Ranges merged where they overlap in `self`, in time order; stretches under 5 s dropped.
    static func merged(_ ranges: [MatchedRange]) -> [MatchedRange] {
        var out: [MatchedRange] = []
        for r in ranges.sorted(by: { $0.start < $1.start }) {
            if let last = out.last, r.start <= last.end {
                out[out.count - 1].end = max(last.end, r.end)
                out[out.count - 1].otherStart = min(last.otherStart, r.otherStart)
                out[out.count - 1].otherEnd = max(last.otherEnd, r.otherEnd)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
