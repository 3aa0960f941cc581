import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore

struct AttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "给节目（或主题党日）附上讲稿、课件或记录：.docx、.pptx、.pdf、.txt，文字可以搜索。",
        discussion: """
            文档由工作进程读出文字（损坏的文档只影响它自己），按内容保存在资料库中，lectern show 列出，\
            搜索时讲稿的文字也能查到（text:"乡村振兴" 只查讲稿）。旧版 .doc、.wps 请先另存为 .docx；\
            扫描的 PDF 没有文字层，照样保存，并说明无法搜索。同一文件再附一次不会重复。\
            讲稿和课件会与其他节目的讲稿、载入的参考资料（lectern reference add）比对，大段相同的当场说明，\
            lectern show 列出相同的段落。
            示例：
              lectern attach 12 七一党课讲稿.docx 课件.pptx
              lectern attach 12 签到表.pdf --role 记录
              lectern attach --activity 5 会议记录.docx
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("节目编号（写 --activity 时为主题党日编号）。", valueName: ArgumentNames.id)) var id: LectureID
    @Argument(help: ArgumentHelp("要附上的文件。", valueName: ArgumentNames.file)) var files: [String]
    @Option(help: ArgumentHelp("附件类别：讲稿、课件、记录（默认：幻灯片为课件，其余为讲稿）。", valueName: ArgumentNames.text))
    var role: AttachmentRole?
    @Flag(help: "附到主题党日记录上，而不是节目上。") var activity = false
    @OptionGroup var workers: WorkerOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("请写出要附上的文件，例如 lectern attach 12 讲稿.docx") }
    }

    func run() async throws {
        let (library, catalog) = try global.openCatalog(writing: true)
        let owner = activity ? "主题党日 #\(id.value)" : "#\(id.value)"
        var store = DocumentStore(library: library, workers: try makePool(workers, global))
        store.timeoutSeconds = workers.timeout
        let (good, failed) = store.storeSaying(files, role: role)
        if !good.isEmpty {
            let outcomes: [Catalog.AttachOutcome] = try await Output.attempt(owner) {
                try await catalog.attach(
                    good.map(\.1), lecture: activity ? nil : id.value, activity: activity ? id.value : nil,
                    actor: global.actingUser, now: global.now)
            }
            let matches = activity ? [] : try await catalog.scriptMatches(lecture: id.value)
            for ((file, a), outcome) in zip(good, outcomes) {
                let d = a.document
                var found: [ScriptMatch] = []
                if case .added(let n) = outcome { found = matches.filter { $0.attachmentId == n } }
                if global.json {
                    var line = AttachedLine(file: file, outcome: outcome, role: a.role, document: d)
                    line.scriptMatches = found
                    Output.json(line)
                    continue
                }
                defer {
                    for m in found { Output.line("  发现：\(m.chinese)（lectern show \(id.value) 查看相同的段落）") }
                }
                switch outcome {
                case .added(let n):
                    let size =
                        d.scanned
                        ? "扫描件"
                        : "\(d.text.count) 字" + (d.pages > 0 ? "，\(d.pages) \(d.format == .pptx ? "张" : "页")" : "")
                    Output.line(
                        "\(owner) 附上\(a.role.chinese) \((file as NSString).lastPathComponent)（附件 #\(n)，\(d.format.chinese)，\(size)）"
                    )
                case .existing(let n):
                    Output.line("\(owner) 已有同样的文件（附件 #\(n)），跳过：\((file as NSString).lastPathComponent)")
                }
                if d.scanned {
                    Output.warning(file, "是扫描件，没有文字层：已保存，但无法按文字搜索和比对")
                }
                if d.truncated {
                    Output.warning(file, "文字超过 \(DocumentLimits.maxCharacters) 字，只保留了前面的部分")
                }
            }
        }
        if failed > 0 { throw ItemsFailed() }
    }

    /// `attach --json`: one line per file.
    struct AttachedLine: Codable {
        var file: String
        var attachmentId: Int64
        var existing: Bool
        var role: AttachmentRole
        var format: DocumentFormat
        var pages: Int
        var characters: Int
        var scanned: Bool
        /// Other lectures' scripts and reference texts this one was found in.
        var scriptMatches: [ScriptMatch] = []

        init(file: String, outcome: Catalog.AttachOutcome, role: AttachmentRole, document d: ExtractedDocument) {
            self.file = file
            switch outcome {
            case .added(let n): (attachmentId, existing) = (n, false)
            case .existing(let n): (attachmentId, existing) = (n, true)
            }
            self.role = role
            format = d.format
            pages = d.pages
            characters = d.text.count
            scanned = d.scanned
        }
    }
}
