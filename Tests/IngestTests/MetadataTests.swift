import Catalog
import Foundation
import Testing

@testable import Ingest

@Suite struct MetadataTests {
    @Test(arguments: [
        ("春华镇-吴辉-学习二十大精神.mp4", "春华镇", "吴辉", "学习二十大精神"),
        ("春华镇－吴辉－学习 二十大 精神.mov", "春华镇", "吴辉", "学习 二十大 精神"),
        ("新村党支部_李明_党史-第二讲.mp4", "新村党支部", "李明", "党史-第二讲"),
    ])
    func fileNamePattern(name: String, org: String, speaker: String, title: String) {
        let m = LectureMetadata.fromFileName(name)
        #expect(m.organisation == org)
        #expect(m.speaker == speaker)
        #expect(m.title == title)
    }

    @Test func spacesSeparateOnlyAfterAnOrganisationName() {
        let m = LectureMetadata.fromFileName("青山湖区 张华 党史小故事 第二讲.mp4")
        #expect(m.organisation == "青山湖区")
        #expect(m.speaker == "张华")
        #expect(m.title == "党史小故事 第二讲")
        for camera in ["VID_20240701_083000.mp4", "upload_04_5min.mp4"] {
            #expect(LectureMetadata.fromFileName(camera).organisation == nil)
        }
        #expect(LectureMetadata.fromFileName("新村党支部_李明_党史.mp4").speaker == "李明")
        let other = LectureMetadata.fromFileName("手机录制 竖屏 版本二.mp4")
        #expect(other.title == "手机录制 竖屏 版本二")
        #expect(other.speaker == nil)
    }

    @Test(arguments: [
        "bear-vp9-odd-dimensions.webm", "one-by-one-person-detection.mp4", "deb_gnome_display-dual-monitors.webm",
    ])
    func hyphensAloneDoNotMakeTheOrganisationPattern(name: String) {
        let m = LectureMetadata.fromFileName(name, isOrganisation: { $0 == "春华镇" })
        #expect(m.organisation == nil)
        #expect(m.speaker == nil)
        #expect(m.title == (name as NSString).deletingPathExtension)
    }

    @Test func aKnownOrganisationWithoutASuffixMakesThePattern() {
        let m = LectureMetadata.fromFileName("chunhua-吴辉-党史.mp4", isOrganisation: { $0 == "chunhua" })
        #expect(m.organisation == "chunhua")
        #expect(m.speaker == "吴辉")
        #expect(m.title == "党史")
    }

    @Test func strongerSourcesWinFieldByField() {
        let manifest = LectureMetadata(title: "清单标题", speaker: " ")
        let tags = LectureMetadata.fromTags(["title": "标签标题", "artist": "吴辉", "date": "2024-07-01T08:00:00Z"])
        let merged = manifest.over(tags).over(LectureMetadata.fromFileName("a-b-c.mp4", isOrganisation: { $0 == "a" }))
        #expect(merged.title == "清单标题")
        #expect(merged.speaker == "吴辉")  // blank in the manifest does not hide the tag
        #expect(merged.recordedOn == "2024-07-01")
        #expect(merged.organisation == "a")
    }

    @Test(arguments: [
        ("2024-07-01", "2024-07-01"), ("2024/7/1", "2024-07-01"), ("2024年7月1日", "2024-07-01"),
        ("2024.07.01 10:00", "2024-07-01"), ("七月一日", nil), ("2024-13-01", nil),
    ])
    func dates(text: String, expected: String?) {
        #expect(LectureMetadata.normaliseDate(text) == expected)
    }

