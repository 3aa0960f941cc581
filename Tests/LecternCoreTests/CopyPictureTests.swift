import Foundation
import Testing

@testable import LecternCore

/// The picture evidence's two fixes: a mirrored copy is found, a shared template is not a copy.
@Suite struct CopyPictureTests {
    /// A 72×32 luma picture of seeded 8×4 blocks: one block per dHash cell.
    static func picture(seed: UInt64) -> [UInt8] {
        var g = SeededGenerator(seed: seed)
        let blocks = (0..<(9 * 8)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        return (0..<(72 * 32)).map { i in blocks[(i / 72) / 4 * 9 + (i % 72) / 8] }
    }

    @Test func theMirroredHashIsTheHashOfTheFlippedPicture() {
        for seed in 1...20 {
            let luma = Self.picture(seed: UInt64(seed))
            let hash = PerceptualHash.dHash(luma: luma, width: 72, height: 32)
            let flipped = PerceptualHash.dHash(
                luma: PerceptualHash.flipped(luma, width: 72, height: 32), width: 72, height: 32)
            // Derived from the hash alone: exact where no two neighbouring cells are equal.
            #expect(PerceptualHash.distance(Fingerprint.mirror(hash), flipped) <= 2)
            #expect(Fingerprint.mirror(Fingerprint.mirror(hash)) == hash)
            // The worker's own flipped hash wins, and mirroring twice is the picture again.
            let frame = Fingerprint.Frame(time: 0, hash: hash, blank: false, flipped: flipped)
            #expect(frame.mirroredHash == flipped)
            #expect(Fingerprint(frames: [frame]).mirrored.mirrored.frames == [frame])
        }
    }

    @Test func aMirroredCopyIsFoundAndSaidToBeMirrored() throws {
        let source = FingerprintTests.video(seed: 21, count: 40)
        let copy = FingerprintTests.noisy(source.mirrored, bits: 3, seed: 22)
        var index = FingerprintIndex()
        index.insert(id: 1, fingerprint: source)
        index.insert(id: 2, fingerprint: FingerprintTests.video(seed: 23, count: 40))
        let found = index.matches(for: copy, threshold: 0.6)
        #expect(found.map(\.id) == [1])
        #expect(found.first?.evidence.mirrored == true)
        #expect((found.first?.similarity ?? 0) >= 0.9)
        // Without the mirroring the copy shares nothing.
        #expect(Fingerprint.containment(of: copy, in: source, maxDistance: 8) == nil)
    }

    /// Slides on one template: every frame within a few bits of the template's hash.
    static func deck(seed: UInt64, template: UInt64, slides: Int = 12) -> Fingerprint {
        var g = SeededGenerator(seed: seed)
        return Fingerprint(
            frames: (0..<(slides * 5)).map { i in
                var h = template
                for _ in 0..<3 { h ^= 1 << (g.next() % 64) }
                return Fingerprint.Frame(time: Double(i) * 3, hash: h, blank: false)
            })
    }

    @Test func twoDecksOnOneTemplateAreNotCopies() {
        let template: UInt64 = 0xF0F0_3C3C_0FF0_AA55
        let a = Self.deck(seed: 31, template: template), b = Self.deck(seed: 32, template: template)
        #expect(a.similarity(to: b) < threshold)
        var index = FingerprintIndex()
        index.insert(id: 1, fingerprint: a)
        #expect(index.matches(for: b, threshold: threshold).isEmpty)
    }

    @Test func aTemplateWithOneDistinctInsetScoresItsShare() {
        // The decks share the template; one stretch (a clip in the inset) is the same in both.
        let template: UInt64 = 0x0F0F_3C3C_F00F_55AA
        let clip = FingerprintTests.video(seed: 41, count: 6, step: 3, start: 60)
        let a = Fingerprint(
            frames: Self.deck(seed: 42, template: template).frames.filter { $0.time < 60 } + clip.frames)
        let b = Fingerprint(
            frames: Self.deck(seed: 43, template: template).frames.filter { $0.time < 60 } + clip.frames)
        let m = a.match(b)
        // The clip's six scenes are found at one offset; the template frames are no evidence.
        #expect(m != nil)
        #expect(m?.ranges.count == 1)
        #expect((m?.ranges.first?.start ?? 0) >= 60)
    }

    @Test func framesThatShowBothTemplatesAreNoEvidence() {
        // Two short decks whose slides differ a little more (three kinds of slide each), both
        // on one template: each frame is near only a third of the other deck's frames, so the
        // "common" rule alone would let them match; the template hashes say what they are.
        let template: UInt64 = 0x00FF_00FF_F0F0_0F0F
        func deck(_ seed: UInt64) -> Fingerprint {
            var g = SeededGenerator(seed: seed)
            let kinds = (0..<3).map { k in template ^ (0b11111 << UInt64(16 * k + 1)) }
            let frames = (0..<30).map { i in
                Fingerprint.Frame(time: Double(i) * 4, hash: kinds[i / 10] ^ (1 << (g.next() % 64)), blank: false)
            }
            return Fingerprint(frames: frames, template: template)
        }
        let a = deck(51), b = deck(52)
        #expect(a.similarity(to: b) == 0)
        // The same decks without a template (fingerprints from before version 2) do match.
        #expect(Fingerprint(frames: a.frames).similarity(to: Fingerprint(frames: b.frames)) > 0.6)
    }

    /// The catalog's threshold (Catalog.nearDuplicateThreshold), which LecternCore cannot see.
    let threshold = 0.6
}
