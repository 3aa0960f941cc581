import Foundation
import LecternCore
import Testing

@testable import Media

@Suite struct ProberTests {
    init() { Fixtures.quiet }

    @Test func everyFixtureIsListed() {
        #expect(Fixtures.readable.count >= 20)
        #expect(Fixtures.unreadable.count >= 4)
    }

    @Test(arguments: Fixtures.readable)
    func agreesWithFFprobe(_ relative: String) throws {
        let expected = try #require(Fixtures.expected[relative])
        let info = try Prober.probe(path: Fixtures.path(relative))
        #expect(info.container == expected.container)
        #expect(info.sizeBytes == expected.sizeBytes)
        if let d = expected.durationSeconds {
            let got = try #require(info.durationSeconds)
            #expect(abs(got - d) <= 0.1, "duration \(got) vs ffprobe \(d)")
        }
        #expect(info.video?.codec == expected.video?.codec)
        #expect(info.video?.width == expected.video?.width)
        #expect(info.video?.height == expected.video?.height)
        #expect(info.video?.rotation == expected.video?.rotation)
        #expect(info.audio?.codec == expected.audio?.codec)
        #expect(info.audio?.sampleRate == expected.audio?.sampleRate)
        #expect(info.audio?.channels == expected.audio?.channels)
        for (key, value) in expected.tags ?? [:] {
            #expect(info.tags[key] == value)
        }
    }

    @Test func chineseTagsComeThroughIntact() throws {
        let info = try Prober.probe(path: Fixtures.path("Fixtures/media/h264_aac.mp4"))
        #expect(info.tags["title"] == "微党课：学习贯彻党的二十大精神")
        #expect(info.tags["artist"] == "吴辉")
        #expect(info.video?.profile == "High")
        #expect(info.video?.pixelFormat == "yuv420p")
        #expect(info.video?.frameRate == 25)
        #expect(info.warnings.isEmpty)
    }

    @Test func rotationComesFromTheDisplayMatrix() throws {
        let info = try Prober.probe(path: Fixtures.path("Fixtures/media/rotated_90.mp4"))
        #expect(info.video?.rotation == -90)
        #expect(info.video.map { $0.displaySize == (180, 320) } == true)
    }

    @Test func audioOnlyProbesWithoutVideo() throws {
        let info = try Prober.probe(path: Fixtures.path("Fixtures/media/audio_only.m4a"))
        #expect(info.video == nil)
        #expect(info.audio?.codec == "aac")
        #expect(info.tags["title"] == "七一特别党课（录音）")
    }

    @Test func fileWithoutAudioHasNilAudio() throws {
        let info = try Prober.probe(path: Fixtures.path("Fixtures/media/no_audio.mp4"))
        #expect(info.audio == nil)
        #expect(info.video != nil)
    }

    @Test func lengthFixturesStraddleThePolicyBounds() throws {
        for (name, seconds) in [("2m59s", 179.0), ("3m00s", 180.0), ("20m00s", 1200.0), ("20m01s", 1201.0)] {
            let got = try Prober.probe(path: Fixtures.path("Fixtures/media/length_\(name).mp4")).durationSeconds ?? 0
            #expect(abs(got - seconds) < 0.1, "\(name): \(got)")
        }
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var path: String
        var kind: MediaFailure.Kind
        var testDescription: String { "\(path) → \(kind)" }
    }

    @Test(arguments: [
        Broken(path: "Fixtures/broken/empty.mp4", kind: .empty),
        Broken(path: "Fixtures/broken/text_renamed.mp4", kind: .notMedia),
        Broken(path: "Fixtures/broken/random_bytes.mp4", kind: .notMedia),
        Broken(path: "Fixtures/broken/truncated.mp4", kind: .corrupt),
        Broken(path: "Fixtures/broken/no such file.mp4", kind: .notFound),
        Broken(path: "Fixtures/broken", kind: .notReadable),
    ])
    func brokenFilesFailWithTheirKind(_ broken: Broken) {
        #expect {
            try Prober.probe(path: Fixtures.path(broken.path))
        } throws: { error in
            guard let e = error as? MediaError else { return false }
            return e.failure.kind == broken.kind && !e.failure.message.isEmpty
        }
    }

    /// Staff read what to do; FFmpeg's own words are kept beside it for --verbose and JSON.
    @Test func truncatedFileSaysWhatToDoAndKeepsWhatFFmpegSaw() {
        do {
            _ = try Prober.probe(path: Fixtures.path("Fixtures/broken/truncated.mp4"))
            Issue.record("a truncated file probed")
        } catch {
            #expect(error.failure.kind == .corrupt)
            #expect(error.failure.message == "文件不完整（可能没有拷贝完），请重新拷贝或让上传单位重新导出")
            #expect(!error.failure.message.contains("FFmpeg"))
            #expect(error.failure.detail?.contains("moov atom not found") == true)
            #expect(error.failure.shown(verbose: true).contains("moov atom not found"))
        }
    }

    @Test func deadlineStopsTheRead() {
        #expect {
            try Prober.probe(path: Fixtures.path("Fixtures/media/h264_aac.mp4"), timeoutSeconds: 0)
        } throws: { error in
            (error as? MediaError)?.failure.kind == .timedOut
        }
    }
}
