import Testing

@testable import LecternCore

@Suite struct KindsAndThemesTests {
    @Test func theDefaultKindsAreTheLectureAndTheFilm() throws {
        let kinds = try LibraryConfig.parse(LibraryConfig.defaultText).policy.kinds
        #expect(kinds.all.map(\.code) == ["lecture", "film"])
        for typed in ["教育片", "电教片", "黨員教育片", "FILM", "教育片/", "　教育片 "] {
            #expect(kinds.named(typed)?.code == "film", "\(typed)")
        }
        #expect(kinds.named("微黨課")?.code == "lecture")
        #expect(kinds.named("电影") == nil)
        #expect(kinds.refusal("电影") == "没有「电影」这个类型；可用：微党课（lecture）、教育片（film）")
        let film = kinds.kind(code: "film")
        #expect(film.duration == .init(minSeconds: 300, maxSeconds: 7200))
        #expect(!film.rectification && !film.speakerRequired)
    }

    @Test func aLibraryAddsKindsAndTheLecturesBoundsStayInPolicy() throws {
        let config = try LibraryConfig.parse(
            """
            [policy]
            min_duration_seconds = 600
            [kinds."微视频"]
            code = "clip"
            min_duration_seconds = "1分钟"
            max_duration_seconds = 300
            """)
        let clip = try #require(config.policy.kinds.named("微视频"))
        #expect(clip.code == "clip" && clip.duration == .init(minSeconds: 60, maxSeconds: 300))
        #expect(config.policy.kinds.lecture.duration.minSeconds == 600)
        #expect(throws: LibraryConfig.ParseError.self) {
            try LibraryConfig.parse("[kinds.\"微党课\"]\nmin_duration_seconds = 60\n")
        }
    }

    @Test func eachKindIsCheckedOnItsOwnBounds() {
        var policy = Policy()
        policy.organisationDurations["春华镇"] = .init(minSeconds: 600, maxSeconds: 900)
        let film = MediaInfo(
            file: "f.mp4", sizeBytes: 1, container: "mp4", durationSeconds: 3600,
            video: VideoStreamInfo(index: 0, codec: "h264", width: 1280, height: 720),
            audio: AudioStreamInfo(index: 1, codec: "aac"))
        #expect(policy.check(film, organisations: ["春华镇"], kind: "film").isEmpty)
        #expect(policy.check(film, organisations: ["春华镇"]).map(\.rule) == ["duration"])
        var short = film
        short.durationSeconds = 200
        #expect(policy.check(short, kind: "film").map(\.message) == ["时长 3分20秒，短于 5分钟"])
    }

    @Test func topicsMatchThemesByNameAliasOrContainment() {
        let themes = ThemeList.standard
        let same: (String) -> String = { $0 }
        #expect(themes.match("乡村振兴", normalise: same)?.name == "乡村振兴")
        #expect(themes.match("乡村振兴专题", normalise: same)?.name == "乡村振兴")
        #expect(themes.match("「乡村 振兴」", normalise: same)?.name == "乡村振兴")
        #expect(themes.match("红色故事", normalise: same)?.name == "党史学习")
        #expect(themes.match("党史学习教育专题", normalise: same)?.name == "党史学习")
        #expect(themes.match("稻田", normalise: same) == nil)
        #expect(themes.match("", normalise: same) == nil)
        #expect(themes.unmatched("稻田").hasPrefix("主题「稻田」没有归入任何专题"))
    }

    @Test func themesAreReadInTheOrderWritten() throws {
        let config = try LibraryConfig.parse(
            """
            [themes."乙"]
            aliases = "b"
            [themes."甲"]
            aliases = "a，aa"
            """)
        #expect(config.themes.themes == [Theme(name: "乙", aliases: ["b"]), Theme(name: "甲", aliases: ["a", "aa"])])
        #expect(try LibraryConfig.parse(LibraryConfig.defaultText).themes == ThemeList.standard)
    }
}
