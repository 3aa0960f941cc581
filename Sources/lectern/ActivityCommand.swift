import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore
import Reports
import Workers

/// `lectern activity`: the branches' themed party days (主题党日：一课一片一实践).
struct ActivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "主题党日记录（一课一片一实践）：从 Excel 导入、逐条登记、查看。",
        discussion: """
            示例：
              lectern activity import 十一月主题党日.xlsx
              lectern activity add --org 新村党支部 --date 2026-11-05 --time 14:30 --place 村部会议室 \\
                --participants 23 --speaker 吴辉 --title 稻田里的振兴路 --film 解码中部崛起 \\
                --practice 清理河道垃圾 --photo 照片/1.jpg
              lectern activity list --org 春华镇 --period 2026-11
            """,
        subcommands: [Import.self, Add.self, List.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "从 Excel（.xlsx）或 CSV 导入主题党日记录，每行一次活动。",
            discussion: """
                列名（第一行）：支部、日期、时间、地点、参加人数、参加人员、主讲人、党课题目、党课编号、\
                观看影片、实践活动、讨论交流、照片（照片写文件名，多张用、分开，相对于表格所在的文件夹）。\
                只有支部和日期必填。不认识的列会说明并跳过。
                先检查所有行：有一行有错就一行也不导入，并列出每个错误（文件、行、列），改正后重新导入；\
                加 --keep-good 则先导入没有错误的行。同一支部、同一日期和时间已经登记过的行跳过并说明，\
                所以同一个表格导入两次不会重复。
                观看影片按当月的教育片清单（lectern films plan）查找；不在清单上的照样登记，但不计入“一片”。
                示例：
                  lectern activity import 十一月主题党日.xlsx
                  lectern activity import 十一月主题党日.xlsx --dry-run
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var workers: WorkerOptions
        @Argument(help: ArgumentHelp("Excel 或 CSV 文件。", valueName: ArgumentNames.file)) var file: String
        @Flag(name: .customLong("keep-good"), help: "有错误的行不导入，其余照常导入。") var keepGood = false
        @Flag(name: .customLong("dry-run"), help: "只检查，不导入。") var dryRun = false

        func run() throws {
            let sheet: ActivitySheet
            do { sheet = try ActivitySheet(url: URL(fileURLWithPath: file)) } catch {
                Output.error(file, "\(error)")
                throw ItemsFailed()
            }
            for w in sheet.warnings { Output.notice(w) }
            if sheet.rows.isEmpty {
                Output.error(file, "表格中没有活动记录（第一行是列名，从第二行起每行一次活动）")
                throw ItemsFailed()
            }
            try ActivityOutput.run(sheet.rows, global: global, workers: workers, keepGood: keepGood, dryRun: dryRun)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "登记一次主题党日活动。",
            discussion: """
                示例：
                  lectern activity add --org 新村党支部 --date 2026-11-05 --participants 23 \\
                    --lecture 12 --film 解码中部崛起 --practice 为独居老人打扫庭院 --photo 1.jpg --photo 2.jpg
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var workers: WorkerOptions
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("支部的编号或名称。", valueName: ArgumentNames.organisation))
        var org: String
        @Option(help: ArgumentHelp("活动日期。", valueName: ArgumentNames.day)) var date: Day
        @Option(help: ArgumentHelp("时间，如 14:30 或 14:30-16:00。", valueName: ArgumentNames.text)) var time: String?
        @Option(help: ArgumentHelp("地点。", valueName: ArgumentNames.text)) var place: String?
        @Option(help: ArgumentHelp("参加人数。", valueName: ArgumentNames.count)) var participants: String?
        @Option(help: ArgumentHelp("参加人员姓名，用、分开。", valueName: ArgumentNames.text)) var names: String?
        @Option(help: ArgumentHelp("目录中的微党课编号（讲的是已入库的党课时）。", valueName: ArgumentNames.id)) var lecture: LectureID?
        @Option(help: ArgumentHelp("现场党课的主讲人。", valueName: ArgumentNames.text)) var speaker: String?
        @Option(help: ArgumentHelp("现场党课的题目。", valueName: ArgumentNames.text)) var title: String?
        @Option(help: ArgumentHelp("观看的教育片：片名或编号（#12）。", valueName: ArgumentNames.text)) var film: String?
        @Option(help: ArgumentHelp("实践活动。", valueName: ArgumentNames.text)) var practice: String?
        @Option(help: ArgumentHelp("讨论交流情况。", valueName: ArgumentNames.text)) var discussion: String?
        @Option(help: ArgumentHelp("活动照片（JPEG 或 PNG），可写多次。", valueName: ArgumentNames.file)) var photo: [String] = []

        func run() throws {
            var a = NewActivity(organisation: org, day: date.text)
            a.time = time.map(ActivitySheet.time) ?? ""
            a.place = place
            var problems: [ActivityCheck.Problem] = []
            if let participants {
                if let n = ActivitySheet.count(participants) {
                    a.participantCount = n
                } else {
                    problems.append(.init(column: "--participants", message: "「\(participants)」不是人数"))
                }
            }
            a.participants = names.map(ActivitySheet.names) ?? []
            a.lectureId = lecture?.value
            a.speaker = speaker
            a.lectureTitle = title
            a.film = film
            a.practice = practice
            a.discussion = discussion
            a.columns = [
                "organisation": "--org", "day": "--date", "lecture": "--lecture", "film": "--film",
                "photos": "--photo", "participantCount": "--participants", "lectureTitle": "--title",
            ]
            var files: [String] = []
            for p in photo {
                let path = URL(fileURLWithPath: p).standardizedFileURL.path
                if FileManager.default.fileExists(atPath: path) {
                    files.append(path)
                } else {
                    problems.append(.init(column: "--photo", message: "找不到照片「\(p)」"))
                }
            }
            let row = ActivitySheet.Row(number: 0, activity: a, photoFiles: files, problems: problems)
            try ActivityOutput.run([row], global: global, workers: workers, keepGood: false, dryRun: false)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "列出主题党日记录。",
            discussion: """
                示例：
                  lectern activity list --period 2026-11
                  lectern activity list --org 春华镇 --period 2026年第四季度 --json
                """)
        @OptionGroup var global: GlobalOptions
        @Option(
            name: [.customLong("org"), .customLong("organisation")],
            help: ArgumentHelp("只列这个组织及其下级。", valueName: ArgumentNames.organisation))
        var org: String?
        @Option(help: ArgumentHelp("期间：年、季度、月或日，如 2026、2026年第四季度、2026-11。", valueName: ArgumentNames.text))
        var period: String?

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let p = try period.map { text in try ReportCommand.period { try ReportPeriod.any(text) } }
            let list: [ActivityView] = try await Output.attempt(org ?? "activity") {
                try await catalog.activities(organisation: org, from: p?.firstDay, to: p?.lastDay)
            }
            if global.json {
                list.forEach { Output.json($0) }
                return
            }
            if list.isEmpty {
                Output.line("没有主题党日记录\(p.map { "（\($0.label)）" } ?? "")。")
                return
            }
            for a in list {
                ActivityOutput.print(a)
                for d in try await catalog.attachments(activity: a.id) {
                    Output.line("    \(d.role.chinese)：\(d.originalName)（附件 #\(d.id)）")
                }
            }
            Output.line("共 \(list.count) 次活动。")
        }
    }
}
