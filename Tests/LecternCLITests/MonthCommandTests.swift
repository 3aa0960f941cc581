import Foundation
import Testing

/// The branch's month through the built binary: a film catalogued from its folder, the
/// month's list and its notice, the branches' records from Excel, the duty report, a township's
/// own reminder, a call-in, the yearly report and a USB stick for the lobby.
@Suite(.serialized) struct MonthCommandTests {
    let root: URL
    let env: [String: String]

    init() throws {
        root = temporaryDirectory()
        env = ["LECTERN_NOW": "2026-11-02T10:00", "LECTERN_LIBRARY": root.appendingPathComponent("library").path]
        _ = try Run(["init"], environment: env)
        _ = try Run(["org", "import", "Fixtures/organisations.csv"], environment: env)
    }

    func lectern(_ args: [String], now: String? = nil) throws -> Run {
        var e = env
        if let now { e["LECTERN_NOW"] = now }
        return try Run(args, environment: e)
    }

    /// A film in 上传/教育片/, a lecture of 新村党支部 in another format (MKV, HEVC and Opus).
    func ingest() throws -> (film: Int, lecture: Int) {
        let inbox = root.appendingPathComponent("上传")
        let films = inbox.appendingPathComponent("教育片")
        try FileManager.default.createDirectory(at: films, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Run.root.appendingPathComponent("Fixtures/media/length_20m00s.mp4"),
            to: films.appendingPathComponent("解码中部崛起.mp4"))
        try FileManager.default.copyItem(
            at: Run.root.appendingPathComponent("Fixtures/media/length_3m00s.mp4"),
            to: inbox.appendingPathComponent("新村党支部-吴辉-稻田里的振兴路.mp4"))
        let run = try lectern(["ingest", inbox.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let list = try lectern(["list", "--json"]).jsonLines
        let film = list.first { $0["kind"] as? String == "film" }?["id"] as? Int ?? 0
        let lecture = list.first { $0["kind"] as? String == "lecture" }?["id"] as? Int ?? 0
        #expect(film > 0 && lecture > 0)
        return (film, lecture)
    }

    @Test func aFilmIsPlannedAnnouncedAndCountedWhenWatched() throws {
        let (film, lecture) = try ingest()
        #expect(try lectern(["search", "kind:教育片", "--json"]).jsonLines.map { $0["id"] as? Int } == [film])
        let early = try lectern(["films", "plan", "2026年11月", "\(film)"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("还没有通过审核"))
        #expect(
            try lectern(["review", "rectify", "\(film)", "--reason", "其他", "--days", "5"]).stderr.contains("教育片不走限期整改"))
        #expect(try lectern(["review", "approve", "\(film)"]).status == 0)
        #expect(try lectern(["review", "approve", "\(lecture)"]).status == 0)
        let plan = try lectern(["films", "plan", "2026年11月", "\(film)"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("1. #\(film) 《解码中部崛起》  20分钟"))
        let notices = root.appendingPathComponent("预告")
        let notice = try lectern(["films", "notice", "2026-11", "--to", notices.path, "--where", "村部会议室"])
        #expect(notice.status == 0)
        let text = try String(contentsOf: notices.appendingPathComponent("教育片预告-2026-11.txt"), encoding: .utf8)
        #expect(text.hasPrefix("【2026年11月党员教育片观看预告】"))
        #expect(text.contains("1. 《解码中部崛起》（片长 20分钟）") && text.contains("观看地点：村部会议室"))
        let html = try String(contentsOf: notices.appendingPathComponent("教育片预告-2026-11.html"), encoding: .utf8)
        #expect(html.contains("data:image/jpeg;base64,"))  // the poster is inside the page

        // The branches' records: the one with mistakes imports nothing and says where.
        let bad = try lectern(["activity", "import", "Fixtures/activities/有错误的记录.xlsx"])
        #expect(bad.status == 1)
        for line in [
            "lectern: 有错误的记录.xlsx 第 2 行: 「日期」列：「2026-11-31」看不懂",
            "lectern: 有错误的记录.xlsx 第 2 行: 「参加人数」列：「二十多」不是人数",
            "lectern: 有错误的记录.xlsx 第 3 行: 「支部」列：没有「不存在的支部」这个组织",
            "lectern: 有错误的记录.xlsx 第 4 行: 「照片」列：「照片/不是照片.jpg」不是照片",
            "lectern: 提醒：有错误的记录.xlsx 第 14 列「备用列」不认识，这一列没有导入",
        ] {
            #expect(bad.stderr.contains(line), "\(line)\n\(bad.stderr)")
        }
        #expect(bad.stdout.contains("没有导入任何记录：3 行有错误"))
        #expect(try lectern(["activity", "list", "--json"]).stdout.isEmpty)
        let good = try lectern(["activity", "import", "Fixtures/activities/十一月主题党日.xlsx"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("完成：登记 2 次，已有记录跳过 0 次"))
        let again = try lectern(["activity", "import", "Fixtures/activities/十一月主题党日.xlsx"])
        #expect(again.stdout.contains("完成：登记 0 次，已有记录跳过 2 次"))
        let records = try lectern(["activity", "list", "--org", "春华镇", "--period", "2026-11", "--json"]).jsonLines
        #expect(records.count == 2)
        #expect(records[0]["time"] as? String == "14:30" && records[0]["filmListed"] as? Bool == true)
        #expect((records[0]["photos"] as? [String])?.count == 2 && (records[0]["thumbnails"] as? [String])?.count == 2)
        #expect(records[0]["participants"] as? [String] == ["刘强", "吴辉", "王芳"])
        // 党课题目 names the branch's catalogued lecture: the record links to it.
        #expect(records[0]["lectureId"] as? Int == lecture)
        #expect(try lectern(["check"]).status == 0)  // the photos are catalogued, by content

        let monthly = try lectern(["report", "monthly", "--period", "2026-11", "--today", "2026-11-30"])
        #expect(monthly.stdout.contains("一课一片一实践齐全 1/1（100%）"))
        let township = try lectern(["report", "weekly", "--org", "春华镇", "--today", "2026-11-30"])
        #expect(township.status == 0)
        #expect(!township.stdout.contains("桃源县"))
        #expect(try lectern(["report", "weekly", "--org", "没有这个镇"]).status == 2)
        let yearly = try lectern(["report", "yearly", "--period", "2026", "--today", "2026-11-30"])
        #expect(yearly.stdout.hasPrefix("微党课与主题党日年度报告\n2026年"))
        #expect(yearly.stdout.contains("主题党日 2") && yearly.stdout.contains("参加人次 41"))
    }

    @Test func aCallInIsRecordedAndShown() throws {
        let (_, lecture) = try ingest()
        _ = try lectern(["review", "rectify", "\(lecture)", "--reason", "脱离实际", "--deadline", "2026-11-10"])
        let before = try lectern(["review", "queue", "--overdue", "--today", "2026-11-15"], now: "2026-11-15T09:00")
        #expect(before.stdout.contains("已逾期 5 天，待约谈"), "\(before.stdout)")
        let called = try lectern(
            ["review", "interview", "\(lecture)", "--date", "2026年11月20日", "--with", "新村党支部书记 刘强"],
            now: "2026-11-20T15:00")
        #expect(called.status == 0)
        #expect(called.stdout == "#\(lecture) 已记录约谈：新村党支部书记 刘强（2026-11-20）\n")
        #expect(try lectern(["show", "\(lecture)"]).stdout.contains("约谈 新村党支部书记 刘强（2026-11-20）"))
        let weekly = try lectern(["report", "weekly", "--today", "2026-11-25"])
        #expect(weekly.stdout.contains("已约谈 2026-11-20 新村党支部书记 刘强"))
        // The call-in list on the command line says it too; before the call-in it said 待约谈.
        let list = try lectern(["review", "queue", "--overdue", "--today", "2026-11-25"], now: "2026-11-25T09:00")
        #expect(list.stdout.contains("已逾期 15 天，已约谈 2026-11-20 新村党支部书记 刘强"), "\(list.stdout)")
        let json = try lectern(["review", "queue", "--overdue", "--today", "2026-11-25", "--json"]).jsonLines
        #expect((json.first?["calledIn"] as? [String: Any])?["person"] as? String == "新村党支部书记 刘强")
    }

    @Test func aUSBStickForTheLobbyPlaysEverywhere() throws {
        let inbox = root.appendingPathComponent("上传")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (fixture, name) in [
            ("h264_aac.mp4", "新村党支部-吴辉-学党章.mp4"), ("hevc_opus.mkv", "新村党支部-王芳-红色故事.mkv"),
            ("audio_only.m4a", "新村党支部-李强-声音.m4a"),
        ] {
            try FileManager.default.copyItem(
                at: Run.root.appendingPathComponent("Fixtures/media/\(fixture)"), to: inbox.appendingPathComponent(name)
            )
        }
        _ = try lectern(["ingest", inbox.path])
        for item in try lectern(["list", "--json"]).jsonLines {
            let id = "\(item["id"] as? Int ?? 0)"
            _ = try lectern(["review", "exempt", id, "--note", "测试"])
            _ = try lectern(["review", "approve", id])
        }
        let stick = root.appendingPathComponent("U盘/大厅")
        let run = try lectern(["export", "大厅", "--to", stick.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("只有声音，没有画面，不适合大厅播放，已跳过"))
        // Numbered in the query's order (the workers ingest in their own order).
        let names = try FileManager.default.contentsOfDirectory(atPath: stick.path).sorted()
        #expect(names.count == 3 && names.last == "播放列表.m3u")
        #expect(Set(names.dropLast().map { String($0.dropFirst(3)) }) == ["红色故事 - 王芳.mp4", "微党课：学习贯彻党的二十大精神 - 吴辉.mp4"])
        #expect(names.dropLast().map { String($0.prefix(3)) } == ["01 ", "02 "])
        let red = try #require(names.first { $0.contains("红色故事") })
        let m3u = try String(contentsOf: stick.appendingPathComponent("播放列表.m3u"), encoding: .utf8)
        #expect(m3u.hasPrefix("#EXTM3U\n") && m3u.contains("#EXTINF:6,红色故事 — 王芳\n\(red)\n"))
        // The HEVC/Opus lecture was transcoded: H.264 and AAC in MP4, as Lectern's own probe reads it.
        let probe = try lectern(["probe", stick.appendingPathComponent(red).path, "--json"])
        let info = try #require(probe.jsonLines.first)
        #expect((info["container"] as? String)?.contains("mp4") == true)
        #expect((info["video"] as? [String: Any])?["codec"] as? String == "h264")
        #expect((info["video"] as? [String: Any])?["pixelFormat"] as? String == "yuv420p")
        #expect((info["audio"] as? [String: Any])?["codec"] as? String == "aac")
        #expect(abs(((info["durationSeconds"] as? Double) ?? 0) - 6) < 0.2)
        let second = try lectern(["export", "lobby", "--to", stick.path])
        #expect(second.stdout.contains("2 个已在文件夹中，要复制 0 个、转码 0 个"))
        let full = try lectern(["export", "lobby", "--to", "/proc/lectern-nowhere"])
        #expect(full.status == 2)
        #expect(full.stderr.contains("空间不够"))
    }
}
