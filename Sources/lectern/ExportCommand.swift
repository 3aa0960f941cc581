import ArgumentParser
import Catalog
import Foundation
import LecternCore
import Reports

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出：大厅播放文件夹（U 盘）、循环播放列表、每月点单页面、CSV 或 JSON（查询写法同 lectern search）。",
        discussion: """
            大厅播放（lobby）、播放列表（playlist）和点单页面（menu）只收已通过审核的节目；表格（csv）\
            和 JSON 收全部符合条件的节目。
            大厅播放：把节目复制到 --to 文件夹（如 U 盘），文件名如「01 标题 - 主讲人.mp4」，并写出\
            播放列表.m3u；不是 H.264/AAC 的 MP4 的文件转码成普通电视和播放器都能放的格式。开始前\
            估算所需空间，不够时不开始。再次运行只补上还没有的文件。
            示例：
              lectern export playlist org:春华镇 > 大厅循环.m3u
              lectern export 点单 recorded:2026年11月 --title "2026年11月微党课点单" > 点单.html
              lectern export csv status:pending > 待审核.csv
              lectern export json 党史 > 党史.jsonl
              lectern export 大厅 kind:教育片 theme:党史学习 --to /media/usb/大厅
              lectern export 汇编 --period 2026 --to 优秀微党课2026
            优秀微党课汇编：评选小组平均分达到优秀分数（lectern.toml 中设置，默认 8.5 分）的已通过微党课，\
            写出可打印成 A4 纸的汇编网页、表格和大厅播放文件夹。
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("导出什么：\(ExportKind.accepted)。", valueName: ArgumentNames.kind)) var kind: ExportKind
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("查询条件，写法同 lectern search（不写：全部）。", valueName: ArgumentNames.query))
    var words: [String] = []
    @Option(help: ArgumentHelp("最多导出多少个节目（默认：10000）。", valueName: ArgumentNames.count)) var limit = 10_000
    @Option(help: ArgumentHelp("点单页面的标题（默认：微党课点单）。", valueName: ArgumentNames.text)) var title = "微党课点单"
    @Option(help: ArgumentHelp("大厅播放：写入这个文件夹（如 U 盘上的文件夹）。", valueName: ArgumentNames.folder)) var to: String?
    @Option(help: ArgumentHelp("优秀微党课汇编：哪一期，如 2026 或 2026年第四季度（默认：今年）。", valueName: ArgumentNames.text))
    var period: String?
    @OptionGroup var workers: WorkerOptions

    func run() async throws {
        let text = words.joined(separator: " ")
        var query: SearchQuery
        do { query = try SearchQuery.parse(text) } catch {
            throw ConfigurationError("查询写法有误：\(error.message)\n\(error.pointing(at: text))")
        }
        if kind == .lobby && to == nil {
            throw ConfigurationError("大厅播放要写 --to 文件夹，例如 --to /media/usb/大厅")
        }
        if kind == .excellent && to == nil {
            throw ConfigurationError("优秀微党课汇编要写 --to 文件夹，例如 --to 优秀微党课2026")
        }
        if period != nil && kind != .excellent {
            throw ConfigurationError("--period 只用于优秀微党课汇编（export 汇编）")
        }
        if kind == .playlist || kind == .menu || kind == .lobby || kind == .excellent {
            query.terms.append(.status(.approved, negated: false))
        }
        let (library, catalog) = try global.openCatalog()
        let hits: [SearchHit]
        do { hits = try await catalog.search(query, limit: limit, sort: query.sort ?? .recorded) } catch let e
            as CatalogError
        {
            Output.error(text, e.message)
            throw ItemsFailed()
        }
        if kind == .excellent {
            try await ExcellentExport.run(
                catalog: catalog, library: library, period: period, among: text.isEmpty ? nil : Set(hits.map(\.id)),
                to: to ?? ".", global: global, workers: workers)
            return
        }
        var details: [LectureDetail] = []
        for hit in hits { if let detail = try await catalog.lecture(hit.id) { details.append(detail) } }
        switch kind {
        case .playlist: Output.write(STDOUT_FILENO, Array(Export.playlist(details, library: library).utf8))
        case .menu:
            Output.write(
                STDOUT_FILENO, Array(Export.menu(details, library: library, title: title, generated: global.now).utf8))
        case .csv:
            Output.write(STDOUT_FILENO, [0xEF, 0xBB, 0xBF])
            Output.line(CSVText.row(Export.csvHeader))
            details.forEach { Output.line(CSVText.row(Export.csvRow($0, library: library, kinds: catalog.kinds))) }
        case .json: details.forEach { Output.json($0) }
        case .excellent: break  // above
        case .lobby:
            if !details.isEmpty {
                try LobbyCommand.run(details, library: library, to: to ?? ".", global: global, workers: workers)
            }
        }
        if details.isEmpty {
            Output.write(
                STDERR_FILENO,
                Array("lectern: 没有符合条件的节目\(kind == .csv || kind == .json ? "" : "（只导出已通过审核的节目）")\n".utf8))
        }
    }
}
