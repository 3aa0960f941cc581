import Foundation
import LecternCore

/// A .txt script: UTF-8 (with or without BOM), UTF-16 with its BOM, or GB18030 (what Chinese
/// Windows' Notepad saves as 「ANSI」).
enum PlainText {
    /// GB 18030-2000 as an NSStringEncoding (kCFStringEncodingGB_18030_2000).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static func read(path: String) throws(MediaFailure) -> ExtractedDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MediaFailure(.notReadable, "无法读取文件", cause: .errno(errno))
        }
        guard let (text, encoding) = decode(data) else {
            throw MediaFailure(.notMedia, "不是文本文件（无法按 UTF-8 或 GB18030 读出文字）")
        }
        let (kept, truncated) = DocumentReader.kept(text)
        return ExtractedDocument(format: .txt, pages: 0, text: kept, truncated: truncated, encoding: encoding)
    }

    static func decode(_ data: Data) -> (String, String)? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let s = String(data: data.dropFirst(3), encoding: .utf8) {
            return (s, "UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]),
            let s = String(data: data, encoding: .utf16)
        {
            return (s, "UTF-16")
        }
        if let s = String(data: data, encoding: .utf8) { return (s, "UTF-8") }
        if !data.contains(0), let s = String(data: data, encoding: gb18030) { return (s, "GB18030") }
        return nil
    }
}
