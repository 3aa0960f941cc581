import Foundation
import Testing

/// `lectern sweep` and `lectern check` around files no version names: a failed write's files
/// stay for the grace period (another host may be committing them), then the sweeper takes
/// them; scratch folders are this host's to clear when their process is gone, and another
/// host's only by age.
@Suite struct SweepCommandTests {
    let library: URL
    /// The name this library's commands give their host (`LECTERN_HOST`), so the test can
    /// name another host's folders.
    let env = ["LECTERN_HOST": "host-a"]

    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        #expect(try Run(["init", "--library", library.path]).status == 0)
    }

    func lectern(_ args: [String]) throws -> Run { try Run(args + ["--library", library.path], environment: env) }

    func make(_ relative: String, folder: Bool = false, daysOld: Int) throws {
        let url = library.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: folder ? url : url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !folder { try Data("stray \(relative)".utf8).write(to: url) }
        var times = [timespec](repeating: timespec(tv_sec: time(nil) - daysOld * 86400, tv_nsec: 0), count: 2)
        #expect(utimensat(AT_FDCWD, url.path, &times, 0) == 0)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: library.appendingPathComponent(relative).path)
    }

    /// A process id that is not running: a child that has exited.
    func deadPid() throws -> Int32 {
        let p = try Process.run(URL(fileURLWithPath: "/bin/true"), arguments: [])
        p.waitUntilExit()
        return p.processIdentifier
    }

    @Test func theSweeperTakesOnlyWhatIsUnnamedAndPastItsGracePeriod() throws {
        #expect(try lectern(["ingest", "Fixtures/uploads/桃源县-李明-一月一课.mp4"]).status == 0)
        let named = try FileManager.default.subpathsOfDirectory(atPath: library.appendingPathComponent("media").path)
            .filter { $0.hasSuffix(".mp4") }
        #expect(named.count == 1)
        try make("media/ab/\(String(repeating: "ab", count: 32)).mp4", daysOld: 3)  // a failed write's, long ago
        try make("media/cd/\(String(repeating: "cd", count: 32)).mp4", daysOld: 0)  // placed just now
        try make("thumbs/\(String(repeating: "ef", count: 32))", folder: true, daysOld: 3)
        let dead = try deadPid()
        try make("tmp/ingest-\(dead)-1a2b3c4d@host-a", folder: true, daysOld: 0)  // this host's, process gone
        try make("tmp/ingest-\(getpid())-5e6f7a8b@host-a", folder: true, daysOld: 3)  // this host's, running
        try make("tmp/ingest-4242-9c8d7e6f@host-b", folder: true, daysOld: 0)  // another host's, working
        try make("tmp/ingest-4243-0a1b2c3d@host-b", folder: true, daysOld: 3)  // another host's, left over

        // Before: the old unnamed files are problems, the young one is pending and not one.
        let before = try lectern(["check", "--json"])
        #expect(before.status == 1)
        let kinds = Dictionary(
            before.jsonLines.compactMap { o in (o["path"] as? String).map { ($0, o["kind"] as? String ?? "") } },
            uniquingKeysWith: { a, _ in a })
        #expect(kinds["media/ab/\(String(repeating: "ab", count: 32)).mp4"] == "orphan")
        #expect(kinds["media/cd/\(String(repeating: "cd", count: 32)).mp4"] == "pending")
        #expect(kinds["thumbs/\(String(repeating: "ef", count: 32))"] == "orphan")
        #expect(kinds["tmp/ingest-\(dead)-1a2b3c4d@host-a"] == "temporary")
        #expect(kinds["tmp/ingest-4243-0a1b2c3d@host-b"] == "temporary")
        #expect(
            kinds["tmp/ingest-4242-9c8d7e6f@host-b"] == nil && kinds["tmp/ingest-\(getpid())-5e6f7a8b@host-a"] == nil)

        // A dry run says what would go and removes nothing.
        let dry = try lectern(["sweep", "--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let wouldGo = Set(
            dry.jsonLines.filter { $0["outcome"] as? String == "removed" }.compactMap { $0["path"] as? String })
        let gone: Set = [
            "media/ab/\(String(repeating: "ab", count: 32)).mp4", "thumbs/\(String(repeating: "ef", count: 32))",
            "tmp/ingest-\(dead)-1a2b3c4d@host-a", "tmp/ingest-4243-0a1b2c3d@host-b",
        ]
        #expect(wouldGo == gone)
        #expect(gone.allSatisfy(exists))

        let swept = try lectern(["sweep", "--json"])
        #expect(swept.status == 0, "\(swept.stderr)")
        let summary = try #require(swept.jsonLines.last?["summary"] as? [String: Any])
        #expect(
            summary["removed"] as? Int == 4 && summary["recent"] as? Int == 2 && summary["dryRun"] as? Bool == false)
        #expect(!gone.contains(where: exists))
        #expect(exists("media/\(named[0])"))
        #expect(exists("media/cd/\(String(repeating: "cd", count: 32)).mp4"))
        #expect(exists("tmp/ingest-4242-9c8d7e6f@host-b") && exists("tmp/ingest-\(getpid())-5e6f7a8b@host-a"))
        // Only the pending file is left unnamed: check passes, and says so.
        let after = try lectern(["check"])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(after.stderr.contains("还未登记：刚放入"))

        // A shorter grace period, typed as staff write it, takes the young file and the other
        // host's folder too; this host's running process keeps its own.
        let short = try lectern(["sweep", "--grace", "0分钟"])
        #expect(short.status == 0 && short.stdout.contains("清除了 2 项"), "\(short.stdout)\(short.stderr)")
        #expect(exists("tmp/ingest-\(getpid())-5e6f7a8b@host-a"))
        #expect(try lectern(["sweep", "--grace", "明天"]).stderr.contains("不是一段时间"))
        #expect(try lectern(["check"]).stderr.isEmpty)
    }

    @Test func anIngestClearsThisHostsLeftoversOnly() throws {
        let dead = try deadPid()
        try make("tmp/ingest-\(dead)-1a2b3c4d@host-a", folder: true, daysOld: 0)
        try make("tmp/ingest-4244-2b3c4d5e@host-b", folder: true, daysOld: 3)
        try make("tmp/ingest-\(dead)-3c4d5e6f", folder: true, daysOld: 0)  // named before hosts were
        #expect(try lectern(["ingest", "Fixtures/uploads/桃源县-李明-一月一课.mp4"]).status == 0)
        #expect(!exists("tmp/ingest-\(dead)-1a2b3c4d@host-a") && !exists("tmp/ingest-\(dead)-3c4d5e6f"))
        #expect(exists("tmp/ingest-4244-2b3c4d5e@host-b"))
    }
}
