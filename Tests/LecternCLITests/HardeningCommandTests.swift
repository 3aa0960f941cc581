import Foundation
import Testing

/// Paths and permissions staff meet on office machines, through the built binary.
@Suite struct HardeningCommandTests {
    @Test func aGBKFileNameIsReportedNotDropped() throws {
        let dir = temporaryDirectory()
        let inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        // "党史.mp4" in GBK bytes, as an old USB stick names it: not UTF-8.
        var path = Array(inbox.path.utf8) + Array("/".utf8) + [0xB5, 0xB3, 0xCA, 0xB7] + Array(".mp4".utf8) + [0]
        let bytes = try Data(contentsOf: Run.root.appendingPathComponent("Fixtures/media/h264_aac.mp4"))
        let fd = path.withUnsafeMutableBytes {
            open($0.baseAddress!.assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644)
        }
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
        close(fd)
        try FileManager.default.copyItem(
            at: Run.root.appendingPathComponent("Fixtures/media/original.mp4"),
            to: inbox.appendingPathComponent("好文件.mp4"))
        let library = dir.appendingPathComponent("library")
        _ = try Run(["init", "--library", library.path])
        let r = try Run(["ingest", inbox.path, "--library", library.path])
        #expect(r.status == 1)  // one file could not be handled; the other went in
        #expect(r.stderr == "lectern: \(inbox.path)/党史.mp4: 文件名不是 UTF-8 编码（按 GBK 显示如上，多来自旧电脑或U盘），无法处理；请把文件改名后重新导入\n")
        #expect(try Run(["list", "--json", "--library", library.path]).jsonLines.count == 1)
    }

    @Test func aReadOnlyLibraryCanBeReadButNotWritten() throws {
        let sample = try SampleLibrary()
        let fm = FileManager.default
        // Root may write anywhere: run as an unprivileged user over a library it does not own.
        let asOther = getuid() == 0
        if asOther {
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sample.url.deletingLastPathComponent().path)
        } else {
            for name in ["", "catalog.sqlite"] {
                try fm.setAttributes(
                    [.posixPermissions: name.isEmpty ? 0o555 : 0o444],
                    ofItemAtPath: sample.url.appendingPathComponent(name).path)
            }
        }
        defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sample.url.path) }
        func lectern(_ args: [String]) throws -> Run {
            asOther
                ? try Run(
                    ["-u", "nobody", "--", Run.binary.path] + args + ["--library", sample.url.path],
                    runner: "/usr/sbin/runuser")
                : try Run(args + ["--library", sample.url.path])
        }
        let list = try lectern(["list", "--json"])
        #expect(list.status == 0)
        #expect(list.jsonLines.count == sample.ids.count)
        #expect(try lectern(["report", "weekly"]).status == 0)
        #expect(try lectern(["review", "queue"]).status == 0)
        let ingest = try lectern(["ingest", "Fixtures/media/original.mp4"])
        #expect(ingest.status == 2)
        #expect(ingest.stderr.contains("资料库是只读的（当前账号没有写入权限）"))
        #expect(try lectern(["review", "approve", "1"]).status == 2)
    }

    @Test func anInboxThatDisappearsMidRun() throws {
        let dir = temporaryDirectory()
        let inbox = dir.appendingPathComponent("U盘")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let clip = try Data(contentsOf: Run.root.appendingPathComponent("Fixtures/media/length_3m00s.mp4"))
        for i in 1...12 { try (clip + Data("\(i)".utf8)).write(to: inbox.appendingPathComponent("第\(i)讲.mp4")) }
        let library = dir.appendingPathComponent("library")
        _ = try Run(["init", "--library", library.path])
        let p = Process()
        p.executableURL = Run.binary
        p.arguments = ["ingest", "--jobs", "1", "--json", inbox.path, "--library", library.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // The stick is pulled once the first file is in.
        var seen = Data()
        while !seen.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        try FileManager.default.removeItem(at: inbox)
        seen += out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let lines = String(decoding: seen, as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let outcomes = lines.compactMap { $0["outcome"] as? String }
        #expect(p.terminationStatus == 1)
        #expect(outcomes.count == 12)  // every file accounted for
        #expect(outcomes.contains("ingested"))
        let gone = lines.filter { $0["outcome"] as? String == "failed" }
        let messages = gone.map { (($0["error"] as? [String: Any])?["message"] as? String) ?? "" }
        #expect(messages.allSatisfy { $0.contains("不存在") }, "\(messages)")
        #expect(try Run(["check", "--library", library.path]).status == 0)
    }

    @Test func aMissingLibraryIsAUsageError() throws {
        let r = try Run(["list", "--library", "/nonexistent/党课库"])
        #expect(r.status == 2)
        #expect(r.stderr == "lectern: 资料库不存在：/nonexistent/党课库（请先运行 lectern init，或用 --library 指定）\n")
    }
}
