import CLinux
import Foundation

/// Copies one open file into another and shows every byte copied to a consumer (the ingest's
/// SHA-256), in one pass over the source. In every method the consumer sees the bytes that
/// were stored, even if the source changes underfoot.
///
/// - `direct` (the default): pieces read into an aligned buffer, shown, and written from that
///   buffer with O_DIRECT, around the page cache; two buffers, writes on their own thread.
/// - `kernel`: copy_file_range (page cache to page cache, or shared extents on XFS and
///   Btrfs), each piece then read back through a read-only mapping of the copy's own pages,
///   its write-back started at once.
/// - `readWrite`: through one buffer.
/// Each falls back to the next where the file system or kernel refuses it.
///
/// Why (docs/ARCHITECTURE.md): on these virtual machines, filling fresh page-cache pages is
/// what copying costs. For 1.9 GB, read/write spent 4–6 s of system time, copy_file_range
/// 1–4 s, O_DIRECT about 1 s.
public enum FileCopy {
    /// Bytes per piece: large enough to keep system calls rare and direct writes long, small
    /// enough that write-back starts early, a deadline is noticed and two buffers stay small.
    public static let piece = 8 << 20
    /// Buffer size of the read/write loop.
    static let chunk = 1 << 20

    public enum Method: String, Sendable, CaseIterable {
        /// O_DIRECT from the hashed buffer (the default); where the file system refuses, `kernel`.
        case direct
        /// copy_file_range, hashed from the copy's pages; where the kernel refuses, `readWrite`.
        case kernel
        /// read and write through one buffer.
        case readWrite = "buffered"

        /// `$LECTERN_COPY` (direct, kernel or buffered), for a file system that misbehaves with
        /// the default; anything else is the default.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
            -> Method
        {
            environment["LECTERN_COPY"].flatMap(Method.init(rawValue:)) ?? .direct
        }
    }

    /// O_DIRECT writes start and end on multiples of this (any logical block size up to 4 KiB).
    static let directAlignment = 4096

    /// Copies `input` from its start to its end into `output` (opened read-write, written from
    /// its start) and returns the byte count. `consume` sees the bytes in order.
    /// Errors: an input error is marked `input: true`; a full disk says so.
    /// `timeoutSeconds` bounds the whole copy (it fails as timed out).
    public static func copy(
        from input: Int32, to output: Int32, method: Method = .direct,
        timeoutSeconds: Double = .infinity, piece: Int = FileCopy.piece,
        consume: (UnsafeRawBufferPointer) -> Void
    ) throws(FileCopyError) -> Int64 {
        let deadline = CopyDeadline(seconds: timeoutSeconds)
        if method == .direct,
            let total = try copyDirect(
                from: input, to: output, deadline: deadline, piece: piece,
                consume: consume)
        {
            return total
        }
        var total: Int64 = 0
        var inKernel = method == .kernel
        var buffer: UnsafeMutableRawPointer?
        defer { buffer?.deallocate() }
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
                let bytes = buffer ?? UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
                buffer = bytes
                n = try readFully(input, bytes, count: chunk, at: total)
                if n > 0 {
                    consume(UnsafeRawBufferPointer(start: bytes, count: n))
                    var direct = false
                    try writeAll(output, bytes, count: n, at: total, direct: &direct)
                }
            }
            if n == 0 { return total }
            _ = lectern_start_writeback(output, total, Int64(n))
            total += Int64(n)
            try deadline.check()
        }
    }

    /// The direct method: each piece is read into an aligned buffer, shown to `consume`, and
    /// written from that same buffer with O_DIRECT, so the hash is of exactly the bytes written
    /// and the copy never passes through the page cache (on these virtual machines, filling
    /// fresh page-cache pages cost more than all the rest of the copy). Two buffers: while one
    /// is written, on the writer's own thread, the next is read and hashed. Nil, before
    /// anything is read, where the output's file system cannot write directly.
    static func copyDirect(
        from input: Int32, to output: Int32, deadline: CopyDeadline, piece: Int,
        consume: (UnsafeRawBufferPointer) -> Void
    ) throws(FileCopyError) -> Int64? {
        guard lectern_set_direct(output, 1) == 0 else { return nil }
        let writer = DirectWriter(fd: output)
        defer { writer.finish() }
        let size = max(directAlignment, (piece + directAlignment - 1) / directAlignment * directAlignment)
        let buffers = (0..<2).map { _ in UnsafeMutableRawPointer.allocate(byteCount: size, alignment: directAlignment) }
        defer {
            writer.wait()  // no write may still be reading a buffer
            buffers.forEach { $0.deallocate() }
        }
        var total: Int64 = 0
        var next = 0
        while true {
            let buffer = buffers[next]
            try writer.waitUntilFree(next)
            let filled = try readFully(input, buffer, count: size, at: total)
            if filled == 0 { break }
            consume(UnsafeRawBufferPointer(start: buffer, count: filled))
            writer.write(buffer: next, from: buffer, count: filled, at: total)
            total += Int64(filled)
            next = 1 - next
            try deadline.check()
        }
        try writer.drain()
        return total
    }

    /// Reads `count` bytes at `offset` into `buffer`; fewer only at the end of the file.
    static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64)
        throws(FileCopyError) -> Int
    {
        var filled = 0
        while filled < count {
            let n = pread(fd, buffer + filled, count - filled, off_t(offset) + off_t(filled))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileCopyError.io("读取文件时出错（文件可能在复制途中被移走）", errno, input: true)
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Writes `count` bytes at `offset`. A direct write the file system refuses (EINVAL: an
    /// alignment it wants larger) is made again through the page cache, and so is the rest.
    static func writeAll(
        _ fd: Int32, _ bytes: UnsafeRawPointer, count: Int, at offset: Int64,
        direct: inout Bool
    ) throws(FileCopyError) {
        var done = 0
        while done < count {
            let w = pwrite(fd, bytes + done, count - done, off_t(offset) + off_t(done))
            if w < 0 {
                let e = errno
                if e == EINTR { continue }
                if e == EINVAL, direct {
                    direct = false
                    _ = lectern_set_direct(fd, 0)
                    continue
                }
                throw failure(e, "写入资料库失败")
            }
            if w == 0 { throw failure(ENOSPC, "写入资料库失败") }
            done += w
        }
    }

    /// Reads `fd` from its start to its end through one buffer and returns the byte count;
    /// `consume` sees the bytes in order. For a file that is not ours to map (a hard link to
    /// the user's own file can be cut short underfoot).
    public static func read(_ fd: Int32, consume: (UnsafeRawBufferPointer) -> Void) throws(FileCopyError) -> Int64 {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let n = try readFully(fd, buffer, count: chunk, at: total)
            if n == 0 { return total }
            consume(UnsafeRawBufferPointer(start: buffer, count: n))
            total += Int64(n)
        }
    }

    /// A full disk or quota is named as such; anything else while copying is the input's fault
    /// only when the output is fine, which one call cannot tell: the message says both.
    static func failure(_ code: Int32, _ message: String) -> FileCopyError {
        if [ENOSPC, EDQUOT, EFBIG].contains(code) { return FileCopyError.io("写入资料库失败（磁盘可能已满）", code) }
        return FileCopyError.io(message, code, input: true)
    }

    /// Shows `count` bytes of `fd` at `offset` to `consume` through a read-only mapping of
    /// those pages (still in the page cache: they were just written).
    static func readBack(
        _ fd: Int32, from offset: Int64, count: Int,
        _ consume: (UnsafeRawBufferPointer) -> Void
    ) throws(FileCopyError) {
        let page = Int64(sysconf(Int32(_SC_PAGESIZE)))
        let start = offset - offset % page
        let length = Int(offset - start) + count
        guard let map = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(start)), map != MAP_FAILED else {
            throw FileCopyError.io("读取资料库中的副本失败", errno)
        }
        defer { munmap(map, length) }
        consume(UnsafeRawBufferPointer(start: map + Int(offset - start), count: count))
    }
}

