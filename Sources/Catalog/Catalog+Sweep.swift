import Files
import Foundation
import SQLStore

/// What `lectern sweep` did, path by path.
public struct SweepReport: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public enum Outcome: String, Codable, Sendable {
            /// Removed (or, in a dry run, would be).
            case removed
            /// Unnamed but placed or renewed within the grace period: kept.
            case recent
            /// Renewed by an ingest while the sweeper moved it aside: put back.
            case renewed
            /// Could not be removed (`reason` says why): left where it is.
            case failed
        }
        public var path: String
        public var outcome: Outcome
        public var bytes: Int64
        public var reason: String?
    }
    public var items: [Item] = []
    public var dryRun: Bool
    public func count(_ outcome: Item.Outcome) -> Int { items.filter { $0.outcome == outcome }.count }
    public var bytesRemoved: Int64 { items.filter { $0.outcome == .removed }.reduce(0) { $0 + $1.bytes } }
}

extension Catalog {
    /// How long a file no version names is left alone after it was placed or renewed: longer
    /// than any ingest takes from placing a file to committing its version (a claim's lease,
    /// a host's pause), so the sweeper never takes a file somebody is about to name.
    public static let sweepGrace: TimeInterval = 24 * 3600

    /// What the catalog names in media/ and thumbs/: every version's original and thumbnails,
    /// activity photos with their thumbnails' folders, attached documents, reference texts.
    public func namedStorePaths() throws -> (media: Set<String>, thumbs: Set<String>) {
        try store.read { s in
            var media = Set<String>(), thumbs = Set<String>()
            for row in try s.rows("SELECT storedPath, thumbsPath FROM version") {
                media.insert(try row.get("storedPath"))
                if let t: String = try row.optional("thumbsPath") { thumbs.insert(t) }
            }
            for row in try s.rows("SELECT storedPath, thumbPath FROM activityPhoto") {
                media.insert(try row.get("storedPath"))
                thumbs.insert((try row.get("thumbPath", as: String.self) as NSString).deletingLastPathComponent)
            }
            for table in ["attachment", "reference"] {
                media.formUnion(try s.column(String.self, "SELECT storedPath FROM \(table)"))
            }
            return (media, thumbs)
        }
    }

    /// Removes from media/ and thumbs/ what no version names and nobody has placed or renewed
    /// for `grace`, and from tmp/ the scratch folders of this host's processes that are gone
    /// and other hosts' untouched for `grace`. Safe beside ingests on any host sharing the
    /// folder (`ContentStore`'s rules). `dryRun` says what would go and removes nothing.
    public func sweepStore(grace: TimeInterval = Catalog.sweepGrace, now: Date = Date(), dryRun: Bool = false) throws
        -> SweepReport
    {
        let cutoff = now.addingTimeInterval(-grace)
        let fm = FileManager.default
        // Listed before the names are read: a file placed and committed in between is named.
        let media = Self.files(under: library.mediaURL, prefix: "media")
        let thumbs = ((try? fm.contentsOfDirectory(atPath: library.thumbsURL.path)) ?? []).sorted().map {
            "thumbs/\($0)"
        }
        let scratch = ((try? fm.contentsOfDirectory(atPath: library.tmpURL.path)) ?? []).sorted()
        let named = try namedStorePaths()
        var report = SweepReport(dryRun: dryRun)
        let aside = library.scratchFolder("sweep")
        if !dryRun { try fm.createDirectory(at: aside, withIntermediateDirectories: true) }
        defer { if !dryRun { try? fm.removeItem(at: aside) } }
        var n = 0
        func sweep(_ relative: String) {
            let path = library.url(relative).path
            let bytes = Self.size(of: path)
            if dryRun {
                let recent = ContentStore.modified(path).map { $0 >= cutoff } ?? true
                report.items.append(.init(path: relative, outcome: recent ? .recent : .removed, bytes: bytes))
                return
            }
            n += 1
            switch ContentStore.remove(path, ifUntouchedSince: cutoff, aside: aside.appendingPathComponent("\(n)").path)
            {
            case .removed: report.items.append(.init(path: relative, outcome: .removed, bytes: bytes))
            case .recent: report.items.append(.init(path: relative, outcome: .recent, bytes: bytes))
            case .renewed: report.items.append(.init(path: relative, outcome: .renewed, bytes: bytes))
            case .absent: break  // removed by somebody else meanwhile
            case .failed(let code):
                report.items.append(
                    .init(path: relative, outcome: .failed, bytes: bytes, reason: String(cString: strerror(code))))
            }
        }
        media.filter { !named.media.contains($0) }.forEach(sweep)
        thumbs.filter { !named.thumbs.contains($0) }.forEach(sweep)
        for name in scratch where name != aside.lastPathComponent {
            let relative = "tmp/\(name)"
            switch Library.scratchOwner(name) {
            case .live: continue
            case .abandoned:
                let bytes = Self.size(of: library.url(relative).path)
                if !dryRun { try? fm.removeItem(at: library.url(relative)) }
                report.items.append(.init(path: relative, outcome: .removed, bytes: bytes))
            case .otherHost: sweep(relative)
            }
        }
        return report
    }

    /// Bytes under `path`, a file or a folder.
    static func size(of path: String) -> Int64 {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
        if !isFolder.boolValue { return (try? fm.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0 }
        var total: Int64 = 0
        let walker = fm.enumerator(atPath: path)
        while walker?.nextObject() != nil {
            total += (walker?.fileAttributes?[.size] as? Int64) ?? 0
        }
        return total
    }
}
