import Foundation
import TestSupport
import Testing

@testable import Files

@Suite("ContentStore: placing by content and sweeping, safe for several writers of one folder")
struct ContentStoreTests {
    let dir: String
    init() {
        dir = TestFolders.temporaryDirectory("ContentStoreTests")
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = "\(dir)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Sets a path's modification time `seconds` into the past.
    func age(_ path: String, by seconds: Int) {
        var times = [timespec](repeating: timespec(tv_sec: time(nil) - seconds, tv_nsec: 0), count: 2)
        #expect(utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW) == 0)
    }

    @Test func aNewContentIsRenamedIntoPlace() throws {
        let temporary = try write("copy", "lecture")
        #expect(try ContentStore.place(temporary, at: "\(dir)/stored") == .placed)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(String(decoding: FileManager.default.contents(atPath: "\(dir)/stored")!, as: UTF8.self) == "lecture")
    }

    @Test func storedContentIsReusedAndItsTimeRenewed() throws {
        let stored = try write("stored", "lecture")
        age(stored, by: 3 * 86400)
        let temporary = try write("copy", "lecture")
        #expect(try ContentStore.place(temporary, at: stored) == .reused)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        let modified = try #require(ContentStore.modified(stored))
        #expect(abs(modified.timeIntervalSinceNow) < 60)
        // Renewed, the sweeper leaves it for another grace period.
        #expect(
            ContentStore.remove(stored, ifUntouchedSince: Date().addingTimeInterval(-86400), aside: "\(dir)/aside")
                == .recent)
        #expect(FileManager.default.fileExists(atPath: stored))
    }

    @Test func aFailedRenameSaysItsErrno() throws {
        let temporary = try write("copy", "lecture")
        #expect(throws: ContentStoreError.self) { try ContentStore.place(temporary, at: "\(dir)/no/such/folder/x") }
        #expect(FileManager.default.fileExists(atPath: temporary))
    }

    @Test func theSweeperRemovesOnlyWhatIsOlderThanTheGracePeriod() throws {
        let cutoff = Date().addingTimeInterval(-86400)
        let old = try write("old", "a"), young = try write("young", "b")
        age(old, by: 2 * 86400)
        #expect(ContentStore.remove(old, ifUntouchedSince: cutoff, aside: "\(dir)/aside1") == .removed)
        #expect(
            !FileManager.default.fileExists(atPath: old) && !FileManager.default.fileExists(atPath: "\(dir)/aside1"))
        #expect(ContentStore.remove(young, ifUntouchedSince: cutoff, aside: "\(dir)/aside2") == .recent)
        #expect(FileManager.default.fileExists(atPath: young))
        #expect(ContentStore.remove("\(dir)/gone", ifUntouchedSince: cutoff, aside: "\(dir)/aside3") == .absent)
    }

    @Test func aFolderIsAsRecentAsTheNewestThingInIt() throws {
        let folder = "\(dir)/thumbs"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let photo = try write("thumbs/photo.jpg", "jpeg")
        age(folder, by: 2 * 86400)
        let cutoff = Date().addingTimeInterval(-86400)
        // The photo's thumbnail was renewed inside the folder: the folder stays.
        #expect(ContentStore.remove(folder, ifUntouchedSince: cutoff, aside: "\(dir)/aside") == .recent)
        age(photo, by: 2 * 86400)
        age(folder, by: 2 * 86400)
        #expect(ContentStore.remove(folder, ifUntouchedSince: cutoff, aside: "\(dir)/aside") == .removed)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
