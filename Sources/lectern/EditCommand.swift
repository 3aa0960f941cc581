import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Edit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "修改节目信息（标题、主讲人、组织、主题、录制日期、简介、标签），记入审核日志。",
        discussion: """
            Only the options given change; an empty value ("") clears a field (not the title).
            Examples:
              lectern edit 12 --title "七一特别党课：不忘初心" --speaker 王芳
              lectern edit 12 --organisation 春华镇 --recorded-on 2026-07-01 --tags "七一;专题"
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Lecture id.") var id: Int64
    @Option(help: "Title.") var title: String?
    @Option(help: "Speaker.") var speaker: String?
    @Option(name: [.customLong("organisation"), .customLong("org")], help: "Organisation id or exact name.")
    var organisation: String?
    @Option(help: "Topic.") var topic: String?
    @Option(name: .customLong("recorded-on"), help: "Day it was recorded, yyyy-MM-dd.") var recordedOn: String?
    @Option(help: "Description.") var description: String?
    @Option(help: "Tags, separated by ; (replaces the old ones).") var tags: String?

    var changes: LectureMetadata {
        LectureMetadata(
            title: title, speaker: speaker, organisation: organisation, topic: topic, recordedOn: recordedOn,
            description: description,
            tags: tags.map {
                $0.split(whereSeparator: { $0 == ";" || $0 == "；" })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            })
    }

    func validate() throws {
        if changes.isEmpty {
            throw ValidationError(
                "nothing to change: give at least one of --title, --speaker, --organisation, --topic, --recorded-on, --description, --tags"
            )
        }
        if let recordedOn, !recordedOn.isEmpty, !LectureDay.valid(recordedOn) {
            throw ValidationError("--recorded-on must be yyyy-MM-dd")
        }
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--title cannot be empty")
        }
    }

    func run() async throws {
        let (_, catalog) = try global.openCatalog(writing: true)
        let made: [String]
        do {
            made = try await catalog.edit(id, changes, actor: global.actingUser, now: global.now)
        } catch let error as CatalogError {
            Output.error("#\(id)", error.message)
            throw ItemsFailed()
        }
        struct Result: Encodable { var id: Int64; var changes: [String] }
        if global.json {
            Output.json(Result(id: id, changes: made))
        } else {
            Output.line(made.isEmpty ? "#\(id) 没有变化（原来就是这样）" : "#\(id) 已修改：" + made.joined(separator: "；"))
        }
    }
}
