import Catalog
import Foundation
import LecternCore
import TestSupport
import Testing
import Workers

@testable import Ingest

/// The ingest pipeline in process: scan, store, dedupe, place, describe, policy, catalog,
/// over `EmbeddedWorkerPool` with a fake worker, so that each stage's decisions are tested
/// without processes or FFmpeg (the binary's tests cover those).
@Suite struct IngesterTests {
    let library: Library
    let catalog: Catalog
    let inbox: URL
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-ingest-\(UUID().uuidString)")
        library = try TestCatalog.createLibrary(at: root.appendingPathComponent("library"))
        catalog = try Catalog(library: library)
        inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    func upload(_ name: String, _ content: String) throws {
        try Data(content.utf8).write(to: inbox.appendingPathComponent(name))
    }

    func ingest(_ worker: FakeWorker, dryRun: Bool = false, stopAfter: Int? = nil) throws
        -> (IngestSummary, [FileReport], EmbeddedWorkerPool)
    {
        let pool = EmbeddedWorkerPool(respond: worker.respond)
        let ingester = Ingester(
            library: library, catalog: catalog, config: try library.config(), manifest: nil, actor: "local")
        let reports = Reports()
        let summary = try ingester.run(
            paths: [inbox.path], pool: pool, dryRun: dryRun, mode: .copy, arguments: "ingest inbox",
            now: { [now] in now }, shouldContinue: { stopAfter.map { reports.count < $0 } ?? true },
            report: { event in if case .finished(let r, _, _, _) = event { reports.append(r) } })
        return (summary, reports.all, pool)
    }

    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [FileReport] = []
        func append(_ r: FileReport) { lock.withLock { items.append(r) } }
        var all: [FileReport] { lock.withLock { items } }
        var count: Int { lock.withLock { items.count } }
    }

    @Test func filesAreStoredPlacedAndCataloguedWithMetadataFromTheirNames() throws {
        try upload("春华镇-吴辉-学习党章.mp4", "video one")
        try upload("第二讲.mp4", "video two")
        let worker = FakeWorker(probes: [
            "春华镇-吴辉-学习党章.mp4": FakeWorker.lecture("a"), "第二讲.mp4": FakeWorker.lecture("b"),
        ])
        let (summary, reports, pool) = try ingest(worker)
        #expect(summary.ingested == 2 && summary.failed == 0 && summary.duplicate == 0)
        #expect(Set(reports.map(\.outcome)) == [.ingested])
        // Two requests per file: store, then place (the hash was new).
        #expect(
            pool.requests.map { if case .store = $0.job { "store" } else { "place" } } == [
                "store", "place", "store", "place",
            ])
        let named = try #require(reports.first { $0.file.hasSuffix("学习党章.mp4") }?.id)
        let detail = try #require(try catalog.lecture(named))
        #expect(detail.lecture.title == "学习党章" && detail.lecture.speaker == "吴辉")
        #expect(detail.lecture.status == .pending)
        let version = try #require(detail.versions.first)
        #expect(FileManager.default.fileExists(atPath: library.url(version.storedPath).path))
        #expect(version.posterPath.map { FileManager.default.fileExists(atPath: library.url($0).path) } == true)
        // Nothing left in this run's scratch folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.tmpURL.path).isEmpty)
    }

    @Test func aDuplicateCostsNoPlaceAndNoSecondLecture() throws {
        try upload("原件.mp4", "same bytes")
        try upload("副本.mp4", "same bytes")
        let worker = FakeWorker(probes: ["原件.mp4": FakeWorker.lecture("a"), "副本.mp4": FakeWorker.lecture("b")])
        let (summary, reports, pool) = try ingest(worker)
        #expect(summary.ingested == 1 && summary.duplicate == 1)
        #expect(reports.filter { $0.outcome == .duplicate }.count == 1)
        #expect(pool.requests.filter { if case .place = $0.job { true } else { false } }.count == 1)
        #expect(try catalog.lectures(limit: 10).count == 1)
    }

    @Test func badFilesFailWithTheirKindAndTheBatchGoesOn() throws {
        try upload("说明.rar", "not a video")
        try upload("坏文件.mp4", "truncated")
        try upload("内部.mp4", "fine")
        try upload("好的.mp4", "good")
        var worker = FakeWorker(probes: [
            "坏文件.mp4": FakeWorker.lecture("x"), "内部.mp4": FakeWorker.lecture("y"), "好的.mp4": FakeWorker.lecture("z"),
        ])
        worker.failures = [
            "坏文件.mp4": MediaFailure(.corrupt, "文件已损坏，无法读取"),
            "内部.mp4": .internal("工作进程未能启动"),
        ]
        let (summary, reports, _) = try ingest(worker)
        #expect(summary.failed == 3 && summary.ingested == 1)
        let kinds = Dictionary(
            uniqueKeysWithValues: reports.map { (($0.file as NSString).lastPathComponent, $0.error?.kind) })
        #expect(kinds["说明.rar"] == .notMedia)
        #expect(kinds["坏文件.mp4"] == .corrupt)
        #expect(kinds["内部.mp4"] == .internal)
        #expect(kinds["好的.mp4"] == .some(nil))
        #expect(reports.first { $0.file.hasSuffix("内部.mp4") }?.error?.message.hasPrefix("Lectern 内部错误：") == true)
        #expect(try catalog.lectures(limit: 10).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.mediaURL.path).count == 1)
        // On a catalog whose queue hosts share, each upload was a job this host held, ended as
        // its file ended; on SQLite there is no queue to hold.
        let jobs = try catalog.jobs()
        if catalog.sharesQueue {
            let byFile = Dictionary(uniqueKeysWithValues: jobs.map { (($0.path as NSString).lastPathComponent, $0) })
            #expect(Set(byFile.keys) == ["说明.rar", "坏文件.mp4", "内部.mp4", "好的.mp4"])
            #expect(jobs.allSatisfy { $0.host == Library.hostName && $0.attempts == 1 })
            let good = try #require(reports.first { $0.file.hasSuffix("好的.mp4") }?.id)
            #expect(byFile["好的.mp4"]?.state == .done && byFile["好的.mp4"]?.lectureId == good)
            #expect(byFile["坏文件.mp4"]?.state == .failed && byFile["坏文件.mp4"]?.error == "文件已损坏，无法读取")
            #expect(byFile["说明.rar"]?.state == .failed)
        } else {
            #expect(jobs.isEmpty)
        }
    }

    @Test func aFileThatFailsThePolicyIsKeptAndMarked() throws {
        try upload("太短.mp4", "short")
        let (summary, reports, _) = try ingest(FakeWorker(probes: ["太短.mp4": FakeWorker.lecture("s", seconds: 60)]))
        #expect(summary.ingested == 1 && summary.policyFailed == 1 && summary.policyRules == ["duration": 1])
        let report = try #require(reports.first)
        #expect(report.policy?.passed == false)
        #expect(try catalog.lecture(try #require(report.id))?.lecture.status == .autoRejected)
    }

    @Test func aDryRunProbesOnlyAndWritesNothing() throws {
        try upload("检查.mp4", "check me")
        let (summary, reports, pool) = try ingest(FakeWorker(probes: ["检查.mp4": FakeWorker.lecture("c")]), dryRun: true)
        #expect(summary.checked == 1 && summary.ingested == 0)
        #expect(reports.map(\.outcome) == [.checked])
        #expect(pool.requests.allSatisfy { if case .probe = $0.job { true } else { false } })
        #expect(try catalog.lectures(limit: 10).isEmpty)
        #expect(try catalog.jobs().isEmpty)
    }

    @Test func anInterruptedRunSaysSoAndKeepsWhatItFinished() throws {
        for i in 1...3 { try upload("第\(i)讲.mp4", "lecture \(i)") }
        let worker = FakeWorker(
            probes: Dictionary(uniqueKeysWithValues: (1...3).map { ("第\($0)讲.mp4", FakeWorker.lecture("\($0)")) }))
        let (summary, reports, _) = try ingest(worker, stopAfter: 1)
        #expect(summary.interrupted)
        #expect(reports.count == 1 && summary.ingested == 1)
        #expect(try catalog.lectures(limit: 10).count == 1)
        // Stopped on purpose: what was not started is said in the queue, not left for another
        // host to take over.
        let jobs = try catalog.jobs()
        if catalog.sharesQueue {
            #expect(jobs.filter { $0.state == .done }.map(\.lectureId) == [reports.first?.id])
            let stopped = jobs.filter { $0.state == .failed }
            #expect(stopped.count == 2)
            #expect(stopped.allSatisfy { $0.error == "导入中途停止，没有处理（可用 lectern queue retry \($0.id) 重新排队）" })
            #expect(try catalog.claimJob(host: "another", now: now) == nil)
        } else {
            #expect(jobs.isEmpty)
        }
    }
}
