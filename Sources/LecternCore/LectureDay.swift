import Foundation

/// Days in China's calendar (Asia/Shanghai, whatever the machine's zone), as yyyy-MM-dd.
public enum LectureDay {
    public static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        return c
    }

    static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.calendar = calendar
        f.timeZone = calendar.timeZone
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }

    public static func string(_ date: Date) -> String { formatter().string(from: date) }
    public static func valid(_ text: String) -> Bool { formatter().date(from: text).map { string($0) == text } ?? false }
    /// Midnight at the start of `day` in China.
    public static func start(_ day: String) -> Date? { formatter().date(from: day) }

    public static func adding(_ days: Int, to day: String) -> String {
        guard let d = formatter().date(from: day), let later = calendar.date(byAdding: .day, value: days, to: d) else { return day }
        return string(later)
    }

    /// Whole days from `from` to `to` (both yyyy-MM-dd); negative when `to` is earlier.
    public static func days(from: String, to: String) -> Int {
        guard let a = start(from), let b = start(to) else { return 0 }
        return calendar.dateComponents([.day], from: a, to: b).day ?? 0
    }
}
