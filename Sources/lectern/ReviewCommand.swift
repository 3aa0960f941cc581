import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore
import Workers

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "审核：待审队列、通过、退回、限期整改、特批、撤销。每个决定都记入审核日志。",
        discussion: """
            退回原因（写中文或代码都可以，也可以写简称，如 照搬、摆拍、一稿多用）：
              \(ReasonCode.accepted)
            示例：
              lectern review queue --org 春华镇
              lectern review approve 12 --score 内容=9,形式=8,语言=9,效果=8
              lectern review reject 13 --reason 照搬照抄 --cite 7
              lectern review rectify 14 --reason 脱离实际,信息不全 --days 15
              lectern review rectify 14 --reason 摆拍 --deadline 2026年12月31日
              lectern review exempt 15 --note "七一特别党课，特批 22 分钟"
              lectern review score 12 --score 内容=9,形式=8,语言=9,效果=8 --comment 贴近群众
            """,
        subcommands: [
            Queue.self, Approve.self, Reject.self, Rectify.self, Resubmit.self, Exempt.self, SpotCheck.self,
            Confirm.self, Revoke.self, Interview.self, Score.self,
        ])

    /// Options of every decision.
    struct Decision: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("节目编号（lectern list 显示的数字）。", valueName: ArgumentNames.id)) var lecture: LectureID
        @Option(help: ArgumentHelp("写入审核日志的备注。", valueName: ArgumentNames.text)) var note = ""
        @Option(help: ArgumentHelp("今天是哪一天（默认：中国的今天）。", valueName: ArgumentNames.day)) var today: Day?

        var id: Int64 { lecture.value }

        func apply(
            _ action: ReviewAction, reasons: [ReasonCode] = [], deadline: String? = nil, scores: RubricScores? = nil,
            cites: [Int64] = [], references: [Int64] = []
        ) async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let decision = ReviewDecision(
                action: action, reasons: reasons, note: note, deadline: deadline, scores: scores,
                cites: cites, citedReferences: references)
            let status: ReviewStatus
            do {
                status = try await catalog.review(id, decision, actor: global.actingUser, now: global.now)
            } catch let error as ReviewError {
                Output.error("#\(id)", error.message)
                throw ItemsFailed()
            } catch let error as CatalogError where error.kind == .notFound {
                Output.error("#\(id)", error.message)
                throw ItemsFailed()
            }
            if global.json {
                Output.json(DecisionLine(id: id, action: action, status: status))
            } else {
                Output.line(DecisionText.line(id, decision, status: status))
            }
        }
    }

    /// Today in China's calendar, or the given day checked.
    static func today(_ given: Day?) -> String {
        given?.text ?? LectureDay.string(Clock.now())
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue", abstract: "待审队列（最早的在前），含检查结果和疑似重复。")
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("只看这个组织及其下级（编号或名称）。", valueName: ArgumentNames.organisation))
        var org: String?
        @Option(
            help: ArgumentHelp(
                "只看这些状态，用逗号分开（默认：待审核）；可用：\(ReviewStatus.accepted)。", valueName: ArgumentNames.status))
        var status: Words<ReviewStatus>?
        @Flag(help: "整改逾期的节目（约谈名单）。") var overdue = false
        @Flag(help: "抽查抽中的已通过节目。") var spotCheck = false
        @Option(help: ArgumentHelp("今天是哪一天（默认：中国的今天）。", valueName: ArgumentNames.day)) var today: Day?

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let day = ReviewCommand.today(today)
            if !catalog.readOnly { _ = try await catalog.markOverdue(today: day, now: global.now) }
            var statuses: [ReviewStatus] = [.pending]
            if overdue { statuses = [.overdue] }
            if let status { statuses = status.values }
            let items: [QueueItem]
            do {
                items = try await catalog.queuePage(
                    statuses: statuses, organisation: org, spotChecks: spotCheck, scope: nil, ids: nil, limit: nil,
                    offset: 0
                ).items
            } catch let e
                as CatalogError
            {
                throw ConfigurationError(e.message)
            }
            if global.json { items.forEach { Output.json($0) }; return }
            if items.isEmpty { Output.line("队列是空的。"); return }
            for item in items {
                Output.line(
                    "#\(item.id)  \(Output.titled(item.title, kind: catalog.kinds.kind(code: item.kind)))  \(item.speaker ?? "—")  \(item.organisation ?? "—")  "
                        + "\(item.durationSeconds.map(Chinese.duration) ?? "—")  "
                        + DecisionText.wait(item, today: day, now: global.now))
                for f in item.findings { Output.line("    检查：\(f.message)") }
                for n in item.nearDuplicates {
                    Output.line("    疑似重复：\(n.chinese)" + (n.rangesChinese(limit: 1).first.map { "；\($0)" } ?? ""))
                }
                for m in item.scriptMatches { Output.line("    讲稿比对：\(m.chinese)") }
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", abstract: "通过（可附评分：内容、形式、语言、效果，各 1–10 分）。",
            discussion: """
                示例：
                  lectern review approve 12
                  lectern review approve 12 --score 内容=9,形式=8,语言=9,效果=8
                """)
        @OptionGroup var decision: Decision
        @Option(
            help: ArgumentHelp(
                "评分：内容、形式、语言、效果各 1–10 分，如 内容=9,形式=8,语言=9,效果=8（也可写 content=9 …）。",
                valueName: ArgumentNames.score))
        var score: RubricScores?
        func run() async throws { try await decision.apply(.approve, scores: score) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject", abstract: "退回（必须写明原因代码）。")
        @OptionGroup var decision: Decision
        @Option(help: ArgumentHelp("原因，多个用逗号分开：中文、简称或代码都可以（见 lectern review --help）。", valueName: ArgumentNames.reason))
        var reason: Words<ReasonCode>
        @Option(
            help: ArgumentHelp(
                "照搬或重复使用了哪些节目或参考资料：疑似重复、讲稿相同的节目编号，或「参考资料3」，用逗号分开（配合原因 照搬照抄 或 一稿多用）。",
                valueName: ArgumentNames.citations))
        var cite: Citations?
        func run() async throws {
            try await decision.apply(
                .reject, reasons: reason.values, cites: cite?.lectures ?? [], references: cite?.references ?? [])
        }
    }

    struct Rectify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rectify", abstract: "限期整改（原因代码和期限）。")
        @OptionGroup var decision: Decision
        @Option(help: ArgumentHelp("原因，多个用逗号分开：中文、简称或代码都可以（见 lectern review --help）。", valueName: ArgumentNames.reason))
        var reason: Words<ReasonCode>
        @Option(help: ArgumentHelp("重新提交的最后一天。", valueName: ArgumentNames.day)) var deadline: Day?
        @Option(help: ArgumentHelp("从今天起几天内（与 --deadline 二选一）。", valueName: ArgumentNames.days)) var days: Int?
        @Option(
            help: ArgumentHelp(
                "照搬或重复使用了哪些节目或参考资料：疑似重复、讲稿相同的节目编号，或「参考资料3」，用逗号分开（配合原因 照搬照抄 或 一稿多用）。",
                valueName: ArgumentNames.citations))
        var cite: Citations?
        func validate() throws {
            if (deadline == nil) == (days == nil) {
                throw ValidationError("请写明整改期限：--deadline 日期（如 2026-12-31），或 --days 天数（如 15），二者选一")
            }
            if let days, days < 1 { throw ValidationError("--days 至少为 1 天") }
        }
        func run() async throws {
            let day = deadline?.text ?? LectureDay.adding(days ?? 0, to: ReviewCommand.today(decision.today))
            let today = LectureDay.string(decision.global.now)
            if day < today {
                Output.error(
                    "#\(decision.id)", "整改期限 \(day) 已经过去（今天是 \(today)），请给今天或以后的日期")
                throw ItemsFailed(exitCode: 2)
            }
            let horizon = (try? decision.global.library.config().deadlineWarningDays) ?? 90
            let days = LectureDay.days(from: today, to: day)
            if days > horizon {
                Output.write(
                    STDERR_FILENO,
                    Array(
                        "lectern: 注意：整改期限 \(day) 在 \(days) 天之后，超过通常的 \(horizon) 天（lectern.toml 的 deadline_warning_days）\n"
                            .utf8))
            }
            try await decision.apply(
                .rectify, reasons: reason.values, deadline: day, cites: cite?.lectures ?? [],
                references: cite?.references ?? [])
        }
    }

    struct Exempt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exempt", abstract: "特批：未通过检查的节目进入审核（需写明理由）。")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.apply(.exempt) }
    }

    struct SpotCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "spot-check",
            abstract: "抽查：按组织分层抽取已通过的节目（每个有节目的组织至少一个），可用种子复现。",
            discussion: """
                示例：
                  lectern review spot-check --sample 10% --seed 2026
                  lectern review spot-check --sample 百分之二十
                """)
        @OptionGroup var global: GlobalOptions
        @Option(
            help: ArgumentHelp("每个组织已通过节目中抽取的比例，如 10%、百分之十 或 0.1（默认：10%）。", valueName: ArgumentNames.share))
        var sample: Share?
        @Option(help: ArgumentHelp("随机种子：同一目录用同一种子抽到的节目相同。", valueName: ArgumentNames.count)) var seed: UInt64?

        var fraction: Double { sample?.fraction ?? 0.1 }

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let seed = self.seed ?? UInt64(Date().timeIntervalSince1970)
            let ids = try await catalog.spotCheck(
                fraction: fraction, seed: seed, actor: global.actingUser, now: global.now)
            if global.json { Output.json(SpotCheckResult(seed: seed, ids: ids)); return }
            Output.line(
                ids.isEmpty
                    ? "没有可抽查的已通过节目。"
                    : "已抽查 \(ids.count) 个节目（种子 \(seed)）：" + ids.map { "#\($0)" }.joined(separator: "、"))
            if !ids.isEmpty { Output.line("用 lectern review queue --spot-check 查看；合格用 confirm，不合格用 revoke。") }
        }
    }

    struct Interview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "interview",
            abstract: "记录约谈：逾期未整改等情况下约谈了责任人（记入节目的审核历史和约谈名单）。",
            discussion: """
                示例：
                  lectern review interview 14 --date 2026年12月3日 --with "新村党支部书记 刘强" --note 承诺12月10日前重新提交
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("节目编号。", valueName: ArgumentNames.id)) var lecture: LectureID
        @Option(help: ArgumentHelp("约谈日期（默认：今天）。", valueName: ArgumentNames.day)) var date: Day?
        @Option(name: .customLong("with"), help: ArgumentHelp("约谈了谁（姓名、职务）。", valueName: ArgumentNames.text))
        var person: String
        @Option(help: ArgumentHelp("约谈情况。", valueName: ArgumentNames.text)) var note = ""

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let day = date?.text ?? LectureDay.string(global.now)
            let id = lecture.value
            let record = try await Output.attempt("#\(id)") {
                try await catalog.recordInterview(
                    id, day: day, person: person, note: note, actor: global.actingUser, now: global.now)
            }
            if global.json {
                Output.json(record)
                return
            }
            Output.line("#\(id) 已记录约谈：\(record.person)（\(record.day)）")
        }
    }

    struct SpotCheckResult: Codable {
        var seed: UInt64
        var ids: [Int64]
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "confirm", abstract: "抽查合格：节目保持已通过。")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.apply(.confirm) }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "撤销已通过的节目（抽查不合格时）。")
        @OptionGroup var decision: Decision
        @Option(help: ArgumentHelp("原因，多个用逗号分开：中文、简称或代码都可以（见 lectern review --help）。", valueName: ArgumentNames.reason))
        var reason: Words<ReasonCode>
        func run() async throws { try await decision.apply(.revoke, reasons: reason.values) }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "审核日志：一个节目的全部记录，或核验整条日志未被改动。",
        discussion: """
            示例：
              lectern audit 12          12 号节目的全部审核记录
              lectern audit verify      核验整条日志（哈希链）未被改动
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("节目编号，或 verify（核验整条日志）。", valueName: "编号|verify")) var target: String

    func run() async throws {
        let (_, catalog) = try global.openCatalog()
        if target == "verify" {
            let count = try await catalog.auditEventCount()
            if let broken = try await catalog.firstBrokenAuditEvent() {
                Output.error("audit", "第 \(broken) 条记录与日志链不符：日志被改动过（共 \(count) 条）")
                if global.json { Output.json(AuditVerifyLine(verified: false, events: count, firstBroken: broken)) }
                throw ItemsFailed()
            }
            if global.json {
                Output.json(AuditVerifyLine(verified: true, events: count))
            } else {
                Output.line("日志完好：\(count) 条记录，链条一致。")
            }
            return
        }
        guard let id = LectureID(argument: target)?.value else {
            throw ConfigurationError("「\(target)」既不是节目编号也不是 verify：请写 lectern audit 12 或 lectern audit verify")
        }
        let events = try await catalog.auditEvents(lectureId: id)
        if events.isEmpty {
            Output.error("#\(id)", "没有这个节目的记录")
            throw ItemsFailed()
        }
        if global.json { events.forEach { Output.json($0) }; return }
        for e in events {
            let reasons = e.reasonsChinese
            Output.line(
                "\(LectureDay.minute(e.at))  \(e.actorChinese)  \(e.actionChinese)  \(e.stateChangeChinese)"
                    + (reasons.isEmpty ? "" : "  原因：\(reasons.joined(separator: "、"))")
                    + (e.note.isEmpty ? "" : "  \(e.note)"))
        }
    }
}

