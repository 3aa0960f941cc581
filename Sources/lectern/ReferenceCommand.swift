import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore

struct ReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "参考资料：载入讲稿常照搬的讲话、文章，节目讲稿与之大段相同时提示审核人员。",
        discussion: """
            载入的资料和每个节目的讲稿比对：以后附上的讲稿会和它比，已经附上的讲稿也马上比一遍。
            示例：
              lectern reference add 关于加强基层党组织建设的讲话.pdf
              lectern reference add 讲话.docx --title "在全县组织工作会议上的讲话"
              lectern reference list
            """,
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "载入参考资料：.docx、.pptx、.pdf、.txt。",
            discussion: """
                标题默认为文件名（不含扩展名）。同一文件再载入一次不会重复。写文件夹时载入其中所有的文档，其他文件说明跳过。
                示例：
                  lectern reference add 讲话1.pdf 讲话2.docx
                  lectern reference add 参考资料/
                  lectern reference add 讲话.txt --title "在全县组织工作会议上的讲话"
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("要载入的文件，或文件夹（载入其中的文档）。", valueName: ArgumentNames.file)) var files: [String]
        @Option(help: ArgumentHelp("资料的标题（只载入一个文件时）。", valueName: ArgumentNames.text)) var title: String?
        @OptionGroup var workers: WorkerOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("请写出要载入的文件，例如 lectern reference add 讲话.pdf") }
            if title != nil && files.count > 1 { throw ValidationError("--title 只能用于一个文件；多个文件以各自的文件名为标题") }
        }

        func run() async throws {
            let (library, catalog) = try global.openCatalog(writing: true)
            var store = DocumentStore(library: library, workers: try makePool(workers, global))
            store.timeoutSeconds = workers.timeout
            let files = Self.expand(self.files)
            if title != nil && files.count > 1 { throw ValidationError("--title 只能用于一个文件；文件夹里的文件以各自的文件名为标题") }
            let (read, unread) = store.storeSaying(files, role: .script)
            var failed = unread
            var good: [(String, NewReference)] = []
            for (file, a) in read {
                if a.document.scanned || a.document.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    Output.error(file, a.document.scanned ? "是扫描件，没有文字层，不能用来比对" : "没有文字，不能用来比对")
                    failed += 1
                    continue
                }
                let name = (a.originalName as NSString).deletingPathExtension
                good.append((file, NewReference(title: title ?? name, file: a)))
            }
            if !good.isEmpty {
                let outcomes = try await Output.attempt("参考资料") {
                    try await catalog.addReferences(good.map(\.1), actor: global.actingUser, now: global.now)
                }
                for ((file, r), outcome) in zip(good, outcomes) {
                    switch outcome {
                    case .added(let id, let lectures):
                        if global.json {
                            Output.json(ReferenceLine(file: file, referenceId: id, existing: false, lectures: lectures))
                            continue
                        }
                        Output.line("载入参考资料 #\(id)《\(r.title)》（\(r.file.document.text.count) 字）")
                        if !lectures.isEmpty {
                            Output.line(
                                "  已有节目的讲稿与它大段相同："
                                    + lectures.map { "#\($0)" }.joined(separator: "、") + "（lectern show 编号 查看相同的段落）")
                        }
                    case .existing(let id):
                        if global.json {
                            Output.json(ReferenceLine(file: file, referenceId: id, existing: true, lectures: []))
                            continue
                        }
                        Output.line("已有同样的参考资料 #\(id)，跳过：\((file as NSString).lastPathComponent)")
                    }
                }
            }
            if failed > 0 { throw ItemsFailed() }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "列出载入的参考资料，以及讲稿与之大段相同的节目。")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let list = try await Output.attempt("参考资料") { try await catalog.references() }
            if global.json {
                list.forEach { Output.json($0) }
                return
            }
            if list.isEmpty {
                Output.line("还没有参考资料（lectern reference add 文件 载入）。")
                return
            }
            for r in list {
                let found =
                    r.lectures.isEmpty ? "" : "  讲稿与之相同的节目：" + r.lectures.map { "#\($0)" }.joined(separator: "、")
                Output.line("参考资料\(r.id)  《\(r.title)》  \(r.characters) 字  \(LectureDay.string(r.createdAt))\(found)")
            }
        }
    }

    /// `reference add --json`: one line per file.
    struct ReferenceLine: Codable {
        var file: String
        var referenceId: Int64
        var existing: Bool
        var lectures: [Int64]
    }
}

extension ReferenceCommand.Add {
    /// Files as given; a folder's documents (.docx .pptx .pdf .txt, and the old formats, which
    /// are refused by name), in name order, its other files said to be skipped.
    static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                out.append(path)
                continue
            }
            let walker = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let relative = walker?.nextObject() as? String {
                guard (walker?.fileAttributes?[.type] as? FileAttributeType) == .typeRegular else { continue }
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") { continue }
                let full = (path as NSString).appendingPathComponent(relative)
                if DocumentFormat.of(fileName: name) != nil || DocumentFormat.oldFormat(name) != nil {
                    found.append(full)
                } else {
                    Output.warning(full, "不是 .docx、.pptx、.pdf 或 .txt 文档，跳过")
                }
            }
            out += found.sorted()
        }
        return out
    }
}
