import Foundation
import Testing

/// The shared ingest queue as hosts use it: `ingest --enqueue-only` on one, `lectern work` on
/// several, `lectern queue` to see and retry.
@Suite struct QueueCommandTests {
    let library: URL

    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        #expect(try Run(["init", "--library", library.path]).status == 0)
    }

    func lectern(_ args: [String], host: String = "desk") throws -> Run {
        try Run(args + ["--library", library.path], environment: ["LECTERN_HOST": host])
    }

    /// Starts `lectern work --until-empty --jobs 1 --json` as `host`, without waiting for it.
    func startWork(_ host: String) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = Run.binary
        p.arguments = ["work", "--until-empty", "--jobs", "1", "--json", "--library", library.path]
        var env = ProcessInfo.processInfo.environment
        env["LECTERN_HOST"] = host
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (p, out)
    }

    /// A plain `lectern ingest` on a catalog whose queue hosts share (PostgreSQL) shows each
    /// upload as a job it held and ended; on SQLite there is none. `--lease` where it has no
    /// effect says so.
    @Test func aPlainIngestShowsInTheQueueWhereHostsShareIt() throws {
        let inbox = try IngestCommandTests.distinctUploads(3)
        let run = try lectern(["ingest", "--json", "--lease", "30秒", inbox.path], host: "host-a")
        #expect(run.status == 0, "\(run.stderr)")
        let ids = Set(run.jsonLines.compactMap { $0["id"] as? Int })
        let jobs = try lectern(["queue", "--json"]).jsonLines
        let note = "--lease 只在目录在 PostgreSQL、直接导入时起作用，这次不用"
        if Run.onPostgres {
            #expect(
                jobs.count == 3
                    && jobs.allSatisfy { $0["state"] as? String == "done" && $0["host"] as? String == "host-a" })
            #expect(Set(jobs.compactMap { $0["lectureId"] as? Int }) == ids && ids.count == 3)
            #expect(!run.stderr.contains(note))
        } else {
            #expect(jobs.isEmpty)
            #expect(run.stderr.contains(note))
        }
        let dry = try lectern(["ingest", "--dry-run", "--lease", "30秒", inbox.path])
        #expect(dry.status == 0 && dry.stderr.contains(note))
        #expect(try lectern(["ingest", "--lease", "3秒", inbox.path]).stderr.contains("--lease 至少为 5秒"))
    }

    @Test func twoHostsWorkTheQueueAndEachFileIsCataloguedOnce() throws {
        let inbox = try IngestCommandTests.distinctUploads(6)
        try Data("讲稿".utf8).write(to: inbox.appendingPathComponent("春华镇-讲师0-第0讲.txt"))
        let queued = try lectern(["ingest", "--enqueue-only", "--json", inbox.path])
        #expect(queued.status == 0, "\(queued.stderr)")
        let lines = queued.jsonLines
        #expect(lines.filter { $0["job"] != nil }.count == 6)
        // The document is not queued, and says so.
        #expect(
            lines.contains {
                ($0["file"] as? String)?.hasSuffix(".txt") == true && $0["outcome"] as? String == "skipped"
            })
        #expect(try lectern(["queue"]).stdout.hasPrefix("排队中 6，处理中 0，已完成 0，失败 0"))
        let (a, outA) = try startWork("host-a"), (b, outB) = try startWork("host-b")
        let dataA = outA.fileHandleForReading.readDataToEndOfFile()
        let dataB = outB.fileHandleForReading.readDataToEndOfFile()
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        func ingested(_ data: Data) -> Int {
            String(decoding: data, as: UTF8.self).components(separatedBy: "\"outcome\":\"ingested\"").count - 1
        }
        #expect(ingested(dataA) + ingested(dataB) == 6)
        let jobs = try lectern(["queue", "--json"]).jsonLines
        #expect(jobs.count == 6 && jobs.allSatisfy { $0["state"] as? String == "done" && $0["lectureId"] != nil })
        #expect(Set(jobs.compactMap { $0["host"] as? String }).isSubset(of: ["host-a", "host-b"]))
        #expect(try lectern(["list", "--json"]).jsonLines.count == 6)
        #expect(try lectern(["audit", "verify"]).status == 0)
        #expect(try lectern(["check"]).status == 0)
    }

    @Test func aFailedJobIsShownAndRetried() throws {
        let inbox = temporaryDirectory().appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Data("不是视频".utf8).write(to: inbox.appendingPathComponent("第1讲.mp4"))
        #expect(try lectern(["ingest", "--enqueue-only", inbox.path]).status == 0)
        let work = try lectern(["work", "--until-empty"], host: "host-a")
        #expect(work.status == 1)
        let failed = try lectern(["queue", "--state", "失败"])
        #expect(failed.stdout.contains("任务#1  失败  host-a"), "\(failed.stdout)")
        #expect(failed.stdout.contains("第1讲.mp4：不是音视频文件"), "\(failed.stdout)")  // the reason right after its file
        #expect(try lectern(["queue", "--state", "不存在"]).stderr.contains("没有「不存在」这个状态"))
        let retry = try lectern(["queue", "retry", "1"])
        #expect(retry.stdout.contains("已重新排队：任务#1"))
        #expect(try lectern(["queue"]).stdout.hasPrefix("排队中 1，处理中 0，已完成 0，失败 0"))
        #expect(try lectern(["queue", "retry", "1"]).status == 1)  // no longer failed: said, not ignored
        let typo = try lectern(["queue", "retry", "abc"])
        #expect(typo.stderr.contains("「abc」不是任务编号"), "\(typo.stderr)")
        // A path that does not exist is said, and the exit status says something was not queued.
        let missing = try lectern(["ingest", "--enqueue-only", "/没有这个文件夹"])
        #expect(missing.status == 1 && missing.stderr.contains("跳过 /没有这个文件夹（文件或文件夹不存在）"))
    }
}