extension ReviewCommand {
    struct Resubmit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resubmit",
            abstract: "整改后重新提交：文件作为该节目的新版本导入（旧版本保留），节目回到待审核。",
            discussion: "示例：lectern review resubmit 14 整改后/七一特别党课-第二版.mp4")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("节目编号。", valueName: ArgumentNames.id)) var lecture: LectureID
        @Argument(help: ArgumentHelp("整改后的新文件。", valueName: ArgumentNames.file)) var file: String

        func run() throws {
            let id = lecture.value
            let (library, catalog) = try global.openStore(writing: true)
            guard let detail = try catalog.lecture(id) else {
                Output.error("#\(id)", "目录中没有这个节目")
                throw ItemsFailed()
            }
            // Refuse before anything is copied into the library.
            do { _ = try detail.lecture.status.after(.resubmit) } catch {
                Output.error("#\(id)", error.message)
                throw ItemsFailed()
            }
            let config: LibraryConfig
            let pool: WorkerPool
            do {
                config = try library.config()
                pool = try WorkerPool(jobs: 1, verbose: global.verbose)
            } catch { throw ConfigurationError("\(error)") }
            let ingester = Ingester(
                library: library, catalog: catalog, config: config, manifest: nil,
                actor: global.actingUser, resubmitTo: id)
            let reports = Collected<FileReport>(count: 1)
            _ = try ingester.run(
                paths: [file], pool: pool, dryRun: false, mode: .copy,
                arguments: CommandLine.arguments.dropFirst().joined(separator: " "),
                now: { Clock.now() }, shouldContinue: { true },
                report: { event in if case .finished(let r, _, _, _) = event { reports.set(0, r) } })
            guard let r = reports.values[0] else { throw ItemsFailed() }
            if global.json { Output.json(r) }
            if let error = r.error {
                Output.error(file, error.shown(verbose: global.verbose))
                throw ItemsFailed()
            }
            if !global.json {
                let versions = (try catalog.lecture(id)?.versions.count) ?? 0
                Output.line("#\(id) 已重新提交第 \(versions) 版，现在状态：\(ReviewStatus.pending.chinese)")
                for f in r.policy?.failures ?? [] { Output.line("    检查：\(f.message)") }
            }
        }
    }
}
