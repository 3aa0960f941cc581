import Foundation
import Testing

/// Copied lectures through the built binary: Fixtures/media/copy_reencoded.mp4 is
/// original.mp4 re-encoded at another size and bit rate; unrelated.mp4 shares nothing.
@Suite struct NearDuplicateCommandTests {
    let library: URL
    let original: Int, unrelated: Int, copy: Int

    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        _ = try Run(["init", "--library", library.path])
        let first = try Run([
            "ingest", "--json", "Fixtures/media/original.mp4", "Fixtures/media/unrelated.mp4",
            "--library", library.path,
        ]).jsonLines
        func id(_ lines: [[String: Any]], _ name: String) -> Int {
            lines.first { ($0["file"] as? String)?.hasSuffix(name) == true }?["id"] as? Int ?? -1
        }
        original = id(first, "original.mp4")
        unrelated = id(first, "unrelated.mp4")
        let second = try Run(["ingest", "--json", "Fixtures/media/copy_reencoded.mp4", "--library", library.path])
            .jsonLines
        copy = id(second, "copy_reencoded.mp4")
    }

    func lectern(_ args: [String]) throws -> Run { try Run(args + ["--library", library.path]) }
    func near(_ id: Int) throws -> [Int] {
        let detail = try lectern(["show", "\(id)", "--json"]).jsonLines.first
        return (detail?["nearDuplicates"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
    }

    @Test func theCopyIsFlaggedBothWaysAndTheUnrelatedClipIsNot() throws {
        #expect(original > 0 && unrelated > 0 && copy > 0)
        #expect(try near(copy) == [original])
        #expect(try near(original) == [copy])  // the earlier lecture names the later copy too
        #expect(try near(unrelated) == [])
        let shown = try lectern(["show", "\(copy)"]).stdout
        #expect(shown.contains("疑似重复（画面或声音相同的其他节目）"))
        #expect(shown.contains("#\(original)《original》画面相同（"))
    }

    @Test func theQueueShowsTheFlagWithItsSimilarity() throws {
        let q = try lectern(["review", "queue", "--status", "autoRejected", "--json"]).jsonLines
        let item = q.first { $0["id"] as? Int == copy }
        let flags = item?["nearDuplicates"] as? [[String: Any]]
        #expect(flags?.first?["id"] as? Int == original)
        #expect((flags?.first?["similarity"] as? Double ?? 0) >= 0.5)
        let text = try lectern(["review", "queue", "--status", "autoRejected"]).stdout
        #expect(text.contains("疑似重复：#\(original)《original》画面相同（"))
    }

    @Test func aRejectionCitesTheLectureItCopies() throws {
        // The clips are seconds long, so they failed the policy: exempt the copy into review first.
        #expect(try lectern(["review", "exempt", "\(copy)", "--note", "测试"]).status == 0)
        let notNear = try lectern(["review", "reject", "\(copy)", "--reason", "copied", "--cite", "\(unrelated)"])
        #expect(notNear.status == 1)
        #expect(notNear.stderr.contains("#\(unrelated) 不是 #\(copy) 的疑似重复节目（它的疑似重复节目是 #\(original)）"))
        let wrongReason = try lectern(["review", "reject", "\(copy)", "--reason", "detached", "--cite", "\(original)"])
        #expect(wrongReason.status == 1)
        #expect(wrongReason.stderr.contains("原因需包含 copied"))
        let ok = try lectern(["review", "reject", "\(copy)", "--reason", "copied", "--cite", "#\(original)"])
        #expect(ok.status == 0)
        let history = try lectern(["audit", "\(copy)"]).stdout
        #expect(history.contains("原因：内容照搬照抄  与 #\(original) 画面相同（"))
        #expect(try lectern(["audit", "verify"]).status == 0)
    }
}
