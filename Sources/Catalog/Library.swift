import Foundation
import GRDB
import LecternCore
import SQLStore

/// A library folder: `lectern.toml`, `catalog.sqlite`, `media/`, `thumbs/`, `tmp/`.
public struct Library: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public var configURL: URL { root.appendingPathComponent("lectern.toml") }
    public var catalogURL: URL { root.appendingPathComponent("catalog.sqlite") }
    public var mediaURL: URL { root.appendingPathComponent("media") }
    public var thumbsURL: URL { root.appendingPathComponent("thumbs") }
    /// Files being copied in, and frames being made, before they are renamed into place.
    public var tmpURL: URL { root.appendingPathComponent("tmp") }

    /// `--library`, else `$LECTERN_LIBRARY`, else `./library`.
    public static func locate(_ option: String?) -> Library {
        let path =
            option ?? ProcessInfo.processInfo.environment["LECTERN_LIBRARY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "library"
        return Library(root: URL(fileURLWithPath: path))
    }

    /// Where the original with this hash is kept: `media/ab/abcdef….ext`.
    public func mediaPath(sha256: String, fileExtension: String) -> String {
        let ext = fileExtension.isEmpty ? "" : "." + fileExtension.lowercased()
        return "media/\(sha256.prefix(2))/\(sha256)\(ext)"
    }

    public func thumbsPath(sha256: String) -> String { "thumbs/\(sha256)" }

    public func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// A catalog is there: `catalog.sqlite`, or a `catalog = "postgres://…"` in lectern.toml.
    /// A lectern.toml that cannot be read counts as one that names a catalog: opening it then
    /// says what is wrong in it, rather than that there is no library.
    public var exists: Bool {
        if FileManager.default.fileExists(atPath: catalogURL.path) { return true }
        guard FileManager.default.fileExists(atPath: configURL.path) else { return false }
        guard let settings = try? config() else { return true }
        return settings.catalog != nil
    }

    /// Makes the folder, a commented `lectern.toml` and an empty catalog: `catalog.sqlite`, or,
    /// given `catalog` (`postgres://…`), the tables in that PostgreSQL database, which must hold
    /// no catalog yet, and its address in lectern.toml.
    public static func create(at root: URL, catalog: String? = nil) throws -> Library {
        let library = Library(root: root)
        if library.exists { throw CatalogError(.exists, "这里已有资料库：\(library.root.path)") }
        let fm = FileManager.default
        if catalog != nil, fm.fileExists(atPath: library.configURL.path) {
            throw CatalogError(.exists, "\(library.configURL.path) 已存在：请在其中写 catalog = \"postgres://…\"，或换一个新文件夹")
        }
        if let catalog {
            let location: PostgresLocation
            do { location = try PostgresLocation.parse(catalog) } catch { throw CatalogError(.invalid, error.message) }
            let store = try Catalog.connect(location)
            let held = try Catalog.catalogSize(store)
            if let held {
                throw CatalogError(
                    .exists,
                    "\(location.display) 里已有 Lectern 目录（\(held) 个节目）；其他主机请挂载同一个资料库文件夹使用，不必再 init")
            }
        }
        for dir in [library.root, library.mediaURL, library.thumbsURL, library.tmpURL] {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        if !fm.fileExists(atPath: library.configURL.path) {
            let address = catalog.map { "# 目录数据库在 PostgreSQL（密码用环境变量 PGPASSWORD 或 ~/.pgpass）\ncatalog = \"\($0)\"\n\n" }
            try ((address ?? "") + LibraryConfig.defaultText).write(
                to: library.configURL, atomically: true, encoding: .utf8)
        }
        _ = try Catalog(library: library, create: true)
        return library
    }

    /// The library's settings; a missing file gives the defaults.
    public func config() throws -> LibraryConfig {
        guard let data = FileManager.default.contents(atPath: configURL.path) else { return LibraryConfig() }
        do {
            return try LibraryConfig.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw CatalogError(.configuration, "配置文件 \(configURL.path) \(error)")
        }
    }

    /// A scratch folder in tmp/ for one process's work: `<purpose>-<pid>-<random>@<host>`.
    /// Named by host and process, so that hosts sharing the library (one media folder on a
    /// shared mount) never take each other's for leftovers.
    public func scratchFolder(_ purpose: String = "ingest", pid: Int32 = getpid()) -> URL {
        tmpURL.appendingPathComponent("\(purpose)-\(pid)-\(UUID().uuidString.prefix(8))@\(Self.hostName)")
    }

    /// The name this host goes by: `$LECTERN_HOST`, else the system's host name.
    public static let hostName: String = {
        if let name = ProcessInfo.processInfo.environment["LECTERN_HOST"], !name.isEmpty { return clean(name) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = clean(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        return name.isEmpty ? "localhost" : name
    }()

    static func clean(_ name: String) -> String {
        String(
            name.unicodeScalars.filter {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-._".unicodeScalars.contains($0))
            }.map(Character.init))
    }

    /// Whose a `tmp/` entry is, as far as this host can tell.
    public enum ScratchOwner: Equatable, Sendable {
        /// A process of this host that is still running.
        case live
        /// Nobody's any more: a process of this host that is gone, or not a scratch folder.
        case abandoned
        /// Another host's: whether its process runs cannot be seen from here, so only its age
        /// (the sweeper's grace period) says when it is left over.
        case otherHost(String)
    }

    /// `ingest-<pid>-<random>@<host>`; a name without `@<host>` (before 0.15) is this host's.
    public static func scratchOwner(_ name: String) -> ScratchOwner {
        let (local, host) =
            name.firstIndex(of: "@").map { (name[..<$0], String(name[name.index(after: $0)...])) } ?? (
                name[...], hostName
            )
        let parts = local.split(separator: "-")
        guard parts.count >= 3, let pid = Int32(parts[1]) else { return .abandoned }
        if host != hostName { return .otherHost(host) }
        return kill(pid, 0) == 0 || errno == EPERM ? .live : .abandoned
    }
}

extension CatalogError {
    /// SQLite gave up waiting for another writer (its busy timeout): the database is locked by
    /// a long ingest step, a backup, another program.
    public static func isBusy(_ error: any Error) -> Bool {
        if let e = error as? DatabaseError { return e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED }
        if let e = error as? SQLError { return e.kind == .busy }
        if let e = error as? CatalogError, let under = e.underlying { return isBusy(under) }
        return false
    }

    /// A failed catalog write as staff should read it: a full disk said plainly.
    public static func describeWrite(_ error: any Error) -> String {
        if let e = error as? DatabaseError, e.resultCode == .SQLITE_FULL {
            return "磁盘已满，目录未写入；腾出空间后重新导入即可"
        }
        if let e = error as? SQLError, e.kind == .diskFull { return "磁盘已满，目录未写入；腾出空间后重新导入即可" }
        if let e = error as? CocoaError, e.code == .fileWriteOutOfSpace {
            return "磁盘已满，文件未写入；腾出空间后重新导入即可"
        }
        if let m = error as? MediaFailure {
            return m.isDiskFull ? "磁盘已满，缩略图未写入；腾出空间后重新导入即可" : m.message
        }
        if isBusy(error) { return "资料库正忙（另一个程序正在写入），请稍后再试" }
        return "写入目录失败：\(error)"
    }
}

/// A catalog or library failure with a kind the CLI maps to an exit status.
public struct CatalogError: Error, CustomStringConvertible {
    public enum Kind: String, Sendable { case exists, missing, configuration, notFound, invalid, database, io }
    public var kind: Kind
    public var message: String
    /// The error underneath (a `DatabaseError` with its SQLite code, a `CocoaError`), kept.
    public var underlying: (any Error)?
    public init(_ kind: Kind, _ message: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }
    public var description: String { message }
}
