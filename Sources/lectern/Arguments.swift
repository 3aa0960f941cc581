import ArgumentParser
import Catalog
import LecternCore
import Reports

// The values staff type, parsed at the command line's boundary into types: a word in
// Chinese or its code, a day in any form people write it, a lecture's number.

/// The names shown in `<…>` after an option; the parser's refusal of a value names one, and
/// `refusals` says in Chinese what that value may be.
enum ArgumentNames {
    static let id = "编号", ids = "编号列表", day = "日期", days = "天数", status = "状态", reason = "原因",
        role = "角色", format = "格式", sort = "排序", score = "评分", share = "比例", count = "数量",
        seconds = "秒数", port = "端口", folder = "文件夹", file = "文件", user = "用户", organisation = "组织",
        text = "文字", month = "月份", quarter = "季度", kind = "导出类型", address = "地址", query = "查询条件",
        itemKind = "类型", theme = "专题", citations = "节目或参考资料", job = "任务编号"

    /// For a value the parser refused, by the value's name: what was wrong and what is accepted.
    static let refusals: [String: @Sendable (String) -> String] = [
        status: { TypedWordError.first(in: ReviewStatus.list($0)) },
        reason: { TypedWordError.first(in: ReasonCode.list($0)) },
        role: { UserRole.refusal($0) },
        format: { ReportFormat.refusal($0) },
        sort: { SearchQuery.Sort.refusal($0) },
        kind: { ExportKind.refusal($0) },
        score: { text in
            do throws(ReviewError) { _ = try RubricScores.parse(text) } catch { return error.message }
            return "评分写法不对：「\(text)」"
        },
        day: { "「\($0)」不是日期；可以写 \(TypedDay.examples)" },
        id: { "「\($0)」不是节目编号（例如 12 或 #12）" },
        ids: { "「\($0)」不是节目编号列表（例如 7,12 或 #7、#12）" },
        citations: { "「\($0)」不是节目编号或参考资料（例如 7、#12 或 参考资料3，用逗号分开）" },
        job: { "「\($0)」不是任务编号（lectern queue 列出的数字，例如 12）" },
        share: { "「\($0)」不是比例（例如 10%、百分之十 或 0.1；大于 0，至多 100%）" },
    ]
}

extension TypedWordError {
    static func first<T>(in result: Result<[T], TypedWordError>) -> String {
        if case .failure(let error) = result { return error.message }
        return "不是可用的值"
    }
}

/// A typed word as an option's value; `allValueStrings` is empty so that the parser neither
/// lists the English codes in help nor in its refusal (the help text and `refusals` list the
/// Chinese words with their codes).
extension ExpressibleByArgument where Self: TypedWord {
    public init?(argument: String) { self.init(typed: argument) }
    public static var allValueStrings: [String] { [] }
}

extension ReviewStatus: ExpressibleByArgument {}
extension UserRole: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension SearchQuery.Sort: ExpressibleByArgument {}
extension AttachmentRole: ExpressibleByArgument {}

extension RubricScores: ExpressibleByArgument {
    public init?(argument: String) {
        guard let scores = try? RubricScores.parse(argument) else { return nil }
        self = scores
    }
}

/// Several typed words, separated by commas or 、: `--reason 照搬,脱离实际`.
struct Words<Word: TypedWord>: ExpressibleByArgument {
    var values: [Word]
    init?(argument: String) {
        guard case .success(let values) = Word.list(argument) else { return nil }
        self.values = values
    }
}

