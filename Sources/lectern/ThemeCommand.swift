import ArgumentParser
import Catalog
import Foundation
import LecternCore

/// `lectern theme`: the themes of lectern.toml and the topics none of them matched.
struct ThemeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "专题（主题分类）：查看 lectern.toml 中的专题，列出没有归入专题的主题。",
        discussion: """
            节目的“主题”按 lectern.toml 中 [themes."…"] 的名称和别名归入专题（简繁体、别名、
            含有专题名称均可，如「鄉村振興」「乡村振兴专题」都归入 乡村振兴）。修改 lectern.toml 后，
            下一次运行任何命令时所有节目重新归类。
            示例：
              lectern theme list
              lectern theme unmatched
            """,
        subcommands: [List.self, Unmatched.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出专题、别名和各有多少节目。")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let counts = try await catalog.themeCounts()
            if global.json {
                counts.forEach {
                    Output.json(ThemeLine(name: $0.theme.name, aliases: $0.theme.aliases, lectures: $0.lectures))
                }
                return
            }
            for count in counts {
                let (theme, n) = (count.theme, count.lectures)
                let aliases = theme.aliases.isEmpty ? "" : "（别名：\(theme.aliases.joined(separator: "、"))）"
                Output.line("\(TerminalWidth.fit(theme.name, 12)) \(TerminalWidth.fit("\(n) 个节目", 12)) \(aliases)")
            }
        }
    }

    struct Unmatched: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unmatched",
            abstract: "列出没有归入任何专题的主题，以便一次改好。",
            discussion: """
                改法：在 lectern.toml 中给相应专题加别名，或用 lectern edit 编号 --topic 改主题。
                示例：
                  lectern theme unmatched
                  lectern theme unmatched --json
                """)
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let topics = try await catalog.unmatchedTopics()
            if global.json {
                topics.forEach { Output.json($0) }
                return
            }
            if topics.isEmpty {
                Output.line("所有节目的主题都已归入专题。")
                return
            }
            Output.line("以下 \(topics.count) 个主题没有归入专题（共 \(topics.reduce(0) { $0 + $1.lectures }) 个节目）：")
            for t in topics {
                let ids = t.ids.prefix(8).map { "#\($0)" }.joined(separator: " ") + (t.ids.count > 8 ? " …" : "")
                Output.line("  \(TerminalWidth.fit(t.topic, 24)) \(TerminalWidth.fit("\(t.lectures) 个", 6)) \(ids)")
            }
            Output.line("可在 lectern.toml 中给专题加别名（aliases），或用 lectern edit 编号 --topic 改主题。")
        }
    }
}

/// `lectern theme list --json`: one theme.
struct ThemeLine: Codable {
    var name: String
    var aliases: [String]
    var lectures: Int
}
