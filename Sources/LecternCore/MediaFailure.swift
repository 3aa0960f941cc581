import Foundation

/// Why a file could not be probed, framed or stored: a kind, a message that a person can act
/// on, and the cause underneath (the errno or FFmpeg's code). Carried over the worker pipe,
/// printed as `lectern: <file>: <message>`.
///
/// "This file is bad" (`notMedia`, `corrupt`, …) and "Lectern itself failed" (`internal`: a
/// worker that will not start, speaks another protocol or answers nonsense) are different
/// kinds: staff see 「文件已损坏」 for the one and 「Lectern 内部错误：…，请联系管理员」 for the other.
public struct MediaFailure: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case notFound, notReadable, empty, notMedia, noVideo, corrupt, timedOut
        /// The file's content is already catalogued where a new version was expected.
        case unchanged
        /// Lectern failed, not the file: the message says to call the administrator.
        case `internal`
    }

    /// What lay underneath, kept for logs, JSON and decisions (a full disk is ENOSPC).
    /// In JSON: `{"errno": 28}` or `{"ffmpeg": -1094995529}`.
    public enum Cause: Codable, Sendable, Equatable {
        case errno(Int32)
        case ffmpeg(Int32)

        enum Key: String, CodingKey { case errno, ffmpeg }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            if let code = try c.decodeIfPresent(Int32.self, forKey: .errno) {
                self = .errno(code)
            } else {
                self = .ffmpeg(try c.decode(Int32.self, forKey: .ffmpeg))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            switch self {
            case .errno(let code): try c.encode(code, forKey: .errno)
            case .ffmpeg(let code): try c.encode(code, forKey: .ffmpeg)
            }
        }
    }

    public var kind: Kind
    /// What staff read: what is wrong and what to do, without FFmpeg's own words.
    public var message: String
    public var cause: Cause?
    /// FFmpeg's own words ("moov atom not found"), for `--verbose`, the JSON and the log.
    public var detail: String?

    public init(_ kind: Kind, _ message: String, cause: Cause? = nil, detail: String? = nil) {
        self.kind = kind
        self.message = message
        self.cause = cause
        self.detail = detail
    }

    public var description: String { message }

    /// The message, with FFmpeg's words after it when `verbose`.
    public func shown(verbose: Bool) -> String {
        guard verbose, let detail, !detail.isEmpty else { return message }
        return "\(message)（FFmpeg：\(detail)）"
    }

    /// A failure of Lectern itself, worded for staff.
    public static func `internal`(_ detail: String, cause: Cause? = nil) -> MediaFailure {
        MediaFailure(.internal, "Lectern 内部错误：\(detail)，请联系管理员", cause: cause)
    }

    /// A full disk or quota underneath (ENOSPC, EDQUOT, EFBIG).
    public var isDiskFull: Bool {
        if case .errno(let code) = cause { return [ENOSPC, EDQUOT, EFBIG].contains(code) }
        return false
    }

    /// The one wording for a file given up at its deadline, whether the worker's own deadline
    /// fired inside FFmpeg or the supervisor had to kill the worker.
    public static func timedOut(seconds: Double) -> MediaFailure {
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(Double(Int(seconds * 10)) / 10)
        return MediaFailure(.timedOut, "处理超过 \(shown) 秒仍未完成，已中止（文件可能损坏或过大）")
    }
}
