import ArgumentParser
import Catalog
import Foundation
import LecternCore
import Testing

@testable import lectern

/// The command line speaks the staff's language and takes their words: through the built
/// binary, as they would type them.
@Suite struct ChineseInputTests {
    let library = temporaryDirectory().appendingPathComponent("library")

    init() throws {
        _ = try Run(["init", "--library", library.path])
    }

    func lectern(_ args: [String]) throws -> Run {
        try Run(args + ["--library", library.path], environment: ["LECTERN_NOW": "2026-12-01T09:00"])
    }

    /// Arguments, and the exit status they give: 0 done, 1 parsed but the lecture does not
    /// exist (so the value was accepted), 2 the value was refused.
    static let cases: [([String], Int32)] = [
        (["list", "--status", "已通过"], 0), (["list", "--status", "待审核"], 0), (["list", "--status", "整改中"], 0),
        (["list", "--status", "已逾期"], 0), (["list", "--status", "未通过检查"], 0), (["list", "--status", "approved"], 0),
        (["list", "--status", "完成了"], 2),
        (["review", "queue", "--status", "待审核,整改中"], 0), (["review", "queue", "--status", "待审核、已逾期"], 0),
        (["review", "queue", "--today", "2026年12月1日"], 0),
        (["review", "reject", "99", "--reason", "照搬照抄"], 1), (["review", "reject", "99", "--reason", "照搬"], 1),
        (["review", "reject", "99", "--reason", "脱离实际"], 1), (["review", "reject", "99", "--reason", "一稿多用"], 1),
        (["review", "reject", "99", "--reason", "一份讲稿用几年"], 1), (["review", "reject", "99", "--reason", "摆拍"], 1),
        (["review", "reject", "99", "--reason", "copied,detached"], 1),
        (["review", "reject", "#99", "--reason", "其他"], 1),
        (["review", "reject", "99", "--reason", "照"], 2), (["review", "reject", "99", "--reason", "问题"], 2),
        (["review", "reject", "99", "--reason", "照搬", "--cite", "#7、12"], 1),
        (["review", "approve", "99", "--score", "内容=9,形式=8,语言=9,效果=8"], 1),
        (["review", "approve", "99", "--score", "内容：9，形式：8，语言：9，效果：8"], 1),
        (["review", "approve", "99", "--score", "content=9,form=8,language=9,effect=8"], 1),
        (["review", "approve", "99", "--score", "内容=9"], 2),
        (["review", "approve", "99", "--score", "内容=11,形式=8,语言=9,效果=8"], 2),
        (["review", "rectify", "99", "--reason", "摆拍", "--deadline", "2026年12月31日"], 1),
        (["review", "rectify", "99", "--reason", "摆拍", "--deadline", "2026/12/31"], 1),
        (["review", "rectify", "99", "--reason", "摆拍", "--deadline", "2026.12.31"], 1),
        (["review", "rectify", "99", "--reason", "摆拍", "--deadline", "20261231"], 1),
        (["review", "rectify", "99", "--reason", "摆拍", "--deadline", "2026-11-30"], 2),  // past
        (["review", "rectify", "99", "--reason", "摆拍", "--deadline", "2026-02-30"], 2),
        (["review", "spot-check", "--sample", "百分之十"], 0), (["review", "spot-check", "--sample", "10%"], 0),
        (["review", "spot-check", "--sample", "二十"], 2),
        (["edit", "99", "--recorded-on", "2024年7月1日"], 1), (["edit", "99", "--recorded-on", "2024/7/1"], 1),
        (["edit", "99", "--recorded-on", "2024-13-01"], 2),
        (["report", "monthly", "--period", "2026年11月", "--format", "表格"], 0),
        (["report", "quarterly", "--period", "2026年第三季度", "--format", "网页"], 0),
        (["report", "quarterly", "--period", "2026-Q3", "--format", "md"], 0),
        (["report", "weekly", "--format", "pdf"], 2), (["report", "weekly", "--today", "2026年7月6日"], 0),
        (["search", "党课", "--sort", "录制日期"], 0), (["search", "党课", "--sort", "导入时间"], 0),
        (["search", "duration:5分钟..15分钟", "recorded:2024年7月..2024年12月"], 0), (["search", "状态:已通过"], 0),
        (["search", "status:完成"], 2), (["search", "duration:五分钟"], 2),
        (["export", "点单"], 0), (["export", "表格"], 0), (["export", "幻灯片"], 2),
        (["user", "add", "张主任", "--role", "管理员"], 0), (["user", "add", "李四", "--role", "老板"], 2),
    ]

