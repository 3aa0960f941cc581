import Catalog
import Foundation
import LecternCore
import Workers

/// One line of `ingest --json` (CLI.md).
public struct FileReport: Codable, Sendable {
    public var file: String
    public var outcome: FileOutcome
    public var id: Int64?
    public var sha256: String?
    public var durationSeconds: Double?
    public var policy: PolicyReport?
    public var nearDuplicates: [NearDuplicate]?
    public var error: MediaFailure?
    public var warnings: [String] = []

    init(file: String, outcome: FileOutcome, id: Int64? = nil, sha256: String? = nil) {
        self.file = file
        self.outcome = outcome
        self.id = id
        self.sha256 = sha256
    }
}

/// What became of one file in a run (`outcome` in `ingest --json`).
public enum FileOutcome: String, Codable, Sendable {
    case ingested, duplicate, failed, skipped, resubmitted
    /// `--dry-run`: probed and checked against the policy, nothing written.
    case checked
}

public struct PolicyReport: Codable, Sendable {
    public var passed: Bool
    public var failures: [PolicyFinding]
}

public struct IngestSummary: Codable, Sendable {
    public var ingested = 0
    public var duplicate = 0
    public var failed = 0
    public var policyFailed = 0
    public var skipped = 0
    public var checked = 0
    public var seconds = 0.0
    public var interrupted = false
    /// Policy failures by rule, for the closing lines.
    public var policyRules: [String: Int] = [:]

    public init(skipped: Int = 0) { self.skipped = skipped }
}

public enum IngestEvent: Sendable {
    /// Before the first file: how many and how many bytes.
    case started(files: Int, bytes: Int64)
    case skipped(Scanner.Skipped)
    /// A file is done; `done` of `total`, `bytesDone` so far.
    case finished(FileReport, done: Int, total: Int, bytesDone: Int64)
    /// After the uploads: a document attached to its lecture, or why not.
    case attachment(AttachmentReport)
}

/// Runs `lectern ingest`: scans, runs the stages on worker processes, and writes the catalog
/// from one thread.
public final class Ingester: Sendable {
    static let nearDuplicateThreshold = Catalog.nearDuplicateThreshold

    public let library: Library
    public let catalog: Catalog
    public let config: LibraryConfig
    let manifest: Manifest?
    let actor: String
    /// Set for `review resubmit`: each file becomes a new version of this lecture.
    public let resubmitTo: Int64?

    public init(
        library: Library, catalog: Catalog, config: LibraryConfig, manifest: Manifest?, actor: String,
        resubmitTo: Int64? = nil
    ) {
        self.resubmitTo = resubmitTo
        self.library = library
        self.catalog = catalog
        self.config = config
        self.manifest = manifest
        self.actor = actor
    }

    public enum Mode: String, Sendable { case copy, move, link }

    /// `lease`: on a catalog whose queue hosts share, how long each upload's job stays this
    /// host's without a heartbeat (`holdsJobs` below).
    public func run(
        paths: [String], pool: some WorkerRunner, dryRun: Bool, mode: Mode, arguments: String,
        lease: Double = Catalog.jobLease,
        now: @escaping @Sendable () -> Date, shouldContinue: @escaping @Sendable () -> Bool,
        report: @escaping @Sendable (IngestEvent) -> Void
    ) throws -> IngestSummary {
        try run(
            paths: paths, pool: pool, dryRun: dryRun, mode: mode, arguments: arguments, jobs: [:], known: nil,
            holdsJobs: catalog.sharesQueue ? lease : nil, now: now, shouldContinue: shouldContinue, report: report)
    }

