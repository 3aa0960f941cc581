import Catalog
import Foundation
import LecternCore
import TestSupport
import Testing

@testable import Reports

/// 一月一课一片一实践 in November 2026, checked by hand:
///
///     和县 ─┬─ 东城镇 ─┬─ 东城村党支部: lecture L1 approved (held 11-03); activity 11-10 watching
///           │          │                 film F1 of the list, practice 清理河道           → complete
///           │          └─ 西岭村党支部: activity 11-12 with a live lecture, film F2 (not on the
///           │                            list), practice 义诊                            → lacks 一片
///           └─ 南湖街道 ── 南湖社区党支部: nothing; L3 rectify by 11-15, overdue, called in 11-20
///
/// F1, F2 are films (教育片) under the county, approved; the November list is F1 only.
@Suite struct MonthDutyReportTests {
    let catalog: Catalog
    var ids: [String: Int64] = [:]

    static func at(_ text: String) -> Date { CountyReportTests.at(text) }

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-duty-\(UUID().uuidString)")
        catalog = try Catalog(library: try TestCatalog.createLibrary(at: dir))
        let t0 = Self.at("2026-10-01 09:00")
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "hx", name: "和县", parentId: nil, kind: "county"),
                OrganisationRecord(id: "t1", name: "东城镇", parentId: "hx", kind: "township"),
                OrganisationRecord(id: "b1", name: "东城村党支部", parentId: "t1", kind: "branch"),
                OrganisationRecord(id: "b2", name: "西岭村党支部", parentId: "t1", kind: "branch"),
                OrganisationRecord(id: "t2", name: "南湖街道", parentId: "hx", kind: "street"),
                OrganisationRecord(id: "b3", name: "南湖社区党支部", parentId: "t2", kind: "branch", contact: "王芳"),
            ], actor: "local", now: t0)
        func item(_ key: String, _ org: String, kind: String, recorded: String? = nil, uploaded: String) throws {
            var n = NewLecture(
                title: "节目\(key)", sha256: key, originalName: "\(key).mp4", originalPath: "/in/\(key).mp4",
                storedPath: "media/\(key).mp4", sizeBytes: 1,
                probe: MediaInfo(file: "\(key).mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600), findings: []
            )
            n.organisationId = org
            n.kind = kind
            n.recordedOn = recorded
            n.topic = "鄉村振興專題"
            guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: Self.at(uploaded)) else {
                Issue.record("not ingested: \(key)")
                return
            }
            ids[key] = id
        }
        func decide(_ key: String, _ action: ReviewAction, _ when: String, deadline: String? = nil) throws {
            _ = try catalog.review(
                ids[key] ?? 0,
                ReviewDecision(action: action, reasons: action == .approve ? [] : [.detached], deadline: deadline),
                actor: "local", now: Self.at(when))
        }
        try item("F1", "hx", kind: "film", uploaded: "2026-10-20 09:00")
        try item("F2", "hx", kind: "film", uploaded: "2026-10-20 09:00")
        try decide("F1", .approve, "2026-10-21 09:00")
        try decide("F2", .approve, "2026-10-21 09:00")
        _ = try catalog.planFilms(
            month: "2026-11", ids: [ids["F1"] ?? 0], actor: "local", now: Self.at("2026-10-25 09:00"))
        try item("L1", "b1", kind: "lecture", recorded: "2026-11-03", uploaded: "2026-11-04 09:00")
        try decide("L1", .approve, "2026-11-05 09:00")
        try item("L3", "b3", kind: "lecture", uploaded: "2026-11-06 09:00")
        try decide("L3", .rectify, "2026-11-07 09:00", deadline: "2026-11-15")
        var a1 = NewActivity(organisation: "东城村党支部", day: "2026-11-10")
        a1.film = "《节目F1》"
        a1.practice = "清理河道"
        a1.participantCount = 20
        var a2 = NewActivity(organisation: "b2", day: "2026-11-12")
        a2.speaker = "刘强"
        a2.lectureTitle = "稻田里的振兴路"
        a2.film = "节目F2"
        a2.practice = "义诊"
        a2.participants = ["刘强", "吴辉"]
        let written = try catalog.recordActivities([a1, a2], actor: "local", now: Self.at("2026-11-13 09:00"))
        #expect(written.added.count == 2)
        _ = try catalog.recordInterview(
            ids["L3"] ?? 0, day: "2026-11-20", person: "南湖社区党支部书记 王芳", note: "承诺月底前重新提交", actor: "local",
            now: Self.at("2026-11-20 15:00"))
    }

    func reports(scope: String? = nil) throws -> Reports {
        Reports(
            try catalog.reportSnapshot(), settings: ReportSettings(), generatedAt: Self.at("2026-12-01 09:00"),
            scope: scope)
    }

    func section(_ doc: ReportDocument, _ prefix: String) -> ReportDocument.Section? {
        doc.sections.first { $0.title.hasPrefix(prefix) }
    }

    @Test func theMonthlySummaryListsWhoMissesAnyOfTheThree() throws {
        let doc = try reports().monthly(try ReportPeriod.month("2026-11"), today: "2026-12-01")
        #expect(doc.figures.first { $0.label == "一课一片一实践齐全" }?.value == "1/3（33%）")
        #expect(
            section(doc, "一月一课一片一实践完成情况")?.rows == [
                ["东城镇", "2", "1", "50%", "0", "1", "0"], ["南湖街道", "1", "0", "0%", "1", "1", "1"],
            ])
        #expect(
            section(doc, "本月缺项的支部")?.rows == [
                ["西岭村党支部", "东城镇", "一片", "—"], ["南湖社区党支部", "南湖街道", "一课、一片、一实践", "王芳"],
            ])
        // Films are not lectures: the month's figures count L1 and L3 only.
        #expect(doc.figures.first { $0.label == "提交" }?.value == "2")
        // By theme: 鄉村振興專題 is 乡村振兴.
        #expect(section(doc, "本月新节目")?.rows == [["乡村振兴", "2"]])
    }

    @Test func aTownshipGetsItsOwnReports() throws {
        let own = try reports(scope: "t1")
        let monthly = own.monthly(try ReportPeriod.month("2026-11"), today: "2026-12-01")
        #expect(monthly.issuer == "东城镇")
        #expect(section(monthly, "一月一课一片一实践完成情况")?.rows.map(\.[0]) == ["东城镇"])
        #expect(!monthly.sections.flatMap(\.rows).joined().contains { $0.contains("南湖") })
        let weekly = own.weekly(today: "2026-11-25")
        #expect(section(weekly, "逾期未整改")?.rows.isEmpty == true)  // L3 is 南湖街道's
        let county = try reports().weekly(today: "2026-11-25")
        #expect(section(county, "逾期未整改")?.rows.first?.last == "已约谈 2026-11-20 南湖社区党支部书记 王芳")
        let before = try reports().weekly(today: "2026-11-18")
        #expect(section(before, "逾期未整改")?.rows.first?.last == "待约谈")
    }

    @Test func theYearlyReportForTheSecretariesDutyReports() throws {
        let doc = try reports().yearly(try ReportPeriod.year("2026"), today: "2026-12-01")
        let rows = Dictionary(
            uniqueKeysWithValues: try #require(section(doc, "各组织全年情况")).rows.map { ($0[0], Array($0.dropFirst())) })
        // lectures, activities, films watched (of the list), practices, participants, rejected, rectified
        #expect(rows["和县"] == ["1", "2", "1", "2", "22", "0", "1"])
        #expect(rows["西岭村党支部"] == ["0", "1", "0", "1", "2", "0", "0"])
        let duty = try #require(section(doc, "各支部任务完成情况"))
        #expect(duty.rows.first { $0[0] == "东城村党支部" } == ["东城村党支部", "东城镇", "✗", "✗", "✗", "✓", "1/12"])
        #expect(section(doc, "全年约谈记录")?.rows.count == 1)
        #expect(doc.figures.first { $0.label == "约谈" }?.value == "1")
    }
}

@Suite struct YearPeriodTests {
    @Test func yearsAndAnyPeriodAsStaffWriteThem() throws {
        let y = try ReportPeriod.year("2026年")
        #expect((y.firstDay, y.lastDay, y.label) == ("2026-01-01", "2026-12-31", "2026年"))
        #expect(y.months.count == 12 && y.months.last == "2026-12")
        #expect(try ReportPeriod.any("2026年第四季度").months == ["2026-10", "2026-11", "2026-12"])
        #expect(try ReportPeriod.any("2026-11").lastDay == "2026-11-30")
        #expect(try ReportPeriod.any("2026年11月5日").firstDay == "2026-11-05")
        #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.year("二〇二六") }
        #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.any("十一月") }
    }
}
