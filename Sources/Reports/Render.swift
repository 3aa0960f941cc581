import Catalog
import Foundation
import LecternCore

/// The formats of `lectern report`: text for the terminal (columns aligned for Chinese), md,
/// csv (UTF-8 with BOM, Chinese headers, CRLF: opens right in Excel) and html (one page,
/// self-contained: inline CSS, bar charts as inline SVG, posters as data URIs; printable).
public enum ReportFormat: String, CaseIterable, Sendable, TypedWord {
    case text, md, csv, html

    public static var noun: String { "格式" }
    public var chinese: String {
        switch self {
        case .text: "文本"
        case .md: "Markdown"
        case .csv: "表格"
        case .html: "网页"
        }
    }
    public var aliases: [String] {
        switch self {
        case .text: ["文字", "txt", "终端"]
        case .md: ["markdown"]
        case .csv: ["excel", "电子表格", "CSV 表格"]
        case .html: ["htm", "网页版", "打印"]
        }
    }
}

extension ReportDocument {
    public func render(_ format: ReportFormat, image: (String) -> Data? = { _ in nil }) -> String {
        switch format {
        case .text: renderText()
        case .md: renderMarkdown()
        case .csv: renderCSV()
        case .html: renderHTML(image: image)
        }
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = LectureDay.calendar.timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    func heading(_ i: Int, _ s: Section) -> String {
        "\(Numerals.chinese(i + 1))、\(s.title)"
    }

    /// 「数据截至 2026-09-30」: what every report says it counts to.
    var asOfLine: String { "数据截至 \(asOf)" }

    // MARK: text

    func renderText() -> String {
        var out = "\(title)\n\(period)    \(asOfLine)    生成于 \(Self.stamp(generatedAt))\n"
        if let status { out += "注意：\(status)\n" }
        out += "\n"
        out += figures.map { "\($0.label) \($0.value)" + ($0.alert ? " ！" : "") }.joined(separator: "    ") + "\n"
        for (i, s) in sections.enumerated() {
            out += "\n" + heading(i, s) + (s.rows.isEmpty ? "" : "（\(s.rows.count) 项）") + "\n"
            if s.rows.isEmpty {
                out += "  \(s.empty)\n"
            } else {
                out += Self.table(s)
            }
            if let note = s.note { out += "  注：\(note)\n" }
        }
        return out
    }

    /// Columns padded by display width (a Chinese character takes two); long text cut with "…".
    static func table(_ s: Section) -> String {
        let cells = s.rows.enumerated().map { r, row in
            row.enumerated().map { c, cell in
                c == 0 && r < s.depth.count ? String(repeating: "  ", count: s.depth[r]) + cell : cell
            }
        }
        // Long text is cut, but never a contact (a phone number cut is no number) nor the last
        // column, which nothing follows.
        let widths = s.columns.indices.map { c in
            let widest =
                ([s.columns[c].title] + cells.map { c < $0.count ? $0[c] : "" }).map(TerminalWidth.of).max() ?? 0
            if c == s.columns.count - 1 || s.columns[c].title == "联系人" { return widest }
            return min(c == 0 || s.columns[c].title == "标题" ? 36 : 28, widest)
        }
        func line(_ row: [String]) -> String {
            "  "
                + s.columns.indices.map { c in
                    let cell = c < row.count ? row[c] : ""
                    if s.columns[c].numeric {
                        return String(repeating: " ", count: max(0, widths[c] - TerminalWidth.of(cell))) + cell
                    }
                    return TerminalWidth.fit(cell, widths[c])
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                + "\n"
        }
        return line(s.columns.map(\.title)) + cells.map(line).joined()
    }

    // MARK: markdown

    func renderMarkdown() -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "# \(title)\n\n\(period) · \(asOfLine) · 生成于 \(Self.stamp(generatedAt))\n\n"
        if let status { out += "> \(status)\n\n" }
        out += figures.map { "- **\(cell($0.label))**：\(cell($0.value))" }.joined(separator: "\n") + "\n"
        for (i, s) in sections.enumerated() {
            out += "\n## \(heading(i, s))\n\n"
            if s.rows.isEmpty {
                out += "\(s.empty)\n"
            } else {
                out += "| " + s.columns.map { cell($0.title) }.joined(separator: " | ") + " |\n"
                out += "|" + s.columns.map { $0.numeric ? " ---: |" : " --- |" }.joined() + "\n"
                for (r, row) in s.rows.enumerated() {
                    let indent = r < s.depth.count ? String(repeating: "　", count: s.depth[r]) : ""
                    out +=
                        "| " + row.enumerated().map { c, v in cell(c == 0 ? indent + v : v) }.joined(separator: " | ")
                        + " |\n"
                }
            }
            if let note = s.note { out += "\n> 注：\(note)\n" }
        }
        return out
    }

    // MARK: csv

    /// "72（73%）" → ("72", "73"); "291.4 分钟" → ("291.4", nil); anything else as it is.
    static func splitFigure(_ text: String) -> (String, String?) {
        if let m = text.firstMatch(of: #/^(\d+(?:\.\d+)?)(?:（(\d+(?:\.\d+)?)%）)?(?:\s*(?:分钟|天|分))?$/#) {
            return (String(m.1), m.2.map(String.init))
        }
        if let m = text.firstMatch(of: #/^(\d+)/(\d+)$/#) { return (String(m.1), nil) }
        return (text, nil)
    }

    /// The unit a figure's value carries, moved into its label: "（分钟）".
    static func unit(of text: String) -> String {
        if text.hasSuffix("分钟") { return "（分钟）" }
        if let m = text.firstMatch(of: #/^\d+/(\d+)$/#) { return "（共 \(m.1)）" }
        return ""
    }

    /// "#27" → "27", "50%" → "50"; other cells as they are.
    static func csvCell(_ text: String) -> String {
        if text.hasPrefix("#"), Int(text.dropFirst()) != nil { return String(text.dropFirst()) }
        if text.hasSuffix("%"), Double(text.dropLast()) != nil { return String(text.dropLast()) }
        return text
    }

    func renderCSV() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }
        var out = "\u{FEFF}" + line([title, period, asOfLine, "生成于 " + Self.stamp(generatedAt)])
        if let status { out += line([status]) }
        // One value per cell, numbers as numbers, so that Excel sums and sorts them: a figure's
        // count and share in cells of their own, ids without their #, percentages as numbers
        // under a header that says so.
        out += line(["指标", "数值", "占比（%）"])
        for f in figures {
            let (value, share) = Self.splitFigure(f.value)
            out += line([f.label + Self.unit(of: f.value), value, share ?? ""])
        }
        for (i, s) in sections.enumerated() {
            out += "\r\n" + line([heading(i, s)])
            let tree = !s.depth.isEmpty
            let percent = s.columns.indices.map { c in s.rows.contains { c < $0.count && $0[c].hasSuffix("%") } }
            out += line(
                (tree ? ["层级"] : []) + s.columns.enumerated().map { c, col in col.title + (percent[c] ? "（%）" : "") })
            if s.rows.isEmpty { out += line([s.empty]) }
            for (r, row) in s.rows.enumerated() {
                out += line((tree ? ["\(s.depth[r] + 1)"] : []) + row.map(Self.csvCell))
            }
        }
        return out
    }

    // MARK: html

    static func escape(_ s: String) -> String { Export.escape(s) }

    /// Columns of names (and contacts: a phone number cut at its hyphen is no number) kept on one line.
    static let nameColumns: Set<String> = [
        "支部", "上级", "乡镇（街道）", "组织", "责任支部", "名次", "编号", "状态", "情况", "联系人",
    ]

    /// `text` as a CSS string's content.
    static func cssString(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "<", with: "\\3C ")
    }

