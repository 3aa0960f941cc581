import Catalog
import Foundation
import LecternCore
import TestSupport
import Testing

@testable import Reports

/// A small county checked by hand. 和县 has two townships and an agency branch:
///
///     和县 ─┬─ 东城镇 (contact 李书记) ─┬─ 东城村党支部 (张伟)
///           │                          └─ 西岭村党支部 (no contact: the township's)
///           ├─ 南湖街道 ─┬─ 南湖社区党支部 (王芳)
///           │            └─ 北山村党支部 (no lectures)
///           └─ 县教育局机关党支部
///
/// L1 东城村 七一特别党课, held 07-01, uploaded 07-02, approved 07-05 (scores 9,9,9,9), 10 min
/// L2 西岭村, uploaded 07-10, rectify 07-12 (detached) by 07-20, never resubmitted
/// L3 南湖社区, uploaded 08-03, rejected 08-04 (copied, reused)
/// L4 南湖社区, held 09-20, uploaded 09-29, approved 10-03 (scores 8,8,8,8)
/// L5 机关, uploaded 08-15, still pending
/// L6 东城村, uploaded 08-20, failed the policy
/// L7 机关, uploaded 08-18, rectify 08-20 (incomplete) by 08-28, never resubmitted
@Suite struct CountyReportTests {
    let catalog: Catalog
    let ids: [String: Int64]

