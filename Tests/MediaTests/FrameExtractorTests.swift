import Foundation
import LecternCore
import Testing

@testable import Media

@Suite struct FrameExtractorTests {
    init() { Fixtures.quiet }

    func frames(_ name: String, count: Int = 8, width: Int = 320, fingerprint: Bool = true) throws -> FramesResult {
        try FrameExtractor.extract(
            path: Fixtures.path("Fixtures/media/\(name)"),
            options: FramesOptions(
                outputDirectory: Fixtures.temporaryDirectory(name), count: count, width: width,
                fingerprint: fingerprint))
    }

    @Test func writesThumbnailsPosterAndSheetAsJPEG() throws {
        let result = try frames("h264_aac.mp4")
        #expect(result.samples.count == 8)
        for path in result.samples.map(\.path) + [result.posterPath, result.sheetPath] {
            let bytes = try #require(FileManager.default.contents(atPath: path))
            #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]), "\(path) is not a JPEG")
        }
        #expect(result.samples.allSatisfy { $0.width == 320 && $0.height == 180 })
        // Spread over the video, in order, near where they were asked for.
        let times = result.samples.map(\.timeSeconds)
        #expect(times == times.sorted())
        #expect(times.first.map { $0 < 1.5 } == true)
        #expect(times.last.map { $0 > 6.5 } == true)
        for s in result.samples { #expect(abs(s.timeSeconds - s.targetSeconds) < 1.0) }
        // No stray temporary files.
        let dir = URL(fileURLWithPath: result.posterPath).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func posterSkipsABlackOpening() throws {
        let result = try frames("black_opening.mp4")
        #expect(result.samples.first?.blank == true)
        let poster = try #require(result.samples.first { $0.index == result.posterIndex })
        #expect(!poster.blank)
        #expect(poster.timeSeconds >= 30)
    }

    @Test func rotatedVideoGivesUprightThumbnails() throws {
        let result = try frames("rotated_90.mp4", count: 3, width: 180)
        #expect(result.samples.allSatisfy { $0.width == 180 && $0.height == 320 })
    }

    @Test func thumbnailSizeKeepsTheShapeAndEvenSides() {
        let wide = VideoStreamInfo(index: 0, codec: "h264", width: 1920, height: 1080)
        #expect(FrameExtractor.thumbnailSize(wide, width: 320) == (320, 180))
        let phone = VideoStreamInfo(index: 0, codec: "h264", width: 1920, height: 1080, rotation: -90)
        // Scaled before turning: 568 wide, 320 high, then turned upright to 320x568.
        #expect(FrameExtractor.thumbnailSize(phone, width: 320) == (568, 320))
        let anamorphic = VideoStreamInfo(
            index: 0, codec: "mpeg2video", width: 720, height: 576, sampleAspectRatio: "16:11")
        #expect(FrameExtractor.thumbnailSize(anamorphic, width: 320) == (320, 176))
        let odd = VideoStreamInfo(index: 0, codec: "vp9", width: 161, height: 121)
        let (w, h) = FrameExtractor.thumbnailSize(odd, width: 101)
        #expect(w % 2 == 0 && h % 2 == 0)
    }

    @Test func audioOnlyFileHasNoFrames() {
        #expect {
            try frames("audio_only.m4a")
        } throws: { error in
            (error as? MediaError)?.failure.kind == .noVideo
        }
    }

    @Test(arguments: ["hevc_opus.mkv", "vp9_vorbis.webm", "mpeg4_pcm.mov", "mpeg2_mp2.ts", "length_20m01s.mp4"])
    func everyCodecGivesFrames(_ name: String) throws {
        let result = try frames(name, count: 4, width: 160)
        #expect(result.samples.count == 4)
        #expect(result.fingerprint.map { !$0.frames.isEmpty } == true)
    }

    @Test func fingerprintFindsTheReencodedCopyAndNotTheOthers() throws {
        let original = try #require(try frames("original.mp4").fingerprint)
        let copy = try #require(try frames("copy_reencoded.mp4").fingerprint)
        let unrelated = try #require(try frames("unrelated.mp4").fingerprint)
        let other = try #require(try frames("h264_aac.mp4").fingerprint)
        #expect(original.similarity(to: copy) >= 0.8, "copy: \(original.similarity(to: copy))")
        #expect(original.similarity(to: unrelated) < 0.2)
        #expect(copy.similarity(to: unrelated) < 0.2)
        #expect(original.similarity(to: other) < 0.2)
    }

    @Test func posterChoiceFallsBackToTheMostDetailed() {
        let blank = LumaStats(mean: 10, spread: 2, detail: 0.1)
        let lessBlank = LumaStats(mean: 12, spread: 6, detail: 0.5)
        #expect(FrameExtractor.choosePoster([blank, lessBlank, blank]) == 1)
        #expect(FrameExtractor.choosePoster([blank, LumaStats(mean: 100, spread: 40, detail: 8)]) == 1)
    }
}

@Suite struct ImageTests {
    @Test func quarterTurnsMoveCornersRight() {
        // 4x2 image with distinct luma; chroma 2x1.
        let img = YUVImage(width: 4, height: 2, y: [1, 2, 3, 4, 5, 6, 7, 8], u: [10, 20], v: [30, 40])
        let cw = img.transformed(clockwiseQuarterTurns: 1)
        #expect(cw.width == 2 && cw.height == 4)
        #expect(cw.y == [5, 1, 6, 2, 7, 3, 8, 4])
        let half = img.transformed(clockwiseQuarterTurns: 2)
        #expect(half.y == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(img.transformed(clockwiseQuarterTurns: 3).transformed(clockwiseQuarterTurns: 1) == img)
        // ffprobe's -90 (a phone held upright) turns clockwise.
        #expect(img.rotated(byDisplayMatrix: -90) == cw)
    }

    @Test func contactSheetLaysTilesInAGrid() {
        let tile = YUVImage(width: 4, height: 2, luma: 200, chroma: 100)
        let sheet = YUVImage.contactSheet(Array(repeating: tile, count: 5), columns: 3, gap: 2)
        #expect(sheet.width == 3 * 4 + 4 * 2)
        #expect(sheet.height == 2 * 2 + 3 * 2)
        #expect(sheet.y[2 * sheet.width + 2] == 200)  // first tile
        #expect(sheet.y[0] == 16)  // background
    }
}
