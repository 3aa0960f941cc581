import Foundation
import LecternCore
import SQLStore
import Testing

@testable import Catalog

@Suite struct SearchTextTests {
    @Test func normalisationFoldsWidthCaseAndTraditional() {
        #expect(SearchText.normalize("長沙縣") == "长沙县")
        #expect(SearchText.normalize("ＡＢＣ１２３") == "abc123")
        #expect(SearchText.normalize("黨課 DangKe") == "党课 dangke")
    }

    @Test func indexTokensHaveUnigramsBigramsAndEveryReading() {
        let tokens = Set(SearchText.indexTokens("長沙").split(separator: " ").map(String.init))
        #expect(tokens.isSuperset(of: ["长", "沙", "长沙", "changsha", "zhangsha", "cs", "zs", "chang", "zhang", "sha"]))
    }

    @Test(arguments: [
        ("dangke", ["dang", "ke"]), ("changsha", ["chang", "sha"]), ("xian", ["xian"]),
        ("dangkeshipin", ["dang", "ke", "shi", "pin"]),
    ])
    func pinyinSplits(word: String, syllables: [String]) {
        #expect(Pinyin.split(word) == syllables)
    }

    @Test func notPinyin() { #expect(Pinyin.split("xyzq") == nil) }
}

/// A small county in both scripts: 長沙縣 is written traditional in its tree.
struct SearchFixture: Sendable {
    let catalog: Catalog
    let ids: [String: Int64]

    init(_ engine: TestEngine) throws {
        catalog = try Catalog(library: engine.newLibrary("search"))
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "cs", name: "長沙縣", parentId: nil, kind: "county"),
                OrganisationRecord(id: "ch", name: "春华镇", parentId: "cs", kind: "township"),
                OrganisationRecord(id: "xc", name: "新村党支部", parentId: "ch", kind: "branch"),
                OrganisationRecord(id: "ty", name: "桃源县", parentId: nil, kind: "county"),
            ], actor: "t", now: now)
        let rows: [(String, String, String, String, String?, Double, [String], String)] = [
            ("微党课：学习贯彻党的二十大精神", "吴辉", "xc", "理论学习", "2024-07-01", 734, ["七一", "专题"], "a"),
            ("黨史故事：紅船精神", "李明", "ch", "党史", "2024-03-15", 420, [], "b"),
            ("一月一课 Party lecture", "王芳", "ty", "党章学习", "2023-11-20", 1100, ["基层"], "c"),
            ("乡村振兴的实践", "张华", "ty", "乡村振兴", "2024-06-30", 150, [], "d"),
        ]
        var ids: [String: Int64] = [:]
        for (title, speaker, org, topic, recorded, duration, tags, sha) in rows {
            var n = NewLecture(
                title: title, sha256: sha, originalName: "\(sha).mp4", originalPath: "/in/\(sha).mp4",
                storedPath: "media/\(sha).mp4", sizeBytes: 1,
                probe: MediaInfo(file: "\(sha).mp4", sizeBytes: 1, container: "mp4", durationSeconds: duration),
                findings: duration < 180 ? [PolicyFinding(rule: "duration", message: "短")] : [])
            n.speaker = speaker
            n.organisationId = org
            n.topic = topic
            n.recordedOn = recorded
            n.tags = tags
            if case .ingested(let id, _) = try catalog.recordIngest(n, actor: "t", now: now) { ids[sha] = id }
        }
        self.ids = ids
    }

    init(catalog: Catalog, ids: [String: Int64]) {
        self.catalog = catalog
        self.ids = ids
    }

    func found(_ text: String) throws -> [String] {
        let byId = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })
        return try catalog.search(SearchQuery.parse(text), limit: 50).compactMap { byId[$0.id] }.sorted()
    }

    /// One fixture per engine for the tests that only read it.
    static let sqlite = Result { try SearchFixture(.sqlite) }
    static let postgres = Result { try SearchFixture(.postgres) }
    static func shared(_ engine: TestEngine) throws -> SearchFixture {
        try (engine == .sqlite ? sqlite : postgres).get()
    }
}

@Suite struct SearchTests {
    let catalog: Catalog
    let ids: [String: Int64]
    let fixture: SearchFixture

    init() throws {
        fixture = try SearchFixture(.sqlite)
        catalog = fixture.catalog
        ids = fixture.ids
    }

