import Catalog
import Foundation
import LecternCore
import Workers

/// Writes a `LobbyPlan`: copies what plays as it is, hands the rest to workers to transcode,
/// each under a temporary name renamed when complete, then the M3U.
public struct LobbyExport: Sendable {
    public let workers: any WorkerRunner

    public init(workers: any WorkerRunner) { self.workers = workers }

    public enum Event: Sendable {
        case started(LobbyPlan.Item, index: Int, of: Int)
        case finished(LobbyPlan.Item, Result<Int64, MediaFailure>)
    }

    /// Every file of the plan not already there; `report` hears of each as it starts and ends.
    public func run(_ plan: LobbyPlan, report: @escaping @Sendable (Event) -> Void) throws -> [Int64: MediaFailure] {
        try FileManager.default.createDirectory(at: plan.folder, withIntermediateDirectories: true)
        let todo = plan.items.filter { !$0.present }
        let failures = Failures()
        // Copies here, in order; transcodes on the workers.
        for (i, item) in todo.enumerated() where !item.transcode {
            report(.started(item, index: i + 1, of: todo.count))
            let result = Self.copy(item, into: plan.folder)
            if case .failure(let f) = result { failures.set(item.lectureId, f) }
            report(.finished(item, result))
        }
        let transcodes = todo.enumerated().filter { $0.element.transcode }
        workers.run(
            transcodes, shouldContinue: { true },
            work: { entry, session -> WorkerResponse in
                report(.started(entry.element, index: entry.offset + 1, of: todo.count))
                // A transcode runs near real time on one core; give it the lecture's length four times over.
                let timeout = max(120, (entry.element.durationSeconds ?? 600) * 4)
                return session.call(
                    WorkerRequest(
                        id: entry.offset,
                        job: .transcode(
                            file: entry.element.source,
                            destination: plan.folder.appendingPathComponent(entry.element.name).path),
                        timeoutSeconds: timeout))
            },
            handle: { entry, response in
                let result: Result<Int64, MediaFailure> =
                    response.transcoded.map { .success($0.sizeBytes) }
                    ?? .failure(response.error ?? MediaFailure.internal("工作进程没有给出结果"))
                if case .failure(let f) = result { failures.set(entry.element.lectureId, f) }
                report(.finished(entry.element, result))
            })
        let m3u = plan.folder.appendingPathComponent("播放列表.m3u")
        try Data(plan.playlist(without: Set(failures.all.keys)).utf8).write(to: m3u, options: .atomic)
        return failures.all
    }

    static func copy(_ item: LobbyPlan.Item, into folder: URL) -> Result<Int64, MediaFailure> {
        let target = folder.appendingPathComponent(item.name)
        let part = folder.appendingPathComponent(".\(item.name).part-\(getpid())")
        let fm = FileManager.default
        do {
            try? fm.removeItem(at: part)
            try fm.copyItem(atPath: item.source, toPath: part.path)
            let handle = try FileHandle(forWritingTo: part)
            try handle.synchronize()
            try handle.close()
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: part, to: target)
            return .success(item.estimatedBytes)
        } catch {
            try? fm.removeItem(at: part)
            let code = (error as NSError).userInfo[NSUnderlyingErrorKey].flatMap { ($0 as? NSError)?.code }
            return .failure(
                MediaFailure(
                    .notReadable,
                    "无法复制到 \(folder.path)（\(code.map { String(cString: strerror(Int32($0))) } ?? error.localizedDescription)）",
                    cause: code.map { .errno(Int32($0)) }))
        }
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int64: MediaFailure] = [:]
    func set(_ id: Int64, _ f: MediaFailure) { lock.withLock { values[id] = f } }
    var all: [Int64: MediaFailure] { lock.withLock { values } }
}
