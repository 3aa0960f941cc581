// MARK: - Comparison

/// Where two videos show the same pictures: the share of scenes found, the matched stretches,
/// and whether one is the other mirrored.
public struct PictureMatch: Codable, Sendable, Equatable {
    public var similarity: Double
    public var ranges: [MatchedRange]
    public var mirrored: Bool

    public init(similarity: Double, ranges: [MatchedRange], mirrored: Bool = false) {
        self.similarity = similarity
        self.ranges = ranges
        self.mirrored = mirrored
    }

    /// The same match seen from the other video.
    public var swapped: PictureMatch {
        PictureMatch(similarity: similarity, ranges: ranges.map(\.swapped), mirrored: mirrored)
    }
}

extension Fingerprint.Frame {
    /// The hash of the picture flipped left to right: the worker's, or derived from the hash
    /// (exact only where no two neighbouring cells are equal).
    public var mirroredHash: UInt64 { flipped ?? Fingerprint.mirror(hash) }
}

extension Fingerprint {
    /// A dHash of the picture flipped left to right: in each row of 8 bits (left cell brighter
    /// than its right neighbour), the order reversed and every comparison turned round.
    public static func mirror(_ hash: UInt64) -> UInt64 {
        var out: UInt64 = 0
        for row in 0..<8 {
            let bits = UInt8(truncatingIfNeeded: hash >> (8 * UInt64(7 - row)))
            out = out << 8 | UInt64(~bits.bitReversed)
        }
        return out
    }
}

extension UInt8 {
    var bitReversed: UInt8 {
        var v = self, r: UInt8 = 0
        for _ in 0..<8 {
            r = r << 1 | (v & 1)
            v >>= 1
        }
        return r
    }
}

extension Fingerprint {
    /// Two frame hashes within this Hamming distance show the same picture (measured in NOTES.md:
    /// 8 finds 44/45 transformed copies with no unrelated pair flagged).
    public static let defaultMaxHammingDistance = 8

    /// Fewer frames in common than this is chance, whatever the share: two short clips that
    /// share three pictures of a slide template are not copies.
    public static let minimumMatchedFrames = 4

    /// A video of fewer scenes than this scores as if it had this many: one slide template,
    /// one talking head before one wall, matched whole, is a third of the evidence, not all.
    public static let minimumScenes = 3

    /// A probe frame near this share of the other video's frames or more pins no alignment
    /// (the template every slide shares, a studio wall): it is left out of the evidence.
    static let commonShare = 0.5

    /// Playback rates tried when aligning two fingerprints (a copy sped up or slowed by up to 10%).
    static let rates: [Double] = [1.0, 0.95, 1.05, 0.9, 1.1]

    /// The same video with every frame flipped left to right.
    public var mirrored: Fingerprint {
        Fingerprint(
            frames: frames.map {
                Frame(time: $0.time, hash: $0.mirroredHash, blank: $0.blank, flipped: $0.hash)
            }, template: template.map(Self.mirror))
    }

    /// Two frames near on their hashes show the same picture, unless both show their videos'
    /// template (a slide deck on the county's template, a studio wall): at 64 bits, what
    /// changes between such slides (the text, a small inset) does not show, so two decks on
    /// one template would look alike. Such frames are no evidence; the sound, and the slides'
    /// text, are.
    static func same(_ p: Frame, in a: Fingerprint, _ t: Frame, in b: Fingerprint, maxDistance: Int) -> Bool {
        guard (p.hash ^ t.hash).nonzeroBitCount <= maxDistance else { return false }
        return !(a.showsTemplate(p, maxDistance: maxDistance) && b.showsTemplate(t, maxDistance: maxDistance))
    }

    /// How much of one video is found in the other, from 0 (nothing) to 1 (all of it).
    public func similarity(to other: Fingerprint, maxDistance: Int = defaultMaxHammingDistance) -> Double {
        match(other, maxDistance: maxDistance)?.similarity ?? 0
    }

    /// 1 − similarity: near 0 for copies, near 1 for unrelated videos.
    public func distance(to other: Fingerprint, maxDistance: Int = defaultMaxHammingDistance) -> Double {
        1 - similarity(to: other, maxDistance: maxDistance)
    }

    /// The pictures of `self` found in `other`, as it is or mirrored; nil when nothing is.
    ///
    /// For each direction, the share of informative (non-blank) scenes (runs of frames showing
    /// one picture) that have a near hash in the other video *at a consistent alignment*:
    /// matched frames must agree on one offset and rate, found by voting, and number at least
    /// `minimumMatchedFrames`. Frames that resemble half the other video or more (a
    /// shared template) are no evidence. The result is the larger direction, so an excerpt
    /// scores high against the lecture it was cut from. Ranges are in `self`'s time.
    public func match(_ other: Fingerprint, maxDistance: Int = defaultMaxHammingDistance) -> PictureMatch? {
        var best: PictureMatch?
        for mirrored in [false, true] {
            let probe = mirrored ? self.mirrored : self
            let forward = Self.containment(of: probe, in: other, maxDistance: maxDistance)
            let backward = Self.containment(of: other, in: probe, maxDistance: maxDistance)
            for (score, ranges) in [forward, backward.map { ($0.0, $0.1.map(\.swapped)) }].compactMap({ $0 })
            where score > (best?.similarity ?? 0) {
                best = PictureMatch(similarity: score, ranges: ranges, mirrored: mirrored)
            }
            if (best?.similarity ?? 0) >= 0.99 { break }
        }
        return best
    }

