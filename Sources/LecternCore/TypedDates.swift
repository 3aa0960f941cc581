/// Days and lengths of time the way staff type them, read by one parser for the command line,
/// the manifest reader and the query language.
///
///     2024-07-01  2024/7/1  2024.7.1  20240701  2024年7月1日  2024年7月1号  ２０２４－０７－０１
///     90s  90秒  5m  5分  5分钟  1h30m  1小时30分  1.5小时  12 (minutes)
public enum TypedDay {
    /// A day and what of it was written: a year, a year and month, or a whole date.
    public struct Partial: Sendable, Equatable {
        public var year: Int
        public var month: Int?
        public var day: Int?

        /// The first day it covers (or, as an upper end of a range, the last), yyyy-MM-dd.
        public func bound(end: Bool) -> String {
            let m = month ?? (end ? 12 : 1)
            let d = day ?? (end ? LectureDay.monthLength(year, m) : 1)
            return LectureDay.format(LectureDay.daysFromCivil(year, m, d))
        }
    }

    /// A whole date in any of the forms above, as yyyy-MM-dd; nil when it is not one, or not a
    /// real day (2024-02-30).
    public static func parse(_ text: String) -> String? {
        guard let p = partial(text), p.day != nil else { return nil }
        return p.bound(end: false)
    }

    /// A year, a month or a day: "2024", "2024-07", "2024/7", "2024年7月", "2024年", or any whole date.
    public static func partial(_ raw: String) -> Partial? {
        let text = halfWidth(raw).trimmingCharacters(in: " \t")
        let u = Array(text.unicodeScalars)
        // 20240701 and 202407: digits only.
        if !u.isEmpty, u.allSatisfy({ ("0"..."9").contains($0) }) {
            let digits = u.map { Int($0.value) - 48 }
            func number(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + digits[$1] } }
            switch digits.count {
            case 4: return checked(number(0..<4), nil, nil)
            case 6: return checked(number(0..<4), number(4..<6), nil)
            case 8: return checked(number(0..<4), number(4..<6), number(6..<8))
            default: return nil
            }
        }
        // Numbers separated by -, /, . or 年 月 日(号), with an optional ending.
        var parts: [Int] = [], current = "", separators: [Character] = []
        for ch in text {
            if ch.isASCII, ch.isNumber {
                current.append(ch)
                continue
            }
            guard !current.isEmpty, "-/.年月日号".contains(ch) else { return nil }
            parts.append(Int(current) ?? -1)
            separators.append(ch)
            current = ""
        }
        if !current.isEmpty { parts.append(Int(current) ?? -1) }
        guard (1...3).contains(parts.count) else { return nil }
        // The Chinese form is 年 then 月 then 日/号; the others use one separator throughout.
        let chinese = separators.contains(where: { "年月日号".contains($0) })
        if chinese {
            let expected: [[Character]] = [["年"], ["月"], ["日", "号"]]
            for (i, s) in separators.enumerated() where i >= expected.count || !expected[i].contains(s) {
                return nil
            }
            // "2024年7月1" and "2024年7" are read as written.
        } else {
            guard Set(separators).count <= 1, current.isEmpty == false else { return nil }
        }
        return checked(parts[0], parts.count > 1 ? parts[1] : nil, parts.count > 2 ? parts[2] : nil)
    }

    static func checked(_ y: Int, _ m: Int?, _ d: Int?) -> Partial? {
        guard (1900...2100).contains(y) else { return nil }
        if let m, !(1...12).contains(m) { return nil }
        if let d {
            guard let m, d >= 1, d <= LectureDay.monthLength(y, m) else { return nil }
        }
        return Partial(year: y, month: m, day: d)
    }

    /// Full-width digits and punctuation (２０２４／７／１) as their ASCII forms.
    public static func halfWidth(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { s in
                    (0xFF01...0xFF5E).contains(s.value) ? Unicode.Scalar(s.value - 0xFEE0) ?? s : s
                }))
    }

    /// How the forms are named in messages.
    public static let examples = "2024-07-01、2024/7/1、2024.7.1、20240701 或 2024年7月1日"
}

public enum TypedDuration {
    /// A length of time in seconds: "90s", "90秒", "5m", "5分", "5分钟", "1h30m", "1小时30分",
    /// "1.5小时", "2个小时", "1天", "1d"; a bare number is minutes.
    public static func seconds(_ raw: String) -> Double? {
        let text = TypedDay.halfWidth(raw).lowercased().filter { $0 != " " && $0 != "个" }
        guard !text.isEmpty else { return nil }
        if let minutes = Double(text) { return minutes >= 0 ? minutes * 60 : nil }
        let units: [(String, Double)] = [
            ("天", 86400), ("d", 86400), ("小时", 3600), ("钟头", 3600), ("分钟", 60), ("min", 60), ("sec", 1), ("h", 3600),
            ("时", 3600),
            ("m", 60), ("分", 60), ("s", 1), ("秒", 1),
        ]
        var total = 0.0, number = "", rest = Substring(text), last: Double? = nil
        while let ch = rest.first {
            if ch.isASCII && (ch.isNumber || ch == ".") {
                number.append(ch)
                rest = rest.dropFirst()
                continue
            }
            guard let (unit, factor) = units.first(where: { rest.hasPrefix($0.0) }), let n = Double(number) else {
                return nil
            }
            total += n * factor
            number = ""
            last = factor
            rest = rest.dropFirst(unit.count)
        }
        // "1小时30" and "5分30": a trailing number takes the next smaller unit.
        if !number.isEmpty {
            guard let last, last > 1, let n = Double(number) else { return nil }
            total += n * (last / 60)
        }
        return total
    }

    public static let examples = "90秒、5分钟、1小时30分、5m、1h30m"
}
