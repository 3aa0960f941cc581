import Foundation

/// Finds the files to ingest under the given paths: folders are walked recursively; hidden and
/// temporary files are skipped and said so. Which files are media is decided later by content.
public enum Scanner {
    public struct Skipped: Codable, Sendable, Equatable {
        public var file: String
        public var reason: String
    }

    public struct Result: Sendable {
        public var files: [String]
        public var skipped: [Skipped]
        /// Paths that do not exist: each is a failed item.
        public var missing: [String]
    }

    static let temporarySuffixes = [".tmp", ".part", ".crdownload", ".download", ".partial", "~"]
    static let systemNames: Set<String> = ["thumbs.db", "desktop.ini", ".ds_store"]

    /// Why `name` is skipped, or nil to take it.
    public static func skipReason(_ name: String) -> String? {
        let lower = name.lowercased()
        if systemNames.contains(lower) { return "系统文件" }
        if name.hasPrefix(".") { return "隐藏文件" }
        if name.hasPrefix("~$") || temporarySuffixes.contains(where: { lower.hasSuffix($0) }) { return "临时文件（可能仍在复制中）" }
        return nil
    }

    /// Files under `paths` in a stable order, leaving out anything inside `exclude` (the library).
    public static func scan(_ paths: [String], exclude: URL?) -> Result {
        var files: [String] = [], skipped: [Skipped] = [], missing: [String] = []
        var seen = Set<String>()
        let fm = FileManager.default
        let excluded = exclude?.standardizedFileURL.path
        func add(_ path: String) {
            let std = URL(fileURLWithPath: path).standardizedFileURL.path
            if let excluded, std == excluded || std.hasPrefix(excluded + "/") { return }
            if seen.insert(std).inserted { files.append(path) }
        }
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { missing.append(path); continue }
            if !isDir.boolValue { add(path); continue }
            guard let walker = fm.enumerator(atPath: path) else { missing.append(path); continue }
            var inside: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                let full = (path as NSString).appendingPathComponent(relative)
                if let reason = skipReason(name) {
                    skipped.append(Skipped(file: full, reason: reason))
                    if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                    continue
                }
                if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { inside.append(full) }
            }
            inside.sorted().forEach(add)
        }
        return Result(files: files, skipped: skipped, missing: missing)
    }
}
