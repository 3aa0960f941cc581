import Foundation
import LecternCore
import ZIPFoundation

/// The text of a .docx (word/document.xml) or a .pptx (ppt/slides/slideN.xml, in order): the
/// runs (`<w:t>`, `<a:t>`) of each paragraph, a line per paragraph, a blank line between slides.
enum OfficeText {
    static func read(path: String, format: DocumentFormat) throws(MediaFailure) -> ExtractedDocument {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw MediaFailure(.corrupt, "\(format.chinese)已损坏（无法解压），请重新保存或重新拷贝")
        }
        func entry(_ name: String) throws(MediaFailure) -> Data? {
            guard let e = archive[name] else { return nil }
            guard e.uncompressedSize < UInt64(DocumentLimits.maxBytes) * 4 else {
                throw MediaFailure(.notReadable, "\(format.chinese)中的内容过大，无法读取")
            }
            var data = Data()
            do { _ = try archive.extract(e, skipCRC32: false) { data.append($0) } } catch {
                throw MediaFailure(.corrupt, "\(format.chinese)已损坏（\(name) 无法解压），请重新保存或重新拷贝")
            }
            return data
        }
        switch format {
        case .docx:
            guard let body = try entry("word/document.xml") else {
                throw MediaFailure(.notMedia, "不是 Word 文档（缺少正文 word/document.xml）")
            }
            let (text, truncated) = DocumentReader.kept(OfficeXML.text(body, run: "w:t", paragraph: "w:p"))
            return ExtractedDocument(format: .docx, pages: 0, text: text, truncated: truncated)
        default:
            let slides = archive.compactMap { e -> (Int, String)? in
                let p = e.path
                guard p.hasPrefix("ppt/slides/slide"), p.hasSuffix(".xml"),
                    let n = Int(p.dropFirst("ppt/slides/slide".count).dropLast(4))
                else { return nil }
                return (n, p)
            }.sorted { $0.0 < $1.0 }
            guard !slides.isEmpty else {
                throw MediaFailure(.notMedia, "不是 PowerPoint 课件（没有幻灯片 ppt/slides/）")
            }
            var parts: [String] = []
            for (_, p) in slides {
                if let xml = try entry(p) { parts.append(OfficeXML.text(xml, run: "a:t", paragraph: "a:p")) }
            }
            let (text, truncated) = DocumentReader.kept(parts.joined(separator: "\n\n"))
            return ExtractedDocument(format: .pptx, pages: slides.count, text: text, truncated: truncated)
        }
    }
}

/// Text runs out of WordprocessingML or DrawingML, without an XML parser: the characters
/// inside `<run>…</run>` elements, a newline at each `</paragraph>`, a tab at `<w:tab/>`, and
/// the five XML entities and numeric references decoded.
enum OfficeXML {
    static func text(_ xml: Data, run: String, paragraph: String) -> String {
        let bytes = [UInt8](xml)
        let openRun = Array("<\(run)".utf8), closeRun = Array("</\(run)>".utf8)
        let closePara = Array("</\(paragraph)>".utf8), tab = Array("<w:tab/>".utf8), br = Array("<w:br/>".utf8)
        var out: [UInt8] = [], i = 0, line: [UInt8] = []
        func at(_ pattern: [UInt8]) -> Bool {
            i + pattern.count <= bytes.count && bytes[i..<(i + pattern.count)].elementsEqual(pattern)
        }
        while i < bytes.count {
            if bytes[i] != 0x3C {  // '<'
                i += 1
                continue
            }
            if at(openRun), i + openRun.count < bytes.count, [0x3E, 0x20].contains(bytes[i + openRun.count]) {
                // <w:t> or <w:t xml:space="preserve">: the text runs to </w:t>.
                guard let gt = bytes[i...].firstIndex(of: 0x3E) else { break }
                var j = gt + 1
                let start = j
                while j < bytes.count, !(bytes[j] == 0x3C && bytes[j...].starts(with: closeRun)) { j += 1 }
                line += bytes[start..<j]
                i = j + closeRun.count
            } else if at(closePara) {
                out += line + [0x0A]
                line = []
                i += closePara.count
            } else if at(tab) {
                line.append(0x09)
                i += tab.count
            } else if at(br) {
                line.append(0x0A)
                i += br.count
            } else {
                i += 1
            }
        }
        out += line
        return decodeEntities(String(decoding: out, as: UTF8.self)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = "", rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.firstIndex(of: ";"), rest.distance(from: rest.startIndex, to: semi) <= 10 else {
                out.append("&")
                rest = rest.dropFirst()
                continue
            }
            let name = rest[rest.index(after: rest.startIndex)..<semi]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            if let v = named[String(name)] {
                out += v
            } else if name.hasPrefix("#x"), let n = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(n) {
                out.unicodeScalars.append(u)
            } else if name.hasPrefix("#"), let n = UInt32(name.dropFirst()), let u = Unicode.Scalar(n) {
                out.unicodeScalars.append(u)
            } else {
                out += rest[...semi]
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
