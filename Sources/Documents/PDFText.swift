import CPoppler
import Foundation
import LecternCore

/// A PDF's text layer through poppler-glib, page by page. A PDF whose pages hold no text is a
/// scan: said, not an error. One owner per C object: the document and each page are unreferenced
/// when read.
enum PDFText {
    static func read(path: String) throws(MediaFailure) -> ExtractedDocument {
        let uri = URL(fileURLWithPath: path).absoluteString
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_file(uri, nil, &error) else {
            let code = error?.pointee.code ?? 0
            let encrypted = code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
            if let error { g_error_free(error) }
            throw encrypted
                ? MediaFailure(.notReadable, "PDF 有密码保护，无法读取文字；请导出一份没有密码的 PDF 再附上")
                : MediaFailure(.corrupt, "PDF 已损坏（无法打开），请重新导出或重新拷贝")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let pages = Int(poppler_document_get_n_pages(document))
        var texts: [String] = []
        var characters = 0
        for n in 0..<pages {
            guard let page = poppler_document_get_page(document, Int32(n)) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            guard let raw = poppler_page_get_text(page) else { continue }
            let text = String(cString: raw)
            g_free(raw)
            texts.append(text)
            characters += text.count
            if characters > DocumentLimits.maxCharacters { break }
        }
        let joined = texts.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let (text, truncated) = DocumentReader.kept(joined)
        return ExtractedDocument(
            format: .pdf, pages: pages, text: text, truncated: truncated, scanned: pages > 0 && text.isEmpty)
    }
}
