import ArgumentParser
import Catalog
import Foundation
import LecternCore
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "督查报表：每周提醒、每月汇总、每季度通报。",
        discussion: """
            Examples:
              lectern report weekly
              lectern report monthly --period 2026-11 --format csv --output 十一月汇总.csv
              lectern report quarterly --period 2026-Q3 --format html --output 三季度通报.html
            Periods follow the calendar in China (Asia/Shanghai). Without --period: the month or
            quarter that holds today. --today sets the day the report is made on (default: today).
            Settings: [reports] in lectern.toml.
            """,
        subcommands: [Weekly.self, Monthly.self, Quarterly.self])

    struct Options: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: "The day the report is made on, yyyy-MM-dd (default: today in China).") var today: String?
        @Option(help: "text, md, csv or html.") var format: String = "text"
        @Option(help: "Write to this file instead of the terminal.") var output: String?

        func validate() throws {
            guard ReportFormat(rawValue: format) != nil else {
                throw ValidationError("--format must be one of: text, md, csv, html")
            }
        }

        func day() throws -> String { try ReviewCommand.today(today) }

        func make(_ build: (Reports, String) throws -> ReportDocument) async throws {
            let (library, catalog) = try global.openCatalog()
            let config: LibraryConfig
            do { config = try library.config() } catch { throw ConfigurationError("\(error)") }
            let day = try self.day()
            let reports = Reports(try await catalog.reportSnapshot(), settings: config.reports, generatedAt: global.now)
            let document = try build(reports, day)
            if global.json {
                Output.json(document)
                return
            }
            let text = document.render(ReportFormat(rawValue: format) ?? .text) { path in
                FileManager.default.contents(atPath: library.url(path).path)
            }
            guard let output else {
                Output.write(STDOUT_FILENO, Array(text.utf8))
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                Output.error(output, "无法写入（\(error.localizedDescription)）")
                throw ItemsFailed()
            }
            Output.line("已写入 \(output)")
        }
    }

    static func period(_ parse: () throws -> ReportPeriod) throws -> ReportPeriod {
        do { return try parse() } catch let e as ReportPeriod.Invalid { throw ValidationError(e.description) }
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
        @Option(help: "The month, yyyy-MM (default: this month).") var period: String?
        func run() async throws {
            try await options.make { r, day in
                let p = try ReportCommand.period {
                    try period.map { try ReportPeriod.month($0) } ?? ReportPeriod.month(containing: day)
                }
                return r.monthly(p, today: day)
            }
        }
    }

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarterly",
            abstract: "季度通报：各支部任务完成情况、七一专题党课、约谈名单、退回原因、乡镇排名、优秀微党课。")
        @OptionGroup var options: Options
        @Option(help: "The quarter, yyyy-Qn, e.g. 2026-Q3 (default: this quarter).") var period: String?
        func run() async throws {
            try await options.make { r, day in
                let p = try ReportCommand.period {
                    try period.map { try ReportPeriod.quarter($0) } ?? ReportPeriod.quarter(containing: day)
                }
                return r.quarterly(p, today: day)
            }
        }
    }
}