    static func at(_ text: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        guard let date = f.date(from: text) else { preconditionFailure("not a test time: \(text)") }
        return date
    }

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-reports-\(UUID().uuidString)")
        let catalog = try Catalog(library: try TestCatalog.createLibrary(at: dir))
        let t0 = Self.at("2026-06-01 09:00")
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "hx", name: "和县", parentId: nil, kind: "county"),
                OrganisationRecord(
                    id: "t1", name: "东城镇", parentId: "hx", kind: "township", contact: "东城镇党委 李书记 0551-1000001"),
                OrganisationRecord(id: "b1", name: "东城村党支部", parentId: "t1", kind: "branch", contact: "张伟 13800000011"),
                OrganisationRecord(id: "b2", name: "西岭村党支部", parentId: "t1", kind: "branch"),
                OrganisationRecord(id: "t2", name: "南湖街道", parentId: "hx", kind: "street"),
                OrganisationRecord(
                    id: "b3", name: "南湖社区党支部", parentId: "t2", kind: "branch", contact: "王芳 13800000031"),
                OrganisationRecord(id: "b5", name: "北山村党支部", parentId: "t2", kind: "branch"),
                OrganisationRecord(id: "b4", name: "县教育局机关党支部", parentId: "hx", kind: "branch"),
            ], actor: "local", now: t0)

        var ids: [String: Int64] = [:]
        func lecture(
            _ key: String, _ org: String, _ title: String, topic: String, recorded: String? = nil,
            uploaded: String, minutes: Double, failed: Bool = false
        ) throws {
            var n = NewLecture(
                title: title, sha256: key, originalName: "\(key).mp4", originalPath: "/in/\(key).mp4",
                storedPath: "media/\(key).mp4", sizeBytes: 1,
                probe: MediaInfo(file: "\(key).mp4", sizeBytes: 1, container: "mp4", durationSeconds: minutes * 60),
                findings: failed ? [PolicyFinding(rule: "duration", message: "时长 1分0秒，短于 3分钟")] : [])
            n.organisationId = org
            n.topic = topic
            n.recordedOn = recorded
            n.speaker = "主讲人\(key)"
            guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: Self.at(uploaded)) else {
                Issue.record("not ingested: \(key)")
                return
            }
            ids[key] = id
        }
        func decide(
            _ key: String, _ action: ReviewAction, _ when: String, reasons: [ReasonCode] = [],
            deadline: String? = nil, scores: RubricScores? = nil
        ) throws {
            _ = try catalog.review(
                ids[key] ?? 0, ReviewDecision(action: action, reasons: reasons, deadline: deadline, scores: scores),
                actor: "local", now: Self.at(when))
        }
        try lecture(
            "L1", "b1", "七一特别党课：学党史", topic: "党史", recorded: "2026-07-01", uploaded: "2026-07-02 10:00", minutes: 10)
        try decide(
            "L1", .approve, "2026-07-05 10:00", scores: RubricScores(content: 9, form: 9, language: 9, effect: 9))
        try lecture("L2", "b2", "一月一课：学习党章", topic: "党章学习", uploaded: "2026-07-10 09:00", minutes: 5)
        try decide("L2", .rectify, "2026-07-12 09:00", reasons: [.detached], deadline: "2026-07-20")
        try lecture("L3", "b3", "乡村振兴微党课", topic: "乡村振兴", uploaded: "2026-08-03 09:00", minutes: 15)
        try decide("L3", .reject, "2026-08-04 09:00", reasons: [.copied, .reused])
        try lecture("L5", "b4", "机关作风建设", topic: "作风建设", uploaded: "2026-08-15 09:00", minutes: 20)
        try lecture("L7", "b4", "廉政教育", topic: "作风建设", uploaded: "2026-08-18 09:00", minutes: 8)
        try decide("L7", .rectify, "2026-08-20 09:00", reasons: [.incomplete], deadline: "2026-08-28")
        try lecture("L6", "b1", "短视频", topic: "党史", uploaded: "2026-08-20 09:00", minutes: 1, failed: true)
        try lecture("L4", "b3", "党史小故事", topic: "党史", recorded: "2026-09-20", uploaded: "2026-09-29 09:00", minutes: 8)
        try decide(
            "L4", .approve, "2026-10-03 09:00", scores: RubricScores(content: 8, form: 8, language: 8, effect: 8))
        self.ids = ids
        self.catalog = catalog
    }

    func reports() throws -> Reports {
        Reports(try catalog.reportSnapshot(), settings: ReportSettings(), generatedAt: Self.at("2026-10-10 09:00"))
    }

    func section(_ doc: ReportDocument, _ prefix: String) -> ReportDocument.Section? {
        doc.sections.first { $0.title.hasPrefix(prefix) }
    }

    func figure(_ doc: ReportDocument, _ label: String) -> String? { doc.figures.first { $0.label == label }?.value }

    @Test func weeklyReminder() throws {
        let doc = try reports().weekly(today: "2026-08-25")
        #expect(doc.period.hasPrefix("2026年8月25日（星期二"))
        #expect(section(doc, "待审核超过 7 天")?.rows == [["#\(ids["L5"]!)", "机关作风建设", "县教育局机关党支部", "2026-08-15", "10"]])
        #expect(section(doc, "7 天内到期")?.rows == [["#\(ids["L7"]!)", "廉政教育", "县教育局机关党支部", "2026-08-28", "3", "—"]])
        // Overdue since 20 July although nobody ran the queue to mark it; the township's contact.
        #expect(
            section(doc, "逾期未整改")?.rows == [
                [
                    "#\(ids["L2"]!)", "一月一课：学习党章", "西岭村党支部", "东城镇", "2026-07-20",
                    "36", "东城镇党委 李书记 0551-1000001", "待约谈",
                ]
            ])
        #expect(section(doc, "2026年第三季度尚无节目")?.rows == [["北山村党支部", "南湖街道", "—"]])
        #expect(figure(doc, "待审核") == "1")
        #expect(figure(doc, "本季度尚无节目的支部") == "1/5")
    }

    /// Waiting counts from the resubmission, in the weekly reminder as in the monthly summary.
    @Test func theWeeklyWaitCountsFromTheResubmission() throws {
        let l7 = try #require(ids["L7"])
        var n = NewLecture(
            title: "廉政教育（整改后）", sha256: "L7b", originalName: "L7b.mp4", originalPath: "/in/L7b.mp4",
            storedPath: "media/L7b.mp4", sizeBytes: 1,
            probe: MediaInfo(file: "L7b.mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600), findings: [])
        n.organisationId = "b4"
        _ = try catalog.recordResubmission(l7, n, actor: "local", now: Self.at("2026-09-05 09:00"))
        let doc = try reports().weekly(today: "2026-09-20")
        let row = section(doc, "待审核超过 7 天")?.rows.first { $0[0] == "#\(l7)" }
        #expect(row?[3] == "2026-09-05")
        #expect(row?[4] == "15")  // not 33, from the first upload on 18 August
    }

    @Test func monthlySummaryRollsUpTheTree() throws {
        let r = try reports()
        let july = r.monthly(try ReportPeriod.month("2026-07"), today: "2026-10-10")
        let table = try #require(section(july, "各组织情况"))
        let rows = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[0], Array($0.dropFirst())) })
        // submitted, approved, rejected, rectify, overdue, approved minutes, average days to a decision
        #expect(rows["和县"] == ["2", "1", "0", "1", "1", "10", "2.5"])
        #expect(rows["东城镇"] == ["2", "1", "0", "1", "1", "10", "2.5"])
        #expect(rows["东城村党支部"] == ["1", "1", "0", "0", "0", "10", "3"])
        #expect(rows["西岭村党支部"] == ["1", "0", "0", "1", "1", "0", "2"])
        #expect(rows["南湖街道"] == ["0", "0", "0", "0", "0", "0", "—"])
        #expect(rows["南湖社区党支部"] == nil)  // nothing happened there in July
        #expect(table.depth.first == 0 && table.rows.first?.first == "和县")
        // By theme: 党史 is an alias of 党史学习; 党章学习 matches none and is said so.
        #expect(section(july, "本月新节目")?.rows == [["党史学习", "1"], ["党章学习（未归入专题）", "1"]])

        let august = r.monthly(try ReportPeriod.month("2026-08"), today: "2026-10-10")
        let aug = Dictionary(
            uniqueKeysWithValues: try #require(section(august, "各组织情况")).rows.map { ($0[0], Array($0.dropFirst())) })
        #expect(aug["和县"] == ["4", "0", "1", "1", "2", "0", "1.5"])
        #expect(aug["南湖街道"] == ["1", "0", "1", "0", "0", "0", "1"])
        #expect(aug["县教育局机关党支部"] == ["2", "0", "0", "1", "1", "0", "2"])
        #expect(
            section(august, "本月新节目")?.rows == [["作风建设（未归入专题）", "2"], ["乡村振兴", "1"], ["党史学习", "1"]])
    }

    @Test func quarterlyBulletin() throws {
        let doc = try reports().quarterly(try ReportPeriod.quarter("2026-Q3"), today: "2026-10-10")
        #expect(doc.period == "2026年第三季度")
        let duty = try #require(section(doc, "各支部季度任务"))
        #expect(duty.columns.last?.title == "七一专题党课")
        // In tree order (children by id, as `lectern org tree` lists them).
        // As of the quarter's last day; each unmet duty says what its lectures are.
        #expect(doc.asOf == "2026-09-30")
        #expect(
            duty.rows == [
                ["县教育局机关党支部", "和县", "2", "0", "未完成（待审核、整改中）", "未开展"],
                ["东城村党支部", "东城镇", "2", "1", "已完成", "已开展"],
                ["西岭村党支部", "东城镇", "1", "0", "未完成（整改中）", "未开展"],
                ["南湖社区党支部", "南湖街道", "2", "0", "未完成（待审核、已退回）", "未开展"],
                ["北山村党支部", "南湖街道", "0", "0", "未完成", "未开展"],
            ])
        // 党史小故事: held in Q3, approved on 3 October: listed apart, not counted.
        #expect(
            section(doc, "数据截至日后通过的节目")?.rows == [
                ["#\(ids["L4"]!)", "党史小故事", "南湖社区党支部", "2026-09-20", "2026-10-03"]
            ])
        // The county's own branch (县直) is ranked too; in Q3 each row counts its 七一 lectures.
        #expect(
            section(doc, "乡镇（街道）完成率排名")?.rows == [
                ["1", "东城镇", "2", "1", "50%", "1"], ["2", "南湖街道", "2", "0", "0%", "0"],
                ["2", "县直单位", "1", "0", "0%", "0"],
            ])
        // The branches that missed their duty come first, with whom to call.
        #expect(doc.sections.first?.title == "未完成季度任务的支部")
        #expect(
            doc.sections.first?.rows.first { $0[0] == "西岭村党支部" } == [
                "西岭村党支部", "东城镇", "未完成（整改中）", "东城镇党委 李书记 0551-1000001",
            ])
        #expect(
            section(doc, "逾期未整改")?.rows.map { [$0[0], $0[5]] } == [
                ["#\(ids["L2"]!)", "72"], ["#\(ids["L7"]!)", "33"],
            ])
        #expect(
            section(doc, "退回与整改原因")?.rows == [
                ["理论脱离实际", "0", "1", "0", "1"], ["内容照搬照抄", "1", "0", "0", "1"],
                ["一份讲稿用几年", "1", "0", "0", "1"], ["信息不完整", "0", "1", "0", "1"],
            ])
        // 9 on every criterion is excellent; 8 is below 8.5; scores given in October belong to Q4.
        #expect(
            section(doc, "本季度优秀微党课")?.rows == [
                [
                    "#\(ids["L1"]!)", "七一特别党课：学党史", "主讲人L1", "东城村党支部",
                    "9", "9", "9", "9", "9",
                ]
            ])
        #expect(figure(doc, "完成季度任务") == "1（20%）")
        #expect(figure(doc, "开展七一专题党课") == "1（20%）")
        #expect(figure(doc, "逾期约谈") == "2")
        // Only the third quarter asks about 1 July.
        let q4 = try reports().quarterly(try ReportPeriod.quarter("2026-Q4"), today: "2026-10-10")
        #expect(section(q4, "各支部季度任务")?.columns.last?.title == "季度任务")
        #expect(section(q4, "本季度优秀微党课")?.rows.isEmpty == true)
    }

    /// A bulletin is issued once: the same figures whatever day after the quarter it is run.
    @Test func theBulletinIsTheSameWhicheverDayItIsRunAfterTheQuarter() throws {
        let q3 = try ReportPeriod.quarter("2026-Q3")
        let runs = try ["2026-09-30", "2026-10-10", "2026-11-20", "2027-03-01"].map {
            try reports().quarterly(q3, today: $0)
        }
        for run in runs.dropFirst() {
            #expect(run.figures == runs[0].figures)
            #expect(
                run.sections.filter { !$0.title.hasPrefix("数据截至日后") }.map(\.rows)
                    == runs[0].sections.filter { !$0.title.hasPrefix("数据截至日后") }.map(\.rows))
            #expect(run.asOf == "2026-09-30")
        }
        // A chosen day counts to that day: on 10 October 党史小故事 is approved.
        let chosen = try reports().quarterly(q3, today: "2026-10-10", asOf: "2026-10-10")
        #expect(figure(chosen, "完成季度任务") == "2（40%）")
        #expect(chosen.status == "数据截至 2026-10-10，不是本季度的全部" || chosen.status == nil)
    }

    /// An edit after the bulletin (a recorded date moved out of the quarter, the 七一 tag and
    /// topic changed) does not change it: edits are replayed like states.
    @Test func editsAfterTheDayDoNotChangeTheBulletin() throws {
        let q3 = try ReportPeriod.quarter("2026-Q3")
        let before = try reports().quarterly(q3, today: "2026-11-20")
        try catalog.edit(
            try #require(ids["L1"]),
            LectureMetadata(organisation: "b2", topic: "其他", recordedOn: "2026-06-20", tags: []),
            actor: "local", now: Self.at("2026-11-01 09:00"))
        let after = try reports().quarterly(q3, today: "2026-11-20")
        #expect(after.figures == before.figures)
        #expect(after.sections.map(\.rows) == before.sections.map(\.rows))
        // As of a day after the edit, the edit counts.
        let now = try reports().quarterly(q3, today: "2026-11-20", asOf: "2026-11-02")
        func dongcheng(_ doc: ReportDocument) -> String? {
            section(doc, "各支部季度任务")?.rows.first { $0[0] == "东城村党支部" }?[4]
        }
        #expect(dongcheng(before) == "已完成")
        #expect(dongcheng(after) == "已完成")
        #expect(dongcheng(now)?.hasPrefix("未完成") == true)
    }

    /// Nothing enters a report before it entered the catalog.
    @Test func aBackdatedRunCountsOnlyWhatExistedThen() throws {
        let doc = try reports().quarterly(try ReportPeriod.quarter("2026-Q3"), today: "2026-08-31")
        #expect(doc.asOf == "2026-08-31")
        #expect(doc.status == "本季度尚未结束，数据截至 2026-08-31")
        let duty = try #require(section(doc, "各支部季度任务"))
        // 南湖社区: L3 only (L4 was uploaded on 29 September).
        #expect(duty.rows.first { $0[0] == "南湖社区党支部" }?[2] == "1")
    }

    @Test func aPeriodBeforeTheLibraryHadAnythingSaysSo() throws {
        let doc = try reports().quarterly(try ReportPeriod.quarter("2026-Q1"), today: "2026-10-10")
        #expect(doc.status?.hasPrefix("该期间没有数据") == true)
        #expect(doc.sections.isEmpty && doc.figures.isEmpty)
        #expect(doc.render(.text).contains("注意：该期间没有数据"))
        let month = try reports().monthly(try ReportPeriod.month("2026-05"), today: "2026-10-10")
        #expect(month.status?.hasPrefix("该期间没有数据") == true)
    }

    /// 「提交与通过」 draws both: a bar per series and a legend naming them.
    @Test func theMonthlyChartDrawsSubmittedAndApproved() throws {
        let doc = try reports().monthly(try ReportPeriod.month("2026-07"), today: "2026-10-10")
        let html = doc.render(.html)
        let chart = try #require(html.range(of: #"aria-label="本月提交与通过""#))
        let end = try #require(html[chart.lowerBound...].range(of: "</svg>"))
        let svg = html[chart.lowerBound..<end.lowerBound]
        #expect(svg.contains("#c0392b") && svg.contains("#2e7d32"))
        #expect(svg.contains(">提交</text>") && svg.contains(">通过</text>"))
    }

    /// CSV for Excel: one value per cell, numbers as numbers, ids in their own column.
    @Test func csvCellsAreNumbers() throws {
        let doc = try reports().quarterly(try ReportPeriod.quarter("2026-Q3"), today: "2026-10-10")
        let csv = doc.render(.csv)
        #expect(csv.contains("\r\n完成季度任务,1,20\r\n"))
        #expect(csv.contains("名次,乡镇（街道）,支部数,完成,完成率（%）,七一专题党课\r\n1,东城镇,2,1,50,1\r\n"))
        #expect(!csv.contains(",#"))
        let month = try reports().monthly(try ReportPeriod.month("2026-07"), today: "2026-10-10").render(.csv)
        #expect(month.contains("\r\n通过时长（分钟）,10,\r\n"))
    }

    @Test func theTextFormatNeverCutsAContact() throws {
        let doc = try reports().weekly(today: "2026-08-25")
        #expect(doc.render(.text).contains("东城镇党委 李书记 0551-1000001"))
    }

    @Test func everyFormatSaysTheDayItCountsTo() throws {
        let doc = try reports().quarterly(try ReportPeriod.quarter("2026-Q3"), today: "2026-10-10")
        for format in ReportFormat.allCases {
            #expect(doc.render(format).contains("数据截至 2026-09-30"), "\(format)")
        }
    }

    @Test func everyFormatCarriesTheSameFigures() throws {
        let doc = try reports().quarterly(try ReportPeriod.quarter("2026-Q3"), today: "2026-10-10")
        let text = doc.render(.text)
        #expect(text.contains("  北山村党支部        南湖街道           0       0  未完成"))
        let md = doc.render(.md)
        #expect(md.contains("| 北山村党支部 | 南湖街道 | 0 | 0 | 未完成 | 未开展 |"))
        let csv = doc.render(.csv)
        #expect(csv.hasPrefix("\u{FEFF}微党课季度通报,2026年第三季度,"))
        #expect(csv.contains("北山村党支部,南湖街道,0,0,未完成,未开展\r\n"))
        let html = doc.render(.html)
        #expect(
            html.contains(
                "<td class=\"name\">北山村党支部</td><td class=\"name\">南湖街道</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"bad\">未完成</td>"
            ))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(!html.contains("<script"))
    }

    @Test func textFromTheCatalogIsEscapedInHTML() throws {
        var n = NewLecture(
            title: "<script>alert(1)</script>", sha256: "x", originalName: "x.mp4", originalPath: "/x",
            storedPath: "m/x",
            sizeBytes: 1, probe: MediaInfo(file: "x", sizeBytes: 1, container: "mp4", durationSeconds: 300),
            findings: [])
        n.organisationId = "b5"
        n.topic = "<b>主题</b>"
        _ = try catalog.recordIngest(n, actor: "local", now: Self.at("2026-08-01 09:00"))
        let html = try reports().monthly(try ReportPeriod.month("2026-08"), today: "2026-10-10").render(.html)
        #expect(html.contains("&lt;b&gt;主题&lt;/b&gt;"))
        #expect(!html.contains("<b>主题"))
    }
}