    func renderHTML(image: (String) -> Data?) -> String {
        let e = Self.escape
        var body = """
            <header><h1>\(e(title))</h1><p class="period">\(e(period)) · \(e(asOfLine))<span>生成于 \(e(Self.stamp(generatedAt)))</span></p>\
            \(status.map { "<p class=\"status\">\(e($0))</p>" } ?? "")</header>
            <section class="figures">
            """
        for f in figures {
            body +=
                "<div class=\"figure\(f.alert ? " alert" : "")\"><b>\(e(f.value))</b><span>\(e(f.label))</span></div>"
        }
        body += "</section>\n"
        for (i, s) in sections.enumerated() {
            body += "<section class=\"part\"><h2>\(e(heading(i, s)))</h2>\n"
            if let chart = s.chart, !s.rows.isEmpty { body += Self.barChart(s, chart) }
            if s.rows.isEmpty {
                body += "<p class=\"empty\">\(e(s.empty))</p>\n"
            } else {
                let withPosters = s.posters.contains { $0 != nil }
                body += "<table><thead><tr>" + (withPosters ? "<th>封面</th>" : "")
                body +=
                    s.columns.map { "<th\($0.numeric ? " class=\"n\"" : "")>\(e($0.title))</th>" }.joined()
                    + "</tr></thead><tbody>\n"
                for (r, row) in s.rows.enumerated() {
                    let depth = r < s.depth.count ? s.depth[r] : 0
                    body += s.depth.isEmpty ? "<tr>" : "<tr class=\"d\(min(depth, 3))\">"
                    if withPosters {
                        if let path = s.posters[r], let data = image(path) {
                            body +=
                                "<td><img class=\"poster\" alt=\"封面\" src=\"data:image/jpeg;base64,\(data.base64EncodedString())\"></td>"
                        } else {
                            body += "<td></td>"
                        }
                    }
                    for (c, v) in row.enumerated() where c < s.columns.count {
                        var cls = s.columns[c].numeric ? "n" : ""
                        // Dates and organisation names never break across lines (「2025-12-/27」).
                        if v.count == 10, LectureDay.valid(v) { cls += " date" }
                        if Self.nameColumns.contains(s.columns[c].title) { cls += " name" }
                        if v.hasPrefix("未完成") || v == "未开展" { cls += " bad" }
                        if v == "已完成" || v == "已开展" { cls += " good" }
                        let style = c == 0 && depth > 0 ? " style=\"padding-left:\(0.6 + Double(depth) * 1.2)em\"" : ""
                        body +=
                            "<td\(cls.isEmpty ? "" : " class=\"\(cls.trimmingCharacters(in: .whitespaces))\"")\(style)>\(e(v))</td>"
                    }
                    body += "</tr>\n"
                }
                body += "</tbody></table>\n"
            }
            if let note = s.note { body += "<p class=\"note\">注：\(e(note))</p>\n" }
            body += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title)) · \(e(period))</title>
            <style>
            @page { size: A4; margin: 18mm 12mm 18mm;
              @top-center { content: "\(Self.cssString([issuer, title, period, asOfLine].compactMap { $0 }.joined(separator: " · ")))"; font-size: 9pt; color: #666; }
              @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #666; } }
            body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
                   color: #1d1d1f; margin: 0 auto; max-width: 980px; padding: 24px; line-height: 1.5; font-size: 14px; }
            header { border-bottom: 3px solid #b71c1c; margin-bottom: 16px; }
            h1 { color: #b71c1c; font-size: 26px; margin: 0 0 4px; letter-spacing: 2px; }
            .period { margin: 0 0 10px; font-size: 15px; } .period span { float: right; color: #666; font-size: 12px; }
            .status { margin: 0 0 10px; padding: 6px 10px; background: #fff8c5; border-radius: 4px; font-size: 14px; }
            .figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0 8px; }
            .figure { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 110px; background: #fafafa; }
            .figure b { display: block; font-size: 20px; } .figure span { color: #555; font-size: 12px; }
            .figure.alert { border-color: #e53935; background: #fff5f5; } .figure.alert b { color: #c62828; }
            h2 { font-size: 17px; border-left: 4px solid #b71c1c; padding-left: 8px; margin: 22px 0 8px; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th, td { border: 1px solid #d9d9d9; padding: 4px 8px; text-align: left; vertical-align: middle; }
            th { background: #f3f3f3; font-weight: 600; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            tr.d0 td { font-weight: 600; background: #fbf3f3; } tr.d1 td:first-child { font-weight: 600; }
            td.bad { color: #c62828; } td.good { color: #2e7d32; }
            img.poster { width: 96px; height: auto; display: block; border-radius: 3px; }
            .empty { color: #2e7d32; } .note { color: #666; font-size: 12px; margin: 6px 0 0; }
            svg.chart { display: block; margin: 4px 0 10px; max-width: 100%; height: auto; }
            section.part { break-inside: auto; } tr { break-inside: avoid; } thead { display: table-header-group; }
            h2 { break-after: avoid; page-break-after: avoid; } h2 + table, h2 + svg, h2 + p { break-before: avoid; }
            th, td.n, td.date, td.name { white-space: nowrap; } td { overflow-wrap: break-word; }
            @media print { body { padding: 0; max-width: none; } .figure { background: none; } }
            </style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// Horizontal bars, one per row, labelled, longest first as the rows come.
    static func barChart(_ s: Section, _ chart: Chart) -> String {
        if let second = chart.secondColumn { return pairedBars(s, chart, second) }
        let rows = s.rows.prefix(30)
        let values = rows.map { Double($0[chart.valueColumn].replacingOccurrences(of: "%", with: "")) ?? 0 }
        let isPercent = rows.contains { $0[chart.valueColumn].hasSuffix("%") }
        let top = max(isPercent ? 100 : 1, values.max() ?? 1)
        let rowHeight = 22.0, labelWidth = 170.0, barWidth = 440.0
        let height = Double(rows.count) * rowHeight + 8
        var svg =
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"\(Int(height))\" viewBox=\"0 0 680 \(Int(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
        for (i, row) in rows.enumerated() {
            let y = 4 + Double(i) * rowHeight
            let w = max(values[i] > 0 ? 2 : 0, values[i] / top * barWidth)
            let label = escape(row[chart.labelColumn])
            svg +=
                "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Int(y + 15))\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">\(label)</text>"
            svg +=
                "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 3))\" width=\"\(String(format: "%.1f", w))\" height=\"15\" rx=\"2\" fill=\"#c0392b\"/>"
            svg +=
                "<text x=\"\(String(format: "%.1f", labelWidth + w + 6))\" y=\"\(Int(y + 15))\" font-size=\"12\" fill=\"#333\">\(escape(row[chart.valueColumn]))</text>"
        }
        return svg + "</svg>\n"
    }

    /// Two bars per row (the value column's in red, the second's in green) on one scale, with
    /// a legend naming both columns.
    static func pairedBars(_ s: Section, _ chart: Chart, _ second: Int) -> String {
        let rows = s.rows.prefix(30)
        func number(_ row: [String], _ c: Int) -> Double { Double(row[c]) ?? 0 }
        let top = max(1, rows.flatMap { [number($0, chart.valueColumn), number($0, second)] }.max() ?? 1)
        let rowHeight = 30.0, labelWidth = 170.0, barWidth = 440.0, legend = 22.0
        let height = legend + Double(rows.count) * rowHeight + 8
        let names = [s.columns[chart.valueColumn].title, s.columns[second].title].map(escape)
        let colours = ["#c0392b", "#2e7d32"]
        var svg =
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"\(Int(height))\" viewBox=\"0 0 680 \(Int(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
        for k in 0..<2 {
            let x = Int(labelWidth) + k * 90
            svg += "<rect x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(colours[k])\"/>"
            svg += "<text x=\"\(x + 16)\" y=\"15\" font-size=\"12\" fill=\"#333\">\(names[k])</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = legend + Double(i) * rowHeight
            svg +=
                "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Int(y + 18))\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">\(escape(row[chart.labelColumn]))</text>"
            for (k, column) in [chart.valueColumn, second].enumerated() {
                let value = number(row, column)
                let w = max(value > 0 ? 2 : 0, value / top * barWidth)
                let barY = y + 3 + Double(k) * 12
                svg +=
                    "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(barY))\" width=\"\(String(format: "%.1f", w))\" height=\"11\" rx=\"2\" fill=\"\(colours[k])\"/>"
                svg +=
                    "<text x=\"\(String(format: "%.1f", labelWidth + w + 6))\" y=\"\(Int(barY + 10))\" font-size=\"11\" fill=\"#333\">\(escape(row[column]))</text>"
            }
        }
        return svg + "</svg>\n"
    }
}
