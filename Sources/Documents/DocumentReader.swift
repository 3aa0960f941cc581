import Foundation
import LecternCore

/// Reads a document's text in the worker: .docx and .pptx (Office Open XML: ZIP and XML),
/// .pdf (poppler's text layer), .txt (UTF-8, UTF-16 or GB18030). Every refusal is a
/// `MediaFailure` with a Chinese message that says what to do.
public enum DocumentReader {
    public static func read(path: String) throws(MediaFailure) -> ExtractedDocument {
        let name = (path as NSString).lastPathComponent
        if let old = DocumentFormat.oldFormat(name) {
            throw MediaFailure(
                .notMedia, "这是旧版格式（.\(old)），无法读取文字；请用 WPS 或 Office 另存为 .docx（幻灯片存为 .pptx）后再附上")
        }
        guard let format = DocumentFormat.of(fileName: name) else {
            throw MediaFailure(.notMedia, "不是可附上的文档（支持 .docx、.pptx、.pdf、.txt）")
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw MediaFailure(
                errno == ENOENT ? .notFound : .notReadable, errno == ENOENT ? "文件不存在" : "无法读取文件",
                cause: .errno(errno))
        }
        if info.st_size == 0 { throw MediaFailure(.empty, "文件是空的（0 字节）") }
        if Int64(info.st_size) > DocumentLimits.maxBytes {
            throw MediaFailure(
                .notReadable,
                "文件过大（\(Int64(info.st_size) >> 20) MB），文档最多 \(DocumentLimits.maxBytes >> 20) MB；请确认不是视频或图片改了扩展名")
        }
        guard let handle = FileHandle(forReadingAtPath: path), let head = try? handle.read(upToCount: 8) else {
            throw MediaFailure(.notReadable, "无法读取文件", cause: .errno(errno))
        }
        try? handle.close()
        let magic = Array(head)
        let isZip = magic.starts(with: [0x50, 0x4B, 0x03, 0x04])
        let isOLE = magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
        switch format {
        case .docx, .pptx:
            if isOLE {
                // An encrypted Office file is an OLE container too.
                throw MediaFailure(
                    .notReadable, "文档有密码保护，或实际是旧版格式；请去掉密码、另存为 .\(format.rawValue) 后再附上")
            }
            guard isZip else { throw MediaFailure(.notMedia, "不是\(format.chinese)（文件内容不是 .\(format.rawValue) 格式）") }
            return try OfficeText.read(path: path, format: format)
        case .pdf:
            guard magic.starts(with: Array("%PDF".utf8)) else {
                throw MediaFailure(.notMedia, "不是 PDF 文件（内容不以 %PDF 开头）")
            }
            return try PDFText.read(path: path)
        case .txt:
            if isZip || isOLE { throw MediaFailure(.notMedia, "不是文本文件（看起来是 Office 文档，请改回原来的扩展名）") }
            return try PlainText.read(path: path)
        }
    }

    /// `text` cut to the limit, and whether it was cut.
    static func kept(_ text: String) -> (String, Bool) {
        guard text.count > DocumentLimits.maxCharacters else { return (text, false) }
        return (String(text.prefix(DocumentLimits.maxCharacters)), true)
    }
}
