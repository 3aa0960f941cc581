import Foundation
import Testing

@Suite struct ExportCommandTests {
    let library: URL

    /// The sample uploads, plus one whose title tries to inject a script; two lectures approved
    /// directly in the database (the review commands come with their own issue).
    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        _ = try Run(["init", "--library", library.path])
        _ = try Run(["org", "import", "Fixtures/organisations.csv", "--library", library.path])
        let inbox = temporaryDirectory().appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Run.root.appendingPathComponent("Fixtures/media/length_20m00s.mp4"),
            to: inbox.appendingPathComponent("x.mp4"))
        try #"{"title": "<script>alert(1)</script>党课", "speaker": "赵六", "topic": "党史"}"#
            .write(to: inbox.appendingPathComponent("x.json"), atomically: true, encoding: .utf8)
        _ = try Run([
            "ingest", "Fixtures/uploads", inbox.path, "--manifest", "Fixtures/uploads/清单.xlsx", "--library",
            library.path,
        ])
        let sql = "UPDATE lecture SET status = 'approved' WHERE title IN ('一月一课：学习党章', '<script>alert(1)</script>党课');"
        _ = try Run.sql(library, sql)
    }

    func export(_ args: [String]) throws -> Run { try Run(["export"] + args + ["--library", library.path]) }

    @Test func playlistListsApprovedLecturesFiles() throws {
        let run = try export(["playlist"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "#EXTM3U")
        let files = lines.filter { !$0.hasPrefix("#") }
        #expect(files.count == 2)
        for f in files { #expect(FileManager.default.fileExists(atPath: f)) }
        #expect(lines.contains { $0.hasPrefix("#EXTINF:180,一月一课：学习党章 — 李明 · 桃源县") })
    }

    @Test func menuIsOneSelfContainedEscapedPage() throws {
        let run = try export(["menu", "--title", "2026年11月微党课点单"])
        #expect(run.status == 0)
        let html = run.stdout
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<h1>2026年11月微党课点单</h1>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;党课"))
        #expect(!html.contains("<script>"))
        #expect(html.components(separatedBy: "data:image/jpeg;base64,").count == 3)  // both posters inside the page
        // Grouped by theme: 党史 is 党史学习's alias; 党章学习 matches none and keeps its topic.
        #expect(html.contains("<h2>党章学习（1）</h2>"))
        #expect(html.contains("<h2>党史学习（1）</h2>"))
        #expect(!html.contains("src=\"http"))
    }

    @Test func csvAndJsonCarryTheFullRecords() throws {
        let csv = try export(["csv", "党"])
        #expect(csv.stdout.hasPrefix("\u{FEFF}编号,类型,标题,主讲人,组织,组织路径,主题,专题"))
        #expect(csv.stdout.contains(",微党课,"))
        #expect(csv.stdout.contains("桃源县"))
        let json = try export(["json"])
        #expect(json.jsonLines.count == 6)
        #expect(json.jsonLines.allSatisfy { ($0["versions"] as? [Any])?.count == 1 })
    }

    @Test func menuWithNothingApprovedSaysSo() throws {
        let run = try export(["menu", "speaker:王芳"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("只导出已通过审核的节目"))
    }
}
