import CFFmpeg
import Foundation
import Logging

/// Routes FFmpeg's own log (`av_log`) into Lectern's logger, so that nothing FFmpeg says
/// reaches the user's terminal directly. Process-global: install once at start-up.
public enum FFmpegLog {
    /// The logger FFmpeg's messages go to; set before `install`, read from any thread.
    nonisolated(unsafe) private static var logger = Logger(label: "ffmpeg")
    private static let installLock = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// Installs the callback. `verbose` passes FFmpeg's warnings and errors on; otherwise
    /// only its fatal messages are kept (at debug level) and the terminal stays quiet.
    public static func install(logger: Logger, verbose: Bool) {
        installLock.lock()
        defer { installLock.unlock() }
        guard !installed else { return }
        installed = true
        self.logger = logger
        av_log_set_level(verbose ? AV_LOG_WARNING : AV_LOG_FATAL)
        av_log_set_callback { avcl, level, format, arguments in
            // av_log_set_level only informs av_log_default_callback; filter here ourselves.
            guard level <= av_log_get_level(), let format, let arguments else { return }
            var line = [CChar](repeating: 0, count: 1024)
            _ = lectern_format_log_line(avcl, level, format, arguments, &line, Int32(line.count))
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return }
            let swiftLevel: Logger.Level = level <= AV_LOG_ERROR ? .error : (level <= AV_LOG_WARNING ? .warning : .debug)
            FFmpegLog.logger.log(level: swiftLevel, "\(text)")
        }
    }
}
