import Foundation
import LecternCore
import Testing

@testable import Media

/// The lobby's transcode and the activity photos, in process.
@Suite struct TranscoderTests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-transcode-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    @Test(arguments: ["Fixtures/media/hevc_opus.mkv", "Fixtures/media/mpeg2_mp2.ts", "Fixtures/media/h264_aac.mp4"])
    func anyLectureBecomesAnMP4EveryPlayerTakes(_ fixture: String) throws {
        let out = dir.appendingPathComponent("\(UUID().uuidString).mp4").path
        let source = try Prober.probe(path: Fixtures.path(fixture))
        let result = try Transcoder.transcode(path: Fixtures.path(fixture), to: out, timeoutSeconds: 60)
        let info = try Prober.probe(path: out)
        #expect(info.container.contains("mp4"))
        #expect(info.video?.codec == "h264" && info.video?.pixelFormat == "yuv420p")
        #expect(info.audio?.codec == "aac" && info.audio?.channels == 2)
        #expect(abs((info.durationSeconds ?? 0) - (source.durationSeconds ?? 0)) < 0.5, "\(fixture)")
        #expect(result.sizeBytes == info.sizeBytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".part") }.isEmpty)
    }

    @Test func aFileWithoutAPictureWritesNothing() throws {
        for fixture in [
            "Fixtures/media/audio_only.m4a", "Fixtures/broken/truncated.mp4", "Fixtures/broken/random_bytes.mp4",
        ] {
            let out = dir.appendingPathComponent("out.mp4").path
            #expect(throws: MediaError.self, "\(fixture)") {
                try Transcoder.transcode(path: Fixtures.path(fixture), to: out, timeoutSeconds: 30)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "\(fixture)")
        }
    }

    @Test func aDestinationThatCannotBeWrittenIsSaid() throws {
        let error = #expect(throws: MediaError.self) {
            try Transcoder.transcode(
                path: Fixtures.path("Fixtures/media/h264_aac.mp4"), to: "/proc/lectern-nowhere/out.mp4",
                timeoutSeconds: 30)
        }
        #expect(error?.failure.message.hasPrefix("无法写入 /proc/lectern-nowhere/out.mp4") == true)
    }

    @Test func photosAreJPEGOrPNGByContent() throws {
        let thumb = dir.appendingPathComponent("t.jpg").path
        let jpeg = try Photo.thumbnail(path: Fixtures.path("Fixtures/activities/照片/清理村道.jpg"), to: thumb, width: 160)
        #expect((jpeg.width, jpeg.height, jpeg.format) == (640, 480, "jpeg"))
        #expect(try Prober.probe(path: thumb).video?.width == 160)
        let png = try Photo.thumbnail(path: Fixtures.path("Fixtures/activities/照片/走访.png"), to: thumb, width: 160)
        #expect(png.format == "png")
        for notOne in ["Fixtures/activities/照片/不是照片.jpg", "Fixtures/media/h264_aac.mp4"] {
            #expect(throws: MediaError.self, "\(notOne)") {
                try Photo.thumbnail(path: Fixtures.path(notOne), to: thumb, width: 160)
            }
        }
    }
}
