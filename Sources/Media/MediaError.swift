import CFFmpeg
import Foundation
import LecternCore

/// A media-layer failure: a `MediaFailure` kind and message for the user, plus the FFmpeg
/// error underneath, if any.
public struct MediaError: Error, CustomStringConvertible {
    public let failure: MediaFailure
    public let cause: FFmpegError?

    init(_ kind: MediaFailure.Kind, _ message: String, cause: FFmpegError? = nil) {
        failure = MediaFailure(kind, message)
        self.cause = cause
    }

    public var description: String { failure.message }

    static func timedOut(file: String, seconds: Double) -> MediaError {
        MediaError(.timedOut, "处理超过 \(formatSeconds(seconds)) 秒仍未完成，已中止（文件可能损坏或过大）")
    }

    /// Maps an FFmpeg failure while reading `file` to a kind, keeping FFmpeg's message.
    static func from(_ error: FFmpegError, deadline: Deadline?, whileOpening: Bool) -> MediaError {
        if let deadline, error.code == FFmpegError.exit, deadline.hasPassed {
            return timedOut(file: "", seconds: deadline.seconds)
        }
        switch error.code {
        case lectern_averror(ENOENT):
            return MediaError(.notFound, "文件不存在", cause: error)
        case lectern_averror(EACCES), lectern_averror(EPERM), lectern_averror(EISDIR):
            return MediaError(.notReadable, "无法读取文件（\(error.message)）", cause: error)
        case FFmpegError.invalidData, FFmpegError.demuxerNotFound:
            return MediaError(.notMedia, "不是可识别的音视频文件（FFmpeg: \(error.message)）", cause: error)
        case lectern_averror(EINVAL) where whileOpening:
            // What the demuxers say of a header they cannot make sense of (an ID3 tag and no audio).
            return MediaError(.notMedia, "不是可识别的音视频文件（FFmpeg: \(error.message)）", cause: error)
        default:
            return MediaError(.corrupt, "文件已损坏，无法读取（FFmpeg: \(error.description)）", cause: error)
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
}
