import Catalog
import Foundation
import LecternCore

/// What `lectern export` writes, as plain functions of catalog records.
public enum Export {
    /// An M3U playlist of the lectures' stored files, for a lobby screen that loops them.
    public static func playlist(_ lectures: [LectureDetail], library: Library) -> String {
        var out = "#EXTM3U\n"
        for d in lectures {
            guard let v = d.versions.last else { continue }
            let seconds = Int((d.lecture.durationSeconds ?? -1).rounded())
            let who = [d.lecture.speaker, d.lecture.organisation].compactMap { $0 }.joined(separator: " · ")
            out += "#EXTINF:\(seconds),\(oneLine(d.lecture.title))\(who.isEmpty ? "" : " — \(oneLine(who))")\n"
            out += library.url(v.storedPath).path + "\n"
        }
        return out
    }

    public static let csvHeader = [
        "编号", "类型", "标题", "主讲人", "组织", "组织路径", "主题", "专题", "录制日期", "时长（秒）", "状态", "标签",
        "简介", "原文件名", "SHA-256", "资料库中的文件", "导入时间",
    ]

    /// One row per lecture, all the fields staff use, for Excel.
    public static func csvRow(_ d: LectureDetail, library: Library, kinds: ItemKinds = ItemKinds()) -> [String] {
        let l = d.lecture, v = d.versions.last
        return [
            "\(l.id)", kinds.kind(code: l.kind).name, l.title, l.speaker ?? "", l.organisation ?? "",
            d.organisationPath ?? "", l.topic ?? "", l.theme ?? "",
            l.recordedOn ?? "", l.durationSeconds.map { String(format: "%.0f", $0) } ?? "",
            l.status.chinese, d.tags.joined(separator: ";"), d.description ?? "",
            v?.originalName ?? "", v?.sha256 ?? "", v.map { library.url($0.storedPath).path } ?? "",
            iso(l.createdAt),
        ]
    }

    /// The month's "order menu" (点单): lectures grouped by topic, each with its poster, title,
    /// speaker, branch and length. One HTML file with the posters inside it.
    public static func menu(_ lectures: [LectureDetail], library: Library, title: String, generated: Date) -> String {
        // By theme (乡村振兴 and 鄉村振興专题 are one group); a topic no theme matched, as written.
        let groups = Dictionary(grouping: lectures, by: { $0.lecture.theme ?? $0.lecture.topic ?? "其他" })
        var html = """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
            h1{color:#b71c1c;border-bottom:3px solid #b71c1c;padding-bottom:.3em}
            h2{color:#b71c1c;margin-top:1.6em}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1em}
            .card{border:1px solid #ddd;border-radius:6px;overflow:hidden;background:#fff;break-inside:avoid}
            .card img{width:100%;display:block;aspect-ratio:16/9;object-fit:cover;background:#333}
            .card .t{font-weight:bold;padding:.5em .6em .2em}
            .card .m{color:#555;font-size:.9em;padding:0 .6em .6em}
            .card .s{font-size:.9em;padding:0 .6em .5em}
            .card .p{color:#7a1a1a;font-size:.85em;padding:0 .6em .5em}
            footer{margin-top:2em;color:#777;font-size:.85em}
            @media print{body{margin:0}.card{border-color:#999}}
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p>共 \(lectures.count) 个节目，按专题分组。各支部可按编号点单。</p>

            """
        for topic in groups.keys.sorted() {
            html += "<h2>\(escape(topic))（\(groups[topic]?.count ?? 0)）</h2>\n<div class=\"grid\">\n"
            for d in (groups[topic] ?? []).sorted(by: { $0.lecture.id < $1.lecture.id }) {
                let l = d.lecture
                let poster = d.versions.last?.posterPath.flatMap {
                    FileManager.default.contents(atPath: library.url($0).path)
                }
                let img =
                    poster.map { "<img alt=\"\" src=\"data:image/jpeg;base64,\($0.base64EncodedString())\">" }
                    ?? "<img alt=\"\">"
                let meta = ["#\(l.id)", l.speaker, l.organisation, l.durationSeconds.map(Chinese.duration)].compactMap {
                    $0
                }
                html +=
                    "<div class=\"card\">\(img)<div class=\"t\">\(escape(l.title))</div>"
                    + "<div class=\"m\">\(meta.map(escape).joined(separator: " · "))</div>"
                    + (summary(d.description).map { "<div class=\"s\">\(escape($0))</div>" } ?? "")
                    + d.speakers.map { "<div class=\"p\">\(escape(entry($0)))</div>" }.joined() + "</div>\n"
            }
            html += "</div>\n"
        }
        html += "<footer>Lectern 生成于 \(escape(iso(generated)))</footer>\n</body></html>\n"
        return html
    }

    /// A lecture's summary for the menu: its description's first 80 characters.
    public static func summary(_ description: String?) -> String? {
        guard let text = description?.split(separator: "\n").first.map(String.init), !text.isEmpty else { return nil }
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }

    /// A speaker's register entry: 「主讲人 王芳 · 龙王庙村党支部 · 本土讲师 · 专题：乡村振兴 · 接受点单」.
    public static func entry(_ p: PersonView) -> String {
        (["主讲人 \(p.name)", p.organisation, p.role]
            + (p.subjects.isEmpty ? [] : ["专题：" + p.subjects.joined(separator: "、")])
            + (p.takesOrders ? ["接受点单"] : [])).joined(separator: " · ")
    }

    /// Text for HTML: & < > " ' escaped.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func oneLine(_ s: String) -> String {
        s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    static func iso(_ d: Date) -> String {
        let f = DateFormatter()
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }
}