    @Test(arguments: cases)
    func chineseValues(arguments: [String], status: Int32) throws {
        let run = try lectern(arguments)
        #expect(run.status == status, "\(arguments): \(run.stderr)")
        if status != 0 { #expect(run.stderr.hasPrefix("lectern: "), "\(arguments)") }
        #expect(!run.stderr.contains("Error:") && !run.stderr.contains("Usage:"), "\(arguments): \(run.stderr)")
    }

    @Test func aRefusedValueSaysWhatIsAcceptedInChinese() throws {
        let reason = try lectern(["review", "reject", "3", "--reason", "照"]).stderr
        #expect(reason.hasPrefix("lectern: --reason <原因>：没有「照」这个原因；可用：理论脱离实际（detached）、"))
        #expect(reason.contains("内容照搬照抄（copied）"))
        #expect(!reason.contains("lectern <子命令>"))  // the usage is the command's own
        let status = try lectern(["list", "--status", "完成了"]).stderr
        #expect(status.hasPrefix("lectern: --status <状态>：没有「完成了」这个状态；可用：已接收（received）"))
        let score = try lectern(["review", "approve", "3", "--score", "内容=9,形式=8"]).stderr
        #expect(score.hasPrefix("lectern: --score <评分>：评分需包含四项：内容、形式、语言、效果，缺少语言、效果"))
        let days = try lectern(["review", "rectify", "3", "--reason", "摆拍"]).stderr
        #expect(days.hasPrefix("lectern: 请写明整改期限：--deadline 日期"))
        let day = try lectern(["edit", "3", "--recorded-on", "七月一日"]).stderr
        #expect(day.hasPrefix("lectern: --recorded-on：「七月一日」不是日期；可以写"))
        let unknown = try lectern(["list", "--stauts", "已通过"]).stderr
        #expect(unknown.hasPrefix("lectern: 没有 --stauts 这个选项；是不是 --status？"))
        let command = try lectern(["reveiw", "queue"]).stderr
        #expect(command.hasPrefix("lectern: 没有「reveiw」这个命令；可用的命令见 lectern --help\n"))
        let subcommand = try lectern(["review", "aprove", "3"]).stderr
        #expect(subcommand.hasPrefix("lectern: 没有「aprove」这个命令；可用的命令见 lectern review --help\n"))
        let missing = try lectern(["review", "reject", "3"]).stderr
        #expect(missing.hasPrefix("lectern: 缺少参数 --reason <原因>"))
    }
}

@Suite struct ChineseHelpTests {
    /// Every command of the program, from the parser's tree.
    static let commands: [[String]] = {
        func walk(_ type: ParsableCommand.Type, _ prefix: [String]) -> [[String]] {
            [prefix]
                + type.configuration.subcommands.flatMap { walk($0, prefix + [$0.configuration.commandName ?? ""]) }
        }
        return walk(Lectern.self, [])
    }()

