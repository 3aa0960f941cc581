import Catalog
import Foundation
import LecternCore

/// A spreadsheet staff keep (an Excel .xlsx, or a CSV in UTF-8 or GBK) read against the column
/// names they use: which field each column is, the label they wrote for it, and a warning for
/// each column not understood or repeated (never dropped silently). Rows are the sheet's own
/// numbers (the header is row 1); rows with nothing in a known column are left out.
struct SheetTable {
    struct Row {
        /// As Excel numbers it.
        var number: Int
        var cells: [String]
        let header: [String]

        /// The cell of `field`, trimmed; nil when blank or absent.
        func field(_ field: String) -> String? {
            guard let i = header.firstIndex(of: field), i < cells.count else { return nil }
            let v = cells[i].trimmingCharacters(in: .whitespacesAndNewlines)
            return v.isEmpty ? nil : v
        }
    }

    let name: String
    /// The field of each column ("" for none).
    let header: [String]
    /// The label staff wrote, by field.
    let labels: [String: String]
    let rows: [Row]
    let warnings: [String]

    /// `names`: each field with the names staff give it, the first the one messages use; a
    /// "serial" field (序号) is read and ignored. `required` fields must have a column, else
    /// the error names the first missing one and shows `example` as the header to write.
    init(url: URL, names: [(field: String, names: [String])], required: [String], example: String) throws {
        name = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MetadataError("\(url.path)：无法读取文件")
        }
        let table: [[String]]
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            table = try XLSX.rows(url)
        } else {
            table = CSV.parse(try Manifest.decode(data, name: url.path).0)
        }
        guard let raw = table.first else { throw MetadataError("\(name)：表格是空的") }
        var header: [String] = [], warnings: [String] = [], labels: [String: String] = [:]
        let accepted = names.filter { $0.field != "serial" }.map { $0.names[0] }.joined(separator: "、")
        for (i, cell) in raw.enumerated() {
            let label = cell.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}*＊:："))
            let field = names.first { $0.names.contains(label.lowercased()) }?.field ?? ""
            if field.isEmpty {
                if !label.isEmpty {
                    warnings.append("\(name) 第 \(i + 1) 列「\(label)」不认识，这一列没有导入；可用的列名：\(accepted)")
                }
            } else if header.contains(field) {
                warnings.append("\(name) 第 \(i + 1) 列「\(label)」与前面的列重复，这一列没有导入")
                header.append("")
                continue
            } else {
                labels[field] = label
            }
            header.append(field)
        }
        for field in required where !header.contains(field) {
            let title = names.first { $0.field == field }?.names[0] ?? field
            throw MetadataError("\(name)：缺少「\(title)」一列（第一行应为列名，如 \(example)）")
        }
        self.header = header
        self.labels = labels
        self.warnings = warnings
        rows = table.dropFirst().enumerated().compactMap { n, cells in
            let meaningful = header.enumerated().contains { i, f in
                f != "serial" && !f.isEmpty && i < cells.count && !cells[i].trimmingCharacters(in: .whitespaces).isEmpty
            }
            return meaningful ? Row(number: n + 2, cells: cells, header: header) : nil
        }
    }
}
