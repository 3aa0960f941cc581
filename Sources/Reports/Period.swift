import Foundation
import LecternCore

/// A reporting period in China's calendar: a month, a quarter, or the week of a day.
/// Days are yyyy-MM-dd strings (China's time), which compare in calendar order.
public struct ReportPeriod: Sendable, Equatable {
    public enum Kind: String, Sendable { case week, month, quarter, year, day }
    public var kind: Kind
    public var firstDay: String
    public var lastDay: String
    public var label: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public func contains(_ day: String) -> Bool { day >= firstDay && day <= lastDay }

    /// A month as staff write it: "2026-11", "2026/11", "202611", "2026年11月".
    public static func month(_ text: String) throws -> ReportPeriod {
        guard let p = TypedDay.partial(text), let m = p.month, p.day == nil else {
            throw Invalid(description: "月份写法不对：「\(text)」（例如 2026-11 或 2026年11月）")
        }
        let y = p.year
        return ReportPeriod(kind: .month, firstDay: day(y, m, 1), lastDay: lastDay(y, m), label: "\(y)年\(m)月")
    }

    /// A quarter: "2026-Q3", "2026Q3", "2026年第三季度", "2026年三季度", "2026年第3季度".
    public static func quarter(_ raw: String) throws -> ReportPeriod {
        let text = TypedDay.halfWidth(raw).uppercased().replacingOccurrences(of: " ", with: "")
        let numbers: [String: Int] = ["1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4]
        var parsed: (Int, Int)?
        if let m = text.firstMatch(of: #/^(\d{4})-?Q([1-4])$/#), let y = Int(m.1), let q = Int(m.2) {
            parsed = (y, q)
        } else if let m = text.firstMatch(of: #/^(\d{4})年第?([1-4一二三四])季度?$/#), let y = Int(m.1),
            let q = numbers[String(m.2)]
        {
            parsed = (y, q)
        }
        guard let (y, q) = parsed, y > 1900 else {
            throw Invalid(description: "季度写法不对：「\(raw)」（例如 2026-Q3 或 2026年第三季度）")
        }
        return quarter(y, q)
    }

    static func quarter(_ y: Int, _ q: Int) -> ReportPeriod {
        let names = ["", "第一", "第二", "第三", "第四"]
        return ReportPeriod(
            kind: .quarter, firstDay: day(y, 3 * q - 2, 1), lastDay: lastDay(y, 3 * q),
            label: "\(y)年\(names[q])季度")
    }

    /// A year: 「2026」「2026年」.
    public static func year(_ raw: String) throws -> ReportPeriod {
        let text = TypedDay.halfWidth(raw).trimmingCharacters(in: .whitespaces)
        guard let p = TypedDay.partial(text), p.month == nil, p.year > 1900 else {
            throw Invalid(description: "年份写法不对：「\(raw)」（例如 2026 或 2026年）")
        }
        return year(p.year)
    }

    static func year(_ y: Int) -> ReportPeriod {
        ReportPeriod(kind: .year, firstDay: day(y, 1, 1), lastDay: day(y, 12, 31), label: "\(y)年")
    }

    public static func year(containing day: String) -> ReportPeriod { year(yearMonth(day).0) }

    /// Any period staff write: a year, a quarter, a month or a day (for lists).
    public static func any(_ raw: String) throws -> ReportPeriod {
        if let q = try? quarter(raw) { return q }
        guard let p = TypedDay.partial(raw) else {
            throw Invalid(description: "期间写法不对：「\(raw)」（例如 2026、2026年第四季度、2026-11 或 2026-11-05）")
        }
        guard let m = p.month else { return year(p.year) }
        guard let d = p.day else { return try month(raw) }
        let one = Self.day(p.year, m, d)
        return ReportPeriod(kind: .day, firstDay: one, lastDay: one, label: "\(p.year)年\(m)月\(d)日")
    }

    /// The months of the period, yyyy-MM, in order.
    public var months: [String] {
        var out: [String] = []
        var (y, m) = Self.yearMonth(firstDay)
        while Self.day(y, m, 1) <= lastDay {
            out.append(String(format: "%04d-%02d", y, m))
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return out
    }

    /// The quarter that holds `day`.
    public static func quarter(containing day: String) -> ReportPeriod {
        let (y, m) = yearMonth(day)
        return quarter(y, (m - 1) / 3 + 1)
    }

    /// The month that holds `day`.
    public static func month(containing day: String) -> ReportPeriod {
        let (y, m) = yearMonth(day)
        return ReportPeriod(kind: .month, firstDay: self.day(y, m, 1), lastDay: lastDay(y, m), label: "\(y)年\(m)月")
    }

    /// Monday to Sunday around `day`.
    public static func week(of day: String) -> ReportPeriod {
        let calendar = LectureDay.calendar
        let date = LectureDay.start(day) ?? Date()
        let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday
        let monday = LectureDay.adding(-((weekday + 5) % 7), to: day)
        let week = calendar.component(.weekOfYear, from: date)
        let (y, m) = yearMonth(day)
        let d = Int(day.suffix(2)) ?? 1
        let names = ["日", "一", "二", "三", "四", "五", "六"]
        return ReportPeriod(
            kind: .week, firstDay: monday, lastDay: LectureDay.adding(6, to: monday),
            label: "\(y)年\(m)月\(d)日（星期\(names[weekday - 1])，第\(week)周）")
    }

    static func yearMonth(_ day: String) -> (Int, Int) {
        let parts = day.split(separator: "-")
        return (Int(parts.first ?? "") ?? 1970, Int(parts.dropFirst().first ?? "") ?? 1)
    }

    static func day(_ y: Int, _ m: Int, _ d: Int) -> String {
        String(format: "%04d-%02d-%02d", y, m, d)
    }

    static func lastDay(_ y: Int, _ m: Int) -> String {
        let next = m == 12 ? day(y + 1, 1, 1) : day(y, m + 1, 1)
        return LectureDay.adding(-1, to: next)
    }
}
