import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore
import SQLStore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "新建资料库（配置文件 lectern.toml、目录数据库、媒体和缩略图文件夹）。",
        discussion: """
            示例：
              lectern init                          在当前文件夹下新建 ./library
              lectern init --library /data/党课库
              lectern init --library /mnt/党课库 --catalog postgres://lectern@db/lectern
                                                    目录放在 PostgreSQL（多台主机共用；
                                                    资料库文件夹放在共享存储上）

            密码不写在地址里：用环境变量 $PGPASSWORD，或 ~/.pgpass（仅本人可读）。
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .customLong("catalog"),
        help: ArgumentHelp("目录放在 PostgreSQL：postgres://用户@主机[:端口]/数据库（默认：资料库文件夹里的 catalog.sqlite）。", valueName: "地址"))
    var catalog: String?

    func run() throws {
        let library: Library
        do {
            library = try Library.create(at: global.library.root, catalog: catalog)
        } catch let error as CatalogError {
            throw ConfigurationError(error.message)
        }
        if global.json {
            Output.json(LibraryCreatedLine(library: library.root.path, catalog: catalog.map(Self.display)))
        } else {
            Output.line("已新建资料库：\(library.root.path)")
            if let catalog { Output.line("  目录数据库 \(Self.display(catalog))（PostgreSQL）") }
            Output.line("  配置文件 \(library.configURL.path)（时长要求等在这里修改）")
        }
    }

    /// The address as said back, without anything but user, host, port and database.
    static func display(_ address: String) -> String {
        (try? PostgresLocation.parse(address, environment: ["PGPASSWORD": ""]).display) ?? address
    }
}

struct Org: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "组织树：导入和查看（县 → 乡镇/街道 → 村/社区党支部，以及机关、企业）。",
        subcommands: [Import.self, Tree.self, Relink.self, Members.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "从 CSV 导入组织（列：id,name,parent_id,kind，可加 contact；也可写 编号,名称,上级编号,类型,联系人；UTF-8 或 GBK）。",
            discussion: """
                文件示例（第一行是列名；kind 为 county 县、township 乡镇街道、branch 支部等）：
                  id,name,parent_id,kind,contact
                  changsha,长沙县,,county,
                  chunhua,春华镇,changsha,township,镇党委 王书记 0731-8600001
                  xincun,新村党支部,chunhua,branch,刘强 13800000001
                示例：lectern org import 组织.csv
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("组织表（CSV）。", valueName: ArgumentNames.file)) var file: String

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let rows: [OrganisationRecord]
            do {
                let read = try OrganisationCSV.read(URL(fileURLWithPath: file))
                rows = read.records
                read.warnings.forEach { Output.write(STDERR_FILENO, Array("lectern: 注意：\($0)\n".utf8)) }
            } catch {
                throw ConfigurationError("\(error)")
            }
            let n: Int
            do { n = try await catalog.importOrganisations(rows, actor: global.actingUser, now: global.now) } catch let
                e
                as CatalogError
            {
                throw ConfigurationError("\(file): \(e.message)")
            }
            if global.json { Output.json(OrganisationsImportedLine(imported: n)) } else { Output.line("已导入 \(n) 个组织") }
            if let store = catalog as? Catalog {
                for (name, records) in try store.sharedOrganisationNames().sorted(by: { $0.key < $1.key }) {
                    Output.write(
                        STDERR_FILENO,
                        Array(
                            "lectern: 注意：有 \(records.count) 个组织都叫「\(name)」：\(try store.describe(records))；清单和 --org 中请用组织编号\n"
                                .utf8))
                }
            }
        }
    }

    struct Relink: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "relink",
            abstract: "把“未分配”的节目归到上传时写的组织（该组织导入后），记入审核日志。",
            discussion: """
                上传时写的组织还不在组织树里的节目归入“未分配”，并记下当时写的名称。用 lectern org import \
                导入该组织后，运行本命令即可按名称（或编号）归属；名称仍不认识或有重名的会列出来，可用 \
                lectern edit 编号 --org 组织编号 逐个指定。
                示例：
                  lectern org relink --dry-run      先看看会怎样归属
                  lectern org relink
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "只列出会怎样归属，不做修改。") var dryRun = false

        func run() throws {
            let (_, catalog) = try global.openStore(writing: !dryRun)
            let items: [UnassignedLecture]
            do {
                items = try catalog.relinkUnassigned(actor: global.actingUser, now: global.now, dryRun: dryRun)
            } catch let e as CatalogError {
                throw ConfigurationError(e.message)
            }
            if global.json { items.forEach { Output.json($0) }; return }
            if items.isEmpty { Output.line("没有“未分配”的节目。"); return }
            let names = Dictionary(uniqueKeysWithValues: (try catalog.organisations()).map { ($0.id, $0.name) })
            for item in items {
                if let to = item.relinkedTo {
                    Output.line("#\(item.id) \(item.title)：\(dryRun ? "将归入" : "已归入") \(names[to] ?? to)")
                } else {
                    let why = item.claimed.isEmpty ? "上传时没有写组织" : "「\(item.claimed)」仍不认识或有重名"
                    Output.line("#\(item.id) \(item.title)：仍未分配（\(why)；可用 lectern edit \(item.id) --org 组织编号）")
                }
            }
            let moved = items.filter { $0.relinkedTo != nil }.count
            Output.line("\(dryRun ? "将归属" : "已归属") \(moved) 个，仍未分配 \(items.count - moved) 个")
        }
    }

    struct Tree: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tree", abstract: "显示组织树。")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let all = try await catalog.organisations()
            if global.json {
                all.forEach { Output.json($0) }
                return
            }
            let children = Dictionary(grouping: all, by: { $0.parentId ?? "" })
            func show(_ org: OrganisationRecord, _ prefix: String, _ last: Bool, _ root: Bool) {
                Output.line(root ? "\(org.name)（\(org.id)）" : "\(prefix)\(last ? "└─ " : "├─ ")\(org.name)（\(org.id)）")
                let kids = (children[org.id] ?? []).sorted { $0.id < $1.id }
                for (i, kid) in kids.enumerated() {
                    show(kid, root ? "" : prefix + (last ? "   " : "│  "), i == kids.count - 1, false)
                }
            }
            for root in (children[""] ?? []).sorted(by: { $0.id < $1.id }) { show(root, "", true, true) }
        }
    }
}

struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "列出目录中的节目（最新的在前）。",
        discussion: """
            状态（写中文或代码都可以）：\(ReviewStatus.accepted)
            示例：
              lectern list
              lectern list --status 未通过检查 --limit 100
              lectern list --status 已通过
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("只列出这个状态的节目。", valueName: ArgumentNames.status)) var status: ReviewStatus?
    @Option(help: ArgumentHelp("最多列出多少个（默认：50）。", valueName: ArgumentNames.count)) var limit = 50

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit 至少为 1") }
    }

    func run() async throws {
        let (_, catalog) = try global.openCatalog()
        let rows = try await catalog.lectures(status: status, limit: limit)
        if global.json {
            rows.forEach { Output.json($0) }
            return
        }
        if rows.isEmpty {
            Output.line("目录中还没有节目。")
            return
        }
        let header = [("编号", 6), ("标题", 30), ("主讲人", 8), ("组织", 14), ("时长", 10), ("状态", 10)]
        Output.line(header.map { TerminalWidth.fit($0.0, $0.1) }.joined(separator: " "))
        for r in rows {
            let cells = [
                "#\(r.id)", Output.titled(r.title, kind: catalog.kinds.kind(code: r.kind)), r.speaker ?? "—",
                r.organisation ?? "—",
                r.durationSeconds.map(Chinese.duration) ?? "—",
                r.status.chinese,
            ]
            Output.line(zip(cells, header).map { TerminalWidth.fit($0, $1.1) }.joined(separator: " "))
        }
    }
}
