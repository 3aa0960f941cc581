import Foundation
import Testing

@Suite struct ProbeCommandTests {
    @Test func jsonGivesOneObjectPerFileInOrder() throws {
        let files = ["Fixtures/media/h264_aac.mp4", "Fixtures/media/audio_only.m4a", "Fixtures/media/rotated_90.mp4"]
        let run = try Run(["probe", "--json"] + files)
        #expect(run.status == 0, "\(run.stderr)")
        let objects = run.jsonLines
        #expect(objects.count == 3)
        #expect(objects.map { $0["file"] as? String } == files)
        #expect(objects[0]["container"] as? String == "mov,mp4,m4a,3gp,3g2,mj2")
        let video = objects[0]["video"] as? [String: Any]
        #expect(video?["codec"] as? String == "h264")
        #expect(video?["width"] as? Int == 320)
        #expect((objects[0]["tags"] as? [String: String])?["title"] == "微党课：学习贯彻党的二十大精神")
        #expect(objects[1]["video"] is NSNull)
        #expect((objects[2]["video"] as? [String: Any])?["rotation"] as? Int == -90)
        #expect(run.stderr.isEmpty)
    }

    @Test func brokenFilesGiveOneLineErrorsAndExitOne() throws {
        let files = [
            "Fixtures/broken/empty.mp4", "Fixtures/media/no_audio.mp4", "Fixtures/broken/text_renamed.mp4",
            "Fixtures/broken/random_bytes.mp4", "Fixtures/broken/truncated.mp4", "Fixtures/broken/missing.mp4",
        ]
        let run = try Run(["probe", "--json"] + files)
        #expect(run.status == 1)
        let errors = run.stderr.split(separator: "\n")
        #expect(errors.count == 5)
        for line in errors { #expect(line.hasPrefix("lectern: Fixtures/broken/")) }
        let kinds = run.jsonLines.map { ($0["error"] as? [String: Any])?["kind"] as? String }
        #expect(kinds == ["empty", nil, "notMedia", "notMedia", "corrupt", "notFound"])
        // The good file in the middle of the batch was still probed.
        #expect(run.jsonLines[1]["durationSeconds"] as? Double != nil)
    }

    @Test func humanOutputIsInChineseAndAligned() throws {
        let run = try Run(["probe", "Fixtures/uploads/春华镇-吴辉-学习二十大精神 第一讲.mp4"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("时长     8秒（8.00 秒）"))
        #expect(run.stdout.contains("标题     微党课：学习贯彻党的二十大精神"))
        #expect(run.stdout.contains("视频     h264（High） 320×180"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Run(["probe"]).status == 2)
        #expect(try Run(["probe", "--jobs", "0", "x.mp4"]).status == 2)
        #expect(try Run(["frames", "Fixtures/media/h264_aac.mp4"]).status == 2)  // --out missing
    }

    @Test func helpHasExamples() throws {
        let run = try Run(["probe", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("lectern probe --json"))
    }

    @Test func allFixturesAtOnceWithTwoWorkers() throws {
        let media = try FileManager.default.contentsOfDirectory(
            atPath: Run.root.appendingPathComponent("Fixtures/media").path
        )
        .sorted().map { "Fixtures/media/\($0)" }
        let run = try Run(["probe", "--json", "--jobs", "2"] + media)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.jsonLines.count == media.count)
        #expect(run.jsonLines.allSatisfy { $0["error"] == nil })
    }
}