    /// Latin words that may stand in Chinese help: names of formats and programs, the codes
    /// beside the Chinese words, what is typed.
    static let allowed: Set<String> = {
        var words: Set<String> = [
            "lectern", "FFmpeg", "JSON", "CSV", "UTF", "GBK", "BOM", "Excel", "xlsx", "csv", "HTML", "Markdown", "Ctrl",
            "HTTPS", "HTTP", "Debian", "nginx", "README", "Forwarded", "For", "Lectern", "md", "html", "text", "json",
            "playlist", "menu", "verify", "dangke", "dang", "ke", "wangfang", "wf",
            "dk",
            "changsha", "Q3", "PW", "echo", "mp4", "jpg", "toml", "library", "data", "mnt", "thumbs", "tmp", "help",
            "CPU",
            // A PostgreSQL catalog's address, as typed (`init --catalog postgres://lectern@db/lectern`).
            "PostgreSQL", "postgres", "db",
            // Formats and the export kind's code, as staff see them on the box and type them.
            "JPEG", "PNG", "MP4", "H", "AAC", "lobby", "excellent", "A4",
            "docx", "pptx", "pdf", "txt", "PDF", "doc", "wps",
            // The sample organisation file in `org import --help`: what is typed into it.
            "id", "name", "parent", "kind", "contact", "county", "township", "branch", "chunhua", "xincun",
        ]
        for name in commands.joined() {
            words.insert(name)
            for part in name.split(separator: "-") { words.insert(String(part)) }
        }
        words.formUnion(JobState.allCases.map(\.rawValue))
        for code in ReasonCode.allCases.map(\.rawValue) + ReviewStatus.allCases.map(\.rawValue)
            + UserRole.allCases.map(\.rawValue) + RubricKey.allCases.map(\.rawValue)
            + SearchQuery.Sort.allCases.map(\.rawValue)
        {
            words.insert(code)
        }
        return words
    }()

    @Test(arguments: commands)
    func helpIsChineseAndFitsEightyColumns(command: [String]) throws {
        for form in [command + ["--help"], ["help"] + command] {
            let run = try Run(form, environment: ["COLUMNS": "80"])
            #expect(run.status == 0, "\(form)")
            #expect(!run.stdout.isEmpty)
            for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                #expect(TerminalWidth.of(line) <= 80, "\(form): «\(line)» is \(TerminalWidth.of(line)) columns")
                // Leave out what is typed: options, placeholders, example command lines, paths.
                var text = line
                if text.trimmingCharacters(in: .whitespaces).hasPrefix("lectern ") {
                    text = String(text.drop(while: { $0 != "#" }))  // an example: only its comment, if any
                }
                for pattern in [
                    #"--?[a-z][a-z-]*"#, #"<[^>]*>"#, #"\$[A-Z_]+"#, #"[\w./~-]*[/.][\w./~-]+"#, #"[a-z_]+:"#,
                    #"[a-z]+=\d+"#, #"\[[^\]]*\]"#,
                ] {
                    text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
                }
                for word in text.matches(of: #/[A-Za-z][A-Za-z0-9]+/#).map({ String($0.0) })
                where !Self.allowed.contains(word) {
                    Issue.record("\(form): English word «\(word)» in «\(line)»")
                }
            }
        }
    }

    /// A Chinese sentence is broken only between characters, never inside a placeholder or a
    /// Latin word, and never before a closing mark.
    @Test func wrappingKeepsPhrasesAndMarksTogether() {
        let line = "  --reason <原因>        原因，多个用逗号分开：中文、简称或代码都可以（见 lectern review --help）。"
        let lines = HelpText.wrap(HelpText.aligned(line), width: 60)
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { TerminalWidth.of($0) <= 60 })
        #expect(lines[1].hasPrefix(String(repeating: " ", count: 26)))
        for l in lines {
            let text = l.trimmingCharacters(in: .whitespaces)
            #expect(!HelpText.noBreakBefore.contains(text.first ?? " "), "«\(l)»")
        }
        let usage = HelpText.wrap(
            "用法：lectern ingest [--library <文件夹>] [--json] [--verbose] [--as <用户>] <文件> ...", width: 50)
        #expect(usage.allSatisfy { !$0.hasSuffix("<文") && !$0.contains("件>") || $0.contains("<文件>") })
        #expect(usage.dropFirst().allSatisfy { $0.hasPrefix("      ") })
    }

