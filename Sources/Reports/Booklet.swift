import Catalog
import Foundation
import LecternCore

extension Export {
    /// 优秀微党课汇编: one self-contained HTML booklet, printable to A4. A cover, the contents,
    /// then each lecture on its own page: poster, title, speaker and unit, theme, the panel's
    /// scores item by item, and their comments.
    public static func booklet(
        _ lectures: [LectureDetail], library: Library, title: String, period: String, issuer: String?, generated: Date
    ) -> String {
        var html = """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            @page{size:A4;margin:18mm 16mm}
            body{font-family:"Noto Serif CJK SC","Source Han Serif SC","Noto Sans CJK SC","Microsoft YaHei",serif;color:#222;max-width:178mm;margin:0 auto}
            .cover{height:250mm;display:flex;flex-direction:column;justify-content:center;text-align:center;break-after:page}
            .cover h1{font-size:30pt;color:#b71c1c;margin:0 0 .4em}
            .cover p{font-size:14pt;color:#555;margin:.2em}
            .toc{break-after:page}
            .toc h2,.lecture h2{color:#b71c1c;border-bottom:2px solid #b71c1c;padding-bottom:.2em}
            .toc ol{line-height:1.9}
            .lecture{break-after:page;break-inside:avoid}
            .lecture:last-of-type{break-after:auto}
            .lecture img{width:100%;aspect-ratio:16/9;object-fit:cover;background:#333;display:block;margin:.6em 0}
            .meta{color:#444;line-height:1.8}
            table{border-collapse:collapse;width:100%;margin:.8em 0;font-size:10.5pt}
            th,td{border:1px solid #999;padding:3px 6px;text-align:center}
            td.c{text-align:left}
            .score{font-size:16pt;color:#b71c1c;font-weight:bold}
            footer{color:#777;font-size:9pt;margin-top:1em}
            </style></head><body>
            <section class="cover"><h1>\(escape(title))</h1><p>\(escape(period))</p>
            <p>共 \(lectures.count) 节</p><p>\(escape(issuer ?? ""))</p></section>
            <section class="toc"><h2>目录</h2><ol>

            """
        for d in lectures {
            html += "<li>\(escape(d.lecture.title))（\(escape(speakerLine(d)))）</li>\n"
        }
        html += "</ol></section>\n"
        for (i, d) in lectures.enumerated() {
            let l = d.lecture
            let poster = d.versions.last?.posterPath.flatMap {
                FileManager.default.contents(atPath: library.url($0).path)
            }
            html += "<section class=\"lecture\"><h2>\(i + 1). \(escape(l.title))</h2>\n"
            if let poster { html += "<img alt=\"\" src=\"data:image/jpeg;base64,\(poster.base64EncodedString())\">\n" }
            var meta = ["主讲人：\(speakerLine(d))", "报送单位：\(l.organisation ?? "—")"]
            if let theme = l.theme ?? l.topic { meta.append("专题：\(theme)") }
            meta.append("时长：\(l.durationSeconds.map(Chinese.duration) ?? "—")　编号：#\(l.id)")
            if let s = summary(d.description) { meta.append("内容简介：\(s)") }
            html += "<div class=\"meta\">\(meta.map(escape).joined(separator: "<br>"))</div>\n"
            if let panel = d.panel {
                html += "<p>评选小组评分：<span class=\"score\">\(String(format: "%.1f", panel.mean))</span> 分"
                html += "（\(panel.count) 位评委"
                if panel.count > 1 {
                    html += "，\(String(format: "%.1f", panel.lowest))–\(String(format: "%.1f", panel.highest))"
                }
                html +=
                    "）</p>\n<table><tr><th>评委</th><th>内容</th><th>形式</th><th>语言</th><th>效果</th><th>平均</th><th>评语</th></tr>\n"
                for s in panel.scores {
                    let cells = [s.scores.content, s.scores.form, s.scores.language, s.scores.effect].map {
                        "<td>\($0)</td>"
                    }
                    html +=
                        "<tr><td>\(escape(s.reviewer))</td>\(cells.joined())<td>\(String(format: "%.1f", s.mean))</td>"
                    html += "<td class=\"c\">\(escape(s.comment ?? ""))</td></tr>\n"
                }
                html += "</table>\n"
            }
            html += "</section>\n"
        }
        html += "<footer>Lectern 生成于 \(escape(iso(generated)))</footer>\n</body></html>\n"
        return html
    }

    static func speakerLine(_ d: LectureDetail) -> String {
        guard !d.speakers.isEmpty else { return d.lecture.speaker ?? "—" }
        return d.speakers.map { "\($0.name)（\($0.organisation)，\($0.role)）" }.joined(separator: "、")
    }

    public static let excellentCSVHeader = [
        "名次", "编号", "标题", "主讲人", "主讲人单位", "报送单位", "专题", "平均分", "最低", "最高", "评委人数", "评语",
    ]

    public static func excellentCSVRow(_ rank: Int, _ d: LectureDetail) -> [String] {
        let l = d.lecture
        let f = { (x: Double?) in x.map { String(format: "%.2f", $0) } ?? "" }
        return [
            "\(rank)", "\(l.id)", l.title,
            d.speakers.isEmpty ? (l.speaker ?? "") : d.speakers.map(\.name).joined(separator: "、"),
            d.speakers.map(\.organisation).joined(separator: "、"), l.organisation ?? "", l.theme ?? l.topic ?? "",
            f(d.panel?.mean), f(d.panel?.lowest), f(d.panel?.highest), "\(d.panel?.count ?? 0)",
            (d.panel?.scores ?? []).compactMap { s in s.comment.map { "\(s.reviewer)：\($0)" } }.joined(separator: "；"),
        ]
    }
}
