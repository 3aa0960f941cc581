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
        let fd = path.withUnsafeMutableBytes { open($0.baseAddress!.assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
        close(fd)
        try FileManager.default.copyItem(at: Run.root.appendingPathComponent("Fixtures/media/original.mp4"),
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
                try fm.setAttributes([.posixPermissions: name.isEmpty ? 0o555 : 0o444],
                                     ofItemAtPath: sample.url.appendingPathComponent(name).path)
            }
        }
        defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sample.url.path) }
        func lectern(_ args: [String]) throws -> Run {
            asOther ? try Run(["-u", "nobody", "--", Run.binary.path] + args + ["--library", sample.url.path], runner: "/usr/sbin/runuser")
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

    @Test func aMissingLibraryIsAUsageError() throws {
        let r = try Run(["list", "--library", "/nonexistent/党课库"])
        #expect(r.status == 2)
        #expect(r.stderr == "lectern: 资料库不存在：/nonexistent/党课库（请先运行 lectern init，或用 --library 指定）\n")
    }
}
