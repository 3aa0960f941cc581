import Catalog
import Foundation
import LecternCore
import Synchronization
import Workers

extension Ingester {
    /// `ingest --enqueue-only`: the uploads among `paths` go into the queue several hosts share,
    /// a job each (with the manifest that describes them); what is not an upload is said to be
    /// skipped, and paths that do not exist or cannot be named are counted (`unusable`). Documents are not queued: they are attached once their lecture is in
    /// (`lectern attach`).
    public func enqueue(_ paths: [String], arguments: String, now: Date) throws -> (
        jobs: [Int64], files: [String], skipped: [Scanner.Skipped], unusable: Int
    ) {
        var scan = Scanner.scan(paths, exclude: library.root)
        let metadata = Set(scan.files.filter { isMetadataFile($0, among: scan.files) })
        scan.skipped += metadata.sorted().map { Scanner.Skipped(file: $0, reason: "清单或附带的说明文件") }
        let documents = scan.files.filter { !metadata.contains($0) && Self.isDocument($0) }
        scan.skipped += documents.map {
            Scanner.Skipped(file: $0, reason: "文档，排队导入时不附上（节目登记后可用 lectern attach 编号 文件 附上）")
        }
        scan.skipped += scan.missing.map { Scanner.Skipped(file: $0, reason: "文件或文件夹不存在") }
        scan.skipped += scan.badNames.map { Scanner.Skipped(file: $0, reason: "文件名不是 UTF-8 编码，请改名后重新导入") }
        let files = scan.files.filter { !metadata.contains($0) && !documents.contains($0) }
            .map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let ids = try catalog.enqueue(
            files, manifest: manifest?.source, actor: actor, arguments: arguments, now: now)
        return (ids, files, scan.skipped, scan.missing.count + scan.badNames.count)
    }
}

extension Ingester {
    /// A plain run's uploads as jobs of the shared queue this host holds from the start, renewed
    /// by a heartbeat until the run ends: if the host dies, another host's `lectern work` takes
    /// over what it had not finished once `lease` runs out.
    func hold(_ files: [String], lease: Double, arguments: String, now: Date) throws -> (
        jobs: [String: JobClaim], heartbeat: Heartbeat
    ) {
        let claims = try catalog.enqueueClaimed(
            files.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, host: Library.hostName, lease: lease,
            manifest: manifest?.source, actor: actor, arguments: arguments, now: now)
        return (
            Dictionary(zip(files, claims), uniquingKeysWith: { a, _ in a }),
            Heartbeat(catalog: catalog, claims: claims, lease: lease)
        )
    }

    /// Stopped on purpose (Ctrl-C): the held jobs not started are not left for another host to
    /// take over, but said in the queue, where they can be put back.
    func endUnstarted(_ jobs: [String: JobClaim], handled: Set<String>, now: Date) {
        for (file, job) in jobs.sorted(by: { $0.value.id < $1.value.id }) where !handled.contains(file) {
            try? catalog.finishJob(
                job, outcome: FileOutcome.failed.rawValue, lectureId: nil,
                error: "导入中途停止，没有处理（可用 lectern queue retry \(job.id) 重新排队）", now: now)
        }
    }
}

/// `lectern work`: claims jobs from the shared queue, as many at a time as there are workers,
/// runs them through ingest as this host's own, and ends each with its outcome. While they are
/// worked, a heartbeat renews their leases on the database's clock; no row is locked meanwhile.
public final class JobWorker: Sendable {
    public let library: Library
    public let catalog: Catalog
    public let config: LibraryConfig
    public let host: String
    public let slots: Int
    public let lease: Double
    /// The catalog's fingerprints as this host read them once, kept current by each commit
    /// (it reads what other hosts catalogued since): read again for every batch, they would
    /// cost a scan of every version per claim.
    let known = Mutex<KnownCopies?>(nil)

    public init(library: Library, catalog: Catalog, config: LibraryConfig, host: String, slots: Int, lease: Double) {
        self.library = library
        self.catalog = catalog
        self.config = config
        self.host = host
        self.slots = slots
        self.lease = lease
    }

    /// Claims up to `slots` jobs and works them; what became of each, nil when there was none.
    public func runOnce(
        pool: some WorkerRunner, now: @escaping @Sendable () -> Date, shouldContinue: @escaping @Sendable () -> Bool,
        report: @escaping @Sendable (IngestEvent) -> Void
    ) throws -> IngestSummary? {
        var claims: [JobClaim] = []
        while claims.count < slots, let claim = try catalog.claimJob(host: host, lease: lease, now: now()) {
            claims.append(claim)
        }
        guard !claims.isEmpty else { return nil }
        let heartbeat = Heartbeat(catalog: catalog, claims: claims, lease: lease)
        defer { heartbeat.stop() }
        var total = IngestSummary()
        // Jobs enqueued by one person with one manifest go through one ingest run.
        let groups = Dictionary(grouping: claims, by: { "\($0.actor)\u{1}\($0.manifest ?? "")" })
        for key in groups.keys.sorted() {
            guard let group = groups[key], let first = group.first else { continue }
            let manifest: Manifest?
            do {
                manifest = try first.manifest.map { try Manifest(url: URL(fileURLWithPath: $0)) }
            } catch {
                for job in group {
                    try? catalog.finishJob(
                        job, outcome: FileOutcome.failed.rawValue, lectureId: nil,
                        error: "清单 \(job.manifest ?? "") 读不出来：\(error)", now: now())
                }
                total.failed += group.count
                continue
            }
            let ingester = Ingester(
                library: library, catalog: catalog, config: config, manifest: manifest, actor: first.actor)
            let known = try self.known.withLock { known in
                if known == nil { known = try KnownCopies(catalog: catalog) }
                return known
            }
            let summary = try ingester.run(
                paths: group.map(\.path), pool: pool, dryRun: false, mode: .copy,
                arguments: "work --host \(host)",
                jobs: Dictionary(group.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }), known: known,
                now: now, shouldContinue: shouldContinue, report: report)
            total.add(summary)
        }
        return total
    }
}

/// Renews a set of claims every third of their lease until stopped, on a thread of its own.
final class Heartbeat: Sendable {
    final class Flag: Sendable { let stopped = Atomic<Bool>(false) }
    let flag = Flag()

    init(catalog: Catalog, claims: [JobClaim], lease: Double) {
        let thread = Thread { [flag] in
            var next = Date().addingTimeInterval(lease / 3)
            while !flag.stopped.load(ordering: .relaxed) {
                guard Date() >= next else {
                    Thread.sleep(forTimeInterval: 0.2)
                    continue
                }
                _ = try? catalog.renew(claims, lease: lease)
                next = Date().addingTimeInterval(lease / 3)
            }
        }
        thread.start()
    }

    func stop() { flag.stopped.store(true, ordering: .relaxed) }
}

extension IngestSummary {
    public mutating func add(_ other: IngestSummary) {
        ingested += other.ingested
        duplicate += other.duplicate
        failed += other.failed
        policyFailed += other.policyFailed
        skipped += other.skipped
        checked += other.checked
        seconds += other.seconds
        interrupted = interrupted || other.interrupted
        for (rule, n) in other.policyRules { policyRules[rule, default: 0] += n }
    }
}
