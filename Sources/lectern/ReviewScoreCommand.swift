import ArgumentParser
import Catalog
import Foundation
import LecternCore

extension ReviewCommand {
    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract: "评选小组评分：按内容、形式、语言、效果四项各 1–10 分（每位评委一次，记入审核日志）。",
            discussion: """
                几位评委给同一节微党课评分，节目的得分是各位评委平均分的平均，并列出最低和最高。
                lectern.toml 的评选设置规定不给本组织评分时，评委不能给本组织（及下级）的微党课评分。
                示例：
                  lectern review score 12 --score 内容=9,形式=8,语言=9,效果=8 --comment 小切口讲大道理
                  lectern review score 12 --score 内容9，形式9，语言8，效果9 --as 张评委
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("节目编号。", valueName: ArgumentNames.id)) var lecture: LectureID
        @Option(help: ArgumentHelp("四项评分，如 内容=9,形式=8,语言=9,效果=8。", valueName: ArgumentNames.score))
        var score: RubricScores
        @Option(help: ArgumentHelp("评语（写进优秀微党课汇编）。", valueName: ArgumentNames.text)) var comment: String?

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let id = lecture.value
            let result: LectureScore = try await Output.attempt("#\(id)") {
                try await catalog.score(id, score, comment: comment, actor: global.actingUser, now: global.now)
            }
            if global.json {
                Output.json(
                    ScoreLine(
                        id: id, mean: result.mean, lowest: result.lowest, highest: result.highest, count: result.count))
                return
            }
            Output.line("#\(id) 已评分（\(String(format: "%.1f", Double(score.total) / 4)) 分）；目前 \(result.chinese)")
        }
    }

    /// `review score --json`.
    struct ScoreLine: Codable {
        var id: Int64
        var mean: Double
        var lowest: Double
        var highest: Double
        var count: Int
    }
}
