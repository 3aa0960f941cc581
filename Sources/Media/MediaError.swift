import CFFmpeg
import Foundation
import LecternCore

/// A media-layer failure: a `MediaFailure` kind and message for the user, plus the FFmpeg
/// error underneath, if any.
public struct MediaError: Error, CustomStringConvertible {
    public let failure: MediaFailure
    public let cause: FFmpegError?

    init(_ kind: MediaFailure.Kind, _ message: String, cause: FFmpegError? = nil, detail: String? = nil) {
        self.init(MediaFailure(kind, message, detail: detail ?? cause?.message), cause: cause)
    }

    public init(_ failure: MediaFailure, cause: FFmpegError? = nil) {
        var failure = failure
        if let cause, failure.cause == nil { failure.cause = .ffmpeg(cause.code) }
        self.failure = failure
        self.cause = cause
    }

    public var description: String { failure.message }

    /// A failed system call on the file or the library: `message` and the system's reason.
    /// An I/O failure; `input`: while reading the upload itself (not the library).
    public static func io(_ message: String, _ code: Int32, input: Bool = false) -> MediaError {
        if input && (code == ENOENT || code == ENOTDIR) {
            // Gone between the scan and now: moved away, or the USB stick was pulled.
            return MediaError(MediaFailure(.notFound, "文件不存在（可能已被移走，或U盘已拔出）", cause: .errno(code)))
        }
        return MediaError(
            MediaFailure(.notReadable, "\(message)（\(String(cString: strerror(code)))）", cause: .errno(code)))
    }

    /// The errno under a Foundation file error (a full disk is ENOSPC), when there is one.
    static func errno(of error: any Error) -> Int32? {
        if let cocoa = error as? CocoaError, cocoa.code == .fileWriteOutOfSpace { return ENOSPC }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let under = ns.userInfo[NSUnderlyingErrorKey] as? NSError, under.domain == NSPOSIXErrorDomain {
            return Int32(under.code)
        }
        return nil
    }

    static func timedOut(seconds: Double) -> MediaError {
        MediaError(MediaFailure.timedOut(seconds: seconds))
    }

    /// Maps an FFmpeg failure while reading `path` to a kind, keeping FFmpeg's message.
    /// A file whose first bytes a demuxer recognises but that will not open is damaged
    /// (`corrupt`: a truncated copy); one no demuxer recognises is `notMedia`.
    static func from(_ error: FFmpegError, deadline: Deadline?, whileOpening: Bool, path: String) -> MediaError {
        let detail = FFmpegLog.takeLastError() ?? error.message
        if error.code == FFmpegError.invalidData || error.code == lectern_averror(EINVAL),
            recognisedFormat(path) != nil
        {
            // A demuxer knows the start but the rest is missing: most often a copy that stopped
            // part-way (an MP4 without its moov atom). Otherwise the inside is broken.
            let cutShort = ["moov atom not found", "End of file", "truncat", "partial file"].contains {
                detail.localizedCaseInsensitiveContains($0)
            }
            return MediaError(.corrupt, cutShort ? incomplete : damaged, cause: error, detail: detail)
        }
        return classify(error, detail: detail, deadline: deadline, whileOpening: whileOpening)
    }

    /// The demuxer that recognises the file's first 64 KiB by content alone (not by its name).
    static func recognisedFormat(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var bytes = [UInt8](handle.readData(ofLength: 65536))
        guard bytes.count >= 16 else { return nil }
        let size = Int32(bytes.count)
        bytes += [UInt8](repeating: 0, count: Int(AVPROBE_PADDING_SIZE))
        var score: Int32 = 0
        let format: UnsafePointer<AVInputFormat>? = bytes.withUnsafeMutableBufferPointer { buffer in
            "".withCString { emptyName in
                var probe = AVProbeData(filename: emptyName, buf: buffer.baseAddress, buf_size: size, mime_type: nil)
                return av_probe_input_format3(&probe, 1, &score)
            }
        }
        guard let format, score > AVPROBE_SCORE_MAX / 4 else { return nil }
        return cString(format.pointee.name)
    }

    static func classify(_ error: FFmpegError, detail: String, deadline: Deadline?, whileOpening: Bool) -> MediaError {
        if let deadline, error.code == FFmpegError.exit, deadline.hasPassed {
            return timedOut(seconds: deadline.seconds)
        }
        switch error.code {
        case lectern_averror(ENOENT):
            return MediaError(.notFound, "文件不存在", cause: error)
        case lectern_averror(EACCES), lectern_averror(EPERM), lectern_averror(EISDIR):
            return MediaError(.notReadable, "无法读取文件（\(error.message)）", cause: error)
        case FFmpegError.invalidData, FFmpegError.demuxerNotFound:
            // No demuxer knows the content; FFmpeg's text would only echo the one the extension chose.
            return MediaError(.notMedia, "不是音视频文件：内容不属于任何可识别的音视频格式", cause: error)
        case lectern_averror(EINVAL) where whileOpening:
            // What the demuxers say of a header they cannot make sense of (an ID3 tag and no audio).
            return MediaError(.notMedia, "不是音视频文件：内容不属于任何可识别的音视频格式", cause: error, detail: detail)
        default:
            return MediaError(.corrupt, damaged, cause: error, detail: detail)
        }
    }

    /// What staff read for a file whose start is a video but whose rest cannot be read.
    static let incomplete = "文件不完整（可能没有拷贝完），请重新拷贝或让上传单位重新导出"
    /// For a file that cannot be read at all.
    static let damaged = "文件已损坏，无法读取，请让上传单位重新导出后再上传"
}