/// The writer thread of the direct copy: writes pieces in order and frees their buffers.
/// Whole blocks go out directly; a tail that is not one (the end of the file) through the page
/// cache. The first error is kept and thrown by the next `waitUntilFree` or `drain`.
final class DirectWriter: @unchecked Sendable {
    private let fd: Int32
    private let queue = DispatchQueue(label: "lectern.filecopy.writer")
    private let free = [DispatchSemaphore(value: 1), DispatchSemaphore(value: 1)]
    private let lock = NSLock()
    private var error: FileCopyError?
    /// Whether O_DIRECT is on; changed only on the writer's queue.
    private var direct = true

    init(fd: Int32) { self.fd = fd }

    /// Waits until buffer `index` is no longer being written; throws a write's error.
    func waitUntilFree(_ index: Int) throws(FileCopyError) {
        free[index].wait()
        free[index].signal()
        if let error = lock.withLock({ error }) { throw error }
    }

    func write(buffer index: Int, from bytes: UnsafeMutableRawPointer, count: Int, at offset: Int64) {
        free[index].wait()
        let address = UInt(bitPattern: bytes)  // the buffer outlives the write: see drain()
        queue.async { [self] in
            defer { free[index].signal() }
            if lock.withLock({ error }) != nil { return }
            guard let bytes = UnsafeRawPointer(bitPattern: address) else { return }  // never null: allocated
            do throws(FileCopyError) {
                let blocks = count - count % FileCopy.directAlignment
                if blocks > 0 { try FileCopy.writeAll(fd, bytes, count: blocks, at: offset, direct: &direct) }
                if blocks < count {
                    if direct {
                        direct = false
                        _ = lectern_set_direct(fd, 0)
                    }
                    try FileCopy.writeAll(
                        fd, bytes + blocks, count: count - blocks, at: offset + Int64(blocks),
                        direct: &direct)
                }
            } catch {
                lock.withLock { self.error = self.error ?? error }
            }
        }
    }

    /// Waits for every write; throws the first error.
    func drain() throws(FileCopyError) {
        queue.sync {}
        if let error = lock.withLock({ error }) { throw error }
    }

    /// Waits for every write.
    func wait() {
        queue.sync {}
    }

    /// Turns O_DIRECT off again, after the last write.
    func finish() {
        queue.sync { if direct { _ = lectern_set_direct(fd, 0) } }
    }
}
