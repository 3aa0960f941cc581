import Foundation
import Testing

@testable import Catalog

/// The embedded pinyin table (Data/pinyin.txt): what the lookups find in place, and that the
/// committed file is exactly what Scripts/make-pinyin-table makes from Debian's unicode-data.
@Suite struct PinyinTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "readings, commonest first, found by binary search in the embedded bytes",
        arguments: [
            ("党", ["dang"]), ("课", ["ke"]), ("长", ["zhang", "chang"]), ("㐀", ["qiu"]),
            ("𰻞", ["biang"]), ("一", ["yi"]),
        ] as [(Character, [String])])
    func readings(character: Character, expected: [String]) {
        #expect(Array(Pinyin.readings(of: character).prefix(expected.count)) == expected)
    }

    @Test func charactersWithoutReadings() {
        for ch: Character in ["a", "，", "😀", "党\u{FE00}", "\u{3400}\u{0301}"] {
            #expect(Pinyin.readings(of: ch).isEmpty)
        }
    }

    @Test func everyLineOfTheTableIsFound() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Data/pinyin.txt"), encoding: .utf8)
        var entries = 0, syllables = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if line.first!.isLowercase {
                syllables += 1
                #expect(Pinyin.isSyllable(line), "\(line)")
                continue
            }
            let parts = line.split(separator: " ")
            let scalar = try #require(UInt32(parts[0], radix: 16).flatMap(Unicode.Scalar.init))
            entries += 1
            let found = Pinyin.readings(of: Character(scalar))
            if found.joined(separator: ",") != parts[1] { Issue.record("\(line): found \(found)") }
        }
        #expect(entries > 40_000)
        #expect(syllables > 400)
        #expect(!Pinyin.isSyllable("xyz") && !Pinyin.isSyllable("") && !Pinyin.isSyllable("zzzzzzz"))
    }

    @Test func theCommittedTableIsWhatTheGeneratorMakes() throws {
        let source = "/usr/share/unicode/Unihan_Readings.txt.bz2"
        try #require(
            FileManager.default.fileExists(atPath: source), "\(source) missing: Scripts/setup installs unicode-data")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pinyin-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("Scripts/make-pinyin-table").path, out.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let made = try Data(contentsOf: out)
        let committed = try Data(contentsOf: Self.root.appendingPathComponent("Data/pinyin.txt"))
        #expect(made.count > 400_000)
        #expect(made == committed, "Data/pinyin.txt differs from Scripts/make-pinyin-table's output: run it and commit")
    }
}
