import CFFmpeg
import Foundation
import LecternCore

/// An opened media file: owns the `AVFormatContext` from `avformat_open_input` until
/// `avformat_close_input` in `deinit`. Confined to the task that opened it.
final class InputFile {
    let path: String
    let context: UnsafeMutablePointer<AVFormatContext>
    let deadline: Deadline
    let sizeBytes: Int64

    /// Opens `path` and reads its stream information, giving up after `timeoutSeconds`.
    init(path: String, timeoutSeconds: Double) throws(MediaError) {
        self.path = path
        sizeBytes = try InputFile.checkReadable(path)
        deadline = Deadline(seconds: timeoutSeconds)

        guard var ctx = avformat_alloc_context() else {
            throw MediaError(.corrupt, "内存不足，无法打开文件")
        }
        ctx.pointee.interrupt_callback = deadline.interruptCallback
        _ = FFmpegLog.takeLastError()
        var maybe: UnsafeMutablePointer<AVFormatContext>? = ctx
        // On failure avformat_open_input frees the context and sets the pointer to NULL.
        let opened = avformat_open_input(&maybe, path, nil, nil)
        if opened < 0 {
            throw MediaError.from(
                FFmpegError(code: opened, function: "avformat_open_input"),
                deadline: deadline, whileOpening: true, path: path)
        }
        guard let opened = maybe else { throw MediaError(.corrupt, "无法打开文件") }
        ctx = opened
        context = ctx
        let info = avformat_find_stream_info(ctx, nil)
        if info < 0 {
            // `self` is fully initialised: deinit closes the context.
            throw MediaError.from(
                FFmpegError(code: info, function: "avformat_find_stream_info"),
                deadline: deadline, whileOpening: false, path: path)
        }
        if deadline.hasPassed { throw MediaError.timedOut(seconds: timeoutSeconds) }
    }

    deinit {
        var ctx: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&ctx)
    }

    /// Size of a regular, readable file; the failures FFmpeg would report less clearly.
    static func checkReadable(_ path: String) throws(MediaError) -> Int64 {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw MediaError(MediaFailure(.notFound, "文件不存在", cause: .errno(code)))
            }
            throw MediaError(
                MediaFailure(.notReadable, "无法读取文件（\(String(cString: strerror(code)))）", cause: .errno(code)))
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw MediaError(.notReadable, "这是一个文件夹，不是文件") }
        if (st.st_mode & S_IFMT) != S_IFREG { throw MediaError(.notReadable, "不是普通文件") }
        if access(path, R_OK) != 0 { throw MediaError(.notReadable, "没有读取权限") }
        if st.st_size == 0 { throw MediaError(.empty, "文件是空的（0 字节）") }
        return Int64(st.st_size)
    }

    var streamCount: Int { Int(context.pointee.nb_streams) }

    /// The stream at `index`: borrowed, valid while this file is open.
    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream>? {
        guard index >= 0, index < streamCount, let streams = context.pointee.streams else { return nil }
        return streams[index]
    }

    /// The main video stream: FFmpeg's best video stream unless that is cover art, in which
    /// case the first real video stream. Attached pictures are never the video.
    var mainVideoStreamIndex: Int? {
        let best = Int(av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0))
        if best >= 0, let st = stream(best), !Self.isAttachedPicture(st) { return best }
        return (0..<streamCount).first { i in
            guard let st = stream(i), let par = st.pointee.codecpar else { return false }
            return par.pointee.codec_type == AVMEDIA_TYPE_VIDEO && !Self.isAttachedPicture(st)
        }
    }

    var mainAudioStreamIndex: Int? {
        let best = Int(av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0))
        if best >= 0 { return best }
        return (0..<streamCount).first { stream($0)?.pointee.codecpar?.pointee.codec_type == AVMEDIA_TYPE_AUDIO }
    }

    static func isAttachedPicture(_ st: UnsafeMutablePointer<AVStream>) -> Bool {
        (st.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) != 0
    }
}

extension AVRational {
    /// The value as a Double, nil for 0/0 or x/0.
    var value: Double? { den != 0 && num != 0 ? av_q2d(self) : nil }
}

/// A timestamp in `timeBase` units as seconds, nil for AV_NOPTS_VALUE.
func seconds(_ ts: Int64, _ timeBase: AVRational) -> Double? {
    guard ts != noPTS, timeBase.den != 0 else { return nil }
    return Double(ts) * av_q2d(timeBase)
}
