import Foundation
import Testing

@testable import LecternCore

@Suite struct FingerprintTests {
    /// A video of `count` distinct scenes, one frame every `step` seconds from `start`.
    static func video(seed: UInt64, count: Int, step: Double = 2, start: Double = 0, rate: Double = 1) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        return Fingerprint(
            frames: (0..<count).map { i in
                Fingerprint.Frame(time: (start + Double(i) * step) / rate, hash: generator.next(), blank: false)
            })
    }

    /// Flips `bits` bits of every hash: what re-encoding and rescaling do.
    static func noisy(_ f: Fingerprint, bits: Int, seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        return Fingerprint(
            frames: f.frames.map { frame in
                var hash = frame.hash
                for _ in 0..<bits { hash ^= 1 << (generator.next() % 64) }
                return Fingerprint.Frame(time: frame.time, hash: hash, blank: frame.blank)
            })
    }

    @Test func identicalVideosAreFullySimilar() {
        let a = Self.video(seed: 1, count: 30)
        #expect(a.similarity(to: a) == 1)
        #expect(a.distance(to: a) == 0)
    }

    @Test func reencodedCopyIsNear() {
        let a = Self.video(seed: 1, count: 30)
        #expect(a.similarity(to: Self.noisy(a, bits: 4, seed: 9)) >= 0.9)
    }

    @Test func trimmedStartIsNear() {
        let a = Self.video(seed: 1, count: 30)
        // The first 10 s cut: the remaining frames, at times 10 s earlier.
        let trimmed = Fingerprint(
            frames: a.frames.dropFirst(5).map {
                Fingerprint.Frame(time: $0.time - 10, hash: $0.hash, blank: false)
            })
        #expect(trimmed.similarity(to: a) >= 0.95)
    }

    @Test func slightlyFasterCopyIsNear() {
        let a = Self.video(seed: 3, count: 60, step: 5)
        let faster = Self.video(seed: 3, count: 60, step: 5, rate: 1.05)
        #expect(faster.similarity(to: a) >= 0.9)
    }

    @Test func unrelatedVideosAreFar() {
        let a = Self.video(seed: 1, count: 30), b = Self.video(seed: 2, count: 30)
        #expect(a.similarity(to: b) < 0.1)
    }

    @Test func sameFramesInScrambledOrderAreNotACopy() {
        // Set matching alone would call this a copy; the alignment vote does not.
        let a = Self.video(seed: 5, count: 40)
        var generator = SeededGenerator(seed: 77)
        let shuffled = a.frames.map(\.hash).shuffled(using: &generator)
        let scrambled = Fingerprint(
            frames: shuffled.enumerated().map { i, h in
                Fingerprint.Frame(time: Double(i) * 2, hash: h, blank: false)
            })
        #expect(scrambled.similarity(to: a) < 0.5)
    }

    @Test func blankFramesProveNothing() {
        let black = Fingerprint(frames: (0..<20).map { Fingerprint.Frame(time: Double($0), hash: 0, blank: true) })
        #expect(black.similarity(to: black) == 0)
        // A shared black intro before different lectures is not a copy.
        let intro = black.frames.prefix(5)
        let a = Fingerprint(frames: Array(intro) + Self.video(seed: 1, count: 20, start: 5).frames)
        let b = Fingerprint(frames: Array(intro) + Self.video(seed: 2, count: 20, start: 5).frames)
        #expect(a.similarity(to: b) < 0.1)
    }

    @Test func excerptScoresAgainstTheWhole() {
        let whole = Self.video(seed: 8, count: 100)
        let excerpt = Fingerprint(frames: Array(whole.frames[40..<55]))
        #expect(excerpt.similarity(to: whole) == 1)
        #expect(whole.similarity(to: excerpt) == 1)
    }

    @Test func hashesTravelAsHexAndSurviveJSON() throws {
        let f = Fingerprint(frames: [Fingerprint.Frame(time: 1.5, hash: 0xFFFF_0000_0000_0001, blank: true)])
        let data = try JSONEncoder().encode(f)
        #expect(String(decoding: data, as: UTF8.self).contains("\"ffff000000000001\""))
        #expect(try JSONDecoder().decode(Fingerprint.self, from: data) == f)
    }
}
