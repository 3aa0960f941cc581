import Catalog
import Foundation
import LecternCore
import Workers

/// One document of an ingest run (`ingest --json`): attached to the lecture its upload became,
/// already attached, refused, or skipped because no upload of the run is its own.
public struct AttachmentReport: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable { case attached, existing, failed, skipped }
    public var file: String
    public var document: Outcome
    public var lectureId: Int64?
    public var attachmentId: Int64?
    public var role: AttachmentRole?
    public var characters: Int?
    public var scanned: Bool?
    public var error: MediaFailure?
    public var reason: String?
    /// Other lectures' scripts and reference texts this one was found in.
    public var scriptMatches: [ScriptMatch]?

    init(file: String, document: Outcome) {
        self.file = file
        self.document = document
    }
}

extension Ingester {
    /// Whether `path` is a document (a script or slides, or an old format to be saved again).
    static func isDocument(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return DocumentFormat.of(fileName: name) != nil || DocumentFormat.oldFormat(name) != nil
    }

    /// The documents each upload brings: `标题.docx` beside `标题.mp4` in the same folder, and what
    /// the manifest's 讲稿 and 课件 columns name. The run's other documents belong to no upload.
    func pairDocuments(_ documents: [String], with uploads: [String]) -> (
        byUpload: [String: [ManifestDocument]], alone: [String]
    ) {
        var byStem: [String: [String]] = [:]
        for u in uploads {
            byStem[URL(fileURLWithPath: u).standardizedFileURL.deletingPathExtension().path, default: []].append(u)
        }
        var byUpload: [String: [ManifestDocument]] = [:], claimed = Set<String>()
        for u in uploads {
            for d in manifest?.documents(for: u) ?? [] {
                byUpload[u, default: []].append(d)
                claimed.insert(d.path)
            }
        }
        var alone: [String] = []
        for d in documents {
            let std = URL(fileURLWithPath: d).standardizedFileURL
            if claimed.contains(std.path) { continue }
            let stem = std.deletingPathExtension().path
            if let owners = byStem[stem], owners.count == 1 {
                let format = DocumentFormat.of(fileName: std.lastPathComponent)
                byUpload[owners[0], default: []].append(
                    ManifestDocument(
                        role: format.map(AttachmentRole.guess) ?? .script, path: std.path, source: "与上传文件同名"))
            } else {
                alone.append(d)
            }
        }
        return (byUpload, alone)
    }

    /// Reads, stores and attaches each upload's documents to the lecture it became (or was
    /// already); one report a document, the run going on past a bad one.
    func attachDocuments(
        _ byUpload: [String: [ManifestDocument]], lectures: [String: Int64], pool: some WorkerRunner, now: Date,
        report: (AttachmentReport) -> Void
    ) -> Int {
        var failed = 0
        let wanted = byUpload.filter { lectures[$0.key] != nil }
        guard !wanted.isEmpty else { return 0 }
        let store = DocumentStore(library: library, workers: pool)
        let paths = wanted.values.flatMap { $0.map(\.path) }.filter { FileManager.default.fileExists(atPath: $0) }
        let stored = store.store(paths)
        for (upload, documents) in wanted.sorted(by: { $0.key < $1.key }) {
            guard let lecture = lectures[upload] else { continue }
            for d in documents {
                var r = AttachmentReport(file: d.path, document: .failed)
                r.lectureId = lecture
                r.role = d.role
                switch stored[d.path] {
                case nil:
                    r.error = MediaFailure(.notFound, "\(d.source)写的文件不存在")
                case .failure(let failure):
                    r.error = failure
                case .success(var a):
                    a.role = d.role
                    do {
                        let outcome = try catalog.attach([a], lecture: lecture, activity: nil, actor: actor, now: now)
                        switch outcome.first {
                        case .added(let id):
                            (r.document, r.attachmentId) = (.attached, id)
                            let found = try catalog.scriptMatches(lecture: lecture).filter { $0.attachmentId == id }
                            if !found.isEmpty { r.scriptMatches = found }
                        case .existing(let id): (r.document, r.attachmentId) = (.existing, id)
                        case nil: break
                        }
                        r.characters = a.document.text.count
                        r.scanned = a.document.scanned
                    } catch {
                        r.error = MediaFailure(.notReadable, "附件没有登记：\(error)")
                    }
                }
                if r.document == .failed { failed += 1 }
                report(r)
            }
        }
        return failed
    }
}
