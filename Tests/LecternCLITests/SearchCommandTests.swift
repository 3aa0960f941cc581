import Foundation
import Testing

@Suite struct SearchCommandTests {
    let library: URL

    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        _ = try Run(["init", "--library", library.path])
        _ = try Run(["org", "import", "Fixtures/organisations.csv", "--library", library.path])
        _ = try Run(["ingest", "Fixtures/uploads", "--manifest", "Fixtures/uploads/清单.xlsx", "--library", library.path])
    }

    func search(_ args: [String]) throws -> Run { try Run(["search"] + args + ["--library", library.path]) }

    @Test func jsonHitsInTheDocumentedShape() throws {
        let run = try search(["dangke", "--json"])
        #expect(run.status == 0)
        let titles = run.jsonLines.compactMap { $0["title"] as? String }
        #expect(Set(titles) == ["七一特别党课", "微党课：学习贯彻党的二十大精神"])
        let hit = try #require(run.jsonLines.first)
        for key in [
            "id", "title", "speaker", "organisation", "topic", "recordedOn", "durationSeconds", "status", "score",
        ] {
            #expect(hit.keys.contains(key), "\(key)")
        }
    }

    /// Every query form through the binary, on the sample uploads described by the workbook:
    /// #1 手机录制 竖屏, 微党课：学习贯彻党的二十大精神 (吴辉, 春华镇), 一月一课：学习党章 (李明, 桃源县,
    /// 党章学习, 2024-07-01, 3:00), 七一特别党课 (王芳, 禄劝县, 七一;专题), 党史小故事 (张华, 青山湖区, 2:59).
    @Test(arguments: [
        ("党课", ["七一特别党课", "微党课：学习贯彻党的二十大精神"]),
        ("黨課", ["七一特别党课", "微党课：学习贯彻党的二十大精神"]),
        ("dangke", ["七一特别党课", "微党课：学习贯彻党的二十大精神"]),
        ("dk", ["七一特别党课", "微党课：学习贯彻党的二十大精神"]),
        ("党", ["一月一课：学习党章", "七一特别党课", "党史小故事", "微党课：学习贯彻党的二十大精神"]),
        ("\"学习 党章\"", ["一月一课：学习党章"]),
        ("党 -七一", ["一月一课：学习党章", "党史小故事", "微党课：学习贯彻党的二十大精神"]),
        ("speaker:李明", ["一月一课：学习党章"]), ("speaker:limingg", []),
        ("topic:党史", ["党史小故事"]), ("tag:专题", ["七一特别党课"]),
        ("org:长沙县", ["微党课：学习贯彻党的二十大精神"]), ("org:taoyuan", ["一月一课：学习党章"]),
        ("status:pending", ["一月一课：学习党章"]), ("duration:3m..", ["一月一课：学习党章"]),
        ("duration:..10s", ["七一特别党课", "微党课：学习贯彻党的二十大精神", "手机录制 竖屏"]),
        ("recorded:2024-06", ["党史小故事"]), ("recorded:2024-07..", ["一月一课：学习党章", "七一特别党课"]),
        ("ingested:2020-01-01..", ["一月一课：学习党章", "七一特别党课", "党史小故事", "微党课：学习贯彻党的二十大精神", "手机录制 竖屏"]),
        ("shouji", ["手机录制 竖屏"]), ("qingshanhu", ["党史小故事"]),
    ])
    func queryTableThroughTheBinary(query: String, titles: [String]) throws {
        let run = try search(query.split(separator: " ").map(String.init) + ["--json", "--limit", "50"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Set(run.jsonLines.compactMap { $0["title"] as? String }) == Set(titles))
    }

    @Test func traditionalQueryAndFieldFiltersThroughTheCommand() throws {
        #expect(try search(["黨課", "--json"]).jsonLines.count == 2)
        let filtered = try search(["org:长沙县", "duration:..1m", "--json"]).jsonLines
        #expect(filtered.map { $0["title"] as? String } == ["微党课：学习贯彻党的二十大精神"])
    }

    @Test func csvOpensInExcel() throws {
        let run = try search(["status:autoRejected", "--csv"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("\u{FEFF}编号,类型,标题,主讲人,组织,主题,专题,录制日期,时长（秒）,状态"))
        #expect(run.stdout.split(separator: "\n").count == 5)  // header + 4 policy failures
    }

    @Test func tableIsAlignedForChinese() throws {
        let run = try search(["党"])
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        // Every row's status column starts at the same terminal column.
        let starts = lines.dropFirst().map { line in
            line.prefix(while: { $0 != "待" && $0 != "未" }).reduce(0) {
                $0 + (($1.unicodeScalars.first.map { $0.value >= 0x2E80 } ?? false) ? 2 : 1)
            }
        }
        #expect(Set(starts).count == 1)
    }

    @Test func aMalformedQueryPointsAtTheBadPart() throws {
        let run = try search(["党课", "duration:5x"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("lectern: 查询写法有误：时长写法不对：5x"))
        #expect(run.stderr.contains("党课 duration:5x\n              ^^"))
        #expect(!run.stderr.contains("SQL"))
    }

    @Test func unknownOrganisationIsNamed() throws {
        let run = try search(["org:不存在的镇"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("没有找到组织「不存在的镇」"))
    }

    @Test func nothingFoundSaysSo() throws {
        let run = try search(["量子力学"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("没有找到符合条件的节目"))
    }
}
