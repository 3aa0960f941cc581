import Catalog
import Foundation
import LecternCore
import Reports

/// `lectern export excellent --period 2026 --to DIR`: the excellent lectures compiled (汇编):
/// the booklet, a CSV, and the lobby pack, from the bulletins' own reckoning of excellence.
enum ExcellentExport {
    static func run(
        catalog: any CatalogEngine, library: Library, period text: String?, among: Set<Int64>?, to: String,
        global: GlobalOptions, workers: WorkerOptions
    ) async throws {
        let config: LibraryConfig
        do { config = try library.config() } catch { throw ConfigurationError("\(error)") }
        let today = LectureDay.string(global.now)
        let period = try ReportCommand.period {
            try text.map { try ReportPeriod.any($0) } ?? ReportPeriod.year(containing: today)
        }
        let reports = Reports(try await catalog.reportSnapshot(), settings: config.reports, generatedAt: global.now)
        let ids = reports.excellentIds(in: period, asOf: min(period.lastDay, today)).filter {
            among?.contains($0) ?? true
        }
        guard !ids.isEmpty else {
            Output.error(
                period.label,
                "没有评为优秀的微党课（评选小组平均分不低于 \(config.reports.excellentMinimum) 分且已通过；可用 lectern review score 评分）")
            throw ItemsFailed()
        }
        var details: [LectureDetail] = []
        for id in ids { if let d = try await catalog.lecture(id) { details.append(d) } }
        let folder = URL(fileURLWithPath: to).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError("--to：无法建立文件夹「\(folder.path)」")
        }
        let title = "\(period.label)优秀微党课汇编"
        let issuer = try await catalog.organisations().first { $0.parentId == nil && $0.id != "unassigned" }?.name
        let booklet = Export.booklet(
            details, library: library, title: title, period: period.label, issuer: issuer, generated: global.now)
        let csv =
            "\u{FEFF}"
            + ([Export.excellentCSVHeader] + details.enumerated().map { Export.excellentCSVRow($0 + 1, $1) })
            .map(CSVText.row).joined(separator: "\n") + "\n"
        for (name, text) in [("优秀微党课汇编.html", booklet), ("优秀微党课.csv", csv)] {
            let url = folder.appendingPathComponent(name)
            do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
                Output.error(url.path, "无法写入")
                throw ItemsFailed()
            }
            if !global.json { Output.line("已写入 \(url.path)") }
        }
        try LobbyCommand.run(
            details, library: library, to: folder.appendingPathComponent("大厅播放").path, global: global, workers: workers)
    }
}
