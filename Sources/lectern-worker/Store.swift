import CLinux
import Crypto
import Foundation
import LecternCore
import Media

/// The ingest jobs' file work: one streaming pass that hashes and copies, and the rename into
/// the content-addressed store. Nothing is ever half-written under a final name.
enum Store {
    static let chunk = 1 << 20

    /// Probes `path` (a file FFmpeg cannot read is never copied), then copies it into
    /// `directory` under a fresh temporary name while hashing it, and syncs the copy.
    static func store(path: String, into directory: String, link: Bool, timeoutSeconds: Double) throws(MediaError)
        -> (MediaInfo, StoredFile)
    {
        let info = try Prober.probe(path: path, timeoutSeconds: timeoutSeconds)
        if link, let linked = try hardLink(path, into: directory) { return (info, linked) }
        let deadline = Date().addingTimeInterval(timeoutSeconds * 20)  // copying a large file takes longer
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw MediaError.io("无法读取文件", errno, input: true) }
        defer { close(input) }
        let tmp = "\(directory)/\(UUID().uuidString).part"
        // Read as well as write: the hash is taken from the copy itself (see `copy`).
        let output = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw MediaError.io("无法在资料库中写入临时文件", errno) }
        var ok = false
        defer {
            close(output)
            if !ok { unlink(tmp) }
        }
        var hasher = SHA256()
        let total = try copy(from: input, to: output, hasher: &hasher, deadline: deadline, timeoutSeconds: timeoutSeconds)
        if fsync(output) != 0 { throw MediaError.io("写入资料库失败（同步到磁盘时出错）", errno) }
        ok = true
        let sha = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (info, StoredFile(sha256: sha, temporaryPath: tmp, sizeBytes: total))
    }

    /// Copies `input` to the end of file, piece by piece, and hashes what was copied; returns
    /// the byte count. The copy is made in the kernel (copy_file_range: page cache to page
    /// cache, or shared extents on file systems that can), and each piece is hashed from the
    /// copy's own pages, so the hash is that of the bytes stored even if the source changes
    /// underfoot. Each piece's write-back starts at once, so the fsync that follows has little
    /// left to wait for. Where the kernel cannot copy between the two files, a read/write loop.
    static func copy(from input: Int32, to output: Int32, hasher: inout SHA256, deadline: Date,
                     timeoutSeconds: Double) throws(MediaError) -> Int64
    {
        var total: Int64 = 0
        var inKernel = true
        var buffer: [UInt8] = []
        while true {
            var n: Int
            if inKernel {
                var from = total
                var to = total
                n = lectern_copy_file_range(input, &from, output, &to, piece)
                if n < 0 {
                    let e = errno
                    if e == EINTR { continue }
                    if total == 0, [EXDEV, ENOSYS, EINVAL, EOPNOTSUPP, EPERM, EBADF].contains(e) {
                        inKernel = false  // not between these two files: copy through memory
                        continue
                    }
                    if [ENOSPC, EDQUOT, EFBIG].contains(e) { throw MediaError.io("写入资料库失败（磁盘可能已满）", e) }
                    throw MediaError.io("复制文件时出错（文件可能在复制途中被移走或损坏）", e, input: true)
                }
                if n > 0 { try hashCopied(output, from: total, count: n, into: &hasher) }
            } else {
                if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: chunk) }
                n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, chunk) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw MediaError.io("读取文件时出错（文件可能在复制途中被移走）", errno, input: true)
                }
                // The write's errno, or 0 when all `n` bytes went out.
                let failure: Int32 = buffer.withUnsafeBytes { raw in
                    let slice = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                    hasher.update(bufferPointer: slice)
                    var offset = 0
                    while offset < n {
                        let w = write(output, slice.baseAddress! + offset, n - offset)
                        if w < 0 && errno == EINTR { continue }
                        if w <= 0 { return w < 0 ? errno : ENOSPC }
                        offset += w
                    }
                    return 0
                }
                if failure != 0 { throw MediaError.io("写入资料库失败（磁盘可能已满）", failure) }
            }
            if n == 0 { return total }
            _ = lectern_start_writeback(output, total, Int64(n))
            total += Int64(n)
            if Date() > deadline { throw MediaError(MediaFailure.timedOut(seconds: timeoutSeconds * 20)) }
        }
    }

    /// Bytes copied per kernel call: large enough to keep system calls rare, small enough
    /// that write-back starts early and a deadline is noticed.
    static let piece = 8 << 20

    /// Hashes `count` bytes of `fd` at `offset` through a read-only mapping of those pages
    /// (already in the page cache: they were just written).
    static func hashCopied(_ fd: Int32, from offset: Int64, count: Int, into hasher: inout SHA256) throws(MediaError) {
        let page = Int64(sysconf(Int32(_SC_PAGESIZE)))
        let start = offset - offset % page
        let length = Int(offset - start) + count
        guard let map = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(start)), map != MAP_FAILED else {
            throw MediaError.io("读取资料库中的副本失败", errno)
        }
        defer { munmap(map, length) }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: map + Int(offset - start), count: count))
    }

    /// Hard-links `path` into `directory` and hashes it in one read; nil when the two are on
    /// different file systems (the caller copies instead).
    static func hardLink(_ path: String, into directory: String) throws(MediaError) -> StoredFile? {
        let tmp = "\(directory)/\(UUID().uuidString).part"
        if Glibc.link(path, tmp) != 0 {
            if errno == EXDEV || errno == EPERM || errno == EMLINK { return nil }
            throw MediaError.io("无法在资料库中建立链接", errno)
        }
        guard let handle = FileHandle(forReadingAtPath: tmp) else {
            unlink(tmp)
            throw MediaError.io("无法读取文件", errno, input: true)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        while let data = try? handle.read(upToCount: chunk), !data.isEmpty {
            hasher.update(data: data)
            total += Int64(data.count)
        }
        let sha = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return StoredFile(sha256: sha, temporaryPath: tmp, sizeBytes: total)
    }

    /// Renames the synced temporary copy to `destination` (or drops it when a file with that
    /// content-addressed name is already there), then makes the frames in a temporary folder
    /// and renames it to `thumbs`. The frames' paths in the result are the final ones.
    static func place(temporary: String, destination: String, thumbs: String, scratch: String,
                      frames options: FramesOptions, timeoutSeconds: Double) throws(MediaError)
        -> (FramesResult?, MediaFailure?)
    {
        let fm = FileManager.default
        let folder = (destination as NSString).deletingLastPathComponent
        do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw MediaError.io("无法创建资料库文件夹 \(folder)", errno)
        }
        if fm.fileExists(atPath: destination) {
            unlink(temporary)  // the same bytes are already stored (an earlier run was interrupted)
        } else if rename(temporary, destination) != 0 {
            throw MediaError.io("无法把文件放入资料库", errno)
        }
        syncDirectory(folder)

        let work = "\(scratch)/thumbs-\(UUID().uuidString)"
        var frameOptions = options
        frameOptions.outputDirectory = work
        defer { try? fm.removeItem(atPath: work) }
        let result: FramesResult
        do {
            result = try FrameExtractor.extract(path: destination, options: frameOptions, timeoutSeconds: timeoutSeconds)
        } catch {
            return (nil, error.failure)
        }
        // A thumbs folder is only ever renamed into place whole, so one already there is complete
        // and, for the same content, the same: another ingest got there first. Keep it.
        try? fm.createDirectory(atPath: (thumbs as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !fm.fileExists(atPath: thumbs), rename(work, thumbs) != 0,
           !(errno == ENOTEMPTY || errno == EEXIST) || !fm.fileExists(atPath: thumbs) {
            throw MediaError.io("无法保存缩略图", errno)
        }
        syncDirectory((thumbs as NSString).deletingLastPathComponent)
        return (result.relocated(from: work, to: thumbs), nil)
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
        r.samples = samples.map { var s = $0; s.path = move(s.path); return s }
        return r
    }
}
