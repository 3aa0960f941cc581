import Testing

@testable import LecternCore

@Suite struct FingerprintIndexTests {
    @Test func neighboursAreExactlyThoseWithinTwoBits() {
        let n = FingerprintIndex.neighbours(0xA5C3)
        #expect(n.count == 137)
        #expect(Set(n).count == 137)
        #expect(n.allSatisfy { ($0 ^ 0xA5C3).nonzeroBitCount <= 2 })
    }

    @Test func findsTheSameMatchesAsComparingWithEveryVideo() {
        var generator = SeededGenerator(seed: 9)
        var index = FingerprintIndex()
        var all: [(Int64, Fingerprint)] = []
        for id in 1...300 {
            let fp = FingerprintTests.video(seed: UInt64(id), count: 40)
            index.insert(id: Int64(id), fingerprint: fp)
            all.append((Int64(id), fp))
        }
        // Copies of a few catalogued videos (bits flipped, start trimmed), and unrelated ones.
        var queries = [17, 120, 299].map {
            FingerprintTests.noisy(FingerprintTests.video(seed: UInt64($0), count: 40), bits: 5, seed: generator.next())
        }
        queries.append(Fingerprint(frames: Array(FingerprintTests.video(seed: 55, count: 40).frames.dropFirst(10))))
        queries.append(FingerprintTests.video(seed: 10_001, count: 40))
        for q in queries {
            let expected = all.compactMap { id, fp -> FingerprintIndex.Match? in
                guard let m = q.match(fp), m.similarity >= 0.5 else { return nil }
                return FingerprintIndex.Match(id: id, similarity: m.similarity, evidence: m)
            }.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
            #expect(index.matches(for: q) == expected)
        }
        #expect(index.matches(for: queries[0]).first?.id == 17)
        #expect(index.matches(for: queries[3]).first?.id == 55)
        #expect(index.matches(for: queries[4]).isEmpty)
    }

    @Test func blankFramesAreNotIndexed() {
        var index = FingerprintIndex()
        let black = Fingerprint(frames: (0..<10).map { Fingerprint.Frame(time: Double($0), hash: 0, blank: true) })
        index.insert(id: 1, fingerprint: black)
        #expect(index.matches(for: black).isEmpty)
    }
}
