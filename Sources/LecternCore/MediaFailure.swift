/// Why a file could not be probed or framed: the kinds of CLI.md, with a message that a
/// person can act on. Carried over the worker pipe, printed as `lectern: <file>: <message>`.
public struct MediaFailure: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case notFound, notReadable, empty, notMedia, noVideo, corrupt, timedOut
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The one wording for a file given up at its deadline, whether the worker's own deadline
    /// fired inside FFmpeg or the supervisor had to kill the worker.
    public static func timedOut(seconds: Double) -> MediaFailure {
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(Double(Int(seconds * 10)) / 10)
        return MediaFailure(.timedOut, "处理超过 \(shown) 秒仍未完成，已中止（文件可能损坏或过大）")
    }
}
