import ArgumentParser
import Catalog
import Foundation
import LecternCore
import Reports

/// `lectern films`: the month's film list (教育片清单) and its announcement (观看预告).
struct FilmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "films",
        abstract: "每月教育片清单与观看预告（一月一课一片一实践的“一片”）。",
        discussion: """
            示例：
              lectern search kind:教育片 status:已通过          找出可以列入清单的教育片
              lectern films plan 2026-12 31 32 35              把 31、32、35 号列为 12 月的清单
              lectern films list 2026-12
              lectern films notice 2026-12 --to 预告/          写出观看预告（网页和微信文字）
            """,
        subcommands: [Plan.self, List.self, Notice.self])

    /// 「2026-12」「2026年12月」 → 2026-12.
    static func month(_ text: String) throws -> String {
        String(try ReportCommand.period { try ReportPeriod.month(text) }.firstDay.prefix(7))
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "定下某月的教育片清单（按写出的顺序；再次运行即替换；不写编号则清空）。",
            discussion: """
                只能列入已通过审核的教育片。
                示例：
                  lectern films plan 2026年12月 31 32 35
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("月份，如 2026-12 或 2026年12月。", valueName: ArgumentNames.month)) var month: String
        @Argument(help: ArgumentHelp("教育片的编号。", valueName: ArgumentNames.id)) var ids: [LectureID] = []

        func run() async throws {
            let m = try FilmsCommand.month(month)
            let (_, catalog) = try global.openCatalog(writing: true)
            let films: [PlannedFilm] = try await Output.attempt(m) {
                try await catalog.planFilms(
                    month: m, ids: ids.map(\.value), actor: global.actingUser, now: global.now)
            }
            if global.json {
                films.forEach { Output.json($0) }
                return
            }
            Output.line(films.isEmpty ? "\(m) 的教育片清单已清空。" : "\(m) 的教育片清单（\(films.count) 部）：")
            FilmsCommand.print(films)
        }
    }

    static func print(_ films: [PlannedFilm]) {
        for f in films {
            let meta = [f.durationSeconds.map(Chinese.duration), f.theme ?? f.topic].compactMap { $0 }.joined(
                separator: " · ")
            Output.line("  \(f.position). #\(f.id) 《\(f.title)》\(meta.isEmpty ? "" : "  \(meta)")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "查看某月的教育片清单。")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("月份（默认：本月）。", valueName: ArgumentNames.month)) var month: String?

        func run() async throws {
            let m = try month.map(FilmsCommand.month) ?? String(LectureDay.string(global.now).prefix(7))
            let (_, catalog) = try global.openCatalog()
            let films = try await catalog.plannedFilms(month: m)
            if global.json {
                films.forEach { Output.json($0) }
                return
            }
            if films.isEmpty {
                Output.line("\(m) 还没有教育片清单（用 lectern films plan \(m) 编号… 定下）。")
                return
            }
            Output.line("\(m) 的教育片清单（\(films.count) 部）：")
            FilmsCommand.print(films)
        }
    }

    struct Notice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notice",
            abstract: "写出某月的观看教育片预告：片名、片长、专题、简介、观看地点。",
            discussion: """
                不写 --to 时在终端显示微信用的文字；写 --to 文件夹时写出网页（.html）和文字（.txt）两个文件。
                示例：
                  lectern films notice 2026-12
                  lectern films notice 2026-12 --to 预告/ --where "各村党员活动室，或学习强国“党员教育”频道"
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("月份。", valueName: ArgumentNames.month)) var month: String
        @Option(help: ArgumentHelp("写入这个文件夹（没有时新建）。", valueName: ArgumentNames.folder)) var to: String?
        @Option(name: .customLong("where"), help: ArgumentHelp("观看地点或方式。", valueName: ArgumentNames.text))
        var whereToWatch = "各支部党员活动室（或按支部通知的方式集中观看）"

        func run() async throws {
            let m = try FilmsCommand.month(month)
            let (library, catalog) = try global.openCatalog()
            let films = try await catalog.plannedFilms(month: m)
            guard !films.isEmpty else {
                Output.error(m, "还没有这个月的教育片清单，请先用 lectern films plan \(m) 编号… 定下")
                throw ItemsFailed()
            }
            let issuer = try await catalog.organisations().first { $0.parentId == nil && $0.id != "unassigned" }?.name
            let notice = FilmNotice(month: m, films: films, issuer: issuer, whereToWatch: whereToWatch)
            guard let to else {
                Output.write(STDOUT_FILENO, Array(notice.text.utf8))
                return
            }
            let folder = URL(fileURLWithPath: to)
            let html = folder.appendingPathComponent("教育片预告-\(m).html")
            let text = folder.appendingPathComponent("教育片预告-\(m).txt")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(notice.html { FileManager.default.contents(atPath: library.url($0).path) }.utf8).write(
                    to: html, options: .atomic)
                try Data(notice.text.utf8).write(to: text, options: .atomic)
            } catch {
                Output.error(to, "无法写入：\(error.localizedDescription)")
                throw ItemsFailed()
            }
            if global.json {
                Output.json(["html": html.path, "text": text.path])
            } else {
                Output.line("已写入 \(html.path)")
                Output.line("已写入 \(text.path)")
            }
        }
    }
}