    /// `jobs`: the queue's claims on these files (`lectern work`): each file's job is finished
    /// with its outcome, in the catalog write's own transaction when the file is catalogued.
    /// `known`: what an earlier run of the same host read of the catalog, kept current by each
    /// commit (read again when nil). `holdsJobs`: on a catalog whose queue hosts share, each
    /// upload becomes a job this host holds while it works it (`enqueueClaimed`), for this
    /// lease renewed by a heartbeat: if the host stops, another host's `lectern work` takes
    /// over what it had not finished.
    func run(
        paths: [String], pool: some WorkerRunner, dryRun: Bool, mode: Mode, arguments: String,
        jobs: [String: JobClaim], known: KnownCopies?, holdsJobs lease: Double? = nil,
        now: @escaping @Sendable () -> Date, shouldContinue: @escaping @Sendable () -> Bool,
        report: @escaping @Sendable (IngestEvent) -> Void
    ) throws -> IngestSummary {
        let started = Date()
        try catalog.authorize(actor, resubmitTo == nil ? .ingest : .resubmit, lectureId: resubmitTo, now: now())
        removeLeftovers()
        var scan = Scanner.scan(paths, exclude: library.root)
        // The manifest and sidecars describe uploads; they are not uploads.
        let metadataFiles = Set(scan.files.filter { isMetadataFile($0, among: scan.files) })
        scan.skipped += metadataFiles.sorted().map { Scanner.Skipped(file: $0, reason: "清单或附带的说明文件") }
        // Scripts and slides go with the upload of the same name (or the manifest's 讲稿 column);
        // a review resubmission takes videos only.
        let documents =
            resubmitTo == nil ? scan.files.filter { !metadataFiles.contains($0) && Self.isDocument($0) } : []
        let files = scan.files.filter { !metadataFiles.contains($0) && !documents.contains($0) }
        let paired = pairDocuments(documents, with: files)
        scan.skipped += paired.alone.map {
            Scanner.Skipped(file: $0, reason: "文档，但没有同名的视频，没有附上（可用 lectern attach 编号 文件 附上）")
        }
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int64) ?? 0 }
        report(.started(files: files.count + scan.missing.count + scan.badNames.count, bytes: sizes.reduce(0, +)))
        scan.skipped.forEach { report(.skipped($0)) }

        var jobs = jobs
        var heartbeat: Heartbeat?
        if let lease, !dryRun, resubmitTo == nil, !files.isEmpty {
            (jobs, heartbeat) = try hold(files, lease: lease, arguments: arguments, now: now())
        }
        defer { heartbeat?.stop() }

        let scratch = library.scratchFolder()
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let batch = dryRun ? 0 : try catalog.startBatch(actor: actor, arguments: arguments, now: now())
        let stages = Stages(
            library: library, catalog: catalog, config: config, scratch: scratch, dryRun: dryRun,
            link: mode == .link)
        let move = mode == .move

        let state = WriterState(
            summary: IngestSummary(skipped: scan.skipped.count), jobs: jobs,
            known: dryRun ? KnownCopies() : try known ?? KnownCopies(catalog: catalog))
        let total = files.count + scan.missing.count + scan.badNames.count
        // Items that fail before any work: bad names first, then paths that do not exist.
        let badName = MediaFailure(.notReadable, "文件名不是 UTF-8 编码（按 GBK 显示如上，多来自旧电脑或U盘），无法处理；请把文件改名后重新导入")
        let missing = MediaFailure(.notFound, "文件或文件夹不存在")
        for (path, failure) in scan.badNames.map({ ($0, badName) }) + scan.missing.map({ ($0, missing) }) {
            var r = FileReport(file: path, outcome: .failed)
            r.error = failure
            state.summary.failed += 1
            state.done += 1
            report(.finished(r, done: state.done, total: total, bytesDone: 0))
        }
        let sizeOf = Dictionary(zip(files, sizes), uniquingKeysWith: { a, _ in a })
        pool.run(
            files, shouldContinue: shouldContinue,
            work: { file, session in
                stages.process(file, session: session)
            },
            handle: { [self] file, result in
                var r = self.write(file, result, batch: batch, now: now(), move: move, state: state)
                self.finishJob(of: file, &r, state: state, now: now())
                state.handled.insert(file)
                if let id = r.id, r.outcome != .failed { state.lectures[file] = id }
                state.done += 1
                state.bytesDone += sizeOf[file] ?? 0
                report(.finished(r, done: state.done, total: total, bytesDone: state.bytesDone))
            })
        var summary = state.summary
        summary.interrupted = state.done < total
        if heartbeat != nil && summary.interrupted { endUnstarted(jobs, handled: state.handled, now: now()) }
        if !dryRun, !summary.interrupted {
            summary.failed += attachDocuments(
                paired.byUpload, lectures: state.lectures, pool: pool, now: now(), report: { report(.attachment($0)) })
        }
        summary.seconds = (Date().timeIntervalSince(started) * 100).rounded() / 100
        if !dryRun {
            try catalog.finishBatch(
                batch, ingested: summary.ingested, duplicates: summary.duplicate,
                failed: summary.failed, policyFailed: summary.policyFailed, now: now())
        }
        return summary
    }

    /// The writer's side of one file: catalog it, or report why not. Never throws: a catalog
    /// error fails this file and the batch goes on.
    func write(_ file: String, _ result: StageResult, batch: Int64, now: Date, move: Bool, state: WriterState)
        -> FileReport
    {
        switch result {
        case .failed(let failure):
            var r = FileReport(file: file, outcome: .failed)
            r.error = failure
            state.summary.failed += 1
            return r
        case .duplicate(let id, let sha) where resubmitTo != nil:
            var r = FileReport(file: file, outcome: .failed, id: id, sha256: sha)
            r.error = MediaFailure(.unchanged, "这个文件与目录中已有的版本完全相同（#\(id)），不是整改后的新版本")
            state.summary.failed += 1
            return r
        case .duplicate(let id, let sha):
            state.summary.duplicate += 1
            if move { unlink(file) }
            return FileReport(file: file, outcome: .duplicate, id: id, sha256: sha)
        case .probed(let info):
            var r = FileReport(file: file, outcome: .checked)
            let (meta, warnings) = describe(file, tags: info.tags)
            let lineage =
                ((try? meta.organisation.flatMap { try catalog.resolveOrganisation($0) }) ?? nil)
                .map { (try? catalog.lineage(of: $0.id).flatMap { [$0.id, $0.name] }) ?? [] } ?? []
            let findings = config.policy.check(info, organisations: lineage, kind: resolveKind(meta).0.code)
            r.durationSeconds = info.durationSeconds
            r.policy = PolicyReport(passed: findings.isEmpty, failures: findings)
            r.warnings = warnings
            state.summary.checked += 1
            count(findings, in: &state.summary)
            return r
        case .placed(let info, let stored, let storedPath, let thumbsPath, let frames, let sound, let framesError):
            do {
                let r = try record(
                    file, info: info, stored: stored, storedPath: storedPath, thumbsPath: thumbsPath,
                    frames: frames, sound: sound, framesError: framesError, batch: batch, now: now, state: state)
                if r.outcome == .duplicate {
                    state.summary.duplicate += 1
                } else {
                    state.summary.ingested += 1
                    count(r.policy?.failures ?? [], in: &state.summary)
                }
                if move { unlink(file) }
                return r
            } catch {
                // Nothing half-written in the catalog. The placed original and its thumbnails
                // stay: another ingest (here or on another host) may be about to commit a version
                // naming the same content; `lectern sweep` takes them once the grace period is
                // over if nobody does (ContentStore).
                var r = FileReport(file: file, outcome: .failed)
                r.error = MediaFailure(.notReadable, CatalogError.describeWrite(error))
                state.summary.failed += 1
                return r
            }
        }
    }

    /// A file of the queue whose job the catalog write did not end (it failed, or was already
    /// catalogued): its job ends here, fenced by the claim like the write. A claim that was lost
    /// makes the file's report say so: another host has the job.
    func finishJob(of file: String, _ r: inout FileReport, state: WriterState, now: Date) {
        guard let job = state.jobs[file], !state.finishedJobs.contains(file) else { return }
        do {
            try catalog.finishJob(
                job, outcome: r.outcome.rawValue, lectureId: r.id, error: r.error?.message, now: now)
        } catch let lost as JobLeaseLost {
            if r.error == nil { r.error = MediaFailure(.notReadable, lost.description) }
        } catch {
            r.warnings.append("任务 #\(job.id) 的状态没有写入：\(error)")
        }
    }

    func count(_ findings: [PolicyFinding], in summary: inout IngestSummary) {
        guard !findings.isEmpty else { return }
        summary.policyFailed += 1
        for f in findings { summary.policyRules[f.rule, default: 0] += 1 }
    }

    func isMetadataFile(_ path: String, among files: [String]) -> Bool {
        if let manifest = manifest, manifest.source == URL(fileURLWithPath: path).standardizedFileURL.path {
            return true
        }
        let ext = (path as NSString).pathExtension.lowercased()
        if ["csv", "xlsx", "xls"].contains(ext) { return true }
        if ext == "json" {
            let stem = (path as NSString).deletingPathExtension
            return files.contains { $0 != path && ($0 as NSString).deletingPathExtension == stem }
        }
        return false
    }

    /// Removes what interrupted runs of this host left in tmp/: the folders of processes that
    /// are gone. Live processes keep theirs, and other hosts' are left to the sweeper.
    func removeLeftovers() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: library.tmpURL.path) else { return }
        for name in names where Library.scratchOwner(name) == .abandoned {
            try? fm.removeItem(at: library.tmpURL.appendingPathComponent(name))
        }
    }
}

/// The writer's running totals; touched only inside the pool's serialised `handle`.
final class WriterState: @unchecked Sendable {
    var summary: IngestSummary
    let known: KnownCopies
    /// The queue's claims on this run's files, and the files whose job the catalog write ended.
    let jobs: [String: JobClaim]
    var finishedJobs: Set<String> = []
    /// The files the writer has seen through, whatever became of them.
    var handled: Set<String> = []
    var done = 0
    var bytesDone: Int64 = 0
    /// The lecture each upload became (or already was), for its documents.
    var lectures: [String: Int64] = [:]
    init(summary: IngestSummary, jobs: [String: JobClaim] = [:], known: KnownCopies) {
        self.summary = summary
        self.jobs = jobs
        self.known = known
    }
}
