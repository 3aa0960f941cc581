import CLinux
import Foundation

/// Copies one open file into another and shows every byte copied to a consumer (the ingest's
/// SHA-256), in one pass over the source.
///
/// The copy is made in the kernel with copy_file_range: page cache to page cache, or shared
/// extents on file systems that can (XFS, Btrfs). Each piece is then read back through a
/// read-only mapping of the copy's own pages, so the consumer sees the bytes that were stored,
/// even if the source changes underfoot. Each piece's write-back starts at once, so the fsync
/// that follows has little left to wait for. Where the kernel cannot copy between the two
/// files (another file system on an old kernel, a pipe), a read/write loop through one buffer.
///
/// On the machines measured (docs/ARCHITECTURE.md, "Ingest"), the kernel copy took a third of
/// the system time of read/write with a reused 1 MiB buffer.
public enum FileCopy {
    /// Bytes per kernel call: large enough to keep system calls rare, small enough that
    /// write-back starts early and a deadline is noticed.
    public static let piece = 8 << 20
    /// Buffer size of the read/write loop.
    static let chunk = 1 << 20

    public enum Method: Sendable { case kernel, readWrite }

    /// Copies `input` from its start to its end into `output` (opened read-write, written from
    /// its start) and returns the byte count. `consume` sees the bytes in order.
    /// Errors: an input error is marked `input: true`; a full disk says so.
    /// `timeoutSeconds` bounds the whole copy (it fails as timed out).
    public static func copy(from input: Int32, to output: Int32, method: Method = .kernel,
                            timeoutSeconds: Double = .infinity, piece: Int = FileCopy.piece,
                            consume: (UnsafeRawBufferPointer) -> Void) throws(MediaError) -> Int64
    {
        let deadline = Deadline(seconds: min(timeoutSeconds, 1e9))
        var total: Int64 = 0
        var inKernel = method == .kernel
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
                    throw failure(e, "复制文件时出错（文件可能在复制途中被移走或损坏）")
                }
                if n > 0 { try readBack(output, from: total, count: n, consume) }
            } else {
                if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: chunk) }
                n = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, chunk, off_t(total)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw MediaError.io("读取文件时出错（文件可能在复制途中被移走）", errno, input: true)
                }
                // The write's errno, or 0 when all `n` bytes went out.
                let error: Int32 = buffer.withUnsafeBytes { raw in
                    let slice = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                    consume(slice)
                    var offset = 0
                    while offset < n {
                        let w = pwrite(output, slice.baseAddress! + offset, n - offset, off_t(total) + offset)
                        if w < 0 && errno == EINTR { continue }
                        if w <= 0 { return w < 0 ? errno : ENOSPC }
                        offset += w
                    }
                    return 0
                }
                if error != 0 { throw failure(error, "写入资料库失败") }
            }
            if n == 0 { return total }
            _ = lectern_start_writeback(output, total, Int64(n))
            total += Int64(n)
            try deadline.check(file: "")
        }
    }

    /// Reads `fd` from its current position to its end through one reused buffer and returns
    /// the byte count; `consume` sees the bytes in order. For a file that is not ours to map
    /// (a hard link to the user's own file can be cut short underfoot).
    public static func read(_ fd: Int32, consume: (UnsafeRawBufferPointer) -> Void) throws(MediaError) -> Int64 {
        var buffer = [UInt8](repeating: 0, count: chunk)
        var total: Int64 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw MediaError.io("读取文件时出错", errno, input: true)
            }
            if n == 0 { return total }
            buffer.withUnsafeBytes { consume(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += Int64(n)
        }
    }

    /// A full disk or quota is named as such; anything else while copying is the input's fault
    /// only when the output is fine, which one call cannot tell: the message says both.
    static func failure(_ code: Int32, _ message: String) -> MediaError {
        if [ENOSPC, EDQUOT, EFBIG].contains(code) { return MediaError.io("写入资料库失败（磁盘可能已满）", code) }
        return MediaError.io(message, code, input: true)
    }

    /// Shows `count` bytes of `fd` at `offset` to `consume` through a read-only mapping of
    /// those pages (still in the page cache: they were just written).
    static func readBack(_ fd: Int32, from offset: Int64, count: Int,
                         _ consume: (UnsafeRawBufferPointer) -> Void) throws(MediaError)
    {
        let page = Int64(sysconf(Int32(_SC_PAGESIZE)))
        let start = offset - offset % page
        let length = Int(offset - start) + count
        guard let map = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(start)), map != MAP_FAILED else {
            throw MediaError.io("读取资料库中的副本失败", errno)
        }
        defer { munmap(map, length) }
        consume(UnsafeRawBufferPointer(start: map + Int(offset - start), count: count))
    }
}
