import Foundation
import Testing

/// `lectern report` through the built binary, on the sample uploads replayed on a clock
/// (LECTERN_NOW): uploaded on 2 July 2026, 一月一课 approved with scores on 5 July.
@Suite struct ReportCommandTests {
    let library: URL
    let env: [String: String]

    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        env = ["LECTERN_NOW": "2026-07-02T10:00", "LECTERN_LIBRARY": library.path]
        _ = try Run(["init"], environment: env)
        _ = try Run(["org", "import", "Fixtures/organisations.csv"], environment: env)
        _ = try Run(["ingest", "Fixtures/uploads", "--manifest", "Fixtures/uploads/清单.xlsx"], environment: env)
        let list = try Run(["list", "--json"], environment: env).jsonLines
        let id = list.first { $0["title"] as? String == "一月一课：学习党章" }?["id"] as? Int ?? 0
        var later = env
        later["LECTERN_NOW"] = "2026-07-05T10:00"
        _ = try Run(
            ["review", "approve", "\(id)", "--score", "content=9,form=9,language=9,effect=9"], environment: later)
    }

    func report(_ args: [String]) throws -> Run { try Run(["report"] + args, environment: env) }

    @Test func quarterlyInTheTerminal() throws {
        let r = try report(["quarterly", "--period", "2026-Q3", "--today", "2026-10-10"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("微党课季度通报\n2026年第三季度    数据截至 2026-09-30    生成于 2026-07-02 10:00\n"))
        #expect(r.stdout.contains("完成季度任务 0（0%）"))  // 新村党支部 held nothing in Q3
        #expect(r.stdout.contains("  新村党支部  春华镇           0       0  未完成    未开展"))
        #expect(r.stdout.contains("一月一课：学习党章"))  // excellent: 9 on every criterion
    }

    @Test func everyFormatToAFile() throws {
        let dir = temporaryDirectory()
        for (format, check) in [
            ("csv", "\u{FEFF}微党课月度汇总,2026年7月"), ("md", "# 微党课月度汇总"),
            ("html", "<!DOCTYPE html>"), ("text", "微党课月度汇总\n"),
        ] {
            let file = dir.appendingPathComponent("monthly.\(format)")
            let r = try report(["monthly", "--period", "2026-07", "--format", format, "--output", file.path])
            #expect(r.status == 0)
            #expect(r.stdout == "已写入 \(file.path)\n")
            let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)  // keeps a BOM
            #expect(text.hasPrefix(check), "\(format)")
        }
        let json = try report(["weekly", "--today", "2026-07-06", "--json"]).jsonLines.first
        #expect(json?["kind"] as? String == "weekly")
        #expect((json?["sections"] as? [[String: Any]])?.count == 5)
    }

    @Test func badPeriodsAndFormatsAreUsageErrors() throws {
        let month = try report(["monthly", "--period", "2026-13"])
        #expect(month.status == 2)
        #expect(month.stderr == "lectern: 月份写法不对：「2026-13」（例如 2026-11 或 2026年11月）\n")
        #expect(try report(["quarterly", "--period", "Q3"]).status == 2)
        #expect(try report(["weekly", "--format", "pdf"]).status == 2)
        #expect(try report(["weekly", "--today", "2026-02-30"]).status == 2)
    }

    @Test func outputProblemsAreSaidBeforeAnyWorkAndJSONGoesWhereItIsAsked() throws {
        let folder = temporaryDirectory()
        let missing = try report(["weekly", "--output", folder.path + "/没有的文件夹/周报.html"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "lectern: --output：文件夹「\(folder.path)/没有的文件夹」不存在，请先建好这个文件夹，或写到别的位置\n")
        let isFolder = try report(["weekly", "--output", folder.path])
        #expect(isFolder.status == 2)
        #expect(isFolder.stderr.hasPrefix("lectern: --output：「\(folder.path)」是一个文件夹，请写文件名"))
        let both = try report(["weekly", "--json", "--format", "csv"])
        #expect(both.status == 2)
        #expect(both.stderr.hasPrefix("lectern: --json 与 --format 不能同时使用"))
        let file = folder.appendingPathComponent("周报.json")
        let json = try report(["weekly", "--json", "--output", file.path])
        #expect(json.status == 0)
        #expect(json.stdout.isEmpty)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        #expect(written?["kind"] as? String == "weekly")
        #expect(try report(["monthly", "--period", "99999-01"]).status == 2)
    }
}
