import Foundation
import LecternCore
import Testing

@Suite struct FramesCommandTests {
    @Test func writesTheFilesItReports() throws {
        let out = temporaryDirectory()
        let run = try Run(["frames", "Fixtures/media/black_opening.mp4", "--out", out.path, "--count", "6", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try #require(run.jsonLines.first)
        let samples = try #require(result["samples"] as? [[String: Any]])
        #expect(samples.count == 6)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            names == [
                "0001.jpg", "0002.jpg", "0003.jpg", "0004.jpg", "0005.jpg", "0006.jpg", "poster.jpg", "sheet.jpg",
            ])
        let posterIndex = try #require(result["posterIndex"] as? Int)
        let poster = try #require(samples.first { $0["index"] as? Int == posterIndex })
        #expect(poster["blank"] as? Bool == false)
        #expect(((result["fingerprint"] as? [String: Any])?["frames"] as? [Any])?.isEmpty == false)
    }

    @Test func humanOutputMarksThePosterAndBlackFrames() throws {
        let out = temporaryDirectory()
        let run = try Run(["frames", "Fixtures/media/black_opening.mp4", "--out", out.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("← 封面"))
        #expect(run.stdout.contains("（黑屏/空白）"))
    }

    @Test func audioOnlyIsRefusedClearly() throws {
        let run = try Run(["frames", "Fixtures/media/audio_only.m4a", "--out", temporaryDirectory().path])
        #expect(run.status == 1)
        #expect(run.stderr == "lectern: Fixtures/media/audio_only.m4a: 只有音频、没有视频画面，无法生成缩略图\n")
    }
}

/// The supervisor with a stand-in worker: a decoder that crashes or hangs on cue cannot be
/// had from real files on demand, so a small script plays the worker's part of the protocol.
@Suite struct SupervisorTests {
    static func fakeWorker(_ body: String) throws -> URL {
        let url = temporaryDirectory().appendingPathComponent("fake-worker")
        let script = """
            #!/usr/bin/env bash
            echo '{"protocolVersion":\(WorkerProtocol.version),"pid":'$$'}'
            while IFS= read -r line; do
              id=$(printf '%s' "$line" | sed -E 's/.*"id":([0-9]+).*/\\1/')
              file=$(printf '%s' "$line" | sed -E 's/.*"file":"([^"]*)".*/\\1/')
              \(body)
              echo '{"id":'$id',"error":{"kind":"notMedia","message":"fake"}}'
            done
            """
        try script.write(to: url, atomically: true, encoding: .utf8)
        chmod(url.path, 0o755)
        return url
    }

    @Test func aCrashingWorkerCostsOneFileAndIsReplaced() throws {
        let worker = try Self.fakeWorker(#"case "$file" in *crash*) kill -SEGV $$;; esac"#)
        let run = try Run(
            ["probe", "--json", "--jobs", "1", "a.mp4", "crash.mp4", "b.mp4"],
            environment: ["LECTERN_WORKER": worker.path])
        #expect(run.status == 1)
        let kinds = run.jsonLines.map { ($0["error"] as? [String: Any])?["kind"] as? String }
        #expect(kinds == ["notMedia", "corrupt", "notMedia"])
        #expect(run.stderr.contains("lectern: crash.mp4: 解码时工作进程崩溃（信号 11）"))
    }

    @Test func aHungWorkerIsKilledAtTheDeadline() throws {
        let worker = try Self.fakeWorker(#"case "$file" in *hang*) exec sleep 600;; esac"#)
        let start = Date()
        let run = try Run(
            ["probe", "--json", "--jobs", "1", "--timeout", "1", "hang.mp4", "ok.mp4"],
            environment: ["LECTERN_WORKER": worker.path])
        #expect(Date().timeIntervalSince(start) < 60)
        let kinds = run.jsonLines.map { ($0["error"] as? [String: Any])?["kind"] as? String }
        #expect(kinds == ["timedOut", "notMedia"])
    }

    @Test func aWorkerOfAnotherProtocolIsRefused() throws {
        let url = temporaryDirectory().appendingPathComponent("old-worker")
        try "#!/bin/sh\necho '{\"protocolVersion\":0,\"pid\":1}'\nsleep 5\n".write(
            to: url, atomically: true, encoding: .utf8)
        chmod(url.path, 0o755)
        let run = try Run(["probe", "x.mp4"], environment: ["LECTERN_WORKER": url.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("协议版本不符"))
    }

    @Test func aMissingWorkerIsAConfigurationError() throws {
        let run = try Run(["probe", "x.mp4"], environment: ["LECTERN_WORKER": "/nonexistent/lectern-worker"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("lectern-worker"))
    }
}
