import Catalog
import Foundation
import Ingest
import LecternCore
import Workers

/// What `activity import` and `activity add` print, and the run they share.
enum ActivityOutput {
    static func run(
        _ rows: [ActivitySheet.Row], global: GlobalOptions, workers: WorkerOptions, keepGood: Bool, dryRun: Bool
    ) throws {
        let (library, catalog) = try global.openStore(writing: !dryRun)
        let config: LibraryConfig
        do { config = try library.config() } catch { throw ConfigurationError("\(error)") }
        var photos = PhotoStore(library: library, workers: try makePool(workers, global))
        photos.width = config.thumbnailWidth
        photos.timeoutSeconds = workers.timeout
        let importer = ActivityImporter(catalog: catalog, photos: photos, actor: global.actingUser)
        let results: [ActivityImporter.RowResult]
        do {
            results = try importer.run(rows, now: global.now, keepGood: keepGood, dryRun: dryRun)
        } catch let refusal as AccessDenied {
            Output.error("activity", refusal.message)
            throw ItemsFailed()
        } catch let error as CatalogError {
            Output.error("activity", error.message)
            throw ItemsFailed()
        }
        if global.json {
            results.forEach { Output.json($0) }
        }
        var counts: [ActivityImporter.RowResult.Outcome: Int] = [:]
        for r in results {
            counts[r.outcome, default: 0] += 1
            guard !global.json else { continue }
            let subject = r.row == 0 ? "\(r.organisation) \(r.day)" : r.source
            switch r.outcome {
            case .added: Output.line("已登记 #\(r.id ?? 0)  \(subject)  \(r.organisation) \(r.day)")
            case .existing: Output.line("已有记录 #\(r.id ?? 0)，跳过：\(subject)（同一支部、日期和时间已经登记过）")
            case .checked: Output.line("检查通过：\(subject)  \(r.organisation) \(r.day)")
            case .held, .refused: break
            }
            for p in r.problems { Output.error(subject, p) }
            for n in r.notes { Output.warning(subject, n) }
        }
        let refused = counts[.refused] ?? 0, held = counts[.held] ?? 0
        if !global.json {
            if refused > 0 && !keepGood && !dryRun {
                Output.line("没有导入任何记录：\(refused) 行有错误（见上）。改正后重新导入，或加 --keep-good 先导入没有错误的 \(held) 行。")
            } else {
                var parts = ["登记 \(counts[.added] ?? 0) 次", "已有记录跳过 \(counts[.existing] ?? 0) 次"]
                if dryRun { parts = ["检查通过 \(counts[.checked] ?? 0) 行", "已有记录 \(counts[.existing] ?? 0) 行"] }
                if refused > 0 { parts.append("有错误未导入 \(refused) 行") }
                Output.line("完成：" + parts.joined(separator: "，"))
            }
        }
        if refused > 0 { throw ItemsFailed() }
    }

    static func print(_ a: ActivityView) {
        Output.line("#\(a.id)  \(a.day) \(a.time)  \(a.organisation)" + (a.place.map { "  \($0)" } ?? ""))
        var rows: [(String, String)] = []
        if let n = a.participantCount {
            rows.append(("参加", "\(n) 人" + (a.participants.isEmpty ? "" : "（\(a.participants.joined(separator: "、"))）")))
        }
        if a.lectureTitle != nil || a.lectureId != nil {
            let id = a.lectureId.map { "#\($0) " } ?? "（现场）"
            rows.append(("一课", id + (a.lectureTitle ?? "") + (a.speaker.map { " - \($0)" } ?? "")))
        }
        if let film = a.filmTitle {
            rows.append(("一片", "《\(film)》" + (a.filmListed ? "" : "（不在当月清单上）")))
        }
        if let p = a.practice { rows.append(("一实践", p)) }
        if let d = a.discussion { rows.append(("讨论交流", d)) }
        if !a.photos.isEmpty { rows.append(("照片", "\(a.photos.count) 张")) }
        for (k, v) in rows { Output.line("  \(TerminalWidth.fit(k, 8)) \(v)") }
    }
}
