/// Reading the embedded tables (`CSearchTables`) in place: their keys are code points written
/// as five upper-case hex digits at the start of a line.
enum EmbeddedText {
    /// The five hex digits at `offset`.
    static func codePoint(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for i in offset..<(offset + 5) {
            let b = bytes[i]
            value = value << 4 | UInt32(b <= UInt8(ascii: "9") ? b - UInt8(ascii: "0") : b - UInt8(ascii: "A") + 10)
        }
        return value
    }
}