    func found(_ text: String) throws -> [String] { try fixture.found(text) }

    @Test(arguments: [
        ("党课", ["a"]), ("黨課", ["a"]), ("dangke", ["a"]), ("dang ke", ["a", "c"]), ("dk", ["a"]),
        ("党", ["a", "b", "c"]), ("精神", ["a", "b"]), ("红船", ["b"]), ("紅船精神", ["b"]), ("\"二十大 精神\"", ["a"]),
        ("二十大精神", ["a"]), ("大精神二", []), ("party", ["c"]), ("LECTURE", ["c"]), ("ＰＡＲＴＹ", ["c"]),
        ("changsha", ["a", "b"]), ("zhangsha", ["a", "b"]), ("长沙县", ["a", "b"]), ("chunhua", ["a", "b"]),
        ("xiangcunzhenxing", ["d"]), ("xczx", ["d"]),
        ("speaker:吴辉", ["a"]), ("speaker:wuhui", ["a"]), ("topic:党史", ["b"]), ("tag:七一", ["a"]), ("tag:基层", ["c"]),
        ("org:长沙县", ["a", "b"]), ("org:cs", ["a", "b"]), ("org:春华镇", ["a", "b"]), ("org:新村党支部", ["a"]),
        ("org:桃源县 -乡村", ["c"]), ("-org:桃源县", ["a", "b"]), ("精神 -红船", ["a"]), ("-党", ["d"]),
        ("status:autoRejected", ["d"]), ("status:pending", ["a", "b", "c"]), ("status:待审核", ["a", "b", "c"]),
        ("duration:5m..15m", ["a", "b"]), ("duration:..3m", ["d"]), ("duration:15m..", ["c"]),
        ("recorded:2024-01..2024-06", ["b", "d"]), ("recorded:2023", ["c"]), ("recorded:2024-07..", ["a"]),
        ("精神 org:春华镇 duration:5m..", ["a", "b"]), ("学习 recorded:..2023-12", ["c"]),
        // A word within an organisation named by id, by its traditional name, or with a word of another.
        ("精神 org:cs", ["a", "b"]), ("党 org:長沙縣", ["a", "b"]), ("党 org:新村党支部", ["a"]), ("党 -org:春华镇", ["c"]),
    ])
    func queryFindsExactlyTheseLectures(query: String, expected: [String]) throws {
        for engine in TestEngine.allCases {
            #expect(try SearchFixture.shared(engine).found(query) == expected, "\(engine)")
        }
    }

    @Test(arguments: TestEngine.allCases) func titleOutranksTopicAndTiesGoToTheNewest(engine: TestEngine) throws {
        let shared = try SearchFixture.shared(engine)
        let (catalog, ids) = (shared.catalog, shared.ids)
        // 学习 is in a's title and in c's topic (党章学习) and title: a's title match ranks first.
        let hits = try catalog.search(SearchQuery.parse("学习"))
        #expect(hits.first?.id == ids["a"])
        let scores = hits.compactMap(\.score)
        #expect(scores.count == hits.count && scores == scores.sorted(by: >))
        let sorted = try catalog.search(SearchQuery.parse("党 sort:duration"))
        #expect(sorted.map(\.id) == [ids["c"], ids["a"], ids["b"]].compactMap { $0 })
        let newest = try catalog.search(SearchQuery.parse("党 sort:ingested"), limit: 2)
        #expect(newest.map(\.id) == [ids["c"], ids["b"]].compactMap { $0 })
    }

    /// The score read from each phrase's columns in the candidates' own query (`lectern_columns`)
    /// is the one that asking FTS5 `column : (word)` for every word and field gives: phrases
    /// numbered across field filters before the word, alternatives (pinyin or initials), bigram sets.
    @Test(arguments: [
        "学习", "dangke", "精神", "乡村振兴", "speaker:吴辉 精神", "tag:七一 二十大精神", "org:春华镇 dang", "精神 -红船",
        "changsha dk", "party lecture", "topic:党史 红船精神", "xczx 实践",
    ])
    func scoresAreThoseOfEachFieldAskedAlone(query: String) throws {
        let parsed = try SearchQuery.parse(query)
        let hits = try catalog.search(parsed, limit: 50)
        #expect(!hits.isEmpty)
        let words: [String] = parsed.terms.compactMap {
            if case .text(let text, _, false) = $0 { SearchText.expression(text) } else { nil }
        }
        for hit in hits {
            var expected = 0.0
            for word in words {
                for (column, weight) in zip(SearchIndex.columns, SearchIndex.weightValues) where column != "text" {
                    let found = try catalog.store.read { s in
                        try s.scalar(
                            Int64.self, "SELECT rowid FROM lectureSearch WHERE lectureSearch MATCH ? AND rowid = ?",
                            "\(column) : (\(word))", hit.id)
                    }
                    if found != nil { expected += weight }
                }
            }
            #expect(hit.score == expected, "\(query): #\(hit.id)")
        }
    }

