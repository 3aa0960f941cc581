import CSearchTables
import Foundation

/// The ideographs that ICU's Traditional-Simplified transform changes on their own, with what
/// it makes of each, from `Data/simplified.txt` built into the binary: lines of fixed width
/// (`XXXXX YYYYY`, hex code points), sorted, so a look-up is a binary search by line number
/// over the embedded bytes (`Scripts/make-simplified-table`; a test checks it against ICU).
///
/// Search runs ICU's transform only on text that holds one of them: building the
/// transliterator took about 10 ms of every search process, and most text (a query typed as
/// 党课) is simplified already. The transform itself stays ICU's, not this table's: it has
/// rules for words (乾坤 keeps 乾, 乾隆 does not) that one character at a time cannot follow.
public enum SimplifiedTable {
    static let lineWidth = 12

    struct Table: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let start: Int
        let count: Int

        init() {
            var size = 0
            let base = lectern_simplified_table(&size)
            bytes = UnsafeBufferPointer(start: base, count: size)
            var position = 0
            while position < size, bytes[position] == UInt8(ascii: "#") {
                while position < size, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                position += 1
            }
            start = position
            count = (size - position) / SimplifiedTable.lineWidth
        }

        func hex(at offset: Int) -> UInt32 { EmbeddedText.codePoint(bytes, at: offset) }

        func simplified(_ scalar: UInt32) -> UInt32? {
            var low = 0, high = count
            while low < high {
                let mid = (low + high) / 2, line = start + mid * SimplifiedTable.lineWidth
                let key = hex(at: line)
                if key == scalar { return hex(at: line + 6) }
                if key < scalar { low = mid + 1 } else { high = mid }
            }
            return nil
        }
    }

    static let table = Table()

    /// The simplified form of one scalar, or the scalar itself.
    public static func simplified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        table.simplified(scalar.value).flatMap(Unicode.Scalar.init) ?? scalar
    }

    /// Whether `text` holds a character that the transform changes on its own.
    public static func containsTraditional(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value >= 0x3400 && table.simplified($0.value) != nil }
    }

    /// The table as ICU makes it now: every ideograph whose transform is one other scalar.
    /// (What `Scripts/make-simplified-table` writes and the test compares with.)
    public static func fromICU() -> [(UInt32, UInt32)] {
        let ranges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F]
        let transform = StringTransform("Traditional-Simplified")
        var rows: [(UInt32, UInt32)] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = String(scalar)
                guard let out = text.applyingTransform(transform, reverse: false), out != text else { continue }
                let scalars = Array(out.unicodeScalars)
                precondition(scalars.count == 1, "ICU maps U+\(String(value, radix: 16)) to \(scalars.count) scalars")
                rows.append((value, scalars[0].value))
            }
        }
        return rows
    }

    public static func line(_ from: UInt32, _ to: UInt32) -> String {
        func hex(_ v: UInt32) -> String {
            let digits = String(v, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        }
        return "\(hex(from)) \(hex(to))\n"
    }
}