    @Test func parserPhrasesAreTranslated() {
        #expect(ParserMessages.chinese("Missing expected argument '<编号>'") == "缺少参数 <编号>")
        #expect(ParserMessages.chinese("Unknown option '--x'") == "没有 --x 这个选项")
        #expect(ParserMessages.chinese("Unexpected argument 'x'") == "多余的参数「x」")
        #expect(ParserMessages.chinese("Missing value for '--reason <原因>'") == "--reason <原因> 后面缺少值")
        #expect(
            ParserMessages.chinese("The value 'abc' is invalid for '--jobs <数量>'") == "--jobs <数量>：「abc」不是数字")
        #expect(
            HelpText.translate("  -h, --help              Show help information.") == "  -h, --help              显示本帮助。"
        )
    }
}

@Suite struct ChineseValueParsingTests {
    @Test(arguments: [
        ("2024-07-01", "2024-07-01"), ("2024/7/1", "2024-07-01"), ("2024.7.1", "2024-07-01"),
        ("20240701", "2024-07-01"),
        ("2024年7月1日", "2024-07-01"), ("2024年7月1号", "2024-07-01"), ("２０２４／７／１", "2024-07-01"),
        ("2024-02-29", "2024-02-29"),
    ])
    func days(text: String, expected: String) {
        #expect(TypedDay.parse(text) == expected)
        #expect(Day(argument: text)?.text == expected)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "七月一日", "2024/7", "2024-7/1", "1899-01-01", "2024年7月1日日", ""])
    func notDays(text: String) {
        #expect(TypedDay.parse(text) == nil)
    }

    @Test(arguments: [
        ("5m", 300.0), ("5分钟", 300), ("5分", 300), ("1小时", 3600), ("90秒", 90), ("90s", 90), ("1h30m", 5400),
        ("1小时30分", 5400), ("1小时30", 5400), ("5分30", 330), ("1.5小时", 5400), ("12", 720), ("２分钟", 120),
    ])
    func durations(text: String, seconds: Double) {
        #expect(TypedDuration.seconds(text) == seconds)
    }

    @Test(arguments: ["五分钟", "5x", "m5", "", "5秒30"])
    func notDurations(text: String) {
        #expect(TypedDuration.seconds(text) == nil)
    }

    @Test func wordsInChineseShortFormsAndCodes() throws {
        #expect(Words<ReasonCode>(argument: "照搬,脱离实际、一稿多用")?.values == [.copied, .detached, .reused])
        #expect(Words<ReasonCode>(argument: "一份讲稿用几年")?.values == [.reused])
        #expect(Words<ReasonCode>(argument: "问题") == nil)  // 画面问题 or 声音问题: ambiguous
        #expect(ReviewStatus(argument: "已逾期") == .overdue)
        #expect(ReviewStatus(argument: "整改中") == .rectifying)
        #expect(ReviewStatus(argument: "AutoRejected") == .autoRejected)
        #expect(UserRole(argument: "审核员") == .reviewer)
        #expect(SearchQuery.Sort(argument: "录制日期") == .recorded)
        #expect(
            try RubricScores.parse("内容=9，形式=8、语言=9 效果=8") == RubricScores(content: 9, form: 8, language: 9, effect: 8))
        #expect(Share(argument: "百分之十五")?.fraction == 0.15)
        #expect(LectureID(argument: "#12")?.value == 12)
        #expect(LectureIDs(argument: "#7、12")?.values == [7, 12])
    }

    @Test func datesInJSONAreISO8601WithTheirOffset() throws {
        let date = Date(timeIntervalSince1970: 1_795_000_000.25)
        #expect(ISODate.string(date) == "2026-11-18T19:06:40.250+08:00")
        #expect(ISODate.date(ISODate.string(date)) == date)
        let json = String(decoding: try Output.encoder.encode(["at": date]), as: UTF8.self)
        #expect(json == #"{"at":"2026-11-18T19:06:40.250+08:00"}"#)
    }
}
