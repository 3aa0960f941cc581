import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Lectern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "微党课视频的接收、检查、编目与审核。",
        discussion: """
            Examples:
              lectern init --library ~/党课库            a new library
              lectern ingest 今天的上传/                  take in a day's uploads
              lectern ingest 上传/ --manifest 上传/清单.csv
              lectern search 党课 org:春华镇 duration:5m..15m
              lectern list --status autoRejected        what failed the checks
              lectern show 12                            everything about lecture 12
              lectern serve --port 8080                  the reviewers' web desk
              lectern probe 党课.mp4                      what FFmpeg sees in a file
              lectern frames 党课.mp4 --out 缩略图/        thumbnails, poster and contact sheet
            """,
        version: "0.7.0",
        subcommands: [
            Init.self, Org.self, IngestCommand.self, Edit.self, Search.self, ExportCommand.self, ReviewCommand.self,
            AuditCommand.self, UserCommand.self, List.self, Show.self, ReportCommand.self, Serve.self,
            BackupCommand.self, RestoreCommand.self, Check.self, Probe.self, Frames.self,
        ]
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("library"), help: "Library folder (default: $LECTERN_LIBRARY, else ./library).")
    var libraryPath: String?

    @Flag(name: .long, help: "JSON lines on stdout, one object per item.")
    var json = false

    @Flag(name: .long, help: "Show FFmpeg's own warnings and internal progress on stderr.")
    var verbose = false

    @Option(name: .customLong("as"), help: "Acting user (default: $LECTERN_USER, else the local administrator).")
    var actor: String?

    var actingUser: String {
        actor ?? ProcessInfo.processInfo.environment["LECTERN_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "local"
    }

    var library: Library { Library.locate(libraryPath) }

    /// The time the command acts at: now, or $LECTERN_NOW (yyyy-MM-dd, or yyyy-MM-ddTHH:mm in
    /// China's time, or full ISO 8601) for demos and tests that replay a year of work.
    var now: Date { Clock.now() }

    /// The library and its catalog, through the catalog's protocols (any engine); a missing
    /// library is a configuration error (exit 2), and so is a read-only one for a command
    /// that writes.
    func openCatalog(writing: Bool = false) throws -> (Library, any CatalogEngine) {
        try openStore(writing: writing)
    }

    /// The SQLite catalog itself, for what works on its files and its single writer: ingest
    /// (its writer thread calls the catalog synchronously), backup and the store check.
    func openStore(writing: Bool = false) throws -> (Library, Catalog) {
        let library = self.library
        let catalog: Catalog
        do {
            catalog = try Catalog(library: library)
        } catch let error as CatalogError {
            throw ConfigurationError(error.message)
        }
        if writing && catalog.readOnly {
            throw ConfigurationError("资料库是只读的（当前账号没有写入权限）：\(library.root.path)；可以查看、搜索和出报表，但不能导入或审核")
        }
        return (library, catalog)
    }
}

/// Options of commands that run media jobs in workers.
struct WorkerOptions: ParsableArguments {
    @Option(name: .long, help: "Worker processes to run at once (default: number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Seconds one file may take before it is given up as timed out.")
    var timeout: Double = 30

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if timeout <= 0 { throw ValidationError("--timeout must be more than 0 seconds") }
    }
}

/// Thrown by a command whose items were all handled but some failed (each already named on stderr).
struct ItemsFailed: Error {
    var exitCode: Int32 = 1
}

/// A configuration problem found outside argument parsing (exit 2).
struct ConfigurationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Clock {
    static func now() -> Date {
        guard let text = ProcessInfo.processInfo.environment["LECTERN_NOW"], !text.isEmpty else { return Date() }
        if let d = ISO8601DateFormatter().date(from: text) { return d }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = LectureDay.calendar.timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            f.dateFormat = format
            if let d = f.date(from: text) { return format == "yyyy-MM-dd" ? d.addingTimeInterval(9 * 3600) : d }
        }
        Output.error("LECTERN_NOW", "无法识别的时间「\(text)」，应为 yyyy-MM-dd 或 yyyy-MM-ddTHH:mm")
        exit(2)
    }
}
