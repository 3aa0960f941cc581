import Foundation
import Testing

@testable import LecternCore

@Suite struct SoundFingerprintTests {
    static let step = 4096.0 / 3 / 11025

    /// `seconds` of Chromaprint-like items: each item shares most bits with the one before.
    static func talk(seed: UInt64, seconds: Double) -> [UInt32] {
        var g = SeededGenerator(seed: seed)
        var word = UInt32(truncatingIfNeeded: g.next())
        return (0..<Int(seconds / step)).map { _ in
            word ^= UInt32(truncatingIfNeeded: g.next()) & UInt32(truncatingIfNeeded: g.next())
            return word
        }
    }

    static func print(_ items: [UInt32]) -> SoundFingerprint { SoundFingerprint(step: step, items: items, loud: []) }

    /// Each bit flipped with probability `share`: a recording through a room and a phone.
    static func noisy(_ items: [UInt32], share: Double, seed: UInt64) -> [UInt32] {
        var g = SeededGenerator(seed: seed)
        return items.map { item in
            var out = item
            for bit in 0..<32 where Double(g.next() % 10_000) < share * 10_000 { out ^= 1 << UInt32(bit) }
            return out
        }
    }

    @Test func survivesJSON() throws {
        let a = SoundFingerprint(
            step: Self.step, items: Self.talk(seed: 1, seconds: 10), loud: (0..<80).map { $0 % 3 != 0 })
        let back = try JSONDecoder().decode(SoundFingerprint.self, from: JSONEncoder().encode(a))
        #expect(back == a)
        #expect(SoundFingerprint(packed: a.packed) == a)
        #expect(SoundFingerprint(packed: a.packed.dropLast()) == nil)
        #expect(SoundFingerprint(packed: Array("not a fingerprint, not at all".utf8)) == nil)
        #expect(a.soundSeconds < a.seconds)
    }

    @Test func aCopyThroughARoomWithANewIntroIsFoundWhereItIs() throws {
        let source = Self.talk(seed: 2, seconds: 240)
        let intro = Self.talk(seed: 3, seconds: 12)
        let copy = Self.print(intro + Self.noisy(source, share: 0.2, seed: 4))
        let m = try #require(copy.match(Self.print(source)))
        #expect(m.similarity >= 0.9)
        #expect(m.bitErrorRate > 0.15 && m.bitErrorRate < 0.25)
        let range = try #require(m.ranges.first)
        #expect(abs(range.start - 12) < 6)  // the copy's talk starts after its 12 s intro
        #expect(range.otherStart < 6)
        #expect(m.matchedSeconds >= 200)
    }

    @Test func aCopyFivePercentFasterIsFound() throws {
        let source = Self.talk(seed: 5, seconds: 200)
        // Every 21st item dropped: the same talk played 5 % faster.
        let faster = source.enumerated().filter { $0.offset % 21 != 20 }.map(\.element)
        let m = try #require(Self.print(Self.noisy(faster, share: 0.05, seed: 6)).match(Self.print(source)))
        #expect(m.similarity >= 0.8)
    }

    @Test func unrelatedTalksAndASharedJingleAreNotCopies() throws {
        let jingle = Self.talk(seed: 7, seconds: 15)
        let a = Self.print(jingle + Self.talk(seed: 8, seconds: 200))
        let b = Self.print(jingle + Self.talk(seed: 9, seconds: 200))
        let shared = try #require(a.match(b))  // the jingle itself is found…
        #expect(shared.matchedSeconds < SoundFingerprint.minimumMatchedSeconds)  // …but is not enough
        #expect(shared.similarity < SoundFingerprint.threshold)
        #expect(Self.print(Self.talk(seed: 10, seconds: 200)).match(b)?.similarity ?? 0 == 0)
    }

    @Test func aToneOrSilenceMatchesNothing() {
        let tone = Self.print(Array(repeating: 0x1234_5678, count: 2000))
        #expect(tone.match(tone) == nil)
        let talk = Self.talk(seed: 11, seconds: 200)
        let silent = SoundFingerprint(step: Self.step, items: talk, loud: [Bool](repeating: false, count: talk.count))
        #expect(silent.match(silent) == nil)
    }

    @Test func theIndexFindsTheCopyAmongManyAndAgreesWithThePairwiseMatch() throws {
        var index = SoundIndex()
        var stored: [Int64: [SoundFingerprint]] = [:]
        for id in 1...300 {
            let fp = Self.print(Self.talk(seed: UInt64(100 + id), seconds: Double(180 + id % 60)))
            index.insert(id: Int64(id), fingerprint: fp)
            stored[Int64(id), default: []].append(fp)
        }
        let source = try #require(stored[137]?.first)
        let copy = Self.print(Array(Self.noisy(source.items, share: 0.18, seed: 12).dropFirst(160)))
        let found = index.matches(for: copy) { stored[$0] ?? [] }
        #expect(found.map(\.id) == [137])
        #expect(found.first?.match == copy.match(source))
        #expect(index.matches(for: Self.print(Self.talk(seed: 99, seconds: 200))) { stored[$0] ?? [] }.isEmpty)
    }
}
