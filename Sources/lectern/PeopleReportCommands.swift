import ArgumentParser
import Catalog
import Foundation
import LecternCore
import Reports

/// A year, quarter, month or day as staff write it; default: this year.
struct AnyPeriodOption: ParsableArguments {
    @Option(
        help: ArgumentHelp("哪一期：2026、2026年第四季度、2026-11 或一天（默认：今年）。", valueName: ArgumentNames.text))
    var period: String?
    @OptionGroup var asOf: ReportCommand.AsOfOption

    func resolve(today: String) throws -> (ReportPeriod, String?) {
        let p = try ReportCommand.period {
            try period.map { try ReportPeriod.any($0) } ?? ReportPeriod.year(containing: today)
        }
        return (p, try asOf.day(in: p, today: today))
    }
}

extension ReportCommand {
    struct Orders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "orders",
            abstract: "点单与巡讲：各乡镇和各主讲人的点单、已送课、待送课，巡讲到了哪些支部。")
        @OptionGroup var options: Options
        @OptionGroup var period: AnyPeriodOption
        func run() async throws {
            try await options.make { r, day in
                let (p, asOf) = try period.resolve(today: day)
                return r.orders(p, today: day, asOf: asOf)
            }
        }
    }

    struct Speakers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "speakers",
            abstract: "授课党员：按通过的微党课、点单送课和平均评分排行（评选优秀授课党员），以及按主讲人身份的统计。")
        @OptionGroup var options: Options
        @OptionGroup var period: AnyPeriodOption
        func run() async throws {
            try await options.make { r, day in
                let (p, asOf) = try period.resolve(today: day)
                return r.speakers(p, today: day, asOf: asOf)
            }
        }
    }
}

struct PointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points",
        abstract: "党员积分：讲微党课、点单送课、优秀微党课、参加主题党日各得多少分，按记录自动计算。",
        discussion: """
            积分规则在 lectern.toml 的 [points] 一节；积分不用手填，总与记录一致。
            参加人员按姓名对照本支部的名册，对不上的人列在“未计分的参加人员”中。
            示例：
              lectern points --period 2026
              lectern points --period 2026年第四季度 --org 春华镇 --format 表格 --output 积分.csv
            格式：\(ReportFormat.accepted)
            """)
    @OptionGroup var options: ReportCommand.Options
    @OptionGroup var period: AnyPeriodOption
    func run() async throws {
        try await options.make { r, day, config in
            let (p, asOf) = try period.resolve(today: day)
            return r.points(p, today: day, rules: config.points, asOf: asOf)
        }
    }
}