    @Test func sidecarAcceptsListsAndSemicolons() throws {
        let a = try LectureMetadata.fromSidecar(
            Data(#"{"title":"T","tags":["党史","七一"],"recorded_on":"2024/7/1"}"#.utf8))
        #expect(a.tags == ["党史", "七一"])
        #expect(a.recordedOn == "2024-07-01")
        let b = try LectureMetadata.fromSidecar(Data(#"{"tags":"党史；七一;基层"}"#.utf8))
        #expect(b.tags == ["党史", "七一", "基层"])
        #expect(throws: (any Error).self) { try LectureMetadata.fromSidecar(Data("[1]".utf8)) }
    }
}

@Suite struct ManifestTests {
    func write(_ data: Data) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("清单.csv")
        try data.write(to: url)
        return url
    }

    static let text =
        "file,title,speaker,organisation,tags\n\"春华镇 第一讲.mp4\",\"学习\"\"二十大\"\"精神\",吴辉,春华镇,党章;基层\r\nb.mp4,\"两行\n标题\",李明,,\n"

    @Test(arguments: ["UTF-8", "UTF-8 (BOM)", "GB18030"])
    func encodingsAreDetected(_ encoding: String) throws {
        let data: Data =
            switch encoding {
            case "UTF-8": Data(Self.text.utf8)
            case "UTF-8 (BOM)": Data([0xEF, 0xBB, 0xBF]) + Data(Self.text.utf8)
            default: Self.text.data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data()
            }
        let url = try write(data)
        let m = try Manifest(url: url)
        #expect(m.encoding == encoding)
        let row = try #require(m.rows[url.deletingLastPathComponent().appendingPathComponent("春华镇 第一讲.mp4").path])
        #expect(row.title == "学习\"二十大\"精神")
        #expect(row.speaker == "吴辉")
        #expect(row.tags == ["党章", "基层"])
        #expect(m.rows[url.deletingLastPathComponent().appendingPathComponent("b.mp4").path]?.title == "两行\n标题")
    }

    @Test func absolutePathsAndBareNamesFindTheirRows() throws {
        let url = try write(Data("文件,标题\n/srv/上传/七一特别党课.mp4,七一\n子目录/一月一课.mp4,一月\nx/同名.mp4,甲\ny/同名.mp4,乙\n".utf8))
        let m = try Manifest(url: url)
        #expect(m.row(for: "/srv/上传/七一特别党课.mp4")?.title == "七一")  // absolute, as written
        #expect(m.row(for: "/elsewhere/inbox/一月一课.mp4")?.title == "一月")  // by its name, listed once
        #expect(m.row(for: "/elsewhere/同名.mp4") == nil)  // two rows of that name: no guessing
        #expect(m.row(for: url.deletingLastPathComponent().appendingPathComponent("y/同名.mp4").path)?.title == "乙")
    }

    @Test func aManifestWithoutAFileColumnIsRefused() throws {
        let url = try write(Data("title,speaker\na,b\n".utf8))
        #expect(throws: MetadataError.self) { try Manifest(url: url) }
    }
}

@Suite struct ScannerTests {
    @Test(arguments: [
        (".DS_Store", "系统文件"), ("Thumbs.db", "系统文件"), (".hidden.mp4", "隐藏文件"),
        ("~$清单.xlsx", "临时文件（可能仍在复制中）"), ("下载中.mp4.crdownload", "临时文件（可能仍在复制中）"),
        ("a.mp4.part", "临时文件（可能仍在复制中）"),
    ])
    func skipped(name: String, reason: String) {
        #expect(Scanner.skipReason(name) == reason)
    }

    @Test func ordinaryNamesAreTaken() {
        #expect(Scanner.skipReason("春华镇 第一讲.MP4") == nil)
        #expect(Scanner.skipReason("notes.txt") == nil)  // decided by content later
    }

    @Test func foldersAreWalkedAndTheLibraryLeftOut() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)")
        let fm = FileManager.default
        for dir in ["a/b", "library/media", ".git"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        for file in ["a/1.mp4", "a/b/2.mp4", "library/media/x.mp4", ".git/config", "a/.x.mp4"] {
            try Data("x".utf8).write(to: root.appendingPathComponent(file))
        }
        let result = Scanner.scan(
            [root.path, root.appendingPathComponent("nope").path],
            exclude: root.appendingPathComponent("library"))
        #expect(result.files.map { ($0 as NSString).lastPathComponent } == ["1.mp4", "2.mp4"])
        #expect(result.missing.count == 1)
        #expect(Set(result.skipped.map { ($0.file as NSString).lastPathComponent }) == [".git", ".x.mp4"])
    }
}
