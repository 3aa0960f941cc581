import Foundation
import GRDB
import LecternCore
import Testing

@testable import Catalog

/// Kinds, themes, the month's films, activities and call-ins in the catalog.
@Suite struct MonthCatalogTests {
    let library: Library
    let catalog: Catalog
    let now = Date(timeIntervalSince1970: 1_793_000_000)

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-month-\(UUID().uuidString)")
        library = try Library.create(at: dir)
        catalog = try Catalog(library: library)
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "c", name: "长沙县", parentId: nil, kind: "county"),
                OrganisationRecord(id: "t", name: "春华镇", parentId: "c", kind: "township"),
                OrganisationRecord(id: "b", name: "新村党支部", parentId: "t", kind: "branch"),
            ], actor: "local", now: now)
    }

    @discardableResult
    func add(_ key: String, kind: String = "lecture", topic: String? = nil, approve: Bool = false) throws -> Int64 {
        var n = NewLecture(
            title: "标题\(key)", sha256: key, originalName: "\(key).mp4", originalPath: "/in/\(key).mp4",
            storedPath: "media/\(key).mp4", sizeBytes: 1,
            probe: MediaInfo(file: "\(key).mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600), findings: [])
        n.kind = kind
        n.topic = topic
        n.organisationId = "b"
        guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: now) else {
            throw CatalogError(.invalid, "not ingested")
        }
        if approve { _ = try catalog.review(id, ReviewDecision(action: .approve), actor: "local", now: now) }
        return id
    }

    @Test func themesFollowTopicsInEitherScriptAndKindsAreSearchable() throws {
        let a = try add("a", topic: "鄉村振興專題")
        let b = try add("b", kind: "film", topic: "红色教育")
        try add("c", topic: "稻田")
        #expect(try catalog.lecture(a)?.lecture.theme == "乡村振兴")
        #expect(try catalog.lecture(b)?.lecture.theme == "党史学习")
        #expect(try catalog.search(try SearchQuery.parse("theme:乡村振兴")).map(\.id) == [a])
        #expect(try catalog.search(try SearchQuery.parse("kind:教育片")).map(\.id) == [b])
        #expect(try catalog.search(try SearchQuery.parse("类型:电教片")).map(\.id) == [b])
        #expect(throws: CatalogError.self) { try catalog.search(try SearchQuery.parse("kind:电影")) }
        #expect(try catalog.unmatchedTopics().map(\.topic) == ["稻田"])
        try catalog.edit(a, LectureMetadata(topic: "党的创新理论学习"), actor: "local", now: now)
        #expect(try catalog.lecture(a)?.lecture.theme == "政治理论")
        try catalog.edit(a, LectureMetadata(kind: "教育片"), actor: "local", now: now)
        #expect(try catalog.lecture(a)?.lecture.kind == "film")
        #expect(throws: CatalogError.self) {
            try catalog.edit(a, LectureMetadata(kind: "电影"), actor: "local", now: now)
        }
    }

    @Test func anEditedThemeListRegroupsEveryTopicOnTheNextOpen() throws {
        let c = try add("c", topic: "稻田")
        try (LibraryConfig.defaultText + "\n[themes.\"农业生产\"]\naliases = \"稻田,春耕\"\n").write(
            to: library.configURL, atomically: true, encoding: .utf8)
        let reopened = try Catalog(library: library)
        #expect(try reopened.lecture(c)?.lecture.theme == "农业生产")
        #expect(try reopened.unmatchedTopics().isEmpty)
    }

    @Test func aFilmIsApprovedOrWithdrawnButNeverSentBackForRectification() throws {
        let film = try add("f", kind: "film")
        #expect(throws: ReviewError.self) {
            try catalog.review(
                film, ReviewDecision(action: .rectify, reasons: [.detached], deadline: "2027-01-01"), actor: "local",
                now: now)
        }
        #expect(try catalog.review(film, ReviewDecision(action: .approve), actor: "local", now: now) == .approved)
        #expect(
            try catalog.review(film, ReviewDecision(action: .revoke, reasons: [.other]), actor: "local", now: now)
                == .revoked)
    }

    @Test func theMonthsFilmListTakesApprovedFilmsOnly() throws {
        let film = try add("f", kind: "film", approve: true)
        let pending = try add("g", kind: "film")
        let lecture = try add("l", approve: true)
        #expect(throws: CatalogError.self) {
            try catalog.planFilms(month: "2026-12", ids: [lecture], actor: "local", now: now)
        }
        #expect(throws: CatalogError.self) {
            try catalog.planFilms(month: "2026-12", ids: [pending], actor: "local", now: now)
        }
        #expect(throws: CatalogError.self) {
            try catalog.planFilms(month: "2026-13", ids: [film], actor: "local", now: now)
        }
        let before = try catalog.auditEventCount()
        #expect(try catalog.planFilms(month: "2026-12", ids: [film], actor: "local", now: now).map(\.id) == [film])
        #expect(try catalog.auditEventCount() == before + 1)
        #expect(try catalog.planFilms(month: "2026-12", ids: [], actor: "local", now: now).isEmpty)
    }

    @Test func activitiesAreAllOrNothingAndNeverTwice() throws {
        let film = try add("f", kind: "film", approve: true)
        let other = try add("o", kind: "film", approve: true)
        _ = try catalog.planFilms(month: "2026-11", ids: [film], actor: "local", now: now)
        var good = NewActivity(organisation: "新村党支部", day: "2026-11-05")
        good.film = "标题f"
        good.time = "14:30"
        var offList = NewActivity(organisation: "b", day: "2026-11-06")
        offList.film = "#\(other)"
        var bad = NewActivity(organisation: "不存在", day: "2026-11-07")
        bad.columns = ["organisation": "支部"]
        let refused = try catalog.recordActivities([good, offList, bad], actor: "local", now: now)
        #expect(
            refused.outcomes == [
                .held, .held, .refused([.init(column: "支部", message: "没有「不存在」这个组织（可用 lectern org tree 查看）")]),
            ])
        #expect(try catalog.activities().isEmpty)
        let kept = try catalog.recordActivities([good, offList, bad], actor: "local", now: now, keepGood: true)
        #expect(kept.added.count == 2)
        #expect(kept.notes[1].first?.message.contains("不在 2026-11 的教育片清单中") == true)
        let list = try catalog.activities(organisation: "春华镇", from: "2026-11-01", to: "2026-11-30")
        #expect(list.map(\.filmListed) == [true, false])
        let again = try catalog.recordActivities([good], actor: "local", now: now)
        #expect(again.outcomes == [.existing(list[0].id)])
    }

    @Test func aCallInIsInTheLecturesHistory() throws {
        let id = try add("l")
        let record = try catalog.recordInterview(
            id, day: "2026-11-20", person: "刘强", note: "", actor: "local", now: now)
        #expect(try catalog.lecture(id)?.history.last?.action == "interview")
        #expect(try catalog.reportSnapshot().interviews == [record])
        #expect(throws: CatalogError.self) {
            try catalog.recordInterview(id, day: "2026-11-31", person: "刘强", note: "", actor: "local", now: now)
        }
    }
}
