import Catalog
import Foundation
import LecternCore

/// The month's 观看教育片预告: the films of the list with their length, theme and a short
/// description, and where to watch; as text to paste into WeChat and as one HTML page.
public struct FilmNotice: Sendable {
    public var month: String
    public var films: [PlannedFilm]
    public var issuer: String?
    public var whereToWatch: String

    public init(month: String, films: [PlannedFilm], issuer: String?, whereToWatch: String) {
        self.month = month
        self.films = films
        self.issuer = issuer
        self.whereToWatch = whereToWatch
    }

    /// 「2026年12月」, as the reports name a month.
    var label: String { (try? ReportPeriod.month(month))?.label ?? month }

    public var title: String { "\(label)党员教育片观看预告" }

    /// At most `limit` characters of a description, cut at a sentence end when one is near.
    static func short(_ text: String?, limit: Int = 80) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.count > limit else { return text }
        let head = String(text.prefix(limit))
        if let end = head.lastIndex(where: { "。！？；".contains($0) }),
            head.distance(from: head.startIndex, to: end) > limit / 2
        {
            return String(head[...end])
        }
        return head + "……"
    }

    func meta(_ f: PlannedFilm) -> String {
        ([f.durationSeconds.map { "片长 \(Chinese.duration($0))" }, f.theme ?? f.topic].compactMap { $0 })
            .joined(separator: " · ")
    }

    /// For WeChat: plain lines, numbered.
    public var text: String {
        var out = "【\(title)】\n"
        out += "按照“一月一课一片一实践”主题党日安排，\(label)组织党员观看以下教育片：\n\n"
        for f in films {
            out += "\(f.position). 《\(f.title)》\(meta(f).isEmpty ? "" : "（\(meta(f))）")\n"
            if let d = Self.short(f.description) { out += "   \(d)\n" }
        }
        out += "\n观看地点：\(whereToWatch)\n"
        out += "观看后请在支部主题党日记录中写明观看影片和讨论交流情况。\n"
        if let issuer { out += "\n\(issuer)\n" }
        return out
    }

    /// One page with the posters inside it.
    public func html(poster: (String) -> Data?) -> String {
        var html = """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Export.escape(title))</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:1.5em auto;max-width:720px;color:#222;padding:0 1em;line-height:1.6}
            h1{color:#b71c1c;font-size:1.5em;border-bottom:3px solid #b71c1c;padding-bottom:.3em}
            .film{display:flex;gap:1em;margin:1.2em 0;border-bottom:1px solid #eee;padding-bottom:1em}
            .film img{width:200px;aspect-ratio:16/9;object-fit:cover;background:#333;border-radius:4px;flex:none}
            .film h2{font-size:1.1em;margin:0 0 .3em}
            .m{color:#666;font-size:.9em}
            .where{background:#fff3e0;border-left:4px solid #b71c1c;padding:.6em 1em}
            @media (max-width:560px){.film{flex-direction:column}.film img{width:100%}}
            </style></head><body>
            <h1>\(Export.escape(title))</h1>
            <p>按照“一月一课一片一实践”主题党日安排，\(label)组织党员观看以下 \(films.count) 部教育片。</p>

            """
        for f in films {
            let img =
                f.posterPath.flatMap(poster).map {
                    "<img alt=\"\" src=\"data:image/jpeg;base64,\($0.base64EncodedString())\">"
                } ?? "<img alt=\"\">"
            html += "<div class=\"film\">\(img)<div><h2>\(f.position). 《\(Export.escape(f.title))》</h2>"
            html += "<div class=\"m\">\(Export.escape(meta(f)))</div>"
            if let d = Self.short(f.description, limit: 160) { html += "<p>\(Export.escape(d))</p>" }
            html += "</div></div>\n"
        }
        html += "<p class=\"where\">观看地点：\(Export.escape(whereToWatch))</p>\n"
        html += "<p>观看后请在支部主题党日记录中写明观看影片和讨论交流情况。</p>\n"
        if let issuer { html += "<p style=\"text-align:right\">\(Export.escape(issuer))</p>\n" }
        return html + "</body></html>\n"
    }
}
