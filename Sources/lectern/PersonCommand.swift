import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore

/// `lectern person`: the register of speakers and members.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "人员名册：主讲人和党员（姓名、所属组织、身份、电话、授课专题、是否接受点单）。",
        discussion: """
            同名的人是不同的人：名册按编号区分，从不合并。身份见 lectern.toml 的 [people.roles."…"]，
            默认：\(PersonRoles.standard.accepted)。
            示例：
              lectern person import 名册.xlsx
              lectern person add 王芳 --org 新村党支部 --role 本土讲师 --subjects 乡村振兴、党史 --takes-orders
              lectern person search wangfang
              lectern person list --org 春华镇 --role 书记
              lectern person merge 12 37          确认是同一个人后合并
            """,
        subcommands: [Add.self, Import.self, List.self, Show.self, Search.self, Edit.self, Merge.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "登记一个人。")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("姓名。", valueName: ArgumentNames.text)) var name: String
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("所属组织的编号或名称。", valueName: ArgumentNames.organisation))
        var org: String
        @Option(help: ArgumentHelp("身份，如 党组织书记、普通党员、本土讲师。", valueName: ArgumentNames.text)) var role: String
        @Option(help: ArgumentHelp("联系电话（只给工作人员看）。", valueName: ArgumentNames.text)) var phone: String?
        @Option(help: ArgumentHelp("授课专题，用、分开。", valueName: ArgumentNames.text)) var subjects: String?
        @Flag(name: .customLong("takes-orders"), help: "接受点单（本土讲师）。") var takesOrders = false

        func run() async throws {
            var p = NewPerson(name: name, organisation: org, role: role)
            p.phone = phone
            p.subjects = subjects.map(ActivitySheet.names) ?? []
            p.takesOrders = takesOrders
            p.columns = ["name": "姓名", "organisation": "--org", "role": "--role"]
            let (_, catalog) = try global.openCatalog(writing: true)
            let ids: [Int64] = try await Output.attempt(name) {
                try await catalog.addPeople([p], actor: global.actingUser, now: global.now)
            }
            let same = try await catalog.searchPeople(name, limit: 50).filter { $0.name == name && $0.id != ids.first }
            if global.json {
                if let id = ids.first, let view = try await catalog.person(id) { Output.json(view) }
                return
            }
            Output.line("已登记 #\(ids.first ?? 0) \(name)")
            if !same.isEmpty {
                Output.notice(
                    "名册中另有 \(same.count) 人也叫「\(name)」（"
                        + same.map { "#\($0.id) \($0.organisation) \($0.role)" }.joined(separator: "；")
                        + "），按编号区分，不会合并")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "从 Excel（.xlsx）或 CSV 导入名册，每行一人。",
            discussion: """
                列名（第一行）：姓名、所属组织、身份、联系电话、授课专题、接受点单（是/否）。前三列必填，\
                不认识的列会说明并跳过。先检查所有行，有一行有错就一行也不导入，并写明文件、行和列。
                示例：
                  lectern person import 名册.xlsx
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("Excel 或 CSV 文件。", valueName: ArgumentNames.file)) var file: String

        func run() async throws {
            let sheet: PeopleSheet
            do { sheet = try PeopleSheet(url: URL(fileURLWithPath: file)) } catch {
                Output.error(file, "\(error)")
                throw ItemsFailed()
            }
            for w in sheet.warnings { Output.notice(w) }
            let (_, catalog) = try global.openCatalog(writing: true)
            let checked = try await catalog.checkPeople(sheet.rows)
            var bad = 0
            for (i, row) in sheet.rows.enumerated() {
                let said = Set(sheet.problems[i].compactMap(\.column))
                let problems = sheet.problems[i] + checked[i].filter { !said.contains($0.column ?? "") }
                for p in problems { Output.error(row.source ?? file, p.description) }
                if !problems.isEmpty { bad += 1 }
            }
            if bad > 0 {
                Output.line("没有导入任何人：\(bad) 行有错误（见上），改正后重新导入。")
                throw ItemsFailed()
            }
            let ids: [Int64] = try await Output.attempt(file) {
                try await catalog.addPeople(sheet.rows, actor: global.actingUser, now: global.now)
            }
            if global.json {
                for id in ids { if let view = try await catalog.person(id) { Output.json(view) } }
                return
            }
            Output.line("完成：登记 \(ids.count) 人")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出名册（可按组织及其下级、按身份）。")
        @OptionGroup var global: GlobalOptions
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("只列这个组织及其下级。", valueName: ArgumentNames.organisation))
        var org: String?
        @Option(help: ArgumentHelp("只列这个身份。", valueName: ArgumentNames.text)) var role: String?

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let list: [PersonView] = try await Output.attempt(org ?? role ?? "person") {
                try await catalog.people(organisation: org, role: role)
            }
            PersonCommand.print(await PersonCommand.forViewer(list, catalog, global), json: global.json)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "一个人的登记信息。")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("人员编号。", valueName: ArgumentNames.id)) var id: LectureID

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            guard let found = try await catalog.person(id.value),
                let p = await PersonCommand.forViewer([found], catalog, global).first
            else {
                Output.error("#\(id.value)", "名册中没有这个人")
                throw ItemsFailed()
            }
            let lectures = try await catalog.lectures(bySpeaker: p.id)
            if global.json {
                Output.json(PersonDetail(person: p, lectures: lectures))
                return
            }
            PersonCommand.print([p], json: false)
            Output.line(lectures.isEmpty ? "还没有主讲过目录中的节目。" : "主讲的节目（\(lectures.count)）：")
            for l in lectures {
                Output.line(
                    "  #\(l.id)  \(l.title)  \(l.organisation ?? "—")  \(l.recordedOn ?? "")  \(l.status.chinese)")
            }
        }
    }

    /// `person show --json`.
    struct PersonDetail: Codable {
        var person: PersonView
        var lectures: [LectureSummary]
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search", abstract: "按姓名查找：简体、繁体、拼音、首字母都可以（王芳、wangfang、wf）。")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("姓名或其拼音。", valueName: ArgumentNames.text)) var text: String
        @Option(help: ArgumentHelp("最多列出多少人（默认：50）。", valueName: ArgumentNames.count)) var limit = 50

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let found = try await catalog.searchPeople(text, limit: limit)
            PersonCommand.print(await PersonCommand.forViewer(found, catalog, global), json: global.json)
        }
    }

    /// Phones are for staff: a reviewer (who may not take lectures in) sees the register without them.
    static func forViewer(_ list: [PersonView], _ catalog: any CatalogEngine, _ global: GlobalOptions) async
        -> [PersonView]
    {
        guard !(await catalog.permits(global.actingUser, .ingest, lectureId: nil, now: global.now)) else { return list }
        return list.map { p in
            var p = p
            p.phone = nil
            return p
        }
    }

    static func print(_ list: [PersonView], json: Bool) {
        if json {
            list.forEach { Output.json($0) }
            return
        }
        if list.isEmpty {
            Output.line("没有找到。")
            return
        }
        for p in list {
            var extra: [String] = []
            if !p.subjects.isEmpty { extra.append("专题：\(p.subjects.joined(separator: "、"))") }
            if p.takesOrders { extra.append("接受点单") }
            if let phone = p.phone { extra.append(phone) }
            Output.line(
                "#\(p.id)  \(TerminalWidth.fit(p.name, 8)) \(TerminalWidth.fit(p.organisation, 16)) \(TerminalWidth.fit(p.role, 10))"
                    + extra.joined(separator: "  "))
        }
    }
}
