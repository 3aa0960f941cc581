import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first worksheet of an Excel `.xlsx` file as rows of text: what staff really
/// send as a manifest. Shared strings, inline strings and numbers are read; a date cell (a
/// serial day number) is turned into "2024-07-01" by the manifest where a date is expected.
enum XLSX {
    static func rows(_ url: URL) throws -> [[String]] {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw MetadataError("\(url.path): 不是有效的 Excel（.xlsx）文件")
        }
        func read(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            return data
        }
        // The first sheet: sheet1.xml before sheet10.xml.
        let paths: [String] = archive.map { (entry: Entry) -> String in entry.path }
        let sheets: [String] = paths.filter { (p: String) -> Bool in
            p.hasPrefix("xl/worksheets/") && p.hasSuffix(".xml")
        }
        let sheetPath = sheets.min { (a: String, b: String) -> Bool in (a.count, a) < (b.count, b) }
        guard let sheetPath, let sheet = try read(sheetPath) else {
            throw MetadataError("\(url.path): Excel 文件中没有工作表")
        }
        let shared = try read("xl/sharedStrings.xml").map { SharedStrings.parse($0) } ?? []
        return SheetRows.parse(sheet, shared: shared)
    }

    /// "C" → 2, "AB" → 27.
    static func column(_ reference: String) -> Int {
        var n = 0
        for ch in reference.unicodeScalars {
            guard ch.value >= 65 && ch.value <= 90 else { break }
            n = n * 26 + Int(ch.value - 64)
        }
        return max(0, n - 1)
    }

    /// Excel's serial day number (1900 date system) as yyyy-MM-dd.
    static func date(fromSerial text: String) -> String? {
        guard let days = Double(text), days > 20_000, days < 80_000 else { return nil }
        let date = Date(timeIntervalSince1970: (days - 25_569) * 86_400)
        let f = DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, possibly in several `<r><t>` runs.
final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current: String?
    var inText = false

    static func parse(_ data: Data) -> [String] {
        let delegate = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.strings
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current? += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" {
            strings.append(current ?? "")
            current = nil
        }
    }
}

/// A worksheet's `<row><c r="B2" t="s"><v>3</v></c>…` as rows of text, gaps filled with "".
final class SheetRows: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [[String]] = []
    var row: [String] = []
    var cellColumn = 0
    var cellType: String?
    var value = ""
    var inValue = false

    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String]) -> [[String]] {
        let delegate = SheetRows(shared: shared)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.rows
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "row": row = []
        case "c":
            cellColumn = attributes["r"].map(XLSX.column) ?? row.count
            cellType = attributes["t"]
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            var text = value
            if cellType == "s", let i = Int(value), i >= 0, i < shared.count { text = shared[i] }
            while row.count < cellColumn { row.append("") }
            if row.count == cellColumn { row.append(text) } else if cellColumn < row.count { row[cellColumn] = text }
        case "row": rows.append(row)
        default: break
        }
    }
}
