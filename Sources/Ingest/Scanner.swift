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
        /// Files whose names are not UTF-8 (GBK names from old Windows machines and USB
        /// sticks): shown decoded as GB 18030; each is a failed item, never silently dropped.
        public var badNames: [String] = []
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
        var files: [String] = [], skipped: [Skipped] = [], missing: [String] = [], badNames: [String] = []
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
            var inside: [String] = []
            walk(path, files: &inside, skipped: &skipped, badNames: &badNames)
            inside.sorted().forEach(add)
        }
        return Result(files: files, skipped: skipped, missing: missing, badNames: badNames.sorted())
    }

    /// Walks a folder on raw names (readdir): a name that is not UTF-8 is reported, not lost.
    /// Files reached through a symbolic link are taken; linked folders are not walked (no loops).
    static func walk(_ dir: String, files: inout [String], skipped: inout [Skipped], badNames: inout [String]) {
        guard let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == Array(".".utf8) || bytes == Array("..".utf8) { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                let shown =
                    String(data: Data(bytes), encoding: String.Encoding(rawValue: 0x8000_0632))
                    ?? bytes.map { String(format: "%%%02X", $0) }.joined()
                badNames.append((dir as NSString).appendingPathComponent(shown))
                continue
            }
            let full = (dir as NSString).appendingPathComponent(name)
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            var isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
            var isRegular = (st.st_mode & S_IFMT) == S_IFREG
            if (st.st_mode & S_IFMT) == S_IFLNK, stat(full, &st) == 0 {
                isRegular = (st.st_mode & S_IFMT) == S_IFREG
                isDirectory = false
            }
            if let reason = skipReason(name) {
                if isRegular || isDirectory { skipped.append(Skipped(file: full, reason: reason)) }
                continue
            }
            if isDirectory {
                walk(full, files: &files, skipped: &skipped, badNames: &badNames)
            } else if isRegular {
                files.append(full)
            }
        }
    }
}
