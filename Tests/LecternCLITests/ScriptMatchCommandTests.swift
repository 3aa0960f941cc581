import Foundation
import Testing

/// A script reused a year later in the same branch, a passage copied from a reference text loaded
/// afterwards: found at attach and at `reference add`, shown with the shared passages, cited
/// by a rejection (Fixtures/scripts).
@Suite struct ScriptMatchCommandTests {
    let root = temporaryDirectory()
    var env: [String: String] { ["LECTERN_LIBRARY": root.appendingPathComponent("library").path] }
    static let scripts = Run.root.appendingPathComponent("Fixtures/scripts")

    func lectern(_ args: [String]) throws -> Run { try Run(args, environment: env) }

    func script(_ name: String) throws -> String {
        try String(contentsOf: Self.scripts.appendingPathComponent(name + ".txt"), encoding: .utf8)
    }

    func write(_ text: String, _ name: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Two uploads of one run, each with the same Word script beside it (two branches): the
    /// second is flagged in the ingest's own output and in its JSON.
    @Test func aScriptBesideItsVideoIsComparedAtIngest() throws {
        _ = try lectern(["init"])
        let inbox = root.appendingPathComponent("上传")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (name, fixture) in [("甲村党课", "length_3m00s.mp4"), ("乙村党课", "length_20m00s.mp4")] {
            try FileManager.default.copyItem(
                at: Run.root.appendingPathComponent("Fixtures/media/\(fixture)"),
                to: inbox.appendingPathComponent("\(name).mp4"))
            try FileManager.default.copyItem(
                at: Run.root.appendingPathComponent("Fixtures/documents/讲稿.docx"),
                to: inbox.appendingPathComponent("\(name).docx"))
        }
        let ingest = try lectern(["ingest", inbox.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("发现：讲稿与 #"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("100% 相同"))
        let json = try lectern(["ingest", inbox.path, "--json"]).jsonLines  // again: already attached, nothing new
        #expect(json.filter { $0["scriptMatches"] != nil }.isEmpty)
        let found = try lectern(["search", "text:\"稻田养虾\"", "--json"]).jsonLines
        #expect(found.count == 2)
    }

    @Test func aFolderOfReferencesIsLoadedAndItsOtherFilesSaidToBeSkipped() throws {
        _ = try lectern(["init"])
        let folder = root.appendingPathComponent("参考资料")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("2025年"), withIntermediateDirectories: true)
        try script("参考资料-基层党建讲话").write(
            to: folder.appendingPathComponent("2025年/基层党建讲话.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: Run.root.appendingPathComponent("Fixtures/documents/讲稿.docx"),
            to: folder.appendingPathComponent("讲稿范文.docx"))
        try Data("jpeg".utf8).write(to: folder.appendingPathComponent("封面.jpg"))
        let loaded = try lectern(["reference", "add", folder.path])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("《基层党建讲话》") && loaded.stdout.contains("《讲稿范文》"))
        #expect(loaded.stderr.contains("封面.jpg: 提醒：不是 .docx、.pptx、.pdf 或 .txt 文档，跳过"))
        #expect(try lectern(["reference", "list", "--json"]).jsonLines.count == 2)
    }

    @Test func aReusedScriptAndACopiedPassageAreFoundShownAndCited() throws {
        _ = try lectern(["init"])
        #expect(
            try lectern(["org", "import", Run.root.appendingPathComponent("Fixtures/organisations.csv").path]).status
                == 0)
        let inbox = root.appendingPathComponent("上传")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (i, fixture) in ["length_3m00s.mp4", "length_20m00s.mp4", "h264_aac.mp4"].enumerated() {
            try FileManager.default.copyItem(
                at: Run.root.appendingPathComponent("Fixtures/media/\(fixture)"),
                to: inbox.appendingPathComponent("第\(i + 1)课.mp4"))
        }
        let ingest = try lectern(["ingest", inbox.path, "--json"])
        var ids: [String: Int] = [:]
        for line in ingest.jsonLines where line["outcome"] as? String == "ingested" {
            ids[((line["file"] as? String ?? "") as NSString).lastPathComponent] = line["id"] as? Int
        }
        // The first two pass the checks (3 and 20 minutes) and can be reviewed.
        let first = try #require(ids["第1课.mp4"]), second = try #require(ids["第2课.mp4"])
        let third = try #require(ids["第3课.mp4"], "\(ingest.stderr)")
        for (id, day) in [(first, "2023-06-20"), (second, "2026年6月18日"), (third, "2026-05-04")] {
            let org = id == third ? "changsha" : "xincun"
            #expect(try lectern(["edit", "\(id)", "--org", org, "--recorded-on", day]).status == 0)
        }

        // 2023's script, then the same script a few words changed in 2026: 一份讲稿用几年.
        let original = try script("乡村振兴讲稿")
        #expect(try lectern(["attach", "\(first)", write(original, "2023年讲稿.txt")]).stdout.contains("发现") == false)
        let edited = original.replacingOccurrences(of: "龙王庙村", with: "青石岭村")
            .replacingOccurrences(of: "二〇二一年", with: "二〇二四年").replacingOccurrences(of: "，", with: ",")
        let again = try lectern(["attach", "\(second)", write(edited, "2026年讲稿.docx.txt")])
        #expect(again.status == 0)
        #expect(again.stdout.contains("发现：讲稿与 #\(first)（2023 年，同一支部）"), "\(again.stdout)")
        #expect(again.stdout.contains("% 相同"))

        // A passage of the reference inside another script, the reference loaded afterwards.
        let reference = try script("参考资料-基层党建讲话")
        let passage = try #require(
            reference.components(separatedBy: "\n").first { $0.hasPrefix("要选好配强带头人") })
        let copied = try script("家风建设讲稿").replacingOccurrences(of: "传承红色家风，我认为", with: passage + "传承红色家风，我认为")
        #expect(try lectern(["attach", "\(second)", write(copied, "家风.txt")]).status == 0)
        let loaded = try lectern(["reference", "add", write(reference, "参考.txt"), "--title", "关于加强基层党组织建设的几点意见"])
        #expect(loaded.stdout.contains("载入参考资料 #1《关于加强基层党组织建设的几点意见》"), "\(loaded.stdout)")
        #expect(loaded.stdout.contains("已有节目的讲稿与它大段相同：#\(second)"))
        #expect(try lectern(["reference", "list"]).stdout.contains("讲稿与之相同的节目：#\(second)"))
        #expect(try lectern(["reference", "add", write(reference, "参考副本.txt")]).stdout.contains("已有同样的参考资料 #1"))
        let check = try lectern(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")  // the reference's file is the library's own
        let backup = try lectern(["backup", root.appendingPathComponent("备份").path])
        #expect(backup.status == 0, "\(backup.stderr)")

        // show: the finding, and the passages as each side wrote them.
        let show = try lectern(["show", "\(second)"]).stdout
        #expect(show.contains("讲稿比对") && show.contains("本节目    同志们,今天我和大家"), "\(show)")
        #expect(show.contains("同志们，今天我和大家"))  // the other side, as it was written
        let json = try #require(try lectern(["show", "\(second)", "--json"]).jsonLines.first)
        let matches = try #require(json["scriptMatches"] as? [[String: Any]])
        #expect(matches.map { $0["kind"] as? String } == ["reused", "reference"])
        #expect((matches.last?["longest"] as? Int ?? 0) >= 100)
        #expect(matches.first?["lectureId"] as? Int == first)
        #expect(try lectern(["show", "\(first)"]).stdout.contains("讲稿与 #\(second)（2026 年，同一支部）"))  // both sides

        #expect(try lectern(["review", "queue"]).stdout.contains("讲稿比对：讲稿与 #\(first)（2023 年，同一支部）"))
        // A rejection cites the matches; a lecture whose script is not the same is refused.
        let wrong = try lectern(["review", "reject", "\(second)", "--reason", "reused", "--cite", "\(third)"])
        #expect(wrong.status != 0 && wrong.stderr.contains("讲稿也不相同"), "\(wrong.stderr)")
        let typo = try lectern(["review", "reject", "\(second)", "--reason", "照搬照抄", "--cite", "参考资料x"])
        #expect(typo.stderr.contains("「参考资料x」不是节目编号或参考资料（例如 7、#12 或 参考资料3"), "\(typo.stderr)")
        let reject = try lectern([
            "review", "reject", "\(second)", "--reason", "一份讲稿用几年,照搬照抄", "--cite", "#\(first)，参考资料1",
        ])
        #expect(reject.status == 0, "\(reject.stderr)")
        let history = try lectern(["show", "\(second)"]).stdout
        #expect(history.contains("讲稿与 #\(first)（2023 年，同一支部）"))
        #expect(history.contains("讲稿大段摘自参考资料《关于加强基层党组织建设的几点意见》"))
        #expect(history.contains("待审核 → 已退回"))
    }
}
