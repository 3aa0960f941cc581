import Foundation
import Testing

/// Speakers, the panel, orders, points and the excellent lectures, through the built binary.
@Suite struct PeopleWorkCommandTests {
    let root = temporaryDirectory()
    var env: [String: String] {
        ["LECTERN_LIBRARY": root.appendingPathComponent("library").path, "LECTERN_USER": "admin"]
    }

    init() throws {
        _ = try Run(["init"], environment: env)
        _ = try Run(["org", "import", "Fixtures/organisations.csv"], environment: env)
        for (name, org, role) in [("王芳", "新村党支部", "本土讲师"), ("王芳", "桃源县", "普通党员"), ("李明", "新村党支部", "书记")] {
            _ = try Run(["person", "add", name, "--org", org, "--role", role], environment: env)
        }
        _ = try Run(["user", "add", "admin", "--role", "admin"], environment: env)
        _ = try Run(["user", "add", "张评委", "--role", "reviewer"], environment: env)
    }

    @Test func phonesAreForStaffOnly() throws {
        _ = try Run(["person", "edit", "3", "--phone", "13800000001"], environment: env)
        #expect(try Run(["person", "show", "3"], environment: env).stdout.contains("13800000001"))
        let reviewer = try Run(["person", "list", "--json", "--as", "张评委"], environment: env)
        #expect(reviewer.status == 0 && reviewer.jsonLines.count == 3)
        #expect(!reviewer.stdout.contains("13800000001"))
        #expect(!(try Run(["person", "show", "3", "--as", "张评委"], environment: env).stdout.contains("13800000001")))
    }

    @Test func aSharedNameIsAskedAboutAtIngestAndThePanelOrdersAndPointsFollowTheRecords() throws {
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (name, fixture) in [("甲.mp4", "length_3m00s.mp4"), ("乙.mp4", "length_20m00s.mp4")] {
            try FileManager.default.copyItem(
                at: Run.root.appendingPathComponent("Fixtures/media/\(fixture)"), to: inbox.appendingPathComponent(name)
            )
        }
        try """
        文件,标题,主讲人,主讲人单位,组织
        甲.mp4,乡村振兴第一课,王芳,,新村党支部
        乙.mp4,党史故事,王芳,桃源县,新村党支部
        """.write(to: inbox.appendingPathComponent("清单.csv"), atomically: true, encoding: .utf8)
        let ingest = try Run(["ingest", inbox.path, "--json"], environment: env)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let files = ingest.jsonLines.filter { $0["file"] != nil }
        let byName = Dictionary(
            uniqueKeysWithValues: files.compactMap { f in
                (f["file"] as? String).map { (($0 as NSString).lastPathComponent, f) }
            })
        let a = try #require(byName["甲.mp4"]?["id"] as? Int), b = try #require(byName["乙.mp4"]?["id"] as? Int)
        // The same name in the host branch's register is that member (said); 桃源县 names the other.
        let warnings = (byName["甲.mp4"]?["warnings"] as? [String] ?? []).joined()
        #expect(warnings.contains("按本组织的党员认定为 #1"), "\(warnings)")
        let shownB = try Run(["show", "\(b)", "--json"], environment: env).jsonLines.first
        #expect((shownB?["speakers"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [2])
        // Without a unit and outside either branch: asked, not linked.
        let edited = try Run(["edit", "\(a)", "--speaker", "王芳", "--org", "禄劝县"], environment: env)
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("名册中有 2 位「王芳」"), "\(edited.stderr)")
        #expect(try Run(["edit", "\(a)", "--speaker", "王芳#1、李明"], environment: env).status == 0)
        #expect(try Run(["show", "\(a)"], environment: env).stdout.contains("王芳（#1，新村党支部，本土讲师）、李明（#3"))

