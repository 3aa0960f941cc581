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
            Reason codes: \(ReasonCode.allCases.map { "\($0.rawValue)（\($0.chinese)）" }.joined(separator: "、"))
            Examples:
              lectern review queue --org 春华镇
              lectern review approve 12 --score content=9,form=8,language=9,effect=8
              lectern review reject 13 --reason copied --cite 7
              lectern review rectify 14 --reason detached,incomplete --days 15
              lectern review exempt 15 --note "七一特别党课，特批 22 分钟"
            """,
        subcommands: [
            Queue.self, Approve.self, Reject.self, Rectify.self, Resubmit.self, Exempt.self, SpotCheck.self,
            Confirm.self, Revoke.self,
        ])

    /// Options of every decision.
    struct Decision: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Lecture id.") var id: Int64
        @Option(help: "A note for the audit log.") var note = ""
        @Option(help: "The day it is, yyyy-MM-dd (default: today in China).") var today: String?

        func apply(
            _ action: ReviewAction, reasons: [ReasonCode] = [], deadline: String? = nil, scores: RubricScores? = nil,
            cites: [Int64] = []
        ) async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let decision = ReviewDecision(
                action: action, reasons: reasons, note: note, deadline: deadline, scores: scores,
                cites: cites)
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
                Output.line("#\(id) 已\(action.chinese)，现在状态：\(status.chinese)" + (deadline.map { "（期限 \($0)）" } ?? ""))
            }
        }
    }

    static func reasons(_ text: String) throws -> [ReasonCode] {
        try text.split(whereSeparator: { $0 == "," || $0 == "，" }).map { code in
            guard
                let r = ReasonCode(rawValue: String(code))
                    ?? ReasonCode.allCases.first(where: { $0.chinese == String(code) })
            else {
                throw ValidationError(
                    "unknown reason '\(code)'; one of: \(ReasonCode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return r
        }
    }

    static func ids(_ text: String?) throws -> [Int64] {
        try (text ?? "").split(whereSeparator: { $0 == "," || $0 == "，" }).map { part in
            let digits = part.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "#"))
            guard let id = Int64(digits) else {
                throw ValidationError("--cite takes lecture ids, e.g. --cite 7,12 (got '\(part)')")
            }
            return id
        }
    }

    /// Today in China's calendar, or the given day checked.
    static func today(_ given: String?) throws -> String {
        if let given {
            guard LectureDay.valid(given) else { throw ValidationError("--today must be yyyy-MM-dd") }
            return given
        }
        return LectureDay.string(Clock.now())
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue", abstract: "待审队列（最早的在前），含检查结果和疑似重复。")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this organisation and everything under it.") var org: String?
        @Option(help: "Statuses, comma-separated (default: pending).") var status: String?
        @Flag(help: "Overdue rectifications (the call-in list).") var overdue = false
        @Flag(help: "Approved lectures drawn for a spot check.") var spotCheck = false
        @Option(help: "The day it is, yyyy-MM-dd (default: today in China).") var today: String?

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let day = try ReviewCommand.today(today)
            if !catalog.readOnly { _ = try await catalog.markOverdue(today: day, now: global.now) }
            var statuses: [ReviewStatus] = [.pending]
            if overdue { statuses = [.overdue] }
            if let status {
                statuses = try status.split(separator: ",").map {
                    guard let s = ReviewStatus(rawValue: String($0)) else {
                        throw ValidationError("unknown status '\($0)'")
                    }
                    return s
                }
            }
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
                let age = Int(Clock.now().timeIntervalSince(item.createdAt) / 86_400)
                var line =
                    "#\(item.id)  \(item.title)  \(item.speaker ?? "—")  \(item.organisation ?? "—")  "
                    + "\(item.durationSeconds.map(Chinese.duration) ?? "—")  已等 \(age) 天"
                if let d = item.deadline { line += "  期限 \(d)" }
                Output.line(line)
                for f in item.findings { Output.line("    检查：\(f.message)") }
                if !item.nearDuplicates.isEmpty {
                    Output.line("    疑似重复：" + item.nearDuplicates.map(\.chinese).joined(separator: "、"))
                }
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", abstract: "通过（可附评分：内容、形式、语言、效果，各 1–10 分）。")
        @OptionGroup var decision: Decision
        @Option(help: "content=9,form=8,language=9,effect=8") var score: String?
        func run() async throws {
            let scores: RubricScores?
            do { scores = try score.map { try RubricScores.parse($0) } } catch { throw ValidationError("\(error)") }
            try await decision.apply(.approve, scores: scores)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject", abstract: "退回（必须写明原因代码）。")
        @OptionGroup var decision: Decision
        @Option(help: "Reason codes, comma-separated.") var reason: String
        @Option(
            help:
                "Lectures it copies or reuses, comma-separated ids from its near-duplicates (with --reason copied or reused)."
        )
        var cite: String?
        func run() async throws {
            try await decision.apply(
                .reject, reasons: try ReviewCommand.reasons(reason), cites: try ReviewCommand.ids(cite))
        }
    }

    struct Rectify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rectify", abstract: "限期整改（原因代码和期限）。")
        @OptionGroup var decision: Decision
        @Option(help: "Reason codes, comma-separated.") var reason: String
        @Option(help: "Last day to resubmit, yyyy-MM-dd.") var deadline: String?
        @Option(help: "Days from today.") var days: Int?
        @Option(
            help:
                "Lectures it copies or reuses, comma-separated ids from its near-duplicates (with --reason copied or reused)."
        )
        var cite: String?
        func validate() throws {
            if (deadline == nil) == (days == nil) { throw ValidationError("give --deadline DATE or --days N") }
            if let deadline, !LectureDay.valid(deadline) { throw ValidationError("--deadline must be yyyy-MM-dd") }
            if let days, days < 1 { throw ValidationError("--days must be at least 1") }
        }
        func run() async throws {
            let day = try deadline ?? LectureDay.adding(days ?? 0, to: ReviewCommand.today(decision.today))
            try await decision.apply(
                .rectify, reasons: try ReviewCommand.reasons(reason), deadline: day,
                cites: try ReviewCommand.ids(cite))
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
            discussion: "Example: lectern review spot-check --sample 10% --seed 2026")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Share of each organisation's approved lectures, e.g. 10% or 0.1.") var sample = "10%"
        @Option(help: "Seed: the same seed on the same catalog draws the same lectures.") var seed: UInt64?

        var fraction: Double? {
            let text = sample.hasSuffix("%") ? String(sample.dropLast()) : sample
            guard let n = Double(text) else { return nil }
            return sample.hasSuffix("%") ? n / 100 : n
        }

        func validate() throws {
            guard let f = fraction, f > 0, f <= 1 else {
                throw ValidationError("--sample must be like 10% or 0.1 (more than 0, at most 100%)")
            }
        }

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let seed = self.seed ?? UInt64(Date().timeIntervalSince1970)
            let ids = try await catalog.spotCheck(
                fraction: fraction ?? 0.1, seed: seed, actor: global.actingUser, now: global.now)
            if global.json { Output.json(SpotCheckResult(seed: seed, ids: ids)); return }
            Output.line(
                ids.isEmpty
                    ? "没有可抽查的已通过节目。"
                    : "已抽查 \(ids.count) 个节目（种子 \(seed)）：" + ids.map { "#\($0)" }.joined(separator: "、"))
            if !ids.isEmpty { Output.line("用 lectern review queue --spot-check 查看；合格用 confirm，不合格用 revoke。") }
        }
    }

    struct SpotCheckResult: Encodable {
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
        @Option(help: "Reason codes, comma-separated.") var reason: String
        func run() async throws { try await decision.apply(.revoke, reasons: try ReviewCommand.reasons(reason)) }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "审核日志：一个节目的全部记录，或核验整条日志未被改动。",
        discussion: """
            Examples:
              lectern audit 12
              lectern audit verify
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A lecture id, or 'verify'.") var target: String

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
        guard let id = Int64(target) else { throw ValidationError("give a lecture id or 'verify'") }
        let events = try await catalog.auditEvents(lectureId: id)
        if events.isEmpty {
            Output.error("#\(id)", "没有这个节目的记录")
            throw ItemsFailed()
        }
        if global.json { events.forEach { Output.json($0) }; return }
        for e in events {
            let reasons = e.reasonsChinese
            Output.line(
                "\(LectureDay.minute(e.at))  \(e.actor)  \(e.actionChinese)  \(e.stateChangeChinese)"
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
            discussion: "Example: lectern review resubmit 14 整改后/七一特别党课-第二版.mp4")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Lecture id.") var id: Int64
        @Argument(help: "The new file.") var file: String

        func run() throws {
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
                Output.error(file, error.message)
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
