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
        for key in ["id", "title", "speaker", "organisation", "topic", "recordedOn", "durationSeconds", "status", "score"] {
            #expect(hit.keys.contains(key), "\(key)")
        }
    }

    @Test func traditionalQueryAndFieldFiltersThroughTheCommand() throws {
        #expect(try search(["黨課", "--json"]).jsonLines.count == 2)
        let filtered = try search(["org:长沙县", "duration:..1m", "--json"]).jsonLines
        #expect(filtered.map { $0["title"] as? String } == ["微党课：学习贯彻党的二十大精神"])
    }

    @Test func csvOpensInExcel() throws {
        let run = try search(["status:autoRejected", "--csv"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("\u{FEFF}编号,标题,主讲人,组织,主题,录制日期,时长（秒）,状态"))
        #expect(run.stdout.split(separator: "\n").count == 5)  // header + 4 policy failures
    }

    @Test func tableIsAlignedForChinese() throws {
        let run = try search(["党"])
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        // Every row's status column starts at the same terminal column.
        let starts = lines.dropFirst().map { line in line.prefix(while: { $0 != "待" && $0 != "未" }).reduce(0) {
            $0 + (($1.unicodeScalars.first.map { $0.value >= 0x2E80 } ?? false) ? 2 : 1)
        } }
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
