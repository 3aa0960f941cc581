import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore

extension PersonCommand {
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "修改一个人的登记信息（记入审核日志）。",
            discussion: """
                只修改写出的项；--phone "" 清除电话。
                示例：
                  lectern person edit 12 --role 党组织书记 --org 新村党支部
                  lectern person edit 12 --subjects 乡村振兴、党史 --takes-orders 是
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("人员编号。", valueName: ArgumentNames.id)) var id: LectureID
        @Option(help: ArgumentHelp("姓名。", valueName: ArgumentNames.text)) var name: String?
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("所属组织的编号或名称。", valueName: ArgumentNames.organisation))
        var org: String?
        @Option(help: ArgumentHelp("身份。", valueName: ArgumentNames.text)) var role: String?
        @Option(help: ArgumentHelp("联系电话（写 \"\" 清除）。", valueName: ArgumentNames.text)) var phone: String?
        @Option(help: ArgumentHelp("授课专题，用、分开（替换原有的）。", valueName: ArgumentNames.text)) var subjects: String?
        @Option(name: .customLong("takes-orders"), help: ArgumentHelp("接受点单：是 或 否。", valueName: ArgumentNames.text))
        var takesOrders: String?

        func run() async throws {
            var edit = PersonEdit()
            edit.name = name
            edit.organisation = org
            edit.role = role
            edit.phone = phone
            edit.subjects = subjects.map(ActivitySheet.names)
            if let takesOrders {
                guard let yes = PeopleSheet.yesNo(takesOrders) else {
                    throw ConfigurationError("--takes-orders：「\(takesOrders)」应写 是 或 否")
                }
                edit.takesOrders = yes
            }
            if edit.isEmpty {
                throw ConfigurationError("没有要修改的内容：至少写一项 --name、--org、--role、--phone、--subjects 或 --takes-orders")
            }
            let (_, catalog) = try global.openCatalog(writing: true)
            let made: [String] = try await Output.attempt("#\(id.value)") {
                try await catalog.editPerson(id.value, edit, actor: global.actingUser, now: global.now)
            }
            if global.json {
                Output.json(EditedLine(id: id.value, changes: made))
            } else {
                Output.line(
                    made.isEmpty ? "#\(id.value) 没有变化（原来就是这样）" : "#\(id.value) 已修改：" + made.joined(separator: "；"))
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "合并：同一个人登记了两次时，把第二个编号并入第一个（记入审核日志）。",
            discussion: """
                同名的人从不自动合并；确认是同一个人之后再合并。第一个编号保留，第二个缺的信息（电话、授课专题）
                补进第一个，第二个删除。
                示例：
                  lectern person merge 12 37
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("保留的人员编号。", valueName: ArgumentNames.id)) var keep: LectureID
        @Argument(help: ArgumentHelp("并入的人员编号。", valueName: ArgumentNames.id)) var other: LectureID

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let kept: PersonView = try await Output.attempt("#\(other.value)") {
                try await catalog.mergePeople(
                    keep: keep.value, other: other.value, actor: global.actingUser, now: global.now)
            }
            if global.json {
                Output.json(kept)
                return
            }
            Output.line("#\(other.value) 已并入 #\(kept.id) \(kept.name)")
        }
    }
}
