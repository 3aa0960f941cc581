/// Finds catalogued videos that share pictures with a new one without comparing it with every
/// video: multi-index hashing. Each frame hash is split into four 16-bit chunks, each chunk
/// indexed in its own table of frames. Two hashes within Hamming distance 8 differ by at most
/// 2 bits in at least one chunk (pigeonhole), so probing the 137 values within 2 bits of each
/// of the new frame's chunks reaches every near frame; each reached frame is then checked on
/// its whole hash, and only videos with `Fingerprint.minimumMatchedFrames` near frames are compared in full
/// (`Fingerprint.similarity`): the same answer as comparing with all of them.
public struct FingerprintIndex: Sendable {
    public struct Match: Sendable, Equatable {
        public var id: Int64
        public var similarity: Double
        /// Where, in the new video's time and the catalogued one's, and whether mirrored.
        public var evidence: PictureMatch
    }

    private var ids: [Int64] = []
    private var fingerprints: [Fingerprint] = []
    /// Every indexed frame: its hash and the video it belongs to (an index into `ids`).
    private var frameHash: [UInt64] = []
    private var frameVideo: [Int32] = []
    /// tables[chunk][value] = frames whose chunk has that value.
    private var tables: [[[Int32]]] = Array(repeating: Array(repeating: [], count: 1 << 16), count: 4)

    public init() {}

    public var count: Int { ids.count }

    public mutating func insert(id: Int64, fingerprint: Fingerprint) {
        let video = Int32(ids.count)
        ids.append(id)
        fingerprints.append(fingerprint)
        for frame in fingerprint.frames where !frame.blank {
            let f = Int32(frameHash.count)
            frameHash.append(frame.hash)
            frameVideo.append(video)
            for chunk in 0..<4 {
                tables[chunk][Int((frame.hash >> (16 * UInt64(chunk))) & 0xFFFF)].append(f)
            }
        }
    }

    /// The 137 16-bit values within Hamming distance 2 of `value` (itself included).
    static func neighbours(_ value: UInt16) -> [UInt16] {
        var out: [UInt16] = [value]
        out.reserveCapacity(137)
        for i in 0..<16 {
            let one = value ^ (1 << i)
            out.append(one)
            for j in (i + 1)..<16 { out.append(one ^ (1 << j)) }
        }
        return out
    }

    /// Catalogued videos similar to `fingerprint` at `threshold` or more, most similar first;
    /// one entry per id (a lecture with several versions counts its most similar one). The
    /// fingerprint is looked up as it is and mirrored (a copy flipped left to right).
    public func matches(
        for fingerprint: Fingerprint, threshold: Double = 0.5,
        maxDistance: Int = Fingerprint.defaultMaxHammingDistance
    ) -> [Match] {
        var best: [Int64: Match] = [:]
        for probe in [fingerprint, fingerprint.mirrored] {
            for video in candidates(for: probe, maxDistance: maxDistance) {
                guard let m = fingerprint.match(fingerprints[Int(video)], maxDistance: maxDistance),
                    m.similarity >= threshold
                else { continue }
                let id = ids[Int(video)]
                if m.similarity > best[id]?.similarity ?? -1 {
                    best[id] = Match(id: id, similarity: m.similarity, evidence: m)
                }
            }
        }
        return best.values.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
    }

    /// Videos with `Fingerprint.minimumMatchedFrames` frames near the probe's.
    func candidates(for fingerprint: Fingerprint, maxDistance: Int) -> [Int32] {
        // Per video: how many query frames have a near frame in it, and the last query frame
        // that counted (a frame reached through several chunks counts once).
        var counted: [Int32: (frame: Int, count: Int)] = [:]
        for (q, frame) in fingerprint.frames.enumerated() where !frame.blank {
            for chunk in 0..<4 {
                let value = UInt16(truncatingIfNeeded: frame.hash >> (16 * UInt64(chunk)))
                for v in Self.neighbours(value) {
                    for f in tables[chunk][Int(v)] where (frameHash[Int(f)] ^ frame.hash).nonzeroBitCount <= maxDistance
                    {
                        let video = frameVideo[Int(f)]
                        let seen = counted[video]
                        if seen?.frame == q { continue }
                        counted[video] = (q, (seen?.count ?? 0) + 1)
                    }
                }
            }
        }
        return counted.filter { $0.value.count >= Fingerprint.minimumMatchedFrames }.map(\.key).sorted()
    }
}
