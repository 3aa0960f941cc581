import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore

struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "点单与巡讲：支部从每月菜单点一节微党课，主讲人来讲后登记送课（记为一次主题党日）。",
        discussion: """
            示例：
              lectern order add --org 龙王庙村党支部 --lecture 12 --date 2026-11-05
              lectern order deliver 3 --date 2026-11-20 --participants 28 --place 村部会议室
              lectern order list --org 春华镇 --pending
              lectern report orders --period 2026            各主讲人、各乡镇的点单和巡讲覆盖
            主题党日记录里写了「党课编号」且该支部点过这节课时，也会自动记为送课。
            """,
        subcommands: [Add.self, Deliver.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "登记一个支部的点单（菜单上已通过的微党课）。")
        @OptionGroup var global: GlobalOptions
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("点单的支部（编号或名称）。", valueName: ArgumentNames.organisation))
        var org: String
        @Option(help: ArgumentHelp("点的微党课的编号。", valueName: ArgumentNames.id)) var lecture: LectureID
        @Option(help: ArgumentHelp("点单日期（默认：今天）。", valueName: ArgumentNames.day)) var date: Day?
        @Option(help: ArgumentHelp("备注（如希望的时间）。", valueName: ArgumentNames.text)) var note: String?

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let day = date?.text ?? LectureDay.string(global.now)
            let id: Int64 = try await Output.attempt(org) {
                try await catalog.addOrder(
                    organisation: org, lecture: lecture.value, day: day, note: note, actor: global.actingUser,
                    now: global.now)
            }
            if global.json {
                Output.json(OrderLine(id: id, activityId: nil))
                return
            }
            Output.line("已登记点单 #\(id)：\(org) \(day) 点了 #\(lecture.value)")
        }
    }

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deliver", abstract: "登记送课：主讲人到支部讲了点的课（同时记入该支部的主题党日）。")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("点单编号。", valueName: ArgumentNames.id)) var order: LectureID
        @Option(help: ArgumentHelp("讲课的日期（默认：今天）。", valueName: ArgumentNames.day)) var date: Day?
        @Option(help: ArgumentHelp("时间，如 14:30。", valueName: ArgumentNames.text)) var time = ""
        @Option(help: ArgumentHelp("地点。", valueName: ArgumentNames.text)) var place: String?
        @Option(help: ArgumentHelp("参加人数。", valueName: ArgumentNames.count)) var participants: Int?
        @Option(name: .customLong("names"), help: ArgumentHelp("参加人员，用、分开（计入党员积分）。", valueName: ArgumentNames.text))
        var names: String?

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            var delivery = OrderDelivery(day: date?.text ?? LectureDay.string(global.now))
            delivery.time = time
            delivery.place = place
            delivery.participantCount = participants
            delivery.participants = names.map(ActivitySheet.names) ?? []
            let activity: Int64 = try await Output.attempt("点单 #\(order.value)") {
                try await catalog.deliverOrder(order.value, delivery, actor: global.actingUser, now: global.now)
            }
            if global.json {
                Output.json(OrderLine(id: order.value, activityId: activity))
                return
            }
            Output.line("点单 #\(order.value) 已送课（\(delivery.day)），记为主题党日 #\(activity)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出点单：谁点了什么，送到没有。")
        @OptionGroup var global: GlobalOptions
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("只列这个组织及其下级的点单。", valueName: ArgumentNames.organisation))
        var org: String?
        @Flag(help: "只列还没有送课的。") var pending = false

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            var list: [OrderView] = try await Output.attempt(org ?? "order") {
                try await catalog.orders(organisation: org)
            }
            if pending { list = list.filter { !$0.delivered } }
            if global.json {
                list.forEach { Output.json($0) }
                return
            }
            if list.isEmpty {
                Output.line("没有点单。")
                return
            }
            for o in list {
                let state = o.deliveredOn.map { "已送课 \($0)" + (o.participants.map { "，\($0) 人参加" } ?? "") } ?? "待送课"
                Output.line(
                    "#\(o.id)  \(o.day)  \(TerminalWidth.fit(o.organisation, 16)) #\(o.lectureId) \(o.lectureTitle)"
                        + "（\(o.speaker ?? "—")）  \(state)")
            }
        }
    }

    /// `order add|deliver --json`.
    struct OrderLine: Codable {
        var id: Int64
        var activityId: Int64?
    }
}
