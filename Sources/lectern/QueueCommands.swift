import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore
import SQLStore
import Workers

struct WorkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "在本机处理共享导入队列中的文件（目录在 PostgreSQL、多台导入主机时使用）。",
        discussion: """
            每台导入主机运行一个 lectern work：从队列领取文件（同时领取的个数同 --jobs），\
            检查、存入资料库、登记；处理期间定时续约，主机中途停止或断网超过租约时，\
            文件由其他主机接手，本机迟到的结果不会写入。
            队列空闲时等待新文件（有新文件立即醒来）。
            示例：
              lectern work                          一直运行，按 Ctrl-C 停止
              lectern work --until-empty --jobs 2   队列处理完就退出（供脚本使用）
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "队列中没有待处理、也没有处理中的文件时退出。")
    var untilEmpty = false

    @Option(help: ArgumentHelp("同时处理的文件数（默认：lectern.toml 中的设置，没有时为 CPU 核数）。", valueName: ArgumentNames.count))
    var jobs: Int?

    @OptionGroup var lease: LeaseOption

    var leaseSeconds: Double { lease.seconds }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs 至少为 1") }
    }

    func run() throws {
        let (library, catalog) = try global.openStore(writing: true)
        let config: LibraryConfig
        do { config = try library.config() } catch { throw ConfigurationError("\(error)") }
        let pool: WorkerPool
        do { pool = try WorkerPool(jobs: jobs ?? config.jobs, verbose: global.verbose) } catch {
            throw ConfigurationError("\(error)")
        }
        let worker = JobWorker(
            library: library, catalog: catalog, config: config, host: Library.hostName,
            slots: jobs ?? config.jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            lease: leaseSeconds)
        IngestCommand.stopOnInterrupt()
        let wake = Wake()
        let listener = try? catalog.listenForJobs { wake.signal() } ?? nil
        defer { listener?.stop() }
        if !global.json {
            Output.line("主机 \(Library.hostName) 开始处理导入队列" + (untilEmpty ? "（处理完即退出）" : "（按 Ctrl-C 停止）"))
        }
        var total = IngestSummary()
        var lostSince: Date?
        while !stopRequested.load(ordering: .relaxed) {
            let progress = Progress(enabled: !global.json && isatty(STDERR_FILENO) != 0)
            let done: IngestSummary?
            let counts: [JobState: Int]
            do {
                done = try worker.runOnce(
                    pool: pool, now: { Clock.now() }, shouldContinue: { !stopRequested.load(ordering: .relaxed) },
                    report: IngestCommand.reporter(progress, json: global.json, verbose: global.verbose, dryRun: false))
                progress.finish()
                counts = done == nil ? try catalog.jobCounts() : [:]
                if lostSince != nil {
                    Output.write(STDERR_FILENO, Array("lectern: 已重新连上目录数据库，继续处理\n".utf8))
                    lostSince = nil
                }
            } catch  where Self.isConnectionLost(error) {
                // The server restarting, the link down: what this host held goes back to the
                // queue when its lease runs out; this host tries again until it is back.
                progress.finish()
                if lostSince == nil {
                    lostSince = Date()
                    Output.write(STDERR_FILENO, Array("lectern: 连不上目录数据库，每 2 秒重试：\(error)\n".utf8))
                }
                Thread.sleep(forTimeInterval: 2)
                continue
            }
            if let done {
                total.add(done)
                continue
            }
            if untilEmpty && counts[.queued, default: 0] == 0 && counts[.running, default: 0] == 0 { break }
            // Nothing to claim: wait for a notification, or look again after a while (a lease
            // of another host may run out; a notification may have been lost with a connection).
            wake.wait(seconds: untilEmpty ? 1 : 5)
        }
        if global.json {
            Output.json(SummaryLine(summary: total))
        } else {
            IngestText.summary(total, dryRun: false).forEach { Output.line($0) }
        }
        if stopRequested.load(ordering: .relaxed) || total.failed > 0 { throw ItemsFailed() }
    }
}

/// `--lease`, for `work` and `ingest`: how long a host holds a job of the shared queue without
/// renewing it before another host may take it over.
struct LeaseOption: ParsableArguments {
    @Option(help: ArgumentHelp("租约：多久没有续约就交给其他主机（默认 60秒；写法如 90秒、2分钟）。", valueName: "时长"))
    var lease: String?

    var seconds: Double { lease.flatMap(TypedDuration.seconds) ?? Catalog.jobLease }

    func validate() throws {
        guard let lease else { return }
        guard let seconds = TypedDuration.seconds(lease) else {
            throw ValidationError("--lease「\(lease)」不是一段时间；写法如 90秒、2分钟")
        }
        if seconds < 5 { throw ValidationError("--lease 至少为 5秒") }
    }
}

extension WorkCommand {
    /// A lost or refused connection to the catalog's server, however it was wrapped.
    static func isConnectionLost(_ error: any Error) -> Bool {
        if let e = error as? SQLError { return e.kind == .connection }
        if let e = error as? CatalogError, let under = e.underlying { return isConnectionLost(under) }
        return false
    }
}

/// Wakes a waiting loop from another thread (a notification).
final class Wake: @unchecked Sendable {
    let condition = NSCondition()
    var signalled = false
    func signal() {
        condition.lock()
        signalled = true
        condition.signal()
        condition.unlock()
    }
    func wait(seconds: Double) {
        condition.lock()
        if !signalled { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
        signalled = false
        condition.unlock()
    }
}

enum QueueText {
    /// `ingest --enqueue-only`: what went in, what was skipped and why.
    static func enqueue(_ ingester: Ingester, _ paths: [String], json: Bool) throws {
        let (ids, files, skipped, unusable) = try ingester.enqueue(
            paths, arguments: CommandLine.arguments.dropFirst().joined(separator: " "), now: Clock.now())
        for s in skipped {
            if json {
                Output.json(SkippedLine(file: s.file, outcome: .skipped, reason: s.reason))
            } else {
                Output.write(STDERR_FILENO, Array("lectern: 跳过 \(s.file)（\(s.reason)）\n".utf8))
            }
        }
        for (id, file) in zip(ids, files) {
            if json { Output.json(JobQueuedLine(job: id, file: file)) } else { Output.line("已排队 任务#\(id)  \(file)") }
        }
        if !json { Output.line("共 \(ids.count) 个文件进入导入队列；各导入主机上的 lectern work 会处理它们（lectern queue 查看进度）") }
        // As ingest: a path that does not exist (or cannot be named) makes the run's exit status 1.
        if unusable > 0 { throw ItemsFailed() }
    }
}

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "查看共享导入队列：各文件的状态、处理主机、尝试次数和排队时间；失败的可重试。",
        discussion: """
            示例：
              lectern queue                         各状态的数目和最近的任务
              lectern queue --state 失败            只看失败的
              lectern queue retry 12 13             把失败的任务 12、13 重新排队
              lectern queue retry --all-failed      把所有失败的任务重新排队
            """,
        subcommands: [Show.self, Retry.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "各状态的数目和任务列表（默认）。")

        @OptionGroup var global: GlobalOptions

        @Option(
            help: ArgumentHelp(
                "只看一种状态：排队中（queued）、处理中（running）、已完成（done）、失败（failed）。", valueName: "状态"))
        var state: String?

        @Option(help: ArgumentHelp("最多列出多少个。", valueName: ArgumentNames.count))
        var limit = 50

        func validate() throws {
            if let state, QueueText.state(state) == nil {
                throw ValidationError("没有「\(state)」这个状态；可用：排队中、处理中、已完成、失败（或 queued、running、done、failed）")
            }
        }

        func run() throws {
            let (_, catalog) = try global.openStore(writing: false)
            let counts = try catalog.jobCounts()
            let jobs = try catalog.jobs(state: state.flatMap(QueueText.state), limit: limit)
            if global.json {
                jobs.forEach { Output.json($0) }
                return
            }
            Output.line(
                JobState.allCases.map { "\($0.chinese) \(counts[$0, default: 0])" }.joined(separator: "，"))
            for job in jobs { Output.line(QueueText.line(job, now: global.now)) }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry", abstract: "把失败的任务重新排队（重新计算尝试次数）。")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("失败任务的编号。", valueName: ArgumentNames.job))
        var ids: [Int64] = []

        @Flag(help: "所有失败的任务。")
        var allFailed = false

        func validate() throws {
            if ids.isEmpty == !allFailed { throw ValidationError("请写要重试的任务编号，或 --all-failed（二者选一）") }
        }

        func run() throws {
            let (_, catalog) = try global.openStore(writing: true)
            let retried = try catalog.retryJobs(allFailed ? nil : ids, actor: global.actingUser, now: global.now)
            if global.json {
                Output.json(JobsRetriedLine(retried: retried))
            } else {
                Output.line(
                    retried.isEmpty ? "没有可重试的失败任务" : "已重新排队：" + retried.map { "任务#\($0)" }.joined(separator: "、"))
            }
            let missed = Set(ids).subtracting(retried).sorted()
            if !missed.isEmpty {
                Output.write(
                    STDERR_FILENO,
                    Array("lectern: 这些任务不是失败状态，没有重试：\(missed.map { "任务#\($0)" }.joined(separator: "、"))\n".utf8))
                throw ItemsFailed()
            }
        }
    }
}

extension QueueText {
    static func state(_ typed: String) -> JobState? {
        let t = typed.trimmingCharacters(in: .whitespaces).lowercased()
        return JobState(rawValue: t) ?? JobState.allCases.first { $0.chinese == t || $0.chinese.hasPrefix(t) }
    }

    /// 「任务#12  处理中  host-b（第 2 次）  3分钟前排队  /mnt/上传/第1讲.mp4」
    static func line(_ job: IngestJob, now: Date) -> String {
        var parts = ["任务#\(job.id)", job.state.chinese]
        if let host = job.host { parts.append(host + (job.attempts > 1 ? "（第 \(job.attempts) 次）" : "")) }
        parts.append(Chinese.duration(max(0, now.timeIntervalSince(job.enqueuedAt))) + "前排队")
        if let id = job.lectureId { parts.append("#\(id)" + (job.outcome == "duplicate" ? "（重复）" : "")) }
        // The reason follows its file at once: 「/上传/第3讲.mp4：文件是空的（0 字节）」.
        parts.append(job.path + (job.error.map { "：" + $0 } ?? ""))
        return parts.joined(separator: "  ")
    }
}
