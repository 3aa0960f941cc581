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
    nonisolated(unsafe) private static var verbose = false
    private static let errorLock = NSLock()
    nonisolated(unsafe) private static var lastErrorText: String?

    /// FFmpeg's last error line since `takeLastError()` was called (a worker handles one
    /// file at a time, so this is the current file's): "moov atom not found".
    public static func takeLastError() -> String? {
        errorLock.lock()
        defer { errorLock.unlock() }
        let text = lastErrorText
        lastErrorText = nil
        return text
    }

    private static func recordError(_ text: String) {
        errorLock.lock()
        // "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55…] moov atom not found": keep the message only.
        if let close = text.range(of: "] ") {
            lastErrorText = String(text[close.upperBound...])
        } else {
            lastErrorText = text
        }
        errorLock.unlock()
    }

    /// Installs the callback. `verbose` passes FFmpeg's warnings and errors on; otherwise
    /// only its fatal messages are kept (at debug level) and the terminal stays quiet.
    public static func install(logger: Logger, verbose: Bool) {
        installLock.lock()
        defer { installLock.unlock() }
        guard !installed else { return }
        installed = true
        self.logger = logger
        self.verbose = verbose
        av_log_set_level(verbose ? AV_LOG_WARNING : AV_LOG_ERROR)
        av_log_set_callback { avcl, level, format, arguments in
            // av_log_set_level only informs av_log_default_callback; filter here ourselves.
            guard level <= av_log_get_level(), let format, let arguments else { return }
            var line = [CChar](repeating: 0, count: 1024)
            _ = lectern_format_log_line(avcl, level, format, arguments, &line, Int32(line.count))
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return }
            if level <= AV_LOG_ERROR { FFmpegLog.recordError(text) }
            guard FFmpegLog.verbose else { return }
            let swiftLevel: Logger.Level =
                level <= AV_LOG_ERROR ? .error : (level <= AV_LOG_WARNING ? .warning : .debug)
            FFmpegLog.logger.log(level: swiftLevel, "\(text)")
        }
    }
}
