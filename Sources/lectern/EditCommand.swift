import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Edit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "修改节目信息（标题、主讲人、组织、主题、类型、录制日期、简介、标签），记入审核日志。",
        discussion: """
            只修改写出的项；写空值（""）清除该项（标题不能清除）。
            示例：
              lectern edit 12 --title "七一特别党课：不忘初心" --speaker 王芳
              lectern edit 12 --organisation 春华镇 --recorded-on 2026年7月1日 --tags "七一;专题"
              lectern edit 30 --kind 教育片
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("节目编号。", valueName: ArgumentNames.id)) var lecture: LectureID
    @Option(help: ArgumentHelp("标题。", valueName: ArgumentNames.text)) var title: String?
    @Option(help: ArgumentHelp("主讲人。", valueName: ArgumentNames.text)) var speaker: String?
    @Option(
        name: [.customLong("organisation"), .customLong("org")],
        help: ArgumentHelp("组织的编号或完整名称。", valueName: ArgumentNames.organisation))
    var organisation: String?
    @Option(help: ArgumentHelp("主题（按 lectern.toml 的主题归类）。", valueName: ArgumentNames.text)) var topic: String?
    @Option(help: ArgumentHelp("类型：微党课、教育片，或 lectern.toml 中加的类型。", valueName: ArgumentNames.itemKind))
    var kind: String?
    @Option(
        name: .customLong("recorded-on"),
        help: ArgumentHelp("录制日期，如 2026-07-01、2026/7/1 或 2026年7月1日（写 \"\" 清除）。", valueName: ArgumentNames.day))
    var recordedOn: String?
    @Option(help: ArgumentHelp("简介。", valueName: ArgumentNames.text)) var description: String?
    @Option(help: ArgumentHelp("标签，用 ; 分开（替换原有标签）。", valueName: ArgumentNames.text)) var tags: String?

    var id: Int64 { lecture.value }

    var changes: LectureMetadata {
        LectureMetadata(
            title: title, speaker: speaker, organisation: organisation, topic: topic,
            recordedOn: recordedOn.map { $0.isEmpty ? "" : TypedDay.parse($0) ?? $0 },
            description: description,
            tags: tags.map {
                $0.split(whereSeparator: { $0 == ";" || $0 == "；" })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }, kind: kind)
    }

    func validate() throws {
        if changes.isEmpty {
            throw ValidationError(
                "没有要修改的内容：至少写一项 --title、--speaker、--organisation、--topic、--kind、--recorded-on、--description 或 --tags")
        }
        if let recordedOn, !recordedOn.isEmpty, TypedDay.parse(recordedOn) == nil {
            throw ValidationError("--recorded-on：「\(recordedOn)」不是日期；可以写 \(TypedDay.examples)")
        }
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--title 不能为空")
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
        if global.json {
            Output.json(EditedLine(id: id, changes: made))
        } else {
            Output.line(made.isEmpty ? "#\(id) 没有变化（原来就是这样）" : "#\(id) 已修改：" + made.joined(separator: "；"))
        }
        if let topic, !topic.isEmpty, catalog.themes.match(topic, normalise: SearchText.normalize) == nil {
            Output.warning("#\(id)", catalog.themes.unmatched(topic))
        }
    }
}
