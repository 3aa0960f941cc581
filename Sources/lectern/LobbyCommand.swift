import Catalog
import Foundation
import LecternCore
import Lobby
import Workers

/// `lectern export lobby … --to DIR`: the plan, the space check, the copies and transcodes
/// with progress, and what was skipped or failed.
enum LobbyCommand {
    static func run(
        _ details: [LectureDetail], library: Library, to: String, global: GlobalOptions, workers: WorkerOptions
    ) throws {
        let folder = URL(fileURLWithPath: to).standardizedFileURL
        let plan = LobbyPlan(details, library: library, folder: folder)
        for s in plan.skipped { Output.notice("#\(s.id) 「\(s.title)」\(s.reason)，已跳过") }
        let need = plan.neededBytes
        if let free = LobbyPlan.freeBytes(at: folder), need + (need / 10) > free {
            throw ConfigurationError(
                "\(folder.path) 空间不够：估计需要 \(Human.bytes(need))（含转码 \(plan.items.filter { $0.transcode && !$0.present }.count) 个，按估算），"
                    + "那里只剩 \(Human.bytes(free))；请换更大的 U 盘，或用查询条件少选几个节目")
        }
        let todo = plan.items.filter { !$0.present }.count
        if !global.json {
            Output.line(
                "大厅播放：\(plan.items.count) 个节目，\(plan.items.count - todo) 个已在文件夹中，"
                    + "要复制 \(plan.items.filter { !$0.present && !$0.transcode }.count) 个、转码 \(plan.items.filter { !$0.present && $0.transcode }.count) 个，"
                    + "约 \(Human.bytes(need))")
        }
        let json = global.json
        let failures = try LobbyExport(workers: try makePool(workers, global)).run(plan) { event in
            switch event {
            case .started(let item, let i, let n):
                if !json { Output.line("[\(i)/\(n)] \(item.transcode ? "转码" : "复制") \(item.name) …") }
            case .finished(let item, let result):
                switch result {
                case .success(let bytes):
                    if json {
                        Output.json(
                            LobbyLine(
                                id: item.lectureId, file: item.name, transcoded: item.transcode, sizeBytes: bytes,
                                error: nil))
                    }
                case .failure(let f):
                    Output.error(item.name, f.message)
                    if json {
                        Output.json(
                            LobbyLine(
                                id: item.lectureId, file: item.name, transcoded: item.transcode, sizeBytes: nil,
                                error: f))
                    }
                }
            }
        }
        if !json {
            Output.line(
                "已写入 \(folder.appendingPathComponent("播放列表.m3u").path)（\(plan.items.count - failures.count) 个节目"
                    + (failures.isEmpty ? "）" : "；\(failures.count) 个没能写出，见上，未列入）"))
        }
        if !failures.isEmpty { throw ItemsFailed() }
    }
}

/// `export lobby --json`: one line per file written.
struct LobbyLine: Codable {
    var id: Int64
    var file: String
    var transcoded: Bool
    var sizeBytes: Int64?
    var error: MediaFailure?
}
