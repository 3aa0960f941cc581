/// A video's perceptual fingerprint: one 64-bit difference hash (dHash) of the luma plane
/// per sampled frame, with the frame's time. Two videos are compared as sets of frames that
/// must match in the same order at a steady offset and rate (see `similarity(to:)`).
public struct Fingerprint: Codable, Sendable, Equatable {
    public struct Frame: Codable, Sendable, Equatable {
        /// Seconds from the start of the video.
        public var time: Double
        public var hash: UInt64
        /// A black, blank or near-uniform frame: its hash says nothing about the content.
        public var blank: Bool

        public init(time: Double, hash: UInt64, blank: Bool) {
            self.time = time
            self.hash = hash
            self.blank = blank
        }

        enum CodingKeys: String, CodingKey { case time = "t", hash = "h", blank = "b" }

        // Hashes travel as 16 hex digits: JSON numbers above 2^53 lose bits in most readers.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            time = try c.decode(Double.self, forKey: .time)
            let hex = try c.decode(String.self, forKey: .hash)
            guard let value = UInt64(hex, radix: 16) else {
                throw DecodingError.dataCorruptedError(forKey: .hash, in: c, debugDescription: "not a hex hash: \(hex)")
            }
            hash = value
            blank = try c.decodeIfPresent(Bool.self, forKey: .blank) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(time, forKey: .time)
            try c.encode(Fingerprint.hex(hash), forKey: .hash)
            if blank { try c.encode(true, forKey: .blank) }
        }
    }

    public static let version = 1
    public var version: Int
    public var frames: [Frame]

    public init(frames: [Frame]) {
        self.version = Self.version
        self.frames = frames
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

// MARK: - Comparison

extension Fingerprint {
    /// Two frame hashes within this Hamming distance show the same picture (measured in NOTES.md:
    /// 8 finds 44/45 transformed copies with no unrelated pair flagged).
    public static let defaultMaxHammingDistance = 8

    /// Fewer frames in common than this is chance, whatever the share: two short clips that
    /// share three pictures of a slide template are not copies.
    public static let minimumMatchedFrames = 4

    /// Playback rates tried when aligning two fingerprints (a copy sped up or slowed by up to 10%).
    static let rates: [Double] = [1.0, 0.95, 1.05, 0.9, 1.1]

    /// How much of one video is found in the other, from 0 (nothing) to 1 (all of it).
    ///
    /// For each direction, the share of informative (non-blank) scenes (runs of frames showing
    /// one picture) that have a near hash in the other video *at a consistent alignment*:
    /// matched frames must agree on one offset and rate, found by voting, and number at least
    /// `minimumMatchedFrames`. The result is the larger direction, so an excerpt scores high
    /// against the lecture it was cut from. Fewer than `minimumMatchedFrames` frames in common give 0:
    /// a black video is like every other black video and proves nothing.
    public func similarity(to other: Fingerprint, maxDistance: Int = defaultMaxHammingDistance) -> Double {
        max(
            Self.containment(of: self, in: other, maxDistance: maxDistance),
            Self.containment(of: other, in: self, maxDistance: maxDistance))
    }

    /// 1 − similarity: near 0 for copies, near 1 for unrelated videos.
    public func distance(to other: Fingerprint, maxDistance: Int = defaultMaxHammingDistance) -> Double {
        1 - similarity(to: other, maxDistance: maxDistance)
    }

    static func containment(of a: Fingerprint, in b: Fingerprint, maxDistance: Int) -> Double {
        let probes = a.frames.filter { !$0.blank }
        let targets = b.frames.filter { !$0.blank }
        guard probes.count >= minimumMatchedFrames, targets.count >= minimumMatchedFrames else { return 0 }

        // Every near pair (probe index, probe time, target time).
        var pairProbe: [Int] = [], pairA: [Double] = [], pairB: [Double] = []
        for (i, p) in probes.enumerated() {
            for t in targets where (p.hash ^ t.hash).nonzeroBitCount <= maxDistance {
                pairProbe.append(i)
                pairA.append(p.time)
                pairB.append(t.time)
            }
        }
        if pairProbe.isEmpty { return 0 }

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
        var best = 0
        var stamp = [Int](repeating: -1, count: probes.count)
        var sceneStamp = [Int](repeating: -1, count: scenes)
        var round = 0
        for rate in rates {
            var votes: [(bin: Int, probe: Int)] = (0..<pairProbe.count).map { k in
                (Int(((pairB[k] - rate * pairA[k]) / tolerance).rounded(.down)), pairProbe[k])
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
                for v in votes[low..<high] where stamp[v.probe] != round {
                    stamp[v.probe] = round
                    frames += 1
                    if sceneStamp[scene[v.probe]] != round {
                        sceneStamp[scene[v.probe]] = round
                        found += 1
                    }
                }
                if frames >= minimumMatchedFrames { best = max(best, found) }
                while k < votes.count && votes[k].bin == centre { k += 1 }
            }
            if best == scenes { break }
        }
        if best == 0 { return 0 }
        return min(1, Double(best) / Double(scenes))
    }
}