/// What `lectern export` writes.
enum ExportKind: String, CaseIterable, TypedWord, ExpressibleByArgument {
    case playlist, menu, csv, json, lobby, excellent
    static var noun: String { "导出类型" }
    var chinese: String {
        switch self {
        case .playlist: "播放列表"
        case .menu: "点单页面"
        case .csv: "表格"
        case .json: "JSON"
        case .lobby: "大厅播放"
        case .excellent: "优秀微党课汇编"
        }
    }
    var aliases: [String] {
        switch self {
        case .playlist: ["循环播放", "m3u"]
        case .menu: ["点单", "菜单", "点单页"]
        case .csv: ["excel", "电子表格"]
        case .json: ["jsonl"]
        case .lobby: ["大厅", "u盘", "U盘", "循环播放文件夹"]
        case .excellent: ["汇编", "优秀", "优秀微党课", "优秀汇编"]
        }
    }
}

/// A day as staff write it (TypedDay), held as yyyy-MM-dd.
struct Day: ExpressibleByArgument, CustomStringConvertible {
    var text: String
    init?(argument: String) {
        guard let day = TypedDay.parse(argument) else { return nil }
        text = day
    }
    var description: String { text }
}

/// A lecture's number: `12`, `#12`, `＃12`.
struct LectureID: ExpressibleByArgument, CustomStringConvertible {
    var value: Int64
    init?(argument: String) {
        let digits = TypedDay.halfWidth(argument).trimmingCharacters(in: .whitespaces)
        guard let n = Int64(digits.hasPrefix("#") ? String(digits.dropFirst()) : digits), n > 0 else { return nil }
        value = n
    }
    var description: String { "#\(value)" }
}

/// Lectures' numbers: `7,12`, `#7、#12`.
struct LectureIDs: ExpressibleByArgument {
    var values: [Int64]
    init?(argument: String) {
        var out: [Int64] = []
        for part in argument.split(whereSeparator: { ",，、 ".contains($0) }) {
            guard let id = LectureID(argument: String(part)) else { return nil }
            out.append(id.value)
        }
        guard !out.isEmpty else { return nil }
        values = out
    }
}

/// What a rejection cites: lectures (`7`, `#7`) and reference texts (`参考资料3`, `参考3`, `R3`).
struct Citations: ExpressibleByArgument {
    var lectures: [Int64] = []
    var references: [Int64] = []
    init?(argument: String) {
        for part in argument.split(whereSeparator: { ",，、 ".contains($0) }) {
            let text = TypedDay.halfWidth(String(part))
            if let prefix = ["参考资料", "参考", "资料", "R", "r"].first(where: { text.hasPrefix($0) }) {
                guard let id = LectureID(argument: String(text.dropFirst(prefix.count))) else { return nil }
                references.append(id.value)
            } else {
                guard let id = LectureID(argument: text) else { return nil }
                lectures.append(id.value)
            }
        }
        if lectures.isEmpty && references.isEmpty { return nil }
    }
}

/// A share of something: `10%`, `10％`, `百分之十`, `0.1`.
struct Share: ExpressibleByArgument {
    var fraction: Double
    init?(argument: String) {
        let text = TypedDay.halfWidth(argument).trimmingCharacters(in: .whitespaces)
        var value: Double?
        if text.hasSuffix("%") {
            value = Double(text.dropLast()).map { $0 / 100 }
        } else if text.hasPrefix("百分之") {
            value = Share.chineseNumber(String(text.dropFirst(3))).map { Double($0) / 100 }
        } else {
            value = Double(text)
        }
        guard let value, value > 0, value <= 1 else { return nil }
        fraction = value
    }

    /// 一 … 九十九, 一百.
    static func chineseNumber(_ text: String) -> Int? {
        if let n = Int(text) { return n }
        let digits: [Character: Int] = ["一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if text == "一百" { return 100 }
        let parts = text.split(separator: "十", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return parts[0].count == 1 ? parts[0].first.flatMap { digits[$0] } : nil
        case 2:
            let tens = parts[0].isEmpty ? 1 : parts[0].first.flatMap { digits[$0] }
            let ones = parts[1].isEmpty ? 0 : parts[1].first.flatMap { digits[$0] }
            guard let tens, let ones, parts[0].count <= 1, parts[1].count <= 1 else { return nil }
            return tens * 10 + ones
        default: return nil
        }
    }
}
