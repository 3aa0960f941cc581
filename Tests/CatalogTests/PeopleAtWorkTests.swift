import Foundation
import LecternCore
import Testing

@testable import Catalog

/// Who spoke, asked about and never guessed; orders delivered by activities; the panel's
/// rules; member counts by date.
@Suite struct PeopleAtWorkTests {
    let library: Library
    let catalog: Catalog
    let now = Date(timeIntervalSince1970: 1_793_000_000)
    let fangA: Int64, fangB: Int64, ming: Int64

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-work-\(UUID().uuidString)")
        library = try Library.create(at: dir)
        try Data("[panel]\nown_organisation = false\n".utf8).write(to: library.configURL)
        catalog = try Catalog(library: library)
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "c", name: "长沙县", parentId: nil, kind: "county"),
                OrganisationRecord(id: "t", name: "春华镇", parentId: "c", kind: "township"),
                OrganisationRecord(id: "b", name: "新村党支部", parentId: "t", kind: "branch"),
                OrganisationRecord(id: "l", name: "龙王庙村党支部", parentId: "t", kind: "branch"),
                OrganisationRecord(id: "u", name: "桃源镇", parentId: "c", kind: "township"),
                OrganisationRecord(id: "v", name: "桃源村党支部", parentId: "u", kind: "branch"),
            ], actor: "local", now: now)
        let ids = try catalog.addPeople(
            [
                NewPerson(name: "王芳", organisation: "l", role: "本土讲师"),
                NewPerson(name: "王芳", organisation: "v", role: "普通党员"),
                NewPerson(name: "李明", organisation: "b", role: "书记"),
            ], actor: "local", now: now)
        (fangA, fangB, ming) = (ids[0], ids[1], ids[2])
    }

    func lecture(_ key: String, org: String, speaker: String?, ids: [Int64] = []) throws -> Int64 {
        var n = NewLecture(
            title: "党课\(key)", sha256: key, originalName: "\(key).mp4", originalPath: "/in/\(key).mp4",
            storedPath: "media/\(key).mp4", sizeBytes: 1,
            probe: MediaInfo(file: "\(key).mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600), findings: [])
        n.organisationId = org
        n.speaker = speaker
        n.speakerIds = ids
        guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: now) else {
            throw CatalogError(.invalid, "not ingested")
        }
        return id
    }

    @Test func aSharedNameIsAskedAboutAndNeverMerged() throws {
        let asked = try catalog.resolveSpeakers("王芳", host: "b")
        #expect(asked.personIds.isEmpty)
        #expect(asked.problems.count == 1)
        #expect(asked.problems[0].contains("名册中有 2 位「王芳」"))
        #expect(asked.problems[0].contains("#\(fangA)（龙王庙村党支部，本土讲师）"))
        // The unit beside the name, the manifest's 主讲人单位 column, or the id tell them apart.
        #expect(try catalog.resolveSpeakers("王芳（龙王庙村党支部）、李明").personIds == [fangA, ming])
        #expect(try catalog.resolveSpeakers("王芳", unit: "桃源镇").personIds == [fangB])
        #expect(try catalog.resolveSpeakers("王芳#\(fangB)").personIds == [fangB])
        #expect(try catalog.resolveSpeakers("#\(fangB)、李明").display == "王芳、李明")  // in the order written
        #expect(try catalog.resolveSpeakers("李明#\(fangB)").problems.first?.contains("不是「李明」") == true)
        // The hosting branch's own member is taken, and said.
        let own = try catalog.resolveSpeakers("王芳", host: "l")
        #expect(own.personIds == [fangA])
        #expect(own.notes.first?.contains("按本组织的党员认定为 #\(fangA)") == true)
        // A name not in the register is kept as written.
        let unknown = try catalog.resolveSpeakers("赵六")
        #expect(unknown.personIds.isEmpty && unknown.display == "赵六" && unknown.problems.isEmpty)
        #expect(try catalog.people().count == 3)
    }

    @Test func anEditLinksSeveralSpeakersAndRefusesAnAmbiguousOne() throws {
        let id = try lecture("a", org: "b", speaker: "王芳")
        #expect(throws: CatalogError.self) {
            try catalog.edit(id, LectureMetadata(speaker: "王芳"), actor: "local", now: now)
        }
        let changes = try catalog.edit(id, LectureMetadata(speaker: "王芳#\(fangB)、李明"), actor: "local", now: now)
        #expect(changes == ["主讲人：王芳 → 王芳、李明（#\(fangB)、#\(ming)）"])
        #expect(try catalog.speakers(ofLecture: id).map(\.id) == [fangB, ming])
        #expect(try catalog.lecture(id)?.speakers.map(\.id) == [fangB, ming])
        #expect(try catalog.lectures(bySpeaker: fangA).isEmpty)
        // A merge moves the links to the person kept.
        _ = try catalog.mergePeople(keep: fangA, other: fangB, actor: "local", now: now)
        #expect(try catalog.speakers(ofLecture: id).map(\.id) == [fangA, ming])
    }

    @Test func anOrderIsDeliveredByItsActivityOnce() throws {
        let l = try lecture("o", org: "l", speaker: "王芳", ids: [fangA])
        #expect(throws: CatalogError.self) {  // not approved yet: not on the menu
            try catalog.addOrder(organisation: "v", lecture: l, day: "2026-11-05", note: nil, actor: "local", now: now)
        }
        _ = try catalog.review(l, ReviewDecision(action: .approve), actor: "local", now: now)
        let order = try catalog.addOrder(
            organisation: "桃源村党支部", lecture: l, day: "2026-11-05", note: "下旬", actor: "local", now: now)
        #expect(throws: CatalogError.self) {  // the same branch again while pending
            try catalog.addOrder(organisation: "v", lecture: l, day: "2026-11-06", note: nil, actor: "local", now: now)
        }
        #expect(throws: CatalogError.self) {  // before it was ordered
            try catalog.deliverOrder(order, OrderDelivery(day: "2026-11-01"), actor: "local", now: now)
        }
        var delivery = OrderDelivery(day: "2026-11-20")
        delivery.participantCount = 28
        let activity = try catalog.deliverOrder(order, delivery, actor: "local", now: now)
        let view = try #require(try catalog.orders().first)
        #expect(view.activityId == activity && view.deliveredOn == "2026-11-20" && view.participants == 28)
        #expect(view.speakerIds == [fangA])
        #expect(throws: CatalogError.self) {
            try catalog.deliverOrder(order, delivery, actor: "local", now: now)
        }
        // An activity record naming the lecture delivers a pending order by itself.
        let second = try catalog.addOrder(
            organisation: "b", lecture: l, day: "2026-11-07", note: nil, actor: "local", now: now)
        var row = NewActivity(organisation: "b", day: "2026-11-25")
        row.lectureId = l
        row.speaker = "王芳（龙王庙村党支部）"
        let result = try catalog.recordActivities([row], actor: "local", now: now)
        #expect(result.notes[0].contains { $0.message == "交付了点单 #\(second)" })
        #expect(try catalog.orders(organisation: "新村党支部").first?.delivered == true)
    }

    @Test func anActivityNamingTwoOfOneNameIsRefusedUntilTold() throws {
        var row = NewActivity(organisation: "b", day: "2026-11-25")
        row.speaker = "王芳"
        row.columns = ["speaker": "主讲人"]
        let check = try catalog.checkActivities([row], actor: "local")
        #expect(check[0].problems.first?.column == "主讲人")
        #expect(check[0].problems.first?.message.contains("名册中有 2 位「王芳」") == true)
        row.speaker = "王芳（桃源村党支部）"
        let added = try catalog.recordActivities([row], actor: "local", now: now).added
        let links = try catalog.reportSnapshot().people.activitySpeakers
        #expect(links[added[0]] == [fangB])
    }

    @Test func thePanelScoresOnceEachAndNotTheirOwnOrganisation() throws {
        try catalog.addUser("admin", role: .admin, organisation: nil, actor: "local", now: now)
        try catalog.addUser("chunhuaRev", role: .reviewer, organisation: "t", actor: "admin", now: now)
        try catalog.addUser("countyRev", role: .reviewer, organisation: "c", actor: "admin", now: now)
        let l = try lecture("s", org: "b", speaker: "李明", ids: [ming])
        let nine = RubricScores(content: 9, form: 9, language: 9, effect: 9)
        #expect(throws: AccessDenied.self) {  // [panel] own_organisation = false
            try catalog.score(l, nine, comment: nil, actor: "chunhuaRev", now: now)
        }
        let first = try catalog.score(l, nine, comment: "好", actor: "countyRev", now: now)
        #expect(first.mean == 9 && first.count == 1)
        #expect(throws: CatalogError.self) { try catalog.score(l, nine, comment: nil, actor: "countyRev", now: now) }
        let both = try catalog.score(
            l, RubricScores(content: 8, form: 8, language: 8, effect: 8), comment: nil, actor: "admin", now: now)
        #expect(both.mean == 8.5 && both.lowest == 8 && both.highest == 9 && both.chinese == "8.5 分（2 人评，8.0–9.0）")
        #expect(try catalog.search(try SearchQuery.parse("score:>=8.5")).map(\.id) == [l])
        #expect(try catalog.search(try SearchQuery.parse("score:>8.5")).isEmpty)
        #expect(try catalog.search(try SearchQuery.parse("sort:score")).first?.panelScore == 8.5)
        #expect(try catalog.auditEvents(lectureId: l).filter { $0.action == "score" }.count == 2)
    }

    @Test func memberCountsHoldFromTheirDay() throws {
        try catalog.setMemberCount(organisation: "b", count: 30, day: "2026-01-01", actor: "local", now: now)
        try catalog.setMemberCount(organisation: "新村党支部", count: 32, day: "2026-07-01", actor: "local", now: now)
        #expect(throws: CatalogError.self) {
            try catalog.setMemberCount(organisation: "b", count: -1, day: "2026-07-01", actor: "local", now: now)
        }
        let counts = try catalog.memberCounts(organisation: "春华镇")
        #expect(counts.map(\.count) == [30, 32])
        #expect(counts.onDay("2026-06-30")["b"] == 30)
        #expect(counts.onDay("2026-12-31")["b"] == 32)
        #expect(counts.onDay("2025-12-31")["b"] == nil)
    }
}
