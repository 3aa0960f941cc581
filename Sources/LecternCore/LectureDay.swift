import Foundation

/// Days in China's calendar (Asia/Shanghai, whatever the machine's zone), as yyyy-MM-dd.
///
/// Plain civil-date arithmetic (days since 1970-01-01), no DateFormatter: reports compare
/// hundreds of thousands of days, and a formatter per call cost seconds.
public enum LectureDay {
    static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    public static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        return c
    }

    /// The day `date` falls on in China.
    public static func string(_ date: Date) -> String {
        let local = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
        return format(Int((local / 86_400).rounded(.down)))
    }

    public static func valid(_ text: String) -> Bool { number(text) != nil }

    /// yyyy-MM: a month.
    public static func validMonth(_ text: String) -> Bool { text.count == 7 && valid(text + "-01") }

    /// Midnight at the start of `day` in China.
    public static func start(_ day: String) -> Date? {
        guard let n = number(day) else { return nil }
        let utcMidnight = Date(timeIntervalSince1970: Double(n) * 86_400)
        return utcMidnight.addingTimeInterval(-Double(zone.secondsFromGMT(for: utcMidnight)))
    }

    public static func adding(_ days: Int, to day: String) -> String {
        guard let n = number(day) else { return day }
        return format(n + days)
    }

    /// Whole days from `from` to `to` (both yyyy-MM-dd); negative when `to` is earlier.
    public static func days(from: String, to: String) -> Int {
        guard let a = number(from), let b = number(to) else { return 0 }
        return b - a
    }

    // MARK: - Civil dates (H. Hinnant's algorithms)

    /// Days since 1970-01-01 of a valid yyyy-MM-dd, else nil.
    static func number(_ text: String) -> Int? {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10), (1...12).contains(m), d >= 1,
            d <= monthLength(y, m)
        else { return nil }
        return daysFromCivil(y, m, d)
    }

    static func monthLength(_ y: Int, _ m: Int) -> Int {
        if m == 2 { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28 }
        return [4, 6, 9, 11].contains(m) ? 30 : 31
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func format(_ n: Int) -> String {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
