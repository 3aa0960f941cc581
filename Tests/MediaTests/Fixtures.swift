import Foundation
import LecternCore
import Logging
import Media
import TestSupport

/// The committed fixtures and what ffprobe said of them (Fixtures/expected.json, written by
/// Scripts/make-fixtures).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    struct Expected: Decodable {
        struct Video: Decodable { var codec: String; var width: Int; var height: Int; var rotation: Int }
        struct Audio: Decodable { var codec: String; var sampleRate: Int; var channels: Int }
        var error: Bool?
        var container: String?
        var durationSeconds: Double?
        var sizeBytes: Int64?
        var video: Video?
        var audio: Audio?
        var tags: [String: String]?
    }

    /// The table, or a crash that names why: a missing or unreadable table must fail the
    /// tests that iterate over it, not leave them with nothing to check.
    static let expected: [String: Expected] = {
        let file = path("Fixtures/expected.json")
        guard let data = FileManager.default.contents(atPath: file) else {
            fatalError("\(file) is missing: run Scripts/make-fixtures")
        }
        do {
            let table = try JSONDecoder().decode([String: Expected].self, from: data)
            precondition(table.count >= 10, "\(file) holds only \(table.count) fixtures")
            return table
        } catch {
            fatalError("\(file) does not decode: \(error)")
        }
    }()

    static var readable: [String] { expected.filter { $0.value.error != true }.keys.sorted() }
    static var unreadable: [String] { expected.filter { $0.value.error == true }.keys.sorted() }

    /// FFmpeg's log into a quiet logger, as the worker does.
    static let quiet: Void = {
        FFmpegLog.install(
            logger: Logger(label: "ffmpeg-test", factory: { _ in SwiftLogNoOpLogHandler() }), verbose: false)
    }()

    static func temporaryDirectory(_ name: String = #function) -> String { TestFolders.temporaryDirectory(name) }
}
