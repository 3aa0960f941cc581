import Foundation
import TestSupport
import Testing

@testable import Files

@Suite("FileCopy: the ingest's one pass that copies and shows every byte to the hash")
struct FileCopyTests {
    /// Bytes that differ at every offset, so a piece shown twice or out of place is caught.
    static func pattern(_ count: Int) -> [UInt8] {
        var state: UInt32 = 2_463_534_242
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// Source folders: the test's own, and a tmpfs (another file system) where there is one.
    static var sourceFolders: [String] {
        var folders = ["same"]
        if FileManager.default.isWritableFile(atPath: "/dev/shm") { folders.append("/dev/shm") }
        return folders
    }

    /// Pieces of 10,000 bytes: several per file, and read back from offsets off page boundaries.
    static let piece = 10_000
    static let sizes = [0, 1, 4097, piece, piece * 3 + 4097, 1 << 20]

    @Test("the copy and the bytes shown equal the source", arguments: FileCopy.Method.allCases, sizes)
    func copiesExactly(method: FileCopy.Method, size: Int) throws {
        for folder in Self.sourceFolders {
            let dir = Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let sourceDir = folder == "same" ? dir : folder
            let source = "\(sourceDir)/source-\(UUID().uuidString).bin"
            defer { unlink(source) }
            let bytes = Self.pattern(size)
            try Data(bytes).write(to: URL(fileURLWithPath: source))
            let input = open(source, O_RDONLY)
            let output = open("\(dir)/copy.part", O_RDWR | O_CREAT | O_EXCL, 0o644)
            #expect(input >= 0 && output >= 0)
            defer { close(input); close(output) }
            var seen: [UInt8] = []
            let count = try FileCopy.copy(from: input, to: output, method: method, piece: Self.piece) {
                seen.append(contentsOf: $0)
            }
            #expect(count == Int64(size), "\(folder)")
            #expect(seen == bytes, "\(folder): the bytes shown to the hash")
            let copied = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(dir)/copy.part")))
            #expect(copied == bytes, "\(folder): the copy")
        }
    }

    @Test("a piece read back from an offset that is not on a page boundary")
    func readsBackUnaligned() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = Self.pattern(3 * 4096 + 100)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/f"))
        let fd = open("\(dir)/f", O_RDONLY)
        defer { close(fd) }
        var seen: [UInt8] = []
        try FileCopy.readBack(fd, from: 4097, count: 5000) { seen.append(contentsOf: $0) }
        #expect(seen == Array(bytes[4097..<9097]))
    }

    @Test("an output that cannot be written fails with the reason, in either method")
    func unwritableOutput() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(Self.pattern(10_000)).write(to: URL(fileURLWithPath: "\(dir)/src"))
        FileManager.default.createFile(atPath: "\(dir)/dst", contents: nil)
        for method in FileCopy.Method.allCases {
            let input = open("\(dir)/src", O_RDONLY)
            let output = open("\(dir)/dst", O_RDONLY)  // read-only: every write fails
            defer { close(input); close(output) }
            #expect(throws: FileCopyError.self) {
                _ = try FileCopy.copy(from: input, to: output, method: method) { _ in }
            }
        }
    }

    @Test("$LECTERN_COPY chooses the method; the default is direct")
    func methodFromEnvironment() {
        #expect(FileCopy.Method.fromEnvironment([:]) == .direct)
        #expect(FileCopy.Method.fromEnvironment(["LECTERN_COPY": "kernel"]) == .kernel)
        #expect(FileCopy.Method.fromEnvironment(["LECTERN_COPY": "buffered"]) == .readWrite)
        #expect(FileCopy.Method.fromEnvironment(["LECTERN_COPY": "fast"]) == .direct)
    }

    @Test("a direct copy leaves the output's O_DIRECT off, so later writes of any size work")
    func directLeavesTheFileOrdinary() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(Self.pattern(3 * 4096)).write(to: URL(fileURLWithPath: "\(dir)/src"))
        let input = open("\(dir)/src", O_RDONLY)
        let output = open("\(dir)/dst", O_RDWR | O_CREAT | O_EXCL, 0o644)
        defer { close(input); close(output) }
        _ = try FileCopy.copy(from: input, to: output, method: .direct) { _ in }
        let odd: [UInt8] = [1, 2, 3]
        #expect(pwrite(output, odd, 3, 5) == 3)  // unaligned: refused were O_DIRECT still on
    }

    @Test("read shows a whole file through one buffer")
    func readsWhole() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = Self.pattern(FileCopy.chunk + 3)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/f"))
        let fd = open("\(dir)/f", O_RDONLY)
        defer { close(fd) }
        var seen: [UInt8] = []
        #expect(try FileCopy.read(fd) { seen.append(contentsOf: $0) } == Int64(bytes.count))
        #expect(seen == bytes)
    }
}

enum Fixtures {
    static func temporaryDirectory(_ name: String = #function) -> String { TestFolders.temporaryDirectory(name) }
}
