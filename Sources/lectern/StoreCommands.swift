import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "核对目录与媒体库：缺失的文件、内容被改动的文件、未登记的文件、残留的临时文件。",
        discussion: """
            发现任何问题时退出码为 1。刚放入、还未登记的文件（可能是另一个导入正在提交的）
            在宽限期内只作提示，不算问题；超过宽限期仍未登记的，用 lectern sweep 清除。
            示例：
              lectern check
              lectern check --quick      不重新计算每个文件的校验值（更快）
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "不重新计算已存文件的校验值。") var quick = false

    func run() throws {
        let (_, catalog) = try global.openStore()
        let found = try catalog.checkStore(rehash: !quick)
        let problems = found.filter(\.isProblem)
        let versions = try catalog.allVersions().count
        if global.json {
            found.forEach { Output.json($0) }
            Output.json(CheckSummaryLine(summary: .init(versions: versions, problems: problems.count)))
        } else {
            for p in found {
                if p.isProblem { Output.error(p.path, p.message) } else { Output.warning(p.path, p.message) }
            }
            Output.line(problems.isEmpty ? "核对通过：\(versions) 个文件，均完好。" : "发现 \(problems.count) 个问题（共 \(versions) 个文件）。")
        }
        if !problems.isEmpty { throw ItemsFailed() }
    }
}

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "清除媒体库中没有登记、超过宽限期未动的文件，以及中断的导入留下的临时文件。",
        discussion: """
            导入失败时，已放入媒体库的文件不会立即删除：另一个导入（本机或共用媒体库的其他主机）
            可能正要登记同样内容的文件。这些文件在宽限期（默认 24 小时）后由本命令清除；
            宽限期内的只列出，不删除。与正在进行的导入同时运行是安全的。
            退出码：0 完成；1 有文件无法删除。
            示例：
              lectern sweep --dry-run        只列出将清除的文件
              lectern sweep
              lectern sweep --grace 2h       宽限期 2 小时（写法：90分钟、2小时、1天、2h、1d）
              lectern sweep --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "宽限期：未登记的文件放入或被再次使用后，至少保留这么久（默认 24小时）。") var grace: String?
    @Flag(help: "只列出将清除的文件，不删除。") var dryRun = false

    func run() throws {
        var seconds = Catalog.sweepGrace
        if let grace {
            guard let typed = TypedDuration.seconds(grace) else {
                throw ValidationError("--grace「\(grace)」不是一段时间；写法如 \(TypedDuration.examples)、1天")
            }
            seconds = typed
        }
        let (_, catalog) = try global.openStore(writing: !dryRun)
        let report = try catalog.sweepStore(grace: seconds, dryRun: dryRun)
        if global.json {
            report.items.forEach { Output.json($0) }
            Output.json(SweepSummaryLine(report: report, graceSeconds: seconds))
        } else {
            for item in report.items {
                switch item.outcome {
                case .removed: Output.line("\(dryRun ? "将清除" : "已清除")  \(item.path)（\(Human.bytes(item.bytes))）")
                case .recent: break
                case .renewed: Output.warning(item.path, "正被导入再次使用，已放回")
                case .failed: Output.error(item.path, "无法删除：\(item.reason ?? "")")
                }
            }
            let recent = report.count(.recent)
            Output.line(
                "\(dryRun ? "将清除" : "清除了") \(report.count(.removed)) 项，共 \(Human.bytes(report.bytesRemoved))"
                    + (recent > 0 ? "；\(recent) 个未登记的文件在宽限期（\(Chinese.duration(seconds))）内，保留" : "")
                    + "。")
        }
        if report.count(.failed) > 0 { throw ItemsFailed() }
    }
}
