import Foundation
import Testing

/// `lectern backup` and `lectern restore` through the built binary.
@Suite struct BackupCommandTests {
    let sample: SampleLibrary
    init() throws { sample = try SampleLibrary() }

    @Test func aRestoredLibraryPassesCheckAndAuditVerify() throws {
        let dir = temporaryDirectory()
        let backup = dir.appendingPathComponent("备份 2026-11-23")
        let made = try Run(["backup", backup.path, "--json", "--library", sample.url.path])
        #expect(made.status == 0)
        #expect(made.jsonLines.first?["lectures"] as? Int == sample.ids.count)
        // Never over an existing folder.
        let again = try Run(["backup", backup.path, "--library", sample.url.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("目标已存在"))

        let restored = dir.appendingPathComponent("restored")
        #expect(try Run(["restore", backup.path, "--library", restored.path]).status == 0)
        #expect(try Run(["check", "--library", restored.path]).status == 0)
        #expect(try Run(["audit", "verify", "--library", restored.path]).status == 0)
        let before = try Run(["list", "--json", "--library", sample.url.path]).jsonLines.compactMap {
            $0["title"] as? String
        }
        let after = try Run(["list", "--json", "--library", restored.path]).jsonLines.compactMap {
            $0["title"] as? String
        }
        #expect(after == before && !after.isEmpty)
        #expect(try Run(["restore", backup.path, "--library", restored.path]).status == 1)  // never overwrites
    }

    @Test func aDamagedOriginalStopsTheBackupAndLeavesNothing() throws {
        let media = sample.url.appendingPathComponent("media")
        let file = try #require(
            FileManager.default.enumerator(atPath: media.path)?.allObjects
                .compactMap { $0 as? String }.first { $0.hasSuffix(".mp4") })
        let handle = try FileHandle(forWritingTo: media.appendingPathComponent(file))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF]))
        try handle.close()
        let dir = temporaryDirectory()
        let r = try Run(["backup", dir.appendingPathComponent("b").path, "--library", sample.url.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("内容已被改动（校验值不符），备份中止"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)  // no half-made backup
    }

    @Test func aBackupTakenWhileIngestRunsIsConsistent() throws {
        let ingest = Process()
        ingest.executableURL = Run.binary
        ingest.arguments = ["ingest", "Fixtures/media", "--library", sample.url.path]
        ingest.currentDirectoryURL = Run.root
        ingest.standardOutput = FileHandle.nullDevice
        ingest.standardError = FileHandle.nullDevice
        try ingest.run()
        let dir = temporaryDirectory()
        var copies: [URL] = []
        for i in 0..<3 {
            let b = dir.appendingPathComponent("b\(i)")
            #expect(try Run(["backup", b.path, "--library", sample.url.path]).status == 0)
            copies.append(b)
        }
        ingest.waitUntilExit()
        for b in copies {
            let check = try Run(["check", "--library", b.path])
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            #expect(try Run(["audit", "verify", "--library", b.path]).status == 0)
        }
    }
}
