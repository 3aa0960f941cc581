import Foundation

/// Text for people: durations in the way Chinese staff write them, and column widths in a
/// terminal where a Chinese character takes two columns.
public enum Chinese {
    /// "2分59秒", "1小时5分", "3分钟", "45秒".
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        if h > 0 { return m > 0 ? "\(h)小时\(m)分" : "\(h)小时" }
        if m > 0 { return s > 0 ? "\(m)分\(s)秒" : "\(m)分钟" }
        return "\(s)秒"
    }
}

extension LectureDay {
    /// "2026-11-23 09:05" in China's time (UTC+8 all year: China keeps no summer time).
    public static func minute(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970 + 8 * 3600).rounded(.down))
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        return string(date) + String(format: " %02d:%02d", inDay / 3600, (inDay % 3600) / 60)
    }
}

public enum TerminalWidth {
    /// Columns a string takes in a terminal: East Asian wide and full-width characters count two.
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        return 1
    }

    /// `text` padded with spaces to `columns`, or cut with "…" when longer.
    public static func fit(_ text: String, _ columns: Int) -> String {
        let w = of(text)
        if w <= columns { return text + String(repeating: " ", count: columns - w) }
        var out = "", used = 0
        for ch in text {
            let cw = of(String(ch))
            if used + cw > columns - 1 { break }
            out.append(ch)
            used += cw
        }
        return out + "…" + String(repeating: " ", count: max(0, columns - used - 1))
    }
}

/// Human formatting of numbers.
public enum Human {
    public static func bytes(_ n: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(n), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }

    public static func seconds(_ s: Double) -> String { String(format: "%.2f", s) }
}

/// Dates in JSON: ISO 8601 in China's time, with the offset, to the millisecond when it has one.
public enum ISODate {
    public static func string(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) + 8 * 3_600_000
        let seconds = Int(millis.quotientAndRemainder(dividingBy: 1000).quotient)
        let ms = Int(millis - Int64(seconds) * 1000)
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        let day = LectureDay.format(Int((Double(seconds) / 86_400).rounded(.down)))
        let time = String(format: "%02d:%02d:%02d", inDay / 3600, (inDay % 3600) / 60, inDay % 60)
        return day + "T" + time + (ms > 0 ? String(format: ".%03d", ms) : "") + "+08:00"
    }

    /// Reads what `string` writes (and any ISO 8601 date with an offset or Z).
    public static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}
