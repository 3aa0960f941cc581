import Foundation
import LecternCore
import SQLStore
import Testing

@testable import Catalog

/// The register: people with ids, found by name in either script or pinyin, never merged.
@Suite struct PeopleCatalogTests {
    let library: Library
    let catalog: Catalog
    let now = Date(timeIntervalSince1970: 1_793_000_000)

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-people-\(UUID().uuidString)")
        library = try Library.create(at: dir)
        catalog = try Catalog(library: library)
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "c", name: "长沙县", parentId: nil, kind: "county"),
                OrganisationRecord(id: "t", name: "春华镇", parentId: "c", kind: "township"),
                OrganisationRecord(id: "b", name: "新村党支部", parentId: "t", kind: "branch"),
                OrganisationRecord(id: "y", name: "桃源县", parentId: nil, kind: "county"),
            ], actor: "local", now: now)
    }

    @Test func twoPeopleOfOneNameStayTwoAndAreFoundEveryWay() throws {
        var lecturer = NewPerson(name: "王芳", organisation: "新村党支部", role: "讲师")
        lecturer.subjects = ["乡村振兴"]
        lecturer.takesOrders = true
        let ids = try catalog.addPeople(
            [lecturer, NewPerson(name: "王芳", organisation: "y", role: "支部书记")], actor: "local", now: now)
        #expect(ids.count == 2 && ids[0] != ids[1])
        for query in ["王芳", "王芳", "wangfang", "wf", "王"] {
            #expect(try catalog.searchPeople(query).map(\.id).sorted() == ids, "\(query)")
        }
        #expect(try catalog.person(ids[0])?.role == "本土讲师")
        #expect(try catalog.person(ids[1])?.role == "党组织书记")
        #expect(try catalog.people(organisation: "春华镇").map(\.id) == [ids[0]])
        #expect(try catalog.people(role: "书记").map(\.id) == [ids[1]])
        #expect(try catalog.auditEventCount() >= 2)
    }

    @Test func aBadRowAddsNobody() throws {
        var bad = NewPerson(name: "李明", organisation: "不存在", role: "老板")
        bad.columns = ["organisation": "所属组织", "role": "身份"]
        let problems = try catalog.checkPeople([NewPerson(name: "吴辉", organisation: "b", role: "党员"), bad])
        #expect(problems[0].isEmpty)
        #expect(problems[1].map(\.column) == ["所属组织", "身份"])
        #expect(throws: CatalogError.self) {
            try catalog.addPeople(
                [NewPerson(name: "吴辉", organisation: "b", role: "党员"), bad], actor: "local", now: now)
        }
        #expect(try catalog.people().isEmpty)
    }

    @Test func editsAndAMergeAreAskedForAndAudited() throws {
        var first = NewPerson(name: "王芳", organisation: "b", role: "普通党员")
        first.subjects = ["党史"]
        var twice = NewPerson(name: "王芳", organisation: "b", role: "普通党员")
        twice.phone = "13800000001"
        twice.subjects = ["乡村振兴", "党史"]
        twice.takesOrders = true
        let ids = try catalog.addPeople([first, twice], actor: "local", now: now)
        var edit = PersonEdit()
        edit.name = "王芳芳"
        edit.role = "讲师"
        #expect(try catalog.editPerson(ids[0], edit, actor: "local", now: now) == ["姓名：王芳 → 王芳芳", "身份：普通党员 → 本土讲师"])
        #expect(try catalog.editPerson(ids[0], edit, actor: "local", now: now).isEmpty)
        #expect(try catalog.searchPeople("wangfangfang").map(\.id) == [ids[0]])  // reindexed
        var wrong = PersonEdit()
        wrong.role = "老板"
        #expect(throws: CatalogError.self) { try catalog.editPerson(ids[0], wrong, actor: "local", now: now) }
        let kept = try catalog.mergePeople(keep: ids[0], other: ids[1], actor: "local", now: now)
        #expect(kept.phone == "13800000001" && kept.subjects == ["党史", "乡村振兴"] && kept.takesOrders)
        #expect(try catalog.person(ids[1]) == nil)
        #expect(try catalog.searchPeople("王芳").map(\.id) == [ids[0]])
        #expect(throws: CatalogError.self) {
            try catalog.mergePeople(keep: ids[0], other: ids[0], actor: "local", now: now)
        }
        let events = try catalog.store.read { s in try s.column(String.self, "SELECT action FROM auditEvent") }
        #expect(events.filter { $0 == "personEdit" }.count == 1 && events.contains("personMerge"))
    }

    @Test func aLibraryNamesItsOwnRoles() throws {
        try (LibraryConfig.defaultText + "\n[people.roles.\"宣讲员\"]\naliases = \"百姓宣讲员\"\n").write(
            to: library.configURL, atomically: true, encoding: .utf8)
        let reopened = try Catalog(library: library)
        #expect(reopened.personRoles.roles.map(\.name) == ["宣讲员"])
        #expect(try reopened.checkPeople([NewPerson(name: "甲", organisation: "b", role: "百姓宣讲员")]) == [[]])
        #expect(try reopened.checkPeople([NewPerson(name: "甲", organisation: "b", role: "普通党员")])[0].count == 1)
    }
}
