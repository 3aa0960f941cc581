import ArgumentParser
import Foundation
import LecternCore
import Workers

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "显示每个文件中 FFmpeg 所见的内容（时长、编码、分辨率、音频、标签）。",
        discussion: """
            文件由工作进程中的 FFmpeg 库读取；损坏的文件只影响它自己。
            示例：
              lectern probe 春华镇-吴辉-稻花香.mp4
              lectern probe --json inbox/*.mp4 > probe.jsonl
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var workers: WorkerOptions

    @Argument(help: ArgumentHelp("要读取的音视频文件。", valueName: ArgumentNames.file))
    var files: [String]

    func run() throws {
        let pool = try makePool(workers, global)
        let requests = files.enumerated().map {
            WorkerRequest(id: $0, job: .probe(file: $1), timeoutSeconds: workers.timeout)
        }
        let results = Collected<WorkerResponse>(count: requests.count)
        pool.run(requests) { request, response in results.set(request.id, response) }

        var failed = 0
        for (request, response) in zip(requests, results.values) {
            if let info = response?.probe {
                if global.json { Output.json(info) } else { ProbeText.print(info) }
            } else {
                let failure = response?.error ?? MediaFailure.internal("工作进程没有给出结果")
                failed += 1
                Output.error(request.file, failure.shown(verbose: global.verbose))
                if global.json { Output.json(FileError(file: request.file, error: failure)) }
            }
        }
        if failed > 0 { throw ItemsFailed() }
    }
}

/// Results by request id, filled from the pool's threads.
final class Collected<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }
    var values: [T?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

func makePool(_ workers: WorkerOptions, _ global: GlobalOptions) throws -> WorkerPool {
    do {
        return try WorkerPool(jobs: workers.jobs, verbose: global.verbose)
    } catch {
        throw ConfigurationError("\(error)")
    }
}

/// The human view of a probe: labels in Chinese, aligned.
enum ProbeText {
    static func print(_ info: MediaInfo) {
        Output.line(info.file)
        var rows: [(String, String)] = []
        let duration = info.durationSeconds.map { "\(Chinese.duration($0))（\(Human.seconds($0)) 秒）" } ?? "未知"
        rows.append(("时长", duration))
        rows.append(("大小", Human.bytes(info.sizeBytes)))
        rows.append(("码率", info.bitRate.map { $0 >= 10_000 ? "\($0 / 1000) kb/s" : "\($0) b/s" } ?? "未知"))
        rows.append(("容器", info.container))
        if let v = info.video {
            var text = "\(v.codec)\(v.profile.map { "（\($0)）" } ?? "") \(v.width)×\(v.height)"
            if let fps = v.frameRate { text += String(format: " %.2f 帧/秒", fps) }
            if let pf = v.pixelFormat { text += " \(pf)" }
            if v.rotation != 0 { text += " 旋转 \(v.rotation)°" }
            rows.append(("视频", text))
        } else {
            rows.append(("视频", "无"))
        }
        if let a = info.audio {
            rows.append(
                (
                    "音频",
                    "\(a.codec) \(a.sampleRate.map { "\($0) Hz" } ?? "采样率未知") \(a.channels.map { "\($0) 声道" } ?? "声道数未知")"
                ))
        } else {
            rows.append(("音频", "无"))
        }
        for key in ["title", "artist", "comment", "date", "creation_time"] {
            if let value = info.tags[key] { rows.append((tagLabel(key), value)) }
        }
        for w in info.warnings { rows.append(("注意", w.message)) }
        for (label, value) in rows {
            Output.line("  \(TerminalWidth.fit(label, 8)) \(value)")
        }
    }

    static func tagLabel(_ key: String) -> String {
        ["title": "标题", "artist": "作者", "comment": "备注", "date": "日期", "creation_time": "创建时间"][key] ?? key
    }
}
