import Catalog
import Files
import Foundation
import LecternCore
import Workers

/// Scripts and slides into the library: each read by a worker (`document` job: a damaged PDF
/// costs one file, not the run), copied and hashed, and stored by content
/// (`media/ab/abcdef….docx`). The same document twice is stored once.
public struct DocumentStore: Sendable {
    public let library: Library
    public let workers: any WorkerRunner
    public var timeoutSeconds = 60.0

    public init(library: Library, workers: any WorkerRunner) {
        self.library = library
        self.workers = workers
    }

    /// Stores every file; by path, the stored document or why it could not be taken.
    public func store(_ files: [String], role: AttachmentRole? = nil) -> [String: Result<NewAttachment, MediaFailure>] {
        WorkerJobs.run(
            files, library: library, workers: workers, timeoutSeconds: timeoutSeconds,
            job: { file, scratch in .document(file: file, temporaryDirectory: scratch) },
            place: { file, response in self.place(file, response, role: role) })
    }

    func place(_ file: String, _ response: WorkerResponse, role: AttachmentRole?) -> Result<NewAttachment, MediaFailure>
    {
        guard let stored = response.stored, let document = response.document else {
            return .failure(response.error ?? MediaFailure.internal("工作进程没有给出结果"))
        }
        let storedPath = library.mediaPath(sha256: stored.sha256, fileExtension: document.format.rawValue)
        let target = library.url(storedPath)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            return .failure(MediaFailure(.notReadable, "无法把文档放入资料库（\(error.localizedDescription)）"))
        }
        do { _ = try ContentStore.place(stored.temporaryPath, at: target.path) } catch {
            try? fm.removeItem(atPath: stored.temporaryPath)
            return .failure(MediaFailure(.notReadable, "无法把文档放入资料库（\(error)）", cause: .errno(error.errno)))
        }
        return .success(
            NewAttachment(
                role: role ?? AttachmentRole.guess(document.format), sha256: stored.sha256, storedPath: storedPath,
                originalName: (file as NSString).lastPathComponent, sizeBytes: stored.sizeBytes, document: document))
    }
}
