import Foundation
import Testing

/// Scripts and slides: attached by hand or beside their video at ingest, read in the worker,
/// searched by their words, listed by `show`, covered by `check`.
@Suite struct AttachCommandTests {
    let root = temporaryDirectory()
    var env: [String: String] { ["LECTERN_LIBRARY": root.appendingPathComponent("library").path] }
    static let documents = Run.root.appendingPathComponent("Fixtures/documents")

    init() throws {
        _ = try Run(["init"], environment: env)
    }

    func upload(_ folder: URL, _ name: String, fixture: String = "length_3m00s.mp4") throws {
        try FileManager.default.copyItem(
            at: Run.root.appendingPathComponent("Fixtures/media/\(fixture)"), to: folder.appendingPathComponent(name))
    }

    @Test func scriptsBesideTheirVideoAndByHandAreFoundByTheirWords() throws {
        let inbox = root.appendingPathComponent("上传")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try upload(inbox, "七一党课.mp4")
        try upload(inbox, "另一课.mp4", fixture: "length_20m00s.mp4")
        for (fixture, name) in [("讲稿.docx", "七一党课.docx"), ("损坏.docx", "另一课.docx"), ("课件.pptx", "没有视频的课件.pptx")] {
            try FileManager.default.copyItem(
                at: Self.documents.appendingPathComponent(fixture), to: inbox.appendingPathComponent(name))
        }
        let ingest = try Run(["ingest", inbox.path, "--json"], environment: env)
        #expect(ingest.status == 1)  // the damaged script fails, the videos go in
        let lines = ingest.jsonLines
        let attached = lines.first { ($0["file"] as? String)?.hasSuffix("七一党课.docx") == true }
        #expect(attached?["document"] as? String == "attached")
        let lecture = try #require(attached?["lectureId"] as? Int)
        let broken = lines.first { ($0["file"] as? String)?.hasSuffix("另一课.docx") == true }
        #expect(broken?["document"] as? String == "failed")
        #expect(ingest.stderr.contains("另一课.docx: Word 文档已损坏"))
        let alone = lines.first { ($0["file"] as? String)?.hasSuffix("没有视频的课件.pptx") == true }
        #expect((alone?["reason"] as? String)?.contains("没有同名的视频") == true)
        #expect(lines.filter { $0["outcome"] as? String == "ingested" }.count == 2)

        let found = try Run(["search", "text:\"稻田养虾\"", "--json"], environment: env).jsonLines
        #expect(found.compactMap { $0["id"] as? Int } == [lecture])
        #expect((found.first?["snippet"] as? String)?.contains("【稻田养虾】") == true)
        #expect(try Run(["search", "稻田养虾", "--json"], environment: env).jsonLines.count == 1)  // plain words too
        #expect(try Run(["search", "text:七一党课", "--json"], environment: env).stdout.isEmpty)  // the title is not text

        // By hand: a deck, a scan (kept, said), a password and an old format (refused, named).
        let by = try Run(
            [
                "attach", "\(lecture)", Self.documents.appendingPathComponent("课件.pptx").path,
                Self.documents.appendingPathComponent("扫描件.pdf").path,
                Self.documents.appendingPathComponent("加密.pdf").path,
                Self.documents.appendingPathComponent("旧版.doc").path,
            ], environment: env)
        #expect(by.status == 1)
        #expect(by.stdout.contains("附上课件 课件.pptx") && by.stdout.contains("PowerPoint 课件，42 字，3 张"))
        #expect(by.stderr.contains("扫描件.pdf: 提醒：是扫描件，没有文字层"))
        #expect(by.stderr.contains("加密.pdf: PDF 有密码保护"))
        #expect(by.stderr.contains("旧版.doc: 这是旧版格式（.doc）"))
        let again = try Run(
            ["attach", "\(lecture)", Self.documents.appendingPathComponent("课件.pptx").path], environment: env)
        #expect(again.stdout.contains("已有同样的文件"))
        let shown = try Run(["show", "\(lecture)", "--json"], environment: env).jsonLines.first
        let names = (shown?["attachments"] as? [[String: Any]])?.compactMap { $0["originalName"] as? String }
        #expect(names == ["七一党课.docx", "课件.pptx", "扫描件.pdf"])
        #expect(try Run(["check"], environment: env).status == 0)
        #expect(try Run(["search", "不忘初心", "--json"], environment: env).jsonLines.count == 1)  // the deck's words
    }
}
