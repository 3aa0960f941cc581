import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Lectern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "微党课视频的接收、检查、编目与审核。",
        discussion: """
            示例：
              lectern init --library ~/党课库            新建资料库
              lectern org import 组织.csv                导入组织树
              lectern ingest 今天的上传/                  导入一天的上传（自动使用清单）
              lectern review queue                       待审队列
              lectern review reject 3 --reason 照搬照抄   退回并写明原因
              lectern search 党课 org:春华镇 duration:5分钟..15分钟
              lectern list --status 未通过检查            没有通过检查的节目
              lectern show 12                            12 号节目的全部信息
              lectern report monthly                     本月汇总（含一课一片一实践）
              lectern films plan 2026-12 31 32           定下 12 月的教育片清单
              lectern activity import 主题党日.xlsx      导入各支部的主题党日记录
              lectern export 大厅 --to /media/usb/大厅   大厅循环播放的 U 盘
              lectern serve --port 8080                  网页审核台
              lectern probe 党课.mp4                      文件里有什么
            命令、选项、退出码和 JSON 格式的完整说明见 docs/CLI.md。
            """,
        version: "0.14.0",
        subcommands: [
            Init.self, Org.self, IngestCommand.self, Edit.self, Search.self, ExportCommand.self, ReviewCommand.self,
            AuditCommand.self, UserCommand.self, List.self, Show.self, ReportCommand.self, Serve.self,
            BackupCommand.self, RestoreCommand.self, Check.self, Sweep.self, Probe.self, Frames.self, ThemeCommand.self,
            ActivityCommand.self, FilmsCommand.self, PersonCommand.self, OrderCommand.self, PointsCommand.self,
            AttachCommand.self, ReferenceCommand.self, WorkCommand.self, QueueCommand.self,
        ]
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("library"),
        help: ArgumentHelp("资料库文件夹（默认：环境变量 $LECTERN_LIBRARY，没有时为 ./library）。", valueName: ArgumentNames.folder))
    var libraryPath: String?

    @Flag(name: .long, help: "以 JSON 输出，每行一个对象（供程序读取）。")
    var json = false

    @Flag(name: .long, help: "在标准错误上显示 FFmpeg 的原始提示和内部进度。")
    var verbose = false

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("以哪个用户的身份操作（默认：$LECTERN_USER，没有时为本机管理员）。", valueName: ArgumentNames.user))
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
    @Option(name: .long, help: ArgumentHelp("同时运行的工作进程数（默认：CPU 核数）。", valueName: ArgumentNames.count))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("一个文件最多处理多少秒，超时即放弃。", valueName: ArgumentNames.seconds))
    var timeout: Double = 30

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs 至少为 1") }
        if timeout <= 0 { throw ValidationError("--timeout 应大于 0 秒") }
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
    /// Now, or `LECTERN_NOW` when set (tests, demonstrations). The environment is read once: a
    /// desk asks the time on every request, and building `environment` each time was an eighth
    /// of its work.
    static func now() -> Date { fixed ?? Date() }

    private static let fixed: Date? = {
        guard let text = ProcessInfo.processInfo.environment["LECTERN_NOW"], !text.isEmpty else { return nil }
        if let d = ISO8601DateFormatter().date(from: text) { return d }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = LectureDay.calendar.timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            f.dateFormat = format
            if let d = f.date(from: text) { return format == "yyyy-MM-dd" ? d.addingTimeInterval(9 * 3600) : d }
        }
        Output.error("LECTERN_NOW", "无法识别的时间「\(text)」，应为 2026-07-01 或 2026-07-01T09:30 这样的写法")
        exit(2)
    }()
}
