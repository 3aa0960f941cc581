import Catalog
import Foundation
import LecternCore

/// Writing to the terminal: JSON lines on stdout, one-line errors on stderr.
enum Output {
    /// A title as lists show it: a lecture's as it is, another kind's marked 「【教育片】…」.
    static func titled(_ title: String, kind: ItemKind) -> String { kind.isLecture ? title : "【\(kind.name)】\(title)" }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every date is ISO 8601 in China's time with its offset: 2026-11-23T09:05:00+08:00.
        e.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISODate.string(date))
        }
        return e
    }()

    static func json<T: Encodable>(_ value: T) {
        guard let data = try? encoder.encode(value) else { return }
        write(STDOUT_FILENO, Array(data) + [0x0A])
    }

    static func line(_ text: String = "") {
        write(STDOUT_FILENO, Array((text + "\n").utf8))
    }

    /// `lectern: <file or id>: <reason>` on stderr.
    static func error(_ subject: String, _ reason: String) {
        write(STDERR_FILENO, Array("lectern: \(subject): \(reason)\n".utf8))
    }

    /// Runs a catalog call about `subject`: a catalog error or a refusal is said as one line
    /// naming it (`lectern: <subject>: <reason>`) and the command fails with exit 1.
    static func attempt<T>(_ subject: String, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let failure as CatalogError {
            error(subject, failure.message)
            throw ItemsFailed()
        } catch let refusal as AccessDenied {
            error(subject, refusal.message)
            throw ItemsFailed()
        }
    }

    /// `lectern: <file or id>: 提醒：<what>` on stderr: done, but worth a look.
    static func warning(_ subject: String, _ what: String) {
        write(STDERR_FILENO, Array("lectern: \(subject): 提醒：\(what)\n".utf8))
    }

    /// `lectern: 提醒：<what>` on stderr, for a message that names its own file.
    static func notice(_ what: String) {
        write(STDERR_FILENO, Array("lectern: 提醒：\(what)\n".utf8))
    }

    /// write(2) until done. A reader that went away (`lectern … | head`) ends the program
    /// quietly, as SIGPIPE would: SIGPIPE itself is ignored for the workers' pipes.
    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                raw.baseAddress.map { Glibc.write(fd, $0 + offset, raw.count - offset) } ?? 0
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { exit(errno == EPIPE ? 141 : 1) }
            offset += n
        }
    }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}

/// `{"file": …, "error": {"kind": …, "message": …}}` (CLI.md).
struct FileError: Codable {
    var file: String
    var error: MediaFailure
}

/// Reading a password from the terminal without showing it.
enum Terminal {
    static func readSecret(_ prompt: String) throws -> String {
        Output.write(STDERR_FILENO, Array(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            Output.write(STDERR_FILENO, [0x0A])
        }
        guard let line = readLine(strippingNewline: true) else { throw ItemsFailed() }
        return line
    }
}
