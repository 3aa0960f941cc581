import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore
import Synchronization
import Workers

/// Set by the first Ctrl-C: no new file starts; files in flight finish.
let stopRequested = Atomic<Bool>(false)

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "导入上传的视频：检查、存入资料库、生成缩略图、登记到目录。",
        discussion: """
            文件夹会逐层查找；按文件内容而不是扩展名判断是不是视频。
            节目信息按可信程度依次取自：清单中的一行、文件旁的同名 .json、文件自带的标签、\
            文件名“组织-主讲人-标题.mp4”（第一段是已登记的组织时）、所在文件夹的组织名。
            没写 --manifest 时，上传文件夹里唯一的清单（.xlsx 或 .csv，如 清单.xlsx）自动使用。
            清单的列名可以用中文：文件名、题目/党课题目、主讲人/授课人、组织/所属支部、主题、\
            录制日期/授课时间、简介/主要内容、关键词/标签、备注；不认识的列会逐一提示。
            未通过检查的文件照样保存，标为“未通过检查”并写明原因。可以重复运行：已在资料库中的\
            文件报告为重复。按 Ctrl-C 会等处理中的文件完成后停止。
            目录在 PostgreSQL 时，每个文件同时记入共享的导入队列（lectern queue 可见），由本机处理；\
            本机中途停止（断电、被结束）时，租约（--lease）过后由其他主机的 lectern work 接手。
            示例：
              lectern ingest 今天的上传/
              lectern ingest U盘/ --manifest U盘/清单.xlsx --jobs 2
              lectern ingest 上传/ --dry-run           只检查，不写入任何内容
              lectern ingest 上传/ --json > 导入结果.jsonl
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("要导入的文件和文件夹。", valueName: ArgumentNames.file))
    var paths: [String]

    @Option(
        help: ArgumentHelp(
            "清单：Excel（.xlsx）或 CSV（UTF-8 或 GBK），第一行是列名（见上）；不写时使用上传文件夹里唯一的清单。",
            valueName: ArgumentNames.file))
    var manifest: String?

    @Option(help: ArgumentHelp("同时处理的文件数（默认：lectern.toml 中的设置，没有时为 CPU 核数）。", valueName: ArgumentNames.count))
    var jobs: Int?

    @Flag(
        help: "把原始文件复制进资料库（--copy，默认）；移动进去（--move，登记后删除原文件）；或建立硬链接（--link，磁盘上不再多占一份，跨磁盘时改为复制）。"
    )
    var mode: Mode = .copy

    @Flag(help: "只读取和检查，不复制、不写入任何内容；会说明哪些文件已在资料库中。")
    var dryRun = false

    @Flag(help: "只放进共享的导入队列，由各台导入主机的 lectern work 处理（目录在 PostgreSQL 时使用）。")
    var enqueueOnly = false

    @OptionGroup var lease: LeaseOption

    enum Mode: String, EnumerableFlag { case copy, move, link }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs 至少为 1") }
        if enqueueOnly && (dryRun || mode != .copy) {
            throw ValidationError("--enqueue-only 不能与 --dry-run、--move、--link 同用（处理时一律复制进资料库）")
        }
    }

    func run() throws {
        let (library, catalog) = try global.openStore(writing: true)
        let config: LibraryConfig
        let manifestFile: Manifest?
        do {
            config = try library.config()
            manifestFile = try chosenManifest()
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("\(error)")
        }
        if lease.lease != nil && (!catalog.sharesQueue || dryRun || enqueueOnly) {
            Output.write(
                STDERR_FILENO, Array("lectern: 注意：--lease 只在目录在 PostgreSQL、直接导入时起作用，这次不用\n".utf8))
        }
        for warning in manifestFile?.warnings ?? [] {
            if global.json {
                Output.json(ManifestWarningLine(manifest: manifestFile?.source ?? "", warning: warning))
            } else {
                Output.write(STDERR_FILENO, Array("lectern: 注意：\(warning)\n".utf8))
            }
        }
        if enqueueOnly {
            let ingester = Ingester(
                library: library, catalog: catalog, config: config, manifest: manifestFile, actor: global.actingUser)
            try QueueText.enqueue(ingester, paths, json: global.json)
            return
        }
        let pool: WorkerPool
        do { pool = try WorkerPool(jobs: jobs ?? config.jobs, verbose: global.verbose) } catch {
            throw ConfigurationError("\(error)")
        }
        let ingester = Ingester(
            library: library, catalog: catalog, config: config, manifest: manifestFile,
            actor: global.actingUser)
        Self.stopOnInterrupt()
        let progress = Progress(enabled: !global.json && isatty(STDERR_FILENO) != 0)
        let summary = try ingester.run(
            paths: paths, pool: pool, dryRun: dryRun, mode: Ingester.Mode(rawValue: mode.rawValue) ?? .copy,
            arguments: CommandLine.arguments.dropFirst().joined(separator: " "), lease: lease.seconds,
            now: { Clock.now() }, shouldContinue: { !stopRequested.load(ordering: .relaxed) },
            report: Self.reporter(progress, json: global.json, verbose: global.verbose, dryRun: dryRun))
        progress.finish()
        if global.json {
            Output.json(SummaryLine(summary: summary))
        } else {
            IngestText.summary(summary, dryRun: dryRun).forEach { Output.line($0) }
        }
        if summary.failed > 0 || summary.interrupted { throw ItemsFailed() }
    }
}

extension IngestCommand {
    /// What ingest says of each file as it goes: a line (or a JSON object) and the bar.
    static func reporter(_ progress: Progress, json: Bool, verbose: Bool, dryRun: Bool)
        -> @Sendable (IngestEvent) -> Void
    {
        { event in
            switch event {
            case .started(let files, let bytes): progress.start(files: files, bytes: bytes)
            case .skipped(let s):
                if json {
                    Output.json(SkippedLine(file: s.file, outcome: .skipped, reason: s.reason))
                } else {
                    progress.print("跳过 \(s.file)（\(s.reason)）")
                }
            case .finished(let r, let done, let total, let bytesDone):
                if json { Output.json(r) }
                if let error = r.error {
                    progress.error(r.file, error.shown(verbose: verbose))
                }  // failures: one line on stderr
                else if !json {
                    progress.print(IngestText.line(r, dryRun: dryRun))
                }
                progress.update(done: done, total: total, bytes: bytesDone, file: r.file)
            case .attachment(let a):
                if json { Output.json(a) }
                if let error = a.error {
                    progress.error(a.file, error.message)  // failures: one line on stderr
                } else if !json {
                    progress.print(IngestText.attachment(a))
                }
            }
        }
    }

    /// Ctrl-C (or `kill -INT`) asks for a stop: files in flight finish, no new one starts.
    static func stopOnInterrupt() {
        // A program that starts lectern may hand down SIGINT blocked (a child inherits its
        // parent thread's signal mask): unblock it so that Ctrl-C and `kill -INT` stop cleanly.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        signal(SIGINT) { _ in
            stopRequested.store(true, ordering: .relaxed)
            signal(SIGINT, SIG_DFL)  // a second Ctrl-C stops at once
            let text = Array("\nlectern: 正在停止：等待处理中的文件完成（再按一次 Ctrl-C 立即退出）\n".utf8)
            _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }

    /// --manifest, else the one manifest lying in the upload folders (said on stderr); several
    /// there is a question only staff can answer.
    func chosenManifest() throws -> Manifest? {
        if let manifest { return try Manifest(url: URL(fileURLWithPath: manifest)) }
        let found = Manifest.candidates(in: paths)
        guard let only = found.first else { return nil }
        guard found.count == 1 else {
            throw ConfigurationError(
                "上传文件夹里有 \(found.count) 个清单：\(found.map(\.source).joined(separator: "、"))；"
                    + "请用 --manifest 指定使用哪一个，例如 --manifest \"\(found[0].source)\"")
        }
        if !global.json { Output.write(STDERR_FILENO, Array("lectern: 使用上传文件夹里的清单 \(only.source)\n".utf8)) }
        return only
    }
}

/// `ingest --json`: a manifest's column or row that was not used.
struct ManifestWarningLine: Codable {
    var manifest: String
    var warning: String
}

struct SummaryLine: Codable {
    var summary: IngestSummary
}

struct SkippedLine: Codable {
    var file: String
    var outcome: FileOutcome
    var reason: String
}

/// The human lines of ingest.
enum IngestText {
    /// 「  附上讲稿 七一党课.docx → #12（3,200 字）」.
    static func attachment(_ a: Ingest.AttachmentReport) -> String {
        let name = (a.file as NSString).lastPathComponent
        let what = a.role?.chinese ?? "附件"
        let size = a.scanned == true ? "扫描件，没有文字，无法搜索" : "\(a.characters ?? 0) 字"
        switch a.document {
        case .existing: return "    已有的\(what) \(name)（#\(a.lectureId ?? 0)），跳过"
        default:
            return "    附上\(what) \(name) → #\(a.lectureId ?? 0)（\(size)）"
                + (a.scriptMatches ?? []).map { "\n    发现：\($0.chinese)" }.joined()
        }
    }

    static func line(_ r: FileReport, dryRun: Bool = false) -> String {
        let name = r.file
        switch r.outcome {
        case .ingested:
            let length = r.durationSeconds.map { "  \(Chinese.duration($0))" } ?? ""
            var text =
                r.policy?.passed == false
                ? "未通过检查 #\(r.id ?? 0)  \(name)\(length)：\(r.policy?.failures.map(\.message).joined(separator: "；") ?? "")"
                : "已导入 #\(r.id ?? 0)  \(name)\(length)"
            for n in r.nearDuplicates ?? [] {
                text += "\n    疑似重复：#\(n.id) \(n.evidenceChinese)"
                if let where_ = n.rangesChinese(limit: 1).first { text += "；\(where_)" }
            }
            for w in r.warnings { text += "\n    注意：\(w)" }
            return text
        case .duplicate:
            return dryRun
                ? "已在资料库中  \(name)（#\(r.id ?? 0)，导入时不会重复保存）" : "重复  \(name)（目录中已有 #\(r.id ?? 0)，未重复保存）"
        case .resubmitted: return "已提交整改后的新版本 #\(r.id ?? 0)  \(name)"
        case .checked:
            let length = r.durationSeconds.map { "  \(Chinese.duration($0))" } ?? ""
            return r.policy?.passed == false
                ? "检查未通过  \(name)\(length)：\(r.policy?.failures.map(\.message).joined(separator: "；") ?? "")"
                : "检查通过  \(name)\(length)"
        case .failed: return "失败  \(name)"
        case .skipped: return "跳过  \(name)"
        }
    }

    static func summary(_ s: IngestSummary, dryRun: Bool) -> [String] {
        var parts: [String] = []
        if dryRun { parts.append("检查 \(s.checked) 个") } else { parts.append("导入 \(s.ingested) 个") }
        parts.append(dryRun ? "已在资料库中 \(s.duplicate) 个" : "重复 \(s.duplicate) 个")
        var policy = "未通过检查 \(s.policyFailed) 个"
        if !s.policyRules.isEmpty {
            policy +=
                "（"
                + s.policyRules.sorted { $0.key < $1.key }
                .map { "\(PolicyFinding.ruleNames[$0.key] ?? $0.key) \($0.value)" }
                .joined(separator: "，") + "）"
        }
        parts.append(policy)
        parts.append("失败 \(s.failed) 个")
        if s.skipped > 0 { parts.append("跳过 \(s.skipped) 个") }
        var lines = [
            (dryRun ? "检查完成（未写入任何内容）：" : "完成：") + parts.joined(separator: "，") + String(format: "，用时 %.1f 秒", s.seconds)
        ]
        if s.interrupted { lines.append("已中途停止：未处理的文件可再次运行同一命令继续导入。") }
        if !dryRun && s.ingested == 0 && s.duplicate > 0 && s.failed == 0 { lines.append("没有新文件：这些文件都已在资料库中。") }
        return lines
    }
}

/// A one-line progress bar on stderr, only on a terminal: files, bytes, rate, time left, current file.
final class Progress: @unchecked Sendable {
    let enabled: Bool
    var files = 0, bytes: Int64 = 0
    let start = Date()
    var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func start(files: Int, bytes: Int64) {
        self.files = files
        self.bytes = bytes
    }

    func print(_ line: String) {
        clear()
        Output.line(line)
    }

    func error(_ file: String, _ message: String) {
        clear()
        Output.error(file, message)
    }

    func update(done: Int, total: Int, bytes bytesDone: Int64, file: String) {
        guard enabled else { return }
        let elapsed = max(0.001, Date().timeIntervalSince(start))
        let rate = Double(bytesDone) / elapsed
        let left = rate > 0 ? Double(bytes - bytesDone) / rate : 0
        let width = 20, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = String(
            format: "%@ %d/%d  %.1f MB/s  剩余 %d:%02d  ", bar, done, total, rate / 1e6, Int(left) / 60, Int(left) % 60)
        let name = TerminalWidth.fit((file as NSString).lastPathComponent, 30)
        Output.write(STDERR_FILENO, Array(("\r" + text + name).utf8))
        shown = true
    }

    func clear() {
        guard enabled, shown else { return }
        Output.write(STDERR_FILENO, Array("\r\u{1B}[K".utf8))
        shown = false
    }

    func finish() { clear() }
}
