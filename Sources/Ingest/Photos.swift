import Catalog
import Files
import Foundation
import LecternCore
import Workers

/// Activity photos into the library: each checked and thumbnailed by a worker (FFmpeg reads
/// JPEG and PNG like a video's frame), copied and hashed like a video, and stored by content:
/// `media/ab/abcdef….jpg`, its thumbnail `thumbs/abcdef…/photo.jpg`. The same photo twice is
/// stored once.
public struct PhotoStore: Sendable {
    public let library: Library
    public let workers: any WorkerRunner
    public var width = 320
    public var timeoutSeconds = 30.0

    public init(library: Library, workers: any WorkerRunner) {
        self.library = library
        self.workers = workers
    }

    /// Stores every file; by path, the photo or why it could not be taken.
    public func store(_ files: [String]) -> [String: Result<NewPhoto, MediaFailure>] {
        let width = self.width
        return WorkerJobs.run(
            files, library: library, workers: workers, timeoutSeconds: timeoutSeconds,
            job: { file, scratch in
                .photo(
                    file: file, temporaryDirectory: scratch,
                    thumbnail: "\(scratch)/\(UUID().uuidString).jpg", width: width)
            },
            place: { file, response in self.place(file, response) })
    }

    func place(_ file: String, _ response: WorkerResponse) -> Result<NewPhoto, MediaFailure> {
        guard let stored = response.stored, let photo = response.photo else {
            return .failure(response.error ?? MediaFailure.internal("工作进程没有给出结果"))
        }
        let ext = photo.format == "png" ? "png" : "jpg"
        let storedPath = library.mediaPath(sha256: stored.sha256, fileExtension: ext)
        let thumbPath = library.thumbsPath(sha256: stored.sha256) + "/photo.jpg"
        let fm = FileManager.default
        do {
            for (from, to) in [(stored.temporaryPath, storedPath), (photo.thumbnailPath, thumbPath)] {
                let target = library.url(to)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                do { _ = try ContentStore.place(from, at: target.path) } catch {
                    throw MediaFailure(.notReadable, "无法把照片放入资料库（\(error)）")
                }
            }
        } catch let failure as MediaFailure {
            return .failure(failure)
        } catch {
            return .failure(MediaFailure(.notReadable, "无法把照片放入资料库（\(error.localizedDescription)）"))
        }
        return .success(
            NewPhoto(
                sha256: stored.sha256, storedPath: storedPath, thumbPath: thumbPath,
                originalName: (file as NSString).lastPathComponent))
    }
}

/// One worker job a file, in a scratch folder of the library's removed afterwards: what the
/// photo and document stores share.
enum WorkerJobs {
    static func run<T: Sendable>(
        _ files: [String], library: Library, workers: any WorkerRunner, timeoutSeconds: Double,
        job: @escaping @Sendable (_ file: String, _ scratch: String) -> WorkerJob,
        place: @escaping @Sendable (String, WorkerResponse) -> Result<T, MediaFailure>
    ) -> [String: Result<T, MediaFailure>] {
        let unique = Array(Set(files)).sorted()
        guard !unique.isEmpty else { return [:] }
        let scratch = library.scratchFolder()
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            let failure = MediaFailure(.notReadable, "无法在资料库中建立临时文件夹 \(scratch.path)")
            return Dictionary(uniqueKeysWithValues: unique.map { ($0, .failure(failure)) })
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let results = Collected<T>(count: unique.count)
        workers.run(
            Array(unique.enumerated()), shouldContinue: { true },
            work: { item, session in
                session.call(
                    WorkerRequest(
                        id: item.offset, job: job(item.element, scratch.path), timeoutSeconds: timeoutSeconds))
            },
            handle: { item, response in results.set(item.offset, place(item.element, response)) })
        return Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($0.element, results.value($0.offset)) })
    }
}

/// Results by index, from the workers' threads (handed over one at a time).
final class Collected<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<T, MediaFailure>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: Result<T, MediaFailure>) { lock.withLock { values[i] = v } }
    func value(_ i: Int) -> Result<T, MediaFailure> {
        lock.withLock { values[i] } ?? .failure(MediaFailure.internal("没有处理"))
    }
}
