import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "备份资料库：目录数据库（在线快照）、原始文件（逐个核对校验值）和缩略图，复制到一个新文件夹。",
        discussion: """
            导入进行中也可以备份：备份保存开始备份那一刻的目录，以及这份目录登记的全部文件。\
            备份完成后文件夹才出现。用 lectern restore 恢复。
            示例：lectern backup /mnt/移动硬盘/党课库-2026-11-23
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("存放备份的新文件夹（不能已存在）。", valueName: ArgumentNames.folder)) var destination: String

    func run() throws {
        let (_, catalog) = try global.openStore()
        try BackupCommand.copy(catalog, to: destination, json: global.json, verb: "已备份")
    }

    static func copy(_ catalog: Catalog, to destination: String, json: Bool, verb: String) throws {
        let summary: BackupSummary
        do {
            summary = try catalog.backup(to: URL(fileURLWithPath: destination)) { done, total in
                if isatty(STDERR_FILENO) != 0 && !json {
                    FileHandle.standardError.write(Data("\r\(verb.dropFirst()) \(done)/\(total) 个文件".utf8))
                    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
                }
            }
        } catch let error as CatalogError {
            Output.error(destination, error.message)
            throw ItemsFailed()
        }
        if json {
            Output.json(summary)
        } else {
            Output.line(
                "\(verb) \(summary.lectures) 个节目、\(summary.mediaFiles) 个原始文件（\(Human.bytes(summary.mediaBytes))）、"
                    + "\(summary.thumbnailFolders) 组缩略图到 \(summary.destination)")
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "从备份恢复：把备份文件夹复制成一个新的资料库（逐个核对校验值）。",
        discussion: """
            要恢复成的资料库（--library、$LECTERN_LIBRARY 或 ./library）必须还不存在：恢复从不覆盖。\
            恢复后请运行 lectern check 和 lectern audit verify。
            示例：lectern restore /mnt/移动硬盘/党课库-2026-11-23 --library ~/党课库
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("lectern backup 做出的备份文件夹。", valueName: ArgumentNames.folder)) var backup: String

    func run() throws {
        let source = Library(root: URL(fileURLWithPath: backup))
        guard source.exists else {
            Output.error(backup, "这里没有备份（缺少 catalog.sqlite）")
            throw ItemsFailed()
        }
        let catalog: Catalog
        do { catalog = try Catalog(library: source) } catch let e as CatalogError {
            throw ConfigurationError(e.message)
        }
        try BackupCommand.copy(catalog, to: global.library.root.path, json: global.json, verb: "已恢复")
    }
}
