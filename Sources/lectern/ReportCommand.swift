import ArgumentParser
import Catalog
import Foundation
import LecternCore
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "督查报表：每周提醒、每月汇总、每季度通报、年度报告。",
        discussion: """
            示例：
              lectern report weekly
              lectern report monthly --period 2026年11月 --format 表格 --output 十一月汇总.csv
              lectern report quarterly --period 2026年第三季度 --format 网页 --output 三季度通报.html
              lectern report weekly --org 春华镇                    春华镇自己的每周提醒
              lectern report yearly --period 2026 --format 网页 --output 2026年度.html
              lectern report orders --period 2026                   点单、送课和巡讲覆盖
              lectern report speakers --period 2026                 授课党员排行和按身份统计
            日期按中国时间（北京时间）计算。不写 --period 时为今天所在的月份或季度；--today 指定\
            报表按哪一天出（默认：今天）；--org 只出这个组织及其下级的报表。报表的设置在 lectern.toml 的 [reports] 一节。
            格式：\(ReportFormat.accepted)
            """,
        subcommands: [Weekly.self, Monthly.self, Quarterly.self, Yearly.self, Orders.self, Speakers.self])

    struct Options: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("报表按哪一天出（默认：中国的今天）。", valueName: ArgumentNames.day)) var today: Day?
        @Option(
            help: ArgumentHelp(
                "输出格式：文本、Markdown、表格（CSV）或网页（HTML）（默认：文本；不能与 --json 同用）。",
                valueName: ArgumentNames.format))
        var format: ReportFormat?
        @Option(help: ArgumentHelp("写入这个文件，而不是显示在终端上（--json 时写入报表的数据）。", valueName: ArgumentNames.file))
        var output: String?
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("只出这个组织（如一个乡镇）及其下级的报表。", valueName: ArgumentNames.organisation))
        var org: String?

        func day() throws -> String { ReviewCommand.today(today) }

        func make(_ build: (Reports, String) throws -> ReportDocument) async throws {
            try await make { r, day, _ in try build(r, day) }
        }

        func make(_ build: (Reports, String, LibraryConfig) throws -> ReportDocument) async throws {
            if global.json, format != nil {
                throw ConfigurationError("--json 与 --format 不能同时使用：--json 给出报表的数据，--format 选择打印或查看的格式")
            }
            if let output { try Self.checkWritable(output) }
            let (library, catalog) = try global.openCatalog()
            let config: LibraryConfig
            do { config = try library.config() } catch { throw ConfigurationError("\(error)") }
            let day = try self.day()
            var scope: String?
            if let org {
                guard let found = try await catalog.resolveOrganisation(org) else {
                    throw ConfigurationError("--org：没有找到组织「\(org)」（可用 lectern org tree 查看，重名时写组织编号）")
                }
                scope = found.id
            }
            let reports = Reports(
                try await catalog.reportSnapshot(), settings: config.reports, generatedAt: global.now, scope: scope)
            let document = try build(reports, day, config)
            let text: String
            if global.json {
                guard output != nil, let data = try? Output.encoder.encode(document) else {
                    Output.json(document)
                    return
                }
                text = String(decoding: data, as: UTF8.self) + "\n"
            } else {
                text = document.render(format ?? .text) { path in
                    FileManager.default.contents(atPath: library.url(path).path)
                }
            }
            guard let output else {
                Output.write(STDOUT_FILENO, Array(text.utf8))
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                let code = (error as NSError).userInfo[NSUnderlyingErrorKey].flatMap { ($0 as? NSError)?.code }
                Output.error(output, "无法写入：\(code.map { String(cString: strerror(Int32($0))) } ?? "写入失败")")
                throw ItemsFailed()
            }
            if !global.json { Output.line("已写入 \(output)") }
        }

        /// Before any work: the file can be written where it is asked for, or a message that
        /// says what is wrong (a folder given as the file, a folder that does not exist).
        static func checkWritable(_ output: String) throws {
            let url = URL(fileURLWithPath: output)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ConfigurationError(
                    "--output：「\(output)」是一个文件夹，请写文件名，例如 \(url.appendingPathComponent("报表.html").path)")
            }
            let folder = url.deletingLastPathComponent()
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw ConfigurationError("--output：文件夹「\(folder.path)」不存在，请先建好这个文件夹，或写到别的位置")
            }
            if access(folder.path, W_OK) != 0 {
                throw ConfigurationError("--output：没有在文件夹「\(folder.path)」中写入的权限")
            }
        }
    }

    /// `--as-of`: the day a period's figures count to (default: the period's last day, or today
    /// while it is not over), so that a bulletin says the same whenever it is run.
    struct AsOfOption: ParsableArguments {
        @Option(
            name: .customLong("as-of"),
            help: ArgumentHelp("数据截至哪一天（默认：该期间的最后一天；期间未结束时为今天）。", valueName: ArgumentNames.day))
        var day: Day?

        func day(in period: ReportPeriod, today: String) throws -> String? {
            guard let day else { return nil }
            if day.text > today { throw ConfigurationError("--as-of \(day.text) 还没有到（今天是 \(today)）") }
            if day.text < period.firstDay {
                throw ConfigurationError("--as-of \(day.text) 早于 \(period.label)的第一天 \(period.firstDay)")
            }
            return day.text
        }
    }

    static func period(_ parse: () throws -> ReportPeriod) throws -> ReportPeriod {
        do { return try parse() } catch let e as ReportPeriod.Invalid { throw ConfigurationError(e.description) }
    }

    struct Weekly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "weekly",
            abstract: "每周提醒：久未审核、即将到期和逾期的整改、本季度尚无节目的支部。")
        @OptionGroup var options: Options
        func run() async throws { try await options.make { r, day in r.weekly(today: day) } }
    }

    struct Monthly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "monthly",
            abstract: "每月汇总：各组织（含下级）的提交、通过、退回、整改、逾期、时长和审核天数，本月新节目按主题。")
        @OptionGroup var options: Options
        @Option(help: ArgumentHelp("哪个月，如 2026-11 或 2026年11月（默认：本月）。", valueName: ArgumentNames.month))
        var period: String?
        @OptionGroup var asOf: AsOfOption
        func run() async throws {
            try await options.make { r, day in
                let p = try ReportCommand.period {
                    try period.map { try ReportPeriod.month($0) } ?? ReportPeriod.month(containing: day)
                }
                return r.monthly(p, today: day, asOf: try asOf.day(in: p, today: day))
            }
        }
    }

    struct Yearly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "yearly",
            abstract: "年度报告（供书记述职和年度考核）：各组织全年的微党课、主题党日、教育片、实践、参加人次，各支部按季度和按月的完成情况，退回整改原因，约谈，优秀微党课。")
        @OptionGroup var options: Options
        @Option(help: ArgumentHelp("哪一年，如 2026 或 2026年（默认：今年）。", valueName: ArgumentNames.text)) var period: String?
        @OptionGroup var asOf: AsOfOption
        func run() async throws {
            try await options.make { r, day in
                let p = try ReportCommand.period {
                    try period.map { try ReportPeriod.year($0) } ?? ReportPeriod.year(containing: day)
                }
                return r.yearly(p, today: day, asOf: try asOf.day(in: p, today: day))
            }
        }
    }

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarterly",
            abstract: "季度通报：各支部任务完成情况、七一专题党课、约谈名单、退回原因、乡镇排名、优秀微党课。")
        @OptionGroup var options: Options
        @Option(
            help: ArgumentHelp("哪个季度，如 2026-Q3 或 2026年第三季度（默认：本季度）。", valueName: ArgumentNames.quarter))
        var period: String?
        @OptionGroup var asOf: AsOfOption
        func run() async throws {
            try await options.make { r, day in
                let p = try ReportCommand.period {
                    try period.map { try ReportPeriod.quarter($0) } ?? ReportPeriod.quarter(containing: day)
                }
                return r.quarterly(p, today: day, asOf: try asOf.day(in: p, today: day))
            }
        }
    }
}
