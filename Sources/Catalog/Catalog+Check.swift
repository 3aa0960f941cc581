import Crypto
import Files
import Foundation

/// `lectern check`: the catalog against the media store.
public struct StoreProblem: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case missing, hashMismatch, orphan, temporary, missingThumbnail
        /// Not named by the catalog yet, but placed or renewed within the grace period: an ingest
        /// on its way to committing it (here or on another host), or a failed write's leftover
        /// that the sweeper takes once the period is over. Not a problem.
        case pending
    }
    /// Whether `check` counts it as a problem.
    public var isProblem: Bool { kind != .pending }
    public var kind: Kind
    public var path: String
    public var lectureId: Int64?
    public var message: String
}

extension Catalog {
    /// Every problem found: catalogued files missing or with another hash, thumbnails missing,
    /// files in media/ or thumbs/ that no version names, leftovers in tmp/ of processes that
    /// are gone. Unnamed files and other hosts' scratch folders younger than `grace` are
    /// `pending`. `rehash: false` skips reading every file.
    public func checkStore(
        rehash: Bool = true, grace: TimeInterval = Catalog.sweepGrace, now: Date = Date()
    ) throws -> [StoreProblem] {
        let cutoff = now.addingTimeInterval(-grace)
        var problems: [StoreProblem] = []
        let fm = FileManager.default
        let versions = try allVersions()
        for v in versions {
            let url = library.url(v.storedPath)
            if !fm.fileExists(atPath: url.path) {
                problems.append(
                    StoreProblem(
                        kind: .missing, path: v.storedPath, lectureId: v.lectureId,
                        message: "节目 #\(v.lectureId) 的原始文件不见了"))
            } else if rehash, let sha = Self.sha256(of: url), sha != v.sha256 {
                problems.append(
                    StoreProblem(
                        kind: .hashMismatch, path: v.storedPath, lectureId: v.lectureId,
                        message: "节目 #\(v.lectureId) 的原始文件内容已被改动（校验值不符）"))
            }
            for p in [v.posterPath, v.sheetPath].compactMap({ $0 }) where !fm.fileExists(atPath: library.url(p).path) {
                problems.append(
                    StoreProblem(
                        kind: .missingThumbnail, path: p, lectureId: v.lectureId,
                        message: "节目 #\(v.lectureId) 的缩略图不见了"))
            }
        }
        // A file stored by content for something else than a version: there, and unchanged.
        func stored(_ path: String, sha256: String, lectureId: Int64?, what: String) {
            let url = library.url(path)
            if !fm.fileExists(atPath: url.path) {
                problems.append(StoreProblem(kind: .missing, path: path, lectureId: lectureId, message: "\(what)不见了"))
            } else if rehash, let sha = Self.sha256(of: url), sha != sha256 {
                problems.append(
                    StoreProblem(
                        kind: .hashMismatch, path: path, lectureId: lectureId, message: "\(what)内容已被改动（校验值不符）"))
            }
        }
        // Activity photos, each with its thumbnail folder, attached documents and reference texts.
        for p in try store.read({ s in try s.records(ActivityPhotoRecord.self, "SELECT * FROM activityPhoto") }) {
            stored(p.storedPath, sha256: p.sha256, lectureId: nil, what: "主题党日 #\(p.activityId) 的照片")
        }
        for d in try allAttachments() {
            let owner = d.lectureId.map { "节目 #\($0)" } ?? d.activityId.map { "主题党日 #\($0)" } ?? ""
            stored(d.storedPath, sha256: d.sha256, lectureId: d.lectureId, what: "\(owner) 的附件「\(d.originalName)」")
        }
        for r in try references() {
            stored(r.storedPath, sha256: r.sha256, lectureId: nil, what: "参考资料《\(r.title)》")
        }
        // Read before the folders are listed: a file placed and committed in between shows as
        // unnamed but young, `pending`, never as an orphan.
        let named = try namedStorePaths()
        func unnamed(_ relative: String, _ what: String) {
            let recent = ContentStore.modified(library.url(relative).path).map { $0 >= cutoff } ?? false
            problems.append(
                recent
                    ? StoreProblem(
                        kind: .pending, path: relative, lectureId: nil,
                        message: "\(what)还未登记：刚放入，可能是正在提交的导入（宽限期后仍未登记的由 lectern sweep 清除）")
                    : StoreProblem(
                        kind: .orphan, path: relative, lectureId: nil, message: "\(what)未在目录中登记（lectern sweep 可清除）"))
        }
        for relative in Self.files(under: library.mediaURL, prefix: "media") where !named.media.contains(relative) {
            unnamed(relative, "媒体库中的文件")
        }
        let thumbs = (try? fm.contentsOfDirectory(atPath: library.thumbsURL.path)) ?? []
        for name in thumbs.sorted() where !named.thumbs.contains("thumbs/\(name)") {
            unnamed("thumbs/\(name)", "缩略图文件夹")
        }
        for name in ((try? fm.contentsOfDirectory(atPath: library.tmpURL.path)) ?? []).sorted() {
            switch Library.scratchOwner(name) {
            case .live: continue  // an ingest running now
            case .abandoned:
                problems.append(
                    StoreProblem(
                        kind: .temporary, path: "tmp/\(name)", lectureId: nil,
                        message: "中断的导入留下的临时文件（下次导入时会自动清除）"))
            case .otherHost(let host):
                let recent = ContentStore.modified(library.tmpURL.appendingPathComponent(name).path).map {
                    $0 >= cutoff
                }
                if recent ?? true { continue }  // that host may still be working in it
                problems.append(
                    StoreProblem(
                        kind: .temporary, path: "tmp/\(name)", lectureId: nil,
                        message: "主机 \(host) 的导入留下的临时文件，超过宽限期未动（lectern sweep 可清除）"))
            }
        }
        return problems
    }

    static func files(under root: URL, prefix: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular {
                out.append("\(prefix)/\(relative)")
            }
        }
        return out.sorted()
    }

    /// SHA-256 of a file, streamed in 1 MB reads.
    public static func sha256(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let data = try? handle.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data: data) }
        return hasher.finalize().hexDigits
    }
}
