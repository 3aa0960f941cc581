import Crypto
import Files
import Foundation
import LecternCore
import Media

/// The ingest jobs' file work: one streaming pass that hashes and copies, and the rename into
/// the content-addressed store. Nothing is ever half-written under a final name.
enum Store {
    /// Probes `path` (a file FFmpeg cannot read is never copied), then copies it into
    /// `directory` under a fresh temporary name while hashing it, and syncs the copy.
    static func store(path: String, into directory: String, link: Bool, timeoutSeconds: Double) throws(MediaError)
        -> (MediaInfo, StoredFile)
    {
        let info = try Prober.probe(path: path, timeoutSeconds: timeoutSeconds)
        return (info, try copy(path: path, into: directory, link: link, timeoutSeconds: timeoutSeconds))
    }

    /// Copies `path` into `directory` under a fresh temporary name while hashing it, and syncs
    /// the copy (or hard-links it, with `link`); what `store` does after probing.
    static func copy(path: String, into directory: String, link: Bool, timeoutSeconds: Double) throws(MediaError)
        -> StoredFile
    {
        if link, let linked = try hardLink(path, into: directory) { return linked }
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw MediaError.io("无法读取文件", errno, input: true) }
        defer { close(input) }
        let tmp = "\(directory)/\(UUID().uuidString).part"
        // Read as well as write: the kernel method hashes the copy's own pages.
        let output = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw MediaError.io("无法在资料库中写入临时文件", errno) }
        var ok = false
        defer {
            close(output)
            if !ok { unlink(tmp) }
        }
        var hasher = SHA256()
        // Copying a large file takes longer than probing it.
        let total: Int64
        do {
            total = try FileCopy.copy(
                from: input, to: output, method: .fromEnvironment(),
                timeoutSeconds: timeoutSeconds * 20
            ) { hasher.update(bufferPointer: $0) }
        } catch { throw MediaError(error) }
        if fsync(output) != 0 { throw MediaError.io("写入资料库失败（同步到磁盘时出错）", errno) }
        ok = true
        let sha = hasher.finalize().hexDigits
        return StoredFile(sha256: sha, temporaryPath: tmp, sizeBytes: total)
    }

    /// Hard-links `path` into `directory` and hashes it in one read; nil when the two are on
    /// different file systems (the caller copies instead).
    static func hardLink(_ path: String, into directory: String) throws(MediaError) -> StoredFile? {
        let tmp = "\(directory)/\(UUID().uuidString).part"
        if Glibc.link(path, tmp) != 0 {
            if errno == EXDEV || errno == EPERM || errno == EMLINK { return nil }
            throw MediaError.io("无法在资料库中建立链接", errno)
        }
        let fd = open(tmp, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            unlink(tmp)
            throw MediaError.io("无法读取文件", errno, input: true)
        }
        defer { close(fd) }
        var hasher = SHA256()
        let total: Int64
        do { total = try FileCopy.read(fd) { hasher.update(bufferPointer: $0) } } catch {
            unlink(tmp)
            throw MediaError(error)
        }
        let sha = hasher.finalize().hexDigits
        return StoredFile(sha256: sha, temporaryPath: tmp, sizeBytes: total)
    }

    /// Renames the synced temporary copy to `destination` (or drops it when a file with that
    /// content-addressed name is already there), then makes the frames in a temporary folder
    /// and renames it to `thumbs`. The frames' paths in the result are the final ones. The
    /// sound's fingerprint is made whether or not the file has a picture (an audio-only lecture).
    static func place(
        temporary: String, destination: String, thumbs: String, scratch: String,
        frames options: FramesOptions, timeoutSeconds: Double
    ) throws(MediaError)
        -> (FramesResult?, SoundFingerprint?, MediaFailure?)
    {
        let fm = FileManager.default
        let folder = (destination as NSString).deletingLastPathComponent
        do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw MediaError.io("无法创建资料库文件夹 \(folder)", errno)
        }
        // The same bytes may already be stored (an earlier run was interrupted, another host):
        // then their time is renewed, which keeps the sweeper off them until this commits.
        do { _ = try ContentStore.place(temporary, at: destination) } catch {
            throw MediaError.io("无法把文件放入资料库", error.errno)
        }
        syncDirectory(folder)

        let work = "\(scratch)/thumbs-\(UUID().uuidString)"
        var frameOptions = options
        frameOptions.outputDirectory = work
        defer { try? fm.removeItem(atPath: work) }
        var sound: SoundFingerprint?
        if options.fingerprint, WorkerProcessSettings.soundFingerprint {
            do { sound = try SoundPrinter.fingerprint(path: destination, timeoutSeconds: timeoutSeconds) } catch {
                if error.failure.kind == .timedOut { throw error }  // a damaged audio track: the picture may serve
            }
        }
        let result: FramesResult
        do {
            result = try FrameExtractor.extract(
                path: destination, options: frameOptions, timeoutSeconds: timeoutSeconds)
        } catch {
            return (nil, sound, error.failure)
        }
        // A thumbs folder is only ever renamed into place whole, so one already there is complete
        // and, for the same content, the same: another ingest got there first. Keep it (renewed).
        try? fm.createDirectory(
            atPath: (thumbs as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !ContentStore.renew(thumbs), rename(work, thumbs) != 0,
            !(errno == ENOTEMPTY || errno == EEXIST) || !fm.fileExists(atPath: thumbs)
        {
            throw MediaError.io("无法保存缩略图", errno)
        }
        syncDirectory((thumbs as NSString).deletingLastPathComponent)
        return (result.relocated(from: work, to: thumbs), sound, nil)
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

extension FramesResult {
    func relocated(from old: String, to new: String) -> FramesResult {
        func move(_ p: String) -> String { p.hasPrefix(old) ? new + p.dropFirst(old.count) : p }
        var r = self
        r.posterPath = move(posterPath)
        r.sheetPath = move(sheetPath)
        r.samples = samples.map {
            var s = $0; s.path = move(s.path); return s
        }
        return r
    }
}

extension MediaError {
    /// A failed copy as the file's failure: the errno kept in the message, the side it was on.
    init(_ error: FileCopyError) {
        switch error.cause {
        case .timedOut(let seconds): self.init(MediaFailure.timedOut(seconds: seconds))
        case .system(let code): self = .io(error.operation, code, input: error.input)
        }
    }
}
