import Crypto
import Foundation
import GRDB
import SQLStore

/// `lectern backup DEST` and `lectern restore BACKUP`: a complete, consistent copy of a library.
///
/// The catalog is copied with SQLite's online backup API (a snapshot that a running ingest
/// does not disturb and is not blocked by); then exactly the media files and thumbnail
/// folders that snapshot names are copied, each original hashed while it is copied and
/// compared with its catalogued SHA-256. Files an ingest adds meanwhile are not in the
/// snapshot and are left out, so the copy always passes `lectern check`. Everything is
/// written under `DEST.partial-<pid>` and renamed to DEST only when complete: an interrupted
/// backup never looks like a finished one. A catalog on PostgreSQL is copied, from one
/// snapshot, into a SQLite catalog: the backup is a library that opens on any machine.
public struct BackupSummary: Codable, Sendable, Equatable {
    public var lectures: Int
    public var mediaFiles: Int
    public var mediaBytes: Int64
    public var thumbnailFolders: Int
    public var destination: String
}

extension Catalog {
    public func backup(to destination: URL, progress: (Int, Int) -> Void = { _, _ in }) throws -> BackupSummary {
        let fm = FileManager.default
        let dest = destination.standardizedFileURL
        if fm.fileExists(atPath: dest.path) {
            throw CatalogError(.exists, "目标已存在：\(dest.path)（请指定一个新的文件夹）")
        }
        let partial = dest.deletingLastPathComponent().appendingPathComponent(
            ".\(dest.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: partial)
        do {
            try fm.createDirectory(at: partial, withIntermediateDirectories: true)
        } catch {
            throw CatalogError(
                .io, "无法创建 \(partial.deletingLastPathComponent().path) 下的文件夹（\(error.localizedDescription)）",
                underlying: error)
        }
        do {
            let target = Library(root: partial)
            for dir in [target.mediaURL, target.thumbsURL, target.tmpURL] {
                try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            }
            // 1. The catalog: one consistent snapshot (of PostgreSQL's, a SQLite catalog that
            // stands alone).
            if let pool = sqlitePool {
                if fm.fileExists(atPath: library.configURL.path) {
                    try fm.copyItem(at: library.configURL, to: target.configURL)
                }
                let copy = try DatabaseQueue(path: target.catalogURL.path)
                try pool.backup(to: copy)
                try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
                try copy.close()
            } else {
                try copyCatalog(to: target)
            }
            // 2. What the snapshot names, verified while copied.
            let snapshot = try DatabaseQueue(path: target.catalogURL.path)
            let (versions, lectures, photos, attached) = try snapshot.read { db in
                (
                    try VersionRecord.order(Column("id")).fetchAll(db), try LectureRecord.fetchCount(db),
                    try ActivityPhotoRecord.fetchAll(db),
                    try Catalog.attachmentViews(SQLiteSession(db: db), where: "1 = 1", [])
                )
            }
            // Attached documents and reference texts, by content: (name, path, sha256).
            let references = try snapshot.read { db in
                try Row.fetchAll(db, sql: "SELECT title, storedPath, sha256 FROM reference ORDER BY id").map {
                    ("参考资料《\($0["title"] as String)》", $0["storedPath"] as String, $0["sha256"] as String)
                }
            }
            let documents = attached.map { ("附件「\($0.originalName)」", $0.storedPath, $0.sha256) } + references
            try snapshot.close()
            var bytes: Int64 = 0, thumbs = 0
            for (i, v) in versions.enumerated() {
                let from = library.url(v.storedPath), to = target.url(v.storedPath)
                try fm.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                let (sha, size) = try Self.copyHashing(from, to)
                if sha != v.sha256 {
                    throw CatalogError(
                        .invalid, "节目 #\(v.lectureId) 的原始文件 \(v.storedPath) 内容已被改动（校验值不符），备份中止；请先运行 lectern check")
                }
                bytes += size
                if let t = v.thumbsPath, fm.fileExists(atPath: library.url(t).path),
                    !fm.fileExists(atPath: target.url(t).path)
                {
                    try fm.copyItem(at: library.url(t), to: target.url(t))
                    thumbs += 1
                }
                progress(i + 1, versions.count)
            }
            // Activity photos, by content: one file however many activities show it.
            for p in photos where !fm.fileExists(atPath: target.url(p.storedPath).path) {
                let to = target.url(p.storedPath)
                try fm.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                let (sha, size) = try Self.copyHashing(library.url(p.storedPath), to)
                if sha != p.sha256 {
                    throw CatalogError(
                        .invalid, "主题党日 #\(p.activityId) 的照片 \(p.storedPath) 内容已被改动（校验值不符），备份中止；请先运行 lectern check")
                }
                bytes += size
                let folder = (p.thumbPath as NSString).deletingLastPathComponent
                if fm.fileExists(atPath: library.url(folder).path), !fm.fileExists(atPath: target.url(folder).path) {
                    try fm.copyItem(at: library.url(folder), to: target.url(folder))
                    thumbs += 1
                }
            }
            for (name, path, sha256) in documents where !fm.fileExists(atPath: target.url(path).path) {
                let to = target.url(path)
                try fm.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                let (sha, size) = try Self.copyHashing(library.url(path), to)
                if sha != sha256 {
                    throw CatalogError(
                        .invalid, "\(name) \(path) 内容已被改动（校验值不符），备份中止；请先运行 lectern check")
                }
                bytes += size
            }
            try fm.moveItem(at: partial, to: dest)
            return BackupSummary(
                lectures: lectures, mediaFiles: versions.count, mediaBytes: bytes,
                thumbnailFolders: thumbs, destination: dest.path)
        } catch let error as CatalogError {
            try? fm.removeItem(at: partial)
            throw error
        } catch {
            try? fm.removeItem(at: partial)
            throw CatalogError(.io, "备份失败：\(error.localizedDescription)", underlying: error)
        }
    }

    /// Copies a file in 1 MB reads, hashing what it reads, then syncs the copy.
    static func copyHashing(_ from: URL, _ to: URL) throws -> (String, Int64) {
        guard let input = try? FileHandle(forReadingFrom: from) else {
            throw CatalogError(.io, "无法读取 \(from.path)（文件不见了？请先运行 lectern check）")
        }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: to.path, contents: nil),
            let output = try? FileHandle(forWritingTo: to)
        else {
            throw CatalogError(.io, "无法写入 \(to.path)")
        }
        defer { try? output.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let data = try input.read(upToCount: 1 << 20), !data.isEmpty {
            hasher.update(data: data)
            try output.write(contentsOf: data)
            size += Int64(data.count)
        }
        try output.synchronize()
        return (hasher.finalize().hexDigits, size)
    }
}
