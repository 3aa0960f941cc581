/// The search query language (CLI.md, "Catalog"), parsed into a plain value; matching and
/// SQL belong to the catalog. Model: beets' queryparse.
///
///     党课 "二十大 精神" -七一 speaker:吴辉 org:春华镇 topic:党史 status:approved tag:专题
///     duration:5m..15m duration:..3m recorded:2024-01..2024-06 ingested:2026-11-01.. sort:recorded
public struct SearchQuery: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable { case speaker, org, topic, tag, text }
    public enum Sort: String, Sendable, CaseIterable { case relevance, recorded, duration, ingested, score }

    public enum Term: Sendable, Equatable {
        /// Words or a quoted phrase, anywhere; `negated` for `-word`.
        case text(String, phrase: Bool, negated: Bool)
        case field(Field, String, negated: Bool)
        /// `status:已通过`, `status:approved`.
        case status(ReviewStatus, negated: Bool)
        /// `kind:教育片`: resolved by the library's kinds.
        case kind(String, negated: Bool)
        /// `theme:乡村振兴`: resolved by the library's themes.
        case theme(String, negated: Bool)
        /// Seconds; either end may be open.
        case duration(ClosedRangeBound)
        /// The panel's mean score (0–10); either end may be open.
        case score(ClosedRangeBound)
        /// Days as "yyyy-MM-dd", inclusive.
        case recorded(from: String?, to: String?)
        case ingested(from: String?, to: String?)
    }

    public struct ClosedRangeBound: Sendable, Equatable {
        public var lower: Double?
        public var upper: Double?
        public init(lower: Double?, upper: Double?) {
            self.lower = lower
            self.upper = upper
        }
    }

    public var terms: [Term] = []
    public var sort: Sort?

    public init(terms: [Term] = [], sort: Sort? = nil) {
        self.terms = terms
        self.sort = sort
    }

    /// A query that does not parse: the message and where the bad part starts (a character offset).
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var length: Int
        public var description: String { message }

        /// The query with a caret line under the bad part, for a terminal.
        public func pointing(at query: String) -> String {
            let before = String(query.prefix(offset))
            let bad = String(query.dropFirst(offset).prefix(max(1, length)))
            return
                "\(query)\n\(String(repeating: " ", count: TerminalWidth.of(before)))\(String(repeating: "^", count: max(1, TerminalWidth.of(bad))))"
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> SearchQuery {
        var query = SearchQuery()
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace { i += 1; continue }
            let start = i
            var negated = false
            if chars[i] == "-" || chars[i] == "－" {
                negated = true
                i += 1
                if i >= chars.count || chars[i].isWhitespace {
                    throw ParseError(message: "“-” 后面要紧跟要排除的词，例如 -七一", offset: start, length: 1)
                }
            }
            if chars[i] == "\"" || chars[i] == "“" {
                let (phrase, end) = try quoted(chars, from: i)
                if !phrase.isEmpty { query.terms.append(.text(phrase, phrase: true, negated: negated)) }
                i = end
                continue
            }
            // A bare word, or field:value where the value may be quoted.
            var word = ""
            while i < chars.count, !chars[i].isWhitespace {
                if (chars[i] == ":" || chars[i] == "："), i + 1 < chars.count,
                    chars[i + 1] == "\"" || chars[i + 1] == "“"
                {
                    let (value, end) = try quoted(chars, from: i + 1)
                    word.append(":")
                    word += value
                    i = end
                    break
                }
                word.append(chars[i] == "：" ? ":" : chars[i])
                i += 1
            }
            if let colon = word.firstIndex(of: ":"), colon != word.startIndex {
                let key = word[..<colon].lowercased()
                let value = String(word[word.index(after: colon)...])
                let valueOffset = start + (negated ? 1 : 0) + key.count + 1
                try query.add(
                    field: key, value: value, negated: negated, keyOffset: start, valueOffset: valueOffset,
                    length: i - start)
            } else {
                query.terms.append(.text(word, phrase: false, negated: negated))
            }
        }
        return query
    }

    static func quoted(_ chars: [Character], from open: Int) throws(ParseError) -> (String, Int) {
        var j = open + 1
        var value = ""
        while j < chars.count, chars[j] != "\"", chars[j] != "”" {
            value.append(chars[j])
            j += 1
        }
        if j >= chars.count { throw ParseError(message: "引号没有配对：缺少结尾的 \"", offset: open, length: chars.count - open) }
        return (value, j + 1)
    }

    mutating func add(
        field key: String, value: String, negated: Bool, keyOffset: Int, valueOffset: Int,
        length: Int
    ) throws(ParseError) {
        func fail(_ message: String) -> ParseError {
            ParseError(message: message, offset: valueOffset, length: max(1, value.count))
        }
        if value.isEmpty { throw ParseError(message: "“\(key):” 后面缺少要查的内容", offset: keyOffset, length: length) }
        let code = Self.keys[key] ?? key
        switch code {
        case "sort":
            guard let s = Sort(typed: value) else { throw fail(Sort.refusal(value)) }
            sort = s
        case "status":
            guard let status = ReviewStatus(typed: value) else { throw fail(ReviewStatus.refusal(value)) }
            terms.append(.status(status, negated: negated))
        case "kind": terms.append(.kind(value, negated: negated))
        case "theme": terms.append(.theme(value, negated: negated))
        case "duration":
            guard !negated else { throw fail("范围条件不能加 “-”") }
            let (a, b) = try Self.range(value, fail: fail)
            let lower = try a.map { (x: String) throws(ParseError) in try Self.seconds(x, fail: fail) }
            let upper = try b.map { (x: String) throws(ParseError) in try Self.seconds(x, fail: fail) }
            if let lower, let upper, lower > upper { throw fail("时长范围的下限大于上限") }
            terms.append(.duration(ClosedRangeBound(lower: lower, upper: upper)))
        case "score":
            guard !negated else { throw fail("范围条件不能加 “-”") }
            terms.append(.score(try Self.scoreRange(value, fail: fail)))
        case "recorded", "ingested":
            guard !negated else { throw fail("范围条件不能加 “-”") }
            let (a, b) = try Self.range(value, fail: fail)
            let from = try a.map { (x: String) throws(ParseError) in try Self.day(x, end: false, fail: fail) }
            let to = try b.map { (x: String) throws(ParseError) in try Self.day(x, end: true, fail: fail) }
            if let from, let to, from > to { throw fail("日期范围的开始晚于结束") }
            terms.append(code == "recorded" ? .recorded(from: from, to: to) : .ingested(from: from, to: to))
        default:
            guard let field = Field(rawValue: code) else {
                throw ParseError(
                    message: "没有「\(key):」这个条件；可用：\(Self.keyList)",
                    offset: keyOffset, length: key.count + 1)
            }
            terms.append(.field(field, value, negated: negated))
        }
    }

    /// "a..b", "a..", "..b", or "a" alone (a single value: from a to a).
    static func range(_ text: String, fail: (String) -> ParseError) throws(ParseError) -> (String?, String?) {
        let chars = Array(text)
        guard let dots = chars.indices.dropLast().first(where: { chars[$0] == "." && chars[$0 + 1] == "." }) else {
            return (text, text)
        }
        let a = String(chars[..<dots]), b = String(chars[(dots + 2)...])
        if a.isEmpty && b.isEmpty { throw fail("范围至少要写一端，例如 5m..15m 或 ..3m") }
        return (a.isEmpty ? nil : a, b.isEmpty ? nil : b)
    }

    /// 「>=8.5」「≥8.5」「>8」「<=6」「8..9」「8.5」 (a single value: at least it).
    static func scoreRange(_ raw: String, fail: (String) -> ParseError) throws(ParseError) -> ClosedRangeBound {
        let text = TypedDay.halfWidth(raw).replacingOccurrences(of: "≥", with: ">=")
            .replacingOccurrences(of: "≤", with: "<=").replacingOccurrences(of: "分", with: "")
        func number(_ t: Substring) throws(ParseError) -> Double {
            guard let n = Double(t.trimmingCharacters(in: .whitespaces)), (0...10).contains(n) else {
                throw fail("评分写法不对：\(raw)（例如 score:>=8.5、score:8..9，分数 0–10）")
            }
            return n
        }
        for (prefix, lower) in [(">=", true), ("<=", false), (">", true), ("<", false)] where text.hasPrefix(prefix) {
            let n = try number(text.dropFirst(prefix.count))
            let step = prefix.count == 1 ? 0.0001 : 0
            return lower ? ClosedRangeBound(lower: n + step, upper: nil) : ClosedRangeBound(lower: nil, upper: n - step)
        }
        if text.contains("..") {
            let (a, b) = try Self.range(text, fail: fail)
            let lower = try a.map { (x: String) throws(ParseError) in try number(Substring(x)) }
            let upper = try b.map { (x: String) throws(ParseError) in try number(Substring(x)) }
            if let lower, let upper, lower > upper { throw fail("评分范围的下限大于上限") }
            return ClosedRangeBound(lower: lower, upper: upper)
        }
        return ClosedRangeBound(lower: try number(Substring(text)), upper: nil)
    }

    /// A length of time (TypedDuration) → seconds.
    static func seconds(_ text: String, fail: (String) -> ParseError) throws(ParseError) -> Double {
        guard let seconds = TypedDuration.seconds(text) else {
            throw fail("时长写法不对：\(text)（例如 \(TypedDuration.examples)）")
        }
        return seconds
    }

    /// A year, a month or a day (TypedDay) → its first (or, as an upper end, its last) day.
    static func day(_ text: String, end: Bool, fail: (String) -> ParseError) throws(ParseError) -> String {
        guard let day = TypedDay.partial(text) else {
            throw fail("日期写法不对：\(text)（例如 2024、2024-07、2024年7月 或 \(TypedDay.examples)）")
        }
        return day.bound(end: end)
    }

    /// Condition names staff type in Chinese, by the code they stand for.
    static let keys: [String: String] = [
        "主讲人": "speaker", "讲师": "speaker", "授课人": "speaker", "组织": "org", "支部": "org", "单位": "org",
        "主题": "topic", "状态": "status", "标签": "tag", "时长": "duration", "录制": "recorded", "录制日期": "recorded",
        "导入": "ingested", "导入日期": "ingested", "类型": "kind", "专题": "theme", "主题分类": "theme", "排序": "sort",
        "评分": "score", "得分": "score", "分数": "score",
        "讲稿": "text", "文稿": "text", "全文": "text", "附件": "text",
        "organisation": "org", "organization": "org",
    ]

    static let keyList =
        "speaker（主讲人）、org（组织）、topic（主题）、theme（专题）、kind（类型）、status（状态）、tag（标签）、duration（时长）、"
        + "recorded（录制日期）、ingested（导入日期）、score（评分）、text（讲稿）、sort（排序）"
}