        for id in [a, b] { _ = try Run(["review", "approve", "\(id)"], environment: env) }
        let scored = try Run(
            ["review", "score", "\(a)", "--score", "内容9，形式9，语言9，效果9", "--comment", "小切口讲大道理", "--as", "张评委"],
            environment: env)
        #expect(scored.stdout == "#\(a) 已评分（9.0 分）；目前 9.0 分（1 人评）\n", "\(scored.stderr)")
        let twice = try Run(
            ["review", "score", "\(a)", "--score", "内容=1,形式=1,语言=1,效果=1", "--as", "张评委"], environment: env)
        #expect(twice.status == 1 && twice.stderr.contains("每位评委只评一次"))
        _ = try Run(["review", "score", "\(a)", "--score", "内容=8,形式=8,语言=8,效果=8"], environment: env)
        let hits = try Run(["search", "score:>=8.5", "--json"], environment: env).jsonLines
        #expect(hits.compactMap { $0["id"] as? Int } == [a])
        #expect(hits.first?["panelScore"] as? Double == 8.5)

        let order = try Run(
            ["order", "add", "--org", "春华镇", "--lecture", "\(a)", "--date", "2026-11-05", "--json"], environment: env)
        let orderId = try #require(order.jsonLines.first?["id"] as? Int)
        let delivered = try Run(
            ["order", "deliver", "\(orderId)", "--date", "2026-11-20", "--participants", "12", "--names", "王芳、赵六"],
            environment: env)
        #expect(delivered.stdout.hasPrefix("点单 #\(orderId) 已送课（2026-11-20），记为主题党日 #"), "\(delivered.stderr)")
        let activity = try #require(
            delivered.stdout.split(separator: "#").last.map { String($0.prefix { $0.isNumber }) })
        let record = Run.root.appendingPathComponent("Fixtures/documents/讲稿-UTF8.txt").path
        let attached = try Run(["attach", "--activity", activity, record, "--role", "记录"], environment: env)
        #expect(attached.stdout.contains("主题党日 #\(activity) 附上记录 讲稿-UTF8.txt"), "\(attached.stderr)")
        #expect(try Run(["activity", "list"], environment: env).stdout.contains("记录：讲稿-UTF8.txt"))
        let list = try Run(["order", "list", "--json"], environment: env).jsonLines
        #expect(list.first?["deliveredOn"] as? String == "2026-11-20")
        let report = try Run(
            ["report", "orders", "--period", "2026", "--today", "2026-12-31", "--json"], environment: env)
        let figures = (report.jsonLines.first?["figures"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
        #expect(figures?.prefix(3) == ["1", "1", "0"])

        _ = try Run(["org", "members", "新村党支部", "25", "--date", "2026-01-01"], environment: env)
        #expect(try Run(["org", "members"], environment: env).stdout.contains("新村党支部"))
        let points = try Run(
            ["points", "--period", "2026", "--today", "2026-12-31", "--format", "csv"], environment: env)
        #expect(points.status == 0)
        // 5 (approved) + 10 (excellent) + 3 (delivered) + 1 (came to the delivery, named).
        #expect(points.stdout.contains(",王芳,新村党支部,本土讲师,19,"), "\(points.stdout)")
        #expect(points.stdout.contains("赵六"))  // said as not counted

        let out = root.appendingPathComponent("汇编")
        let excellent = try Run(["export", "汇编", "--period", "2026", "--to", out.path], environment: env)
        #expect(excellent.status == 0, "\(excellent.stderr)")
        let booklet = try String(contentsOf: out.appendingPathComponent("优秀微党课汇编.html"), encoding: .utf8)
        #expect(booklet.contains("2026年优秀微党课汇编") && booklet.contains("小切口讲大道理"))
        #expect(booklet.contains("@page{size:A4"))
        let csv = try String(contentsOf: out.appendingPathComponent("优秀微党课.csv"), encoding: .utf8)
        #expect(csv.contains(",乡村振兴第一课,王芳、李明,") && !csv.contains("党史故事"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("大厅播放/播放列表.m3u").path))
        let none = try Run(["export", "汇编", "--period", "2025", "--to", out.path], environment: env)
        #expect(none.status == 1 && none.stderr.contains("没有评为优秀的微党课"))
    }
}
