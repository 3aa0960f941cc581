import CFFmpeg

/// A negative return code from an FFmpeg function, with FFmpeg's own text for it.
public struct FFmpegError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    /// The C function that failed (`avformat_open_input`).
    public let function: String
    /// `av_strerror`'s text ("Invalid data found when processing input").
    public let message: String

    public init(code: Int32, function: String) {
        self.code = code
        self.function = function
        self.message = FFmpegError.text(for: code)
    }

    public var description: String { "\(function): \(message)" }

    /// `av_strerror`, which Swift can use where the `av_err2str` macro is not imported.
    public static func text(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        if av_strerror(code, &buffer, buffer.count) < 0 { return "error \(code)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static let eof = lectern_averror_eof()
    static let again = lectern_averror(EAGAIN)
    static let exit = lectern_averror_exit()
    static let invalidData = lectern_averror_invaliddata()
    static let demuxerNotFound = lectern_averror_demuxer_not_found()
    static let decoderNotFound = lectern_averror_decoder_not_found()
    var isEOF: Bool { code == Self.eof }
}

/// Returns `code` when it is not negative; otherwise throws it as an `FFmpegError` naming `function`.
@discardableResult
func check(_ code: Int32, _ function: String) throws(FFmpegError) -> Int32 {
    if code < 0 { throw FFmpegError(code: code, function: function) }
    return code
}

/// The 64-bit "no timestamp" value (`AV_NOPTS_VALUE`).
let noPTS = lectern_av_nopts_value()
