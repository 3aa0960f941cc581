import Catalog
import Foundation
import LecternCore
import TestSupport
import Testing

@testable import Reports

/// The people's reports for 2026, checked by hand:
///
///     和县 ─┬─ 东城镇 ─┬─ 东城村党支部 (30 members): L1 by 王芳#1 (本土讲师, of 西岭村) and
///           │          │                  刘强#3 (书记), approved, scored 9 and 8 (8.5: excellent)
///           │          └─ 西岭村党支部 (20 members): orders L1 on 11-02, delivered 11-20 (28 came,
///           │                             named 王芳、赵六); L2 by 王芳#2 (普通党员), pending
///           └─ 南湖街道 ── 南湖社区党支部: orders L1 on 11-03, not delivered
///
/// Two people are called 王芳 (#1 of 西岭村, #2 of 南湖社区): they stay two.
@Suite struct PeopleReportTests {
    let catalog: Catalog
    var lectures: [String: Int64] = [:]
    var people: [Int64] = []

    static func at(_ text: String) -> Date { CountyReportTests.at(text) }

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-ppl-\(UUID().uuidString)")
        catalog = try Catalog(library: try TestCatalog.createLibrary(at: dir))
        let t0 = Self.at("2026-10-01 09:00")
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "hx", name: "和县", parentId: nil, kind: "county"),
                OrganisationRecord(id: "t1", name: "东城镇", parentId: "hx", kind: "township"),
                OrganisationRecord(id: "b1", name: "东城村党支部", parentId: "t1", kind: "branch"),
                OrganisationRecord(id: "b2", name: "西岭村党支部", parentId: "t1", kind: "branch"),
                OrganisationRecord(id: "t2", name: "南湖街道", parentId: "hx", kind: "street"),
                OrganisationRecord(id: "b3", name: "南湖社区党支部", parentId: "t2", kind: "branch"),
            ], actor: "local", now: t0)
        people = try catalog.addPeople(
            [
                NewPerson(name: "王芳", organisation: "b2", role: "本土讲师"),
                NewPerson(name: "王芳", organisation: "b3", role: "普通党员"),
                NewPerson(name: "刘强", organisation: "b1", role: "书记"),
            ], actor: "local", now: t0)
        try catalog.setMemberCount(organisation: "b1", count: 30, day: "2026-01-01", actor: "local", now: t0)
        try catalog.setMemberCount(organisation: "b2", count: 20, day: "2026-01-01", actor: "local", now: t0)
        func item(_ key: String, _ org: String, speakers: [Int64], recorded: String) throws {
            var n = NewLecture(
                title: "党课\(key)", sha256: key, originalName: "\(key).mp4", originalPath: "/in/\(key).mp4",
                storedPath: "media/\(key).mp4", sizeBytes: 1,
                probe: MediaInfo(file: "\(key).mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600), findings: []
            )
            n.organisationId = org
            n.recordedOn = recorded
            n.speaker = "王芳"
            n.speakerIds = speakers
            guard
                case .ingested(let id, _) = try catalog.recordIngest(
                    n, actor: "local", now: Self.at("\(recorded) 12:00"))
            else { throw CatalogError(.invalid, key) }
            lectures[key] = id
        }
        try item("L1", "b1", speakers: [people[0], people[2]], recorded: "2026-10-10")
        try item("L2", "b3", speakers: [people[1]], recorded: "2026-10-12")
        try catalog.addUser("admin", role: .admin, organisation: nil, actor: "local", now: t0)
        try catalog.addUser("rev", role: .reviewer, organisation: nil, actor: "admin", now: t0)
        let l1 = lectures["L1"] ?? 0
        _ = try catalog.review(
            l1, ReviewDecision(action: .approve, scores: RubricScores(content: 9, form: 9, language: 9, effect: 9)),
            actor: "admin", now: Self.at("2026-10-20 09:00"))
        _ = try catalog.score(
            l1, RubricScores(content: 8, form: 8, language: 8, effect: 8), comment: "接地气", actor: "rev",
            now: Self.at("2026-10-21 09:00"))
        let o1 = try catalog.addOrder(
            organisation: "b2", lecture: l1, day: "2026-11-02", note: nil, actor: "admin",
            now: Self.at("2026-11-02 09:00"))
        _ = try catalog.addOrder(
            organisation: "b3", lecture: l1, day: "2026-11-03", note: nil, actor: "admin",
            now: Self.at("2026-11-03 09:00"))
        var d = OrderDelivery(day: "2026-11-20")
        d.participantCount = 28
        d.participants = ["王芳", "赵六"]
        _ = try catalog.deliverOrder(o1, d, actor: "admin", now: Self.at("2026-11-20 18:00"))
    }

    func reports() throws -> Reports {
        Reports(try catalog.reportSnapshot(), settings: ReportSettings(), generatedAt: Self.at("2026-12-01 09:00"))
    }

    func rows(_ doc: ReportDocument, _ title: String) -> [[String]] {
        doc.sections.first { $0.title == title }?.rows ?? []
    }

    @Test func theOrdersReportCountsPerSpeakerAndTownshipAndTheTourCoverage() throws {
        let doc = try reports().orders(try ReportPeriod.year("2026"), today: "2026-12-01")
        #expect(doc.figures.map(\.value) == ["2", "1", "1", "1/3（33%）"])
        #expect(
            rows(doc, "各乡镇（街道）点单与巡讲覆盖") == [
                ["东城镇", "1", "1", "0", "1/2", "50%"], ["南湖街道", "1", "0", "1", "0/1", "0%"],
            ])
        #expect(
            rows(doc, "各主讲人点单情况") == [
                ["刘强", "东城村党支部", "2", "1", "1"], ["王芳", "西岭村党支部", "2", "1", "1"],
            ])
        #expect(rows(doc, "巡讲尚未到的支部").map { $0[0] } == ["东城村党支部", "南湖社区党支部"])
    }

    @Test func speakersAreRankedAndCountedByRoleWithoutMergingTwoOfOneName() throws {
        let doc = try reports().speakers(try ReportPeriod.year("2026"), today: "2026-12-01")
        let ranking = rows(doc, "授课党员排行")
        #expect(
            ranking.map { [$0[1], $0[2], $0[4], $0[5], $0[7], $0[8]] } == [
                ["王芳", "西岭村党支部", "1", "1", "8.5", "1"], ["刘强", "东城村党支部", "1", "1", "8.5", "1"],
            ])
        // 王芳#2's lecture is pending: not in the ranking, and not merged into 王芳#1.
        #expect(!ranking.contains { $0[2] == "南湖社区党支部" })
        let roles = Dictionary(uniqueKeysWithValues: rows(doc, "按主讲人身份").map { ($0[0], $0[1]) })
        #expect(roles["本土讲师"] == "1" && roles["党组织书记"] == "1" && roles["普通党员"] == "0")
    }

    @Test func pointsAreDerivedFromTheRecords() throws {
        let doc = try reports().points(try ReportPeriod.year("2026"), today: "2026-12-01", rules: PointRules())
        let list = rows(doc, "党员积分").map { [$0[1], $0[2], $0[5]] }
        // 王芳#1: approved 5 + excellent 10 + delivered 3 + attended 1 = 19; 刘强: 5 + 10 + 3 = 18.
        #expect(
            list == [["#\(people[0])", "王芳", "19"], ["#\(people[2])", "刘强", "18"], ["#\(people[1])", "王芳", "0"]])
        #expect(rows(doc, "未计分的参加人员") == [["西岭村党支部", "2026-11-20", "赵六"]])
        var rules = PointRules()
        rules.points[.excellentLecture] = 0
        let plain = try reports().points(try ReportPeriod.year("2026"), today: "2026-12-01", rules: rules)
        #expect(rows(plain, "党员积分").first?[5] == "9")
    }

    @Test func theYearlyReportGivesTheMembersShare() throws {
        let doc = try reports().yearly(try ReportPeriod.year("2026"), today: "2026-12-01")
        let share = rows(doc, "党员参与情况")
        #expect(share.first == ["和县", "50", "2", "4%", "28"])
        #expect(share.contains(["东城镇", "50", "2", "4%", "28"]))
        #expect(share.contains(["南湖街道", "未登记", "0", "—", "0"]))
        #expect(doc.figures.contains { $0.label == "讲课党员" && $0.value == "2（占党员 4%）" })
    }
}