    /// The share of `a`'s scenes found in `b` at the best alignment, and the matched stretches
    /// (`a`'s time, then `b`'s).
    static func containment(of a: Fingerprint, in b: Fingerprint, maxDistance: Int) -> (Double, [MatchedRange])? {
        let probes = a.frames.filter { !$0.blank }
        let targets = b.frames.filter { !$0.blank }
        guard probes.count >= minimumMatchedFrames, targets.count >= minimumMatchedFrames else { return nil }

        // Every near pair (probe index, probe time, target time), from distinctive probe frames.
        let common = max(minimumMatchedFrames, Int((Double(targets.count) * commonShare).rounded(.up)))
        var pairProbe: [Int] = [], pairA: [Double] = [], pairB: [Double] = []
        for (i, p) in probes.enumerated() {
            let near = targets.filter { same(p, in: a, $0, in: b, maxDistance: maxDistance) }
            if near.count >= common { continue }
            for t in near {
                pairProbe.append(i)
                pairA.append(p.time)
                pairB.append(t.time)
            }
        }
        if pairProbe.isEmpty { return nil }

        // Tolerance of an alignment: half the typical spacing between target frames, at least 2 s.
        let span = (targets.last?.time ?? 0) - (targets.first?.time ?? 0)
        let tolerance = max(2.0, span / Double(targets.count) * 0.75)

        // Scenes: runs of consecutive probe frames that show the same picture. A long static
        // slide gives many equal frames; matching it is one piece of evidence, not many.
        var scene = [Int](repeating: 0, count: probes.count)
        for i in probes.indices.dropFirst() {
            scene[i] = scene[i - 1] + ((probes[i].hash ^ probes[i - 1].hash).nonzeroBitCount <= maxDistance ? 0 : 1)
        }
        let scenes = (scene.last ?? 0) + 1

        // For each rate, vote for offsets in bins of `tolerance`: the best window of three
        // neighbouring bins, counting the probe's scenes found there (and its frames, which
        // must reach `minimumMatchedFrames`). Sorted pairs and stamps keep this linear.
        var best = 0, bestFrames = 0
        var bestPairs: [Int] = []
        var stamp = [Int](repeating: -1, count: probes.count)
        var sceneStamp = [Int](repeating: -1, count: scenes)
        var round = 0
        for rate in rates {
            var votes: [(bin: Int, pair: Int)] = (0..<pairProbe.count).map { k in
                (Int(((pairB[k] - rate * pairA[k]) / tolerance).rounded(.down)), k)
            }
            votes.sort { $0.bin < $1.bin }
            var low = 0, high = 0
            var k = 0
            while k < votes.count {
                let centre = votes[k].bin
                while low < votes.count && votes[low].bin < centre - 1 { low += 1 }
                while high < votes.count && votes[high].bin <= centre + 1 { high += 1 }
                round += 1
                var frames = 0, found = 0
                for v in votes[low..<high] where stamp[pairProbe[v.pair]] != round {
                    let probe = pairProbe[v.pair]
                    stamp[probe] = round
                    frames += 1
                    if sceneStamp[scene[probe]] != round {
                        sceneStamp[scene[probe]] = round
                        found += 1
                    }
                }
                // Among alignments that find as many scenes (long static slides match at many
                // offsets), the one that lines up the most frames is where the copy is.
                if frames >= minimumMatchedFrames, found > best || (found == best && frames > bestFrames) {
                    best = found
                    bestFrames = frames
                    bestPairs = votes[low..<high].map(\.pair)
                }
                while k < votes.count && votes[k].bin == centre { k += 1 }
            }
        }
        if best == 0 { return nil }
        let score = min(1, Double(best) / Double(max(scenes, minimumScenes)))
        return (score, ranges(bestPairs.map { (pairA[$0], pairB[$0]) }, gap: 3 * tolerance))
    }

    /// Matched frame pairs as stretches: pairs closer than `gap` in the first video join.
    static func ranges(_ pairs: [(Double, Double)], gap: Double) -> [MatchedRange] {
        var out: [MatchedRange] = []
        for (a, b) in pairs.sorted(by: { $0.0 < $1.0 }) {
            if let last = out.last, a - last.end <= gap {
                out[out.count - 1].end = a
                out[out.count - 1].otherStart = min(last.otherStart, b)
                out[out.count - 1].otherEnd = max(last.otherEnd, b)
            } else {
                out.append(MatchedRange(start: a, end: a, otherStart: b, otherEnd: b))
            }
        }
        return out
    }
}
