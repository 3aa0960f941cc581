/// The sixteen digits, made once (a global `let` is initialised once, on first use).
private let hexDigitTable: [UInt8] = Array("0123456789abcdef".utf8)

/// Bytes as lower-case hexadecimal (a SHA-256 as its 64 digits), written straight into one
/// string: `String(format: "%02x")` per byte went through Foundation's formatter, a tenth of
/// the desk's time when a session is checked on every request.
extension Sequence<UInt8> {
    public var hexDigits: String {
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(hexDigitTable[Int(byte >> 4)])
            out.append(hexDigitTable[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
