import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "搜索节目：简体繁体、拼音（全拼、首字母）、单字和双字都能查，可加条件。",
        discussion: """
            词和 "词组" 在标题、主讲人、组织、主题、简介、标签和文件名中查找。党课、黨課、dangke、\
            dang ke 和 dk 都能找到“微党课”。
              -词                         排除含有这个词的节目
              speaker:吴辉  topic:党史  tag:七一  status:已通过   （也可写 主讲人: 主题: 标签: 状态:）
              org:春华镇                  这个组织及其下级（也可写 组织:）
              duration:5分钟..15分钟  duration:..3m  recorded:2024年1月..2024年6月  ingested:2026-11-01..
              score:>=8.5  score:8..9     评选小组的平均评分（也可写 评分:）
              text:"乡村振兴"              只查附上的讲稿和课件的文字（也可写 讲稿:）；不写时讲稿的文字也会查
              sort:录制日期               排序：相关度、录制日期、时长、导入时间、评分
            示例：
              lectern search 党课
              lectern search "二十大 精神" org:春华镇 -七一
              lectern search changsha duration:10分钟.. --sort 录制日期 --json
              lectern search status:待审核 --csv > 待审核.csv
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("查询条件（写法见上）。", valueName: ArgumentNames.query))
    var words: [String] = []

    @Option(help: ArgumentHelp("最多显示多少个结果（默认：20）。", valueName: ArgumentNames.count)) var limit = 20
    @Option(help: ArgumentHelp("排序：\(SearchQuery.Sort.accepted)。", valueName: ArgumentNames.sort))
    var sort: SearchQuery.Sort?
    @Flag(help: "输出带表头的 CSV（UTF-8 带 BOM，Excel 可直接打开）。") var csv = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit 至少为 1") }
    }

    func run() async throws {
        let text = words.joined(separator: " ")
        let query: SearchQuery
        do { query = try SearchQuery.parse(text) } catch {
            throw ConfigurationError("查询写法有误：\(error.message)\n\(error.pointing(at: text))")
        }
        let (_, catalog) = try global.openCatalog()
        let hits: [SearchHit]
        do {
            hits = try await catalog.search(query, limit: limit, sort: sort)
        } catch let error as CatalogError where error.kind == .notFound {
            Output.error(text, error.message)
            throw ItemsFailed()
        }
        if global.json {
            hits.forEach { Output.json($0) }
        } else if csv {
            Output.write(STDOUT_FILENO, [0xEF, 0xBB, 0xBF])
            Output.line(CSVText.row(["编号", "类型", "标题", "主讲人", "组织", "主题", "专题", "录制日期", "时长（秒）", "状态", "评分"]))
            for h in hits {
                Output.line(
                    CSVText.row([
                        "\(h.id)", catalog.kinds.kind(code: h.kind).name, h.title, h.speaker ?? "",
                        h.organisation ?? "",
                        h.topic ?? "", h.theme ?? "",
                        h.recordedOn ?? "", h.durationSeconds.map { String(format: "%.0f", $0) } ?? "",
                        h.status.chinese, h.panelScore.map { String(format: "%.2f", $0) } ?? "",
                    ]))
            }
        } else if hits.isEmpty {
            Output.line("没有找到符合条件的节目。")
        } else {
            let highlight = Output.isTerminal ? Highlighter(query) : nil
            let scored = hits.contains { $0.panelScore != nil }
            let header =
                [("编号", 7), ("标题", 32), ("主讲人", 8), ("组织", 14), ("录制日期", 10), ("时长", 9), ("状态", 10)]
                + (scored ? [("评分", 5)] : [])
            Output.line(header.map { TerminalWidth.fit($0.0, $0.1) }.joined(separator: " "))
            for h in hits {
                let cells =
                    [
                        "#\(h.id)", Output.titled(h.title, kind: catalog.kinds.kind(code: h.kind)), h.speaker ?? "—",
                        h.organisation ?? "—", h.recordedOn ?? "—",
                        h.durationSeconds.map(Chinese.duration) ?? "—", h.status.chinese,
                    ] + (scored ? [h.panelScore.map { String(format: "%.1f", $0) } ?? "—"] : [])
                let fitted = zip(cells, header).map { TerminalWidth.fit($0, $1.1) }
                Output.line(
                    fitted.enumerated().map { i, cell in
                        (i == 1 || i == 2) ? (highlight?.mark(cell) ?? cell) : cell
                    }.joined(separator: " "))
                if let snippet = h.snippet { Output.line("        讲稿：\(snippet)") }
            }
        }
    }
}

/// Bold on the query's literal words in a cell (display only: the cell is already fitted).
struct Highlighter {
    let words: [String]
    init(_ query: SearchQuery) {
        words = query.terms.compactMap { term -> String? in
            if case .text(let text, _, let negated) = term, !negated { return text }
            if case .field(let f, let v, let negated) = term, !negated, f == .speaker { return v }
            return nil
        }.flatMap { $0.split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
    }

    func mark(_ cell: String) -> String {
        var out = cell
        for w in words where out.contains(w) {
            out = out.replacingOccurrences(of: w, with: "\u{1B}[1;33m\(w)\u{1B}[0m")
        }
        return out
    }
}

enum CSVText {
    static func row(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }
}
