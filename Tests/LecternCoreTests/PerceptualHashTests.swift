import Testing

@testable import LecternCore

@Suite struct PerceptualHashTests {
    /// A horizontal ramp, optionally shifted in brightness and scaled in size.
    static func ramp(width: Int, height: Int, offset: Int = 0, falling: Bool = false) -> [UInt8] {
        (0..<(width * height)).map { i in
            let x = i % width
            let v = falling ? 255 - x * 200 / width : x * 200 / width
            return UInt8(clamping: v + offset)
        }
    }

    @Test func uniformPictureHashesToZero() {
        let grey = [UInt8](repeating: 120, count: 64 * 36)
        #expect(PerceptualHash.dHash(luma: grey, width: 64, height: 36) == 0)
    }

    @Test func fallingRampSetsEveryBitAndRisingRampNone() {
        #expect(
            PerceptualHash.dHash(luma: Self.ramp(width: 90, height: 80, falling: true), width: 90, height: 80)
                == UInt64.max)
        #expect(PerceptualHash.dHash(luma: Self.ramp(width: 90, height: 80), width: 90, height: 80) == 0)
    }

    @Test func hashSurvivesRescalingAndBrightness() {
        var pixels = [UInt8](repeating: 0, count: 320 * 180)
        for y in 0..<180 { for x in 0..<320 { pixels[y * 320 + x] = UInt8((x * 7 + y * 3 + (x / 40) * 50) % 256) } }
        var small = [UInt8](repeating: 0, count: 160 * 90)
        for y in 0..<90 {
            for x in 0..<160 { small[y * 160 + x] = UInt8(clamping: Int(pixels[(2 * y) * 320 + 2 * x]) + 10) }
        }
        let a = PerceptualHash.dHash(luma: pixels, width: 320, height: 180)
        let b = PerceptualHash.dHash(luma: small, width: 160, height: 90)
        #expect(PerceptualHash.distance(a, b) <= 8)
    }

    @Test func strideIsHonoured() {
        let width = 30, stride = 40, height = 20
        var padded = [UInt8](repeating: 255, count: stride * height)
        let tight = Self.ramp(width: width, height: height, falling: true)
        for y in 0..<height { for x in 0..<width { padded[y * stride + x] = tight[y * width + x] } }
        #expect(
            PerceptualHash.dHash(luma: padded, width: width, height: height, stride: stride)
                == PerceptualHash.dHash(luma: tight, width: width, height: height))
    }

    @Test func pictureSmallerThanTheGridStillHashes() {
        // An 8x8 video (the corpus has one): empty cells copy their neighbour instead of reading 0.
        let tiny = Self.ramp(width: 4, height: 4, falling: true)
        _ = PerceptualHash.dHash(luma: tiny, width: 4, height: 4)
        let one = [UInt8](repeating: 50, count: 1)
        #expect(PerceptualHash.dHash(luma: one, width: 1, height: 1) == 0)
    }
}

@Suite struct LumaStatsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var pixels: [UInt8]
        var blank: Bool
        var testDescription: String { name }
    }

    static let size = 32 * 18
    static let cases: [Case] = [
        Case(name: "black", pixels: [UInt8](repeating: 0, count: size), blank: true),
        Case(name: "limited-range black", pixels: [UInt8](repeating: 16, count: size), blank: true),
        Case(name: "white card", pixels: [UInt8](repeating: 250, count: size), blank: true),
        Case(name: "mid grey", pixels: [UInt8](repeating: 128, count: size), blank: true),
        Case(name: "black with faint noise", pixels: (0..<size).map { UInt8($0 % 3) }, blank: true),
        Case(
            name: "dark card with a small logo", pixels: (0..<size).map { $0 % 32 > 28 && $0 / 32 == 9 ? 200 : 10 },
            blank: true),
        Case(name: "smooth gradient", pixels: (0..<size).map { UInt8(($0 % 32) * 8) }, blank: false),
        Case(name: "stripes", pixels: (0..<size).map { ($0 / 4) % 2 == 0 ? 40 : 200 }, blank: false),
        Case(name: "dark talk with contrast", pixels: (0..<size).map { $0 % 32 < 10 ? 90 : 15 }, blank: false),
    ]

    @Test(arguments: cases) func blankness(_ c: Case) {
        let stats = LumaStats(luma: c.pixels, width: 32, height: 18)
        #expect(stats.isBlank == c.blank, "mean \(stats.mean) spread \(stats.spread) detail \(stats.detail)")
    }

    @Test func meanAndSpreadAreExact() {
        let stats = LumaStats(luma: (0..<100).map { $0 % 2 == 0 ? 0 : 100 }, width: 10, height: 10)
        #expect(stats.mean == 50)
        #expect(stats.spread == 50)
    }
}