    @Test func matchTreesWriteTheExpressionsFTS5Reads() {
        #expect(SearchText.expression("党课") == "\"党课\"")
        #expect(SearchText.expression("基层治理") == "(\"基层\" AND \"层治\" AND \"治理\")")
        // A word that reads as pinyin is not also initials; one that does not is, as pairs.
        #expect(SearchText.expression("dangke 党") == "\"dangke\" AND \"党\"")
        #expect(SearchText.expression("dkxx") == "(\"dkxx\" OR (\"dk\" AND \"kx\" AND \"xx\"))")
        #expect(
            SearchText.expression("dangkexuexi")
                == "(\"dangkexuexi\" OR (\"dangke\" AND \"kexue\" AND \"xuexi\"))")
        let tree = SearchText.matchParts("dsxxy")?.first
        #expect(tree?.phraseCount == 5)
        // Column 0 holds "dsxxy" only; column 1 holds every initials pair but "xy".
        let masks: [UInt8] = [0b01, 0b10, 0b10, 0b10, 0]
        #expect(tree?.holds(column: 0, masks: masks, first: 0) == true)
        #expect(tree?.holds(column: 1, masks: masks, first: 0) == false)
        #expect(tree?.holds(column: 1, masks: [0, 2, 2, 2, 2], first: 0) == true)
        // Offsets: the same word after two phrases of another.
        #expect(tree?.holds(column: 0, masks: [0, 0, 1, 0, 0, 0, 0], first: 2) == true)
    }

    /// Both engines rank alike: the same hits, in the same order, with the same scores.
    @Test(arguments: [
        "学习", "dangke", "精神", "乡村振兴", "speaker:吴辉 精神", "tag:七一 二十大精神", "org:春华镇 dang", "精神 -红船",
        "changsha dk", "party lecture", "topic:党史 红船精神", "xczx 实践", "党", "党 sort:duration", "党 sort:ingested",
        "党 -org:春华镇", "status:pending", "duration:5m..",
    ])
    func bothEnginesRankAlike(query: String) throws {
        func ranked(_ engine: TestEngine) throws -> [String] {
            let f = try SearchFixture.shared(engine)
            let byId = Dictionary(uniqueKeysWithValues: f.ids.map { ($1, $0) })
            return try f.catalog.search(SearchQuery.parse(query), limit: 50).map {
                "\(byId[$0.id] ?? "?") \($0.score.map { String($0) } ?? "-")"
            }
        }
        let (pg, lite) = (try ranked(.postgres), try ranked(.sqlite))
        #expect(pg == lite, "PostgreSQL \(pg), SQLite \(lite)")
    }

    /// PostgreSQL's window in two steps (`postgresWindow`): walked on or planned, the second
    /// step finds what one step finds, in the same order, none twice and none missed.
    @Test(arguments: [
        "学习", "dangke", "精神", "乡村振兴", "speaker:吴辉 精神", "org:春华镇 dang", "精神 -红船", "党", "党 -org:春华镇",
        "精神 recorded:2024-01..2024-06", "学习 duration:5m..20m -七一",
    ])
    func postgresWindowInStepsFindsTheSame(query: String) throws {
        let f = try SearchFixture.shared(.postgres)
        let byId = Dictionary(uniqueKeysWithValues: f.ids.map { ($1, $0) })
        func ranked() throws -> [String] {
            try f.catalog.search(SearchQuery.parse(query), limit: 50).map {
                "\(byId[$0.id] ?? "?") \($0.score.map { String($0) } ?? "-")"
            }
        }
        let whole = try ranked()
        #expect(!whole.isEmpty)
        // Each shape, in one step after the probe and in steps of one and two ids; and chosen
        // by cost with a small probe.
        let tunings =
            WindowQuery.Shape.allCases.flatMap { shape in
                [Int64(100_000), 1, 2].map { Catalog.WindowTuning(probeRows: 1, segmentRows: $0, shape: shape) }
            } + [Catalog.WindowTuning(probeRows: 2), Catalog.WindowTuning(probeRows: 1, segmentRows: 3)]
        // Without the probe, as statistics decide: every word rarer than any (the index read
        // first), every word in every lecture (a walk first), and a walk cut short by an
        // expectation far above what is there.
        let expectations =
            [(0.0, Int64(1)), (10, 1), (10_000, 0)].flatMap { floor, probe in
                [Int64(100_000), 1].map {
                    Catalog.WindowTuning(
                        probeRows: probe, segmentRows: $0, frequencies: WordFrequencies(byToken: [:], floor: floor))
                }
            }
        for tuning in tunings + expectations {
            let found = try Catalog.$windowTuning.withValue(tuning) { () throws -> [String] in try ranked() }
            #expect(found == whole, "\(tuning)")
        }
    }

    /// Every lecture column a search tests is in `lecture_search_columns` (v25), so that a walk
    /// of the lectures reads that index alone. Asked with plain index scans off, a plan that
    /// needed a lecture's row would be an index scan or a sequential one, not "Index Only".
    @Test func lecturesWalkReadsTheLectureIndexAlone() throws {
        let f = try SearchFixture.shared(.postgres)
        let query = try SearchQuery.parse(
            "精神 org:春华镇 status:pending kind:微党课 theme:乡村振兴 duration:5m..20m score:>=1 recorded:2024 ingested:2026")
        let plan = try f.catalog.store.read { s in
            let window = WindowQuery(try f.catalog.searchPlan(query, in: s))
            #expect(window.lecture.count >= 9, "\(window.lecture)")
            _ = try s.rows(Catalog.walkPlan, [])
            _ = try s.rows("SELECT set_config('enable_indexscan', 'off', true)", [])
            let (sql, arguments) = window.select(.lecturesWalk, lower: 0, upper: 1_000_000, limit: 300)
            return try s.rows("EXPLAIN " + sql, arguments).map { try $0.get("QUERY PLAN", as: String.self) }
        }
        #expect(
            plan.contains { $0.contains("Index Only Scan Backward using lecture_search_columns on lecture l") },
            "\(plan)")
    }

    /// How common each word is comes from PostgreSQL's statistics of the partition's words:
    /// once analysed, a word's share is the share of lectures that hold it.
    @Test func wordFrequenciesComeFromTheServersStatistics() throws {
        let f = try SearchFixture(.postgres)
        try f.catalog.store.write { s in try s.execute("ANALYZE lectureWords_0", []) }
        let frequencies = try f.catalog.store.read { s in try WordFrequencies.read(s, partition: 0) }
        let read = try #require(frequencies)
        // 精神 is in a and b of four, 党 in a, b and c (黨 folded), 乡村 in d alone.
        #expect(read.byToken["精神"] == 0.5)
        #expect(read.byToken["党"] == 0.75)
        #expect(read.byToken["乡村"] == 0.25)
        #expect(read.floor == 0.25)
        #expect(read.share(words: [[.phrase("精神")], [.phrase("党")]]) == 0.375)
        #expect(read.share(.all([.phrase("乡村"), .phrase("党")])) == 0.25)
        #expect(read.share(.phrase("不在任何讲座里")) == 0.025)
        // A partition never analysed has none.
        #expect(try f.catalog.store.read { s in try WordFrequencies.read(s, partition: 7) } == nil)
    }

    /// v23 and v24 on a PostgreSQL catalog that has lectures: put back as v22 left it (`every` a
    /// column of `lectureSearch`), opened again, it finds the same, and its rows are stored
    /// uncompressed, the words in a partition.
    @Test func v23AndV24MovePostgresWordsApart() throws {
        let fixture = try SearchFixture(.postgres)
        let queries = ["精神", "speaker:吴辉", "org:春华镇 dang", "精神 -红船", "dangke"]
        let before = try queries.map { try fixture.found($0) }
        try fixture.catalog.store.write { s in
            try s.execute("ALTER TABLE lectureSearch ADD COLUMN every tsvector")
            try s.execute(
                "UPDATE lectureSearch SET every = (SELECT w.every FROM lectureWords w WHERE w.lectureId = lectureSearch.lectureId)"
            )
            try s.execute("ALTER TABLE lectureSearch ALTER COLUMN every SET NOT NULL")
            try s.execute("CREATE INDEX lectureSearch_every ON lectureSearch USING gin (every)")
            try s.execute("DROP TABLE lectureWords")
            try s.execute("DROP FUNCTION lectern_words_partition")
            try s.execute(
                "DELETE FROM schemaMigration WHERE identifier IN ('v23 search words apart', 'v24 search words in partitions')"
            )
        }
        let reopened = SearchFixture(catalog: try Catalog(library: fixture.catalog.library), ids: fixture.ids)
        #expect(try queries.map { try reopened.found($0) } == before)
        #expect(!before.joined().isEmpty)
        let options = try reopened.catalog.store.read { s in
            try s.column(
                String.self,
                "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname IN ('lecturesearch', 'lecturewords_0')"
            )
        }
        #expect(options == ["toast_tuple_target=8160", "toast_tuple_target=8160"])
    }

    /// The raw text an index size is compared with counts a lecture that has no file (a copy
    /// made in SQL, a record typed in): its original name counts nothing, not the whole row.
    @Test(arguments: TestEngine.allCases) func indexSizeCountsLecturesWithoutAFile(engine: TestEngine) throws {
        let f = try SearchFixture(engine)
        let before = try f.catalog.searchIndexSize()
        #expect(before.rawTextBytes > 0)
        let title = "没有文件的讲座"
        try f.catalog.store.write { s in
            try s.execute(
                "INSERT INTO lecture (title, tags, status, createdAt, updatedAt) VALUES (?, '', 'pending', 'x', 'x')",
                title)
        }
        let after = try f.catalog.searchIndexSize()
        #expect(after.lectures == before.lectures + 1)
        #expect(after.rawTextBytes == before.rawTextBytes + Int64(title.utf8.count))
    }

    @Test func unknownOrganisationAndStatusAreClearErrors() throws {
        #expect { try catalog.search(SearchQuery.parse("org:不存在")) } throws: {
            ($0 as? CatalogError)?.message == "没有找到组织「不存在」"
        }
        // A status is checked as the query is parsed, in Chinese, with the accepted words.
        #expect { try SearchQuery.parse("status:done") } throws: {
            ($0 as? SearchQuery.ParseError)?.message.hasPrefix("没有「done」这个状态；可用：已接收（received）") == true
        }
        #expect(try found("status:已通过") == [])
        #expect(try found("状态:待审") == ["a", "b", "c"])
    }

    @Test(arguments: TestEngine.allCases) func renamingAnOrganisationReindexesItsLectures(engine: TestEngine) throws {
        let fixture = try SearchFixture(engine)
        let catalog = fixture.catalog
        func found(_ text: String) throws -> [String] { try fixture.found(text) }
        _ = try catalog.importOrganisations(
            [OrganisationRecord(id: "ch", name: "春華街道", parentId: "cs", kind: nil)],
            actor: "t", now: Date())
        #expect(try found("春华街道") == ["a", "b"])
        #expect(try found("chunhuajiedao") == ["a", "b"])
        // The former name (曾用名) still finds them, and names the same subtree.
        #expect(try found("春华镇") == ["a", "b"])
        #expect(try found("org:春华镇") == ["a", "b"])
        // With a word, the index is asked for the organisation's current name, not the one typed.
        #expect(try found("精神 org:春华镇") == ["a", "b"])
    }
}

@Suite struct FileNameSearchTests {
    /// Pinyin finds what the characters find in every short field: here the only Chinese is the
    /// file name, in traditional characters.
    @Test func pinyinFindsWhatTheFileNameHolds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-fname-\(UUID().uuidString)")
        let catalog = try Catalog(library: try Library.create(at: root))
        let name = "長沙縣 春華鎮 微黨課.mov"
        let n = NewLecture(
            title: "upload 7", sha256: "f", originalName: name, originalPath: "/in/\(name)", storedPath: "media/f.mov",
            sizeBytes: 1, probe: MediaInfo(file: name, sizeBytes: 1, container: "mov", durationSeconds: 300),
            findings: [])
        guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "t", now: Date()) else {
            Issue.record("not ingested")
            return
        }
        for text in ["长沙", "長沙", "changsha", "chunhua", "dangke", "cs"] {
            #expect(try catalog.search(SearchQuery.parse(text)).map(\.id) == [id], "\(text)")
        }
    }
}
