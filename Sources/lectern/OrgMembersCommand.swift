import ArgumentParser
import Catalog
import Foundation
import LecternCore

extension Org {
    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "members",
            abstract: "党员人数：登记一个组织从某天起的党员人数，或列出登记过的人数（报表据此算参与比例）。",
            discussion: """
                示例：
                  lectern org members 龙王庙村党支部 32 --date 2026-01-01
                  lectern org members 春华镇                    列出春华镇及其下级登记的人数
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("组织的编号或名称（不写：全部）。", valueName: ArgumentNames.organisation))
        var org: String?
        @Argument(help: ArgumentHelp("党员人数（不写：只列出）。", valueName: ArgumentNames.count)) var count: Int?
        @Option(help: ArgumentHelp("从哪一天起（默认：今天）。", valueName: ArgumentNames.day)) var date: Day?

        func run() async throws {
            if let count, let org {
                let (_, catalog) = try global.openCatalog(writing: true)
                let day = date?.text ?? LectureDay.string(global.now)
                try await Output.attempt(org) {
                    try await catalog.setMemberCount(
                        organisation: org, count: count, day: day, actor: global.actingUser, now: global.now)
                }
                if !global.json { Output.line("已登记：\(org) 自 \(day) 起党员 \(count) 人") }
                return
            }
            let (_, catalog) = try global.openCatalog()
            let list: [MemberCount] = try await Output.attempt(org ?? "org") {
                try await catalog.memberCounts(organisation: org)
            }
            if global.json {
                list.forEach { Output.json($0) }
                return
            }
            if list.isEmpty {
                Output.line("还没有登记党员人数（例如 lectern org members 龙王庙村党支部 32 --date 2026-01-01）。")
                return
            }
            for m in list { Output.line("\(TerminalWidth.fit(m.organisation, 20)) 自 \(m.day) 起 \(m.count) 人") }
        }
    }
}
