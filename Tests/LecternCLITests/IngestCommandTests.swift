import Foundation
import Testing

/// `lectern ingest` and the commands around it, run as staff would, on temporary libraries.
@Suite struct IngestCommandTests {
    let library: URL

    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        let made = try Run(["init", "--library", library.path])
        #expect(made.status == 0, "\(made.stderr)")
    }

    func lectern(_ args: [String]) throws -> Run { try Run(args + ["--library", library.path]) }

    func outcomes(_ run: Run) -> [String: String] {
        Dictionary(
            run.jsonLines.compactMap { o in
                (o["file"] as? String).map { (($0 as NSString).lastPathComponent, o["outcome"] as? String ?? "") }
            }, uniquingKeysWith: { a, _ in a })
    }

    func summary(_ run: Run) -> [String: Any] { run.jsonLines.last?["summary"] as? [String: Any] ?? [:] }

    /// A folder of `count` distinct small videos (the same clip with different trailing bytes).
    static func distinctUploads(_ count: Int) throws -> URL {
        let dir = temporaryDirectory().appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let clip = try Data(contentsOf: Run.root.appendingPathComponent("Fixtures/media/length_3m00s.mp4"))
        for i in 0..<count {
            try (clip + Data("lectern-\(i)".utf8)).write(to: dir.appendingPathComponent("春华镇-讲师\(i)-第\(i)讲.mp4"))
        }
        return dir
    }

    /// Starts `lectern ingest --json --jobs 1 inbox` without waiting for it.
    func startIngest(_ inbox: URL) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = Run.binary
        p.arguments = ["ingest", "--json", "--jobs", "1", inbox.path, "--library", library.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (p, out)
    }

    /// Reads the running ingest's output until its first file is catalogued.
    func readUntilFirstIngested(_ out: Pipe) -> Data {
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\"outcome\":\"ingested\"") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        return seen
    }

    @Test func sampleUploadsAreIngestedAndASecondRunFindsNothingNew() throws {
        let first = try lectern(["ingest", "--json", "Fixtures/uploads"])
        #expect(first.status == 1)  // two broken uploads
        let o = outcomes(first)
        #expect(o["桃源县-李明-一月一课.mp4"] == "ingested")
        #expect(o["青山湖区 张华 党史小故事.mp4"] == "ingested")
        #expect(o["会议记录.mp4"] == "failed")
        #expect(o["拷贝中断的文件.mp4"] == "failed")
        #expect(first.stderr.contains("lectern: Fixtures/uploads/会议记录.mp4: 不是音视频文件"))
        let s = summary(first)
        #expect(s["ingested"] as? Int == 5)
        #expect(s["failed"] as? Int == 2)
        #expect(s["policyFailed"] as? Int == 4)
        let short = try #require(first.jsonLines.first { ($0["file"] as? String)?.contains("青山湖区") == true })
        let failures = (short["policy"] as? [String: Any])?["failures"] as? [[String: String]]
        #expect(failures?.first?["message"] == "时长 2分59秒，短于 3分钟")

        let media = try FileManager.default.subpathsOfDirectory(atPath: library.appendingPathComponent("media").path)
            .filter { $0.hasSuffix(".mp4") || $0.hasSuffix(".mkv") }
        #expect(media.count == 5)

        let again = try lectern(["ingest", "--json", "Fixtures/uploads"])
        #expect(summary(again)["ingested"] as? Int == 0)
        #expect(summary(again)["duplicate"] as? Int == 5)
        let human = try lectern(["ingest", "Fixtures/uploads/桃源县-李明-一月一课.mp4"])
        #expect(human.status == 0)
        #expect(human.stdout.contains("没有新文件"))
        #expect(try lectern(["check"]).status == 0)
    }

    @Test func metadataComesFromManifestSidecarTagsAndName() throws {
        let inbox = temporaryDirectory().appendingPathComponent("u盘")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let fixtures = Run.root.appendingPathComponent("Fixtures/media")
        for (from, to) in [
            ("length_3m00s.mp4", "a.mp4"), ("h264_aac.mp4", "tagged.mp4"), ("no_audio.mp4", "side.mp4"),
            ("length_20m00s.mp4", "春华镇-吴辉-学习党章.mp4"),
        ] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(from), to: inbox.appendingPathComponent(to))
        }
        try #"{"title": "附带说明的标题", "speaker": "赵六", "tags": ["党史", "七一"]}"#
            .write(to: inbox.appendingPathComponent("side.json"), atomically: true, encoding: .utf8)
        let csv = "文件,标题,主讲人,组织,主题,录制日期\na.mp4,清单里的标题,李明,新村党支部,党章学习,2024年7月1日\n"
        let gbk = try #require(csv.data(using: String.Encoding(rawValue: 0x8000_0632)))
        try gbk.write(to: inbox.appendingPathComponent("清单.csv"))
        let orgs = temporaryDirectory().appendingPathComponent("orgs.csv")
        try "id,name,parent_id,kind\nxian,长沙县,,county\nzhen,春华镇,xian,township\ncun,新村党支部,zhen,branch\n"
            .write(to: orgs, atomically: true, encoding: .utf8)
        #expect(try lectern(["org", "import", orgs.path]).status == 0)

        let run = try lectern([
            "ingest", "--json", inbox.path, "--manifest", inbox.appendingPathComponent("清单.csv").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let list = try lectern(["list", "--json"]).jsonLines
        func lecture(_ title: String) -> [String: Any]? { list.first { $0["title"] as? String == title } }
        let fromManifest = try #require(lecture("清单里的标题"))
        #expect(fromManifest["speaker"] as? String == "李明")
        #expect(fromManifest["organisation"] as? String == "新村党支部")
        #expect(fromManifest["recordedOn"] as? String == "2024-07-01")
        #expect(lecture("附带说明的标题")?["speaker"] as? String == "赵六")
        #expect(lecture("微党课：学习贯彻党的二十大精神")?["speaker"] as? String == "吴辉")  // container tags
        let named = try #require(lecture("学习党章"))  // file name pattern
        #expect(named["organisation"] as? String == "春华镇")
        #expect(outcomes(run)["清单.csv"] == "skipped")
        #expect(outcomes(run)["side.json"] == "skipped")
    }

    @Test(arguments: ["Fixtures/uploads/清单.xlsx", "Fixtures/manifests/清单-GBK.csv"])
    func excelAndGBKManifestsAreRead(_ manifest: String) throws {
        #expect(try lectern(["org", "import", "Fixtures/organisations.csv"]).status == 0)
        let run = try lectern(["ingest", "--json", "Fixtures/uploads", "--manifest", manifest])
        #expect(run.status == 1)  // the two broken uploads
        let list = try lectern(["list", "--json"]).jsonLines
        let lecture = try #require(list.first { $0["title"] as? String == "一月一课：学习党章" })
        #expect(lecture["speaker"] as? String == "李明")
        #expect(lecture["organisation"] as? String == "桃源县")
        #expect(lecture["topic"] as? String == "党章学习")
        #expect(lecture["recordedOn"] as? String == "2024-07-01")
        #expect(list.first { $0["title"] as? String == "七一特别党课" }?["recordedOn"] as? String == "2024-07-01")
        #expect(list.first { $0["title"] as? String == "党史小故事" }?["organisation"] as? String == "青山湖区")
        let show = try #require(try lectern(["show", "\(lecture["id"] as? Int ?? 0)", "--json"]).jsonLines.first)
        #expect(show["tags"] as? [String] == ["党章", "基层"])
    }

    @Test func unknownOrganisationGoesUnderUnassignedWithAWarning() throws {
        let run = try lectern(["ingest", "--json", "Fixtures/uploads/桃源县-李明-一月一课.mp4"])
        let line = try #require(run.jsonLines.first)
        #expect((line["warnings"] as? [String])?.first?.contains("未知组织「桃源县」") == true)
        #expect(try lectern(["list", "--json"]).jsonLines.first?["organisation"] as? String == "未分配")
    }

    @Test func organisationPolicyOverridesTheDefault() throws {
        let config = library.appendingPathComponent("lectern.toml")
        try
            (try String(contentsOf: config, encoding: .utf8)
            + "\n[policy.organisations.\"桃源县\"]\nmin_duration_seconds = 600\nmax_duration_seconds = 900\n")
            .write(to: config, atomically: true, encoding: .utf8)
        let orgs = temporaryDirectory().appendingPathComponent("orgs.csv")
        try "id,name,parent_id\nty,桃源县,\n".write(to: orgs, atomically: true, encoding: .utf8)
        _ = try lectern(["org", "import", orgs.path])
        let run = try lectern(["ingest", "--json", "Fixtures/uploads/桃源县-李明-一月一课.mp4"])
        let failures = ((run.jsonLines.first?["policy"] as? [String: Any])?["failures"] as? [[String: String]]) ?? []
        #expect(failures.map { $0["message"] } == ["时长 3分钟，短于 10分钟"])
    }

    @Test func moveDeletesOriginalsOnceCataloguedAndLinkSharesThem() throws {
        let moved = try Self.distinctUploads(2)
        #expect(try lectern(["ingest", "--move", moved.path]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: moved.path).isEmpty)
        let linked = try Self.distinctUploads(3)
        #expect(try lectern(["ingest", "--link", linked.path]).status == 0)
        // Files 0 and 1 have the same content as the moved ones (duplicates); file 2 is new.
        let original = linked.appendingPathComponent("春华镇-讲师2-第2讲.mp4").path
        let links = try FileManager.default.attributesOfItem(atPath: original)[.referenceCount] as? Int
        #expect(links == 2)
        #expect(try lectern(["list", "--json"]).jsonLines.count == 3)
        #expect(try lectern(["check"]).status == 0)
    }

    @Test func dryRunWritesNothing() throws {
        let run = try lectern(["ingest", "--dry-run", "--json", "Fixtures/uploads"])
        #expect(summary(run)["checked"] as? Int == 5)
        #expect(try lectern(["list", "--json"]).jsonLines.isEmpty)
        let media = try FileManager.default.subpathsOfDirectory(atPath: library.appendingPathComponent("media").path)
        #expect(media.isEmpty)
    }

    @Test func killedMidRunTheNextRunCompletesCleanly() throws {
        let inbox = try Self.distinctUploads(10)
        // Start, wait for the first file to be catalogued, then kill -9.
        let (process, out) = try startIngest(inbox)
        _ = readUntilFirstIngested(out)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try lectern(["list", "--json"]).jsonLines.count
        #expect(before >= 1 && before < 10)

        let resumed = try lectern(["ingest", "--json", inbox.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try lectern(["list", "--json", "--limit", "100"]).jsonLines.count == 10)
        let check = try lectern(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let tmp = try FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("tmp").path)
        #expect(tmp.isEmpty)
    }

    @Test func twoIngestsAtOnceBothFinishWithoutDuplicateRows() throws {
        let inbox = try Self.distinctUploads(8)
        let (a, outA) = try startIngest(inbox), (b, outB) = try startIngest(inbox)
        let dataA = outA.fileHandleForReading.readDataToEndOfFile(),
            dataB = outB.fileHandleForReading.readDataToEndOfFile()
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0)
        #expect(b.terminationStatus == 0)
        func count(_ data: Data, _ outcome: String) -> Int {
            String(decoding: data, as: UTF8.self).components(separatedBy: "\"outcome\":\"\(outcome)\"").count - 1
        }
        #expect(count(dataA, "ingested") + count(dataB, "ingested") == 8)
        #expect(count(dataA, "duplicate") + count(dataB, "duplicate") == 8)
        #expect(try lectern(["list", "--json", "--limit", "100"]).jsonLines.count == 8)
        #expect(try lectern(["check"]).status == 0)
    }

    @Test func ctrlCFinishesTheFileInHandAndSaysSo() throws {
        let inbox = try Self.distinctUploads(12)
        let (p, out) = try startIngest(inbox)
        var seen = readUntilFirstIngested(out)
        kill(p.processIdentifier, SIGINT)
        seen += out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: seen, as: UTF8.self)
        #expect(p.terminationStatus == 1)
        #expect(text.contains("\"interrupted\":true"))
        let done = try lectern(["list", "--json", "--limit", "100"]).jsonLines.count
        #expect(done < 12)
        #expect(try lectern(["ingest", "--json", inbox.path]).status == 0)
        #expect(try lectern(["list", "--json", "--limit", "100"]).jsonLines.count == 12)
        #expect(try lectern(["check"]).status == 0)
    }

    @Test func checkFindsMissingChangedAndOrphanFiles() throws {
        _ = try lectern(["ingest", "Fixtures/uploads/桃源县-李明-一月一课.mp4", "Fixtures/uploads/青山湖区 张华 党史小故事.mp4"])
        #expect(try lectern(["check"]).status == 0)
        let media = library.appendingPathComponent("media")
        let stored = try FileManager.default.subpathsOfDirectory(atPath: media.path).filter { $0.hasSuffix(".mp4") }
            .sorted()
        try FileManager.default.removeItem(at: media.appendingPathComponent(stored[0]))
        try Data("changed".utf8).write(to: media.appendingPathComponent(stored[1]))
        try Data("stray".utf8).write(to: media.appendingPathComponent("stray.mp4"))
        let check = try lectern(["check", "--json"])
        #expect(check.status == 1)
        // A file placed just now may be another ingest's on its way to committing: pending.
        #expect(Set(check.jsonLines.compactMap { $0["kind"] as? String }) == ["missing", "hashMismatch", "pending"])
        var old = [timespec](repeating: timespec(tv_sec: time(nil) - 2 * 86400, tv_nsec: 0), count: 2)
        #expect(utimensat(AT_FDCWD, media.appendingPathComponent("stray.mp4").path, &old, 0) == 0)
        let later = try lectern(["check", "--json"])
        #expect(Set(later.jsonLines.compactMap { $0["kind"] as? String }) == ["missing", "hashMismatch", "orphan"])
    }

    @Test func showAndListDescribeTheLecture() throws {
        _ = try lectern(["ingest", "Fixtures/uploads/春华镇-吴辉-学习二十大精神 第一讲.mp4"])
        let show = try lectern(["show", "1"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("标题     微党课：学习贯彻党的二十大精神"))
        #expect(show.stdout.contains("检查   时长 8秒，短于 3分钟；画面分辨率 320×180，低于 360p"))
        #expect(show.stdout.contains("导入  已接收 → 未通过检查"))
        let json = try #require(try lectern(["show", "1", "--json"]).jsonLines.first)
        #expect(((json["versions"] as? [[String: Any]])?.first?["sha256"] as? String)?.count == 64)
        #expect((json["frames"] as? [Any])?.count == 8)
        let list = try lectern(["list", "--status", "autoRejected"])
        #expect(list.stdout.contains("未通过检查"))
        #expect(try lectern(["show", "99"]).status == 1)
        #expect(try lectern(["list", "--status", "bogus"]).status == 2)
    }

    @Test func aMissingLibraryIsAConfigurationError() throws {
        let run = try Run(["list", "--library", "/nonexistent/library"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("资料库不存在"))
        #expect(run.stderr.contains("lectern init"))
    }
}
