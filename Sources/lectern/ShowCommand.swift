import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "显示一个节目的全部信息：元数据、各版本、检查结果、缩略图和历史记录。",
        discussion: "示例：lectern show 12")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("节目编号（lectern list 显示的数字）。", valueName: ArgumentNames.id)) var lecture: LectureID

    func run() async throws {
        let id = lecture.value
        let (library, catalog) = try global.openCatalog()
        guard let d = try await catalog.lecture(id) else {
            Output.error("#\(id)", "目录中没有这个节目")
            throw ItemsFailed()
        }
        if global.json {
            Output.json(d)
            return
        }
        let l = d.lecture
        var rows: [(String, String)] = [
            ("标题", l.title), ("主讲人", Self.speakers(l.speaker, d.speakers)), ("组织", l.organisation ?? "—"),
            ("主题", (l.topic ?? "—") + (l.theme.map { "（专题：\($0)）" } ?? (l.topic == nil ? "" : "（未归入专题）"))),
            ("类型", catalog.kinds.kind(code: l.kind).name),
            ("录制日期", l.recordedOn ?? "—"), ("时长", l.durationSeconds.map(Chinese.duration) ?? "—"),
            ("状态", l.status.chinese),
        ]
        if let panel = d.panel {
            rows.append(("评分", panel.chinese))
            for s in panel.scores {
                let items = "内容\(s.scores.content) 形式\(s.scores.form) 语言\(s.scores.language) 效果\(s.scores.effect)"
                rows.append(("", "\(s.reviewer)：\(items)" + (s.comment.map { "；\($0)" } ?? "")))
            }
        }
        if let desc = d.description { rows.append(("简介", desc)) }
        if !d.tags.isEmpty { rows.append(("标签", d.tags.joined(separator: "、"))) }
        Output.line("#\(l.id)")
        for (k, v) in rows { Output.line("  \(TerminalWidth.fit(k, 8)) \(v)") }
        for v in d.versions {
            Output.line(
                "  第 \(v.number) 版  \(v.originalName)  \(Human.bytes(v.sizeBytes))  \(LectureDay.minute(v.ingestedAt))")
            Output.line("    文件   \(library.url(v.storedPath).path)")
            Output.line("    SHA-256 \(v.sha256)")
            if let info = v.mediaInfo, let video = info.video {
                Output.line(
                    "    视频   \(video.codec) \(video.width)×\(video.height)\(info.audio.map { "，音频 \($0.codec)" } ?? "，无音频")"
                )
            }
            let findings = v.policyFindings
            Output.line("    检查   " + (findings.isEmpty ? "通过" : findings.map(\.message).joined(separator: "；")))
            if let poster = v.posterPath { Output.line("    封面   \(library.url(poster).path)") }
            if let sheet = v.sheetPath { Output.line("    总览   \(library.url(sheet).path)") }
        }
        for a in d.attachments {
            let size = a.scanned ? "扫描件，没有文字" : "\(a.characters) 字"
            Output.line(
                "  \(TerminalWidth.fit(a.role.chinese, 8)) \(a.originalName)（附件 #\(a.id)，\(a.format.chinese)，\(size)）")
            Output.line("    文件   \(library.url(a.storedPath).path)")
        }
        for n in d.notices { Output.line("  注意     \(n.message)") }
        if !d.nearDuplicates.isEmpty {
            Output.line("  疑似重复（画面或声音相同的其他节目）")
            for n in d.nearDuplicates {
                Output.line("    \(n.chinese)")
                for r in n.rangesChinese() { Output.line("      \(r)") }
            }
        }
        if !d.scriptMatches.isEmpty {
            Output.line("  讲稿比对（与其他节目的讲稿或参考资料相同）")
            for m in d.scriptMatches {
                Output.line("    \(m.chinese)")
                let other = m.lectureId.map { "#\($0)" } ?? "参考资料"
                for p in m.passages {
                    Output.line("      相同的一段（\(p.length) 字）")
                    Output.line("        \(TerminalWidth.fit("本节目", 8))  \(Self.excerpt(p.text, p.length))")
                    Output.line("        \(TerminalWidth.fit(other, 8))  \(Self.excerpt(p.otherText, p.length))")
                }
            }
        }
        Output.line("  历史记录")
        for e in d.history {
            Output.line(
                "    \(LectureDay.minute(e.at))  \(e.actorChinese)  \(e.actionChinese)  \(e.stateChangeChinese)"
                    + (e.note.isEmpty ? "" : "  \(e.note)"))
        }
    }
}

extension Show {
    /// A passage on one line: its first 60 characters, and how long it is when longer.
    static func excerpt(_ text: String, _ length: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= 60 ? flat : String(flat.prefix(60)) + "……"
    }

    /// 「王芳（#12，龙王庙村党支部，普通党员）」, or the name as written when not in the register.
    static func speakers(_ written: String?, _ people: [PersonView]) -> String {
        guard !people.isEmpty else { return written.map { "\($0)（未关联名册）" } ?? "—" }
        return people.map { "\($0.name)（#\($0.id)，\($0.organisation)，\($0.role)）" }.joined(separator: "、")
    }
}
