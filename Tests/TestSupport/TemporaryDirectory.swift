import Foundation

/// What several test targets share.
public enum TestFolders {
    /// A new folder under the system's temporary directory, named after the test that asks.
    public static func temporaryDirectory(_ name: String = #function) -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "lectern-tests-\(getpid())-\(name.filter(\.isLetter))-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}
