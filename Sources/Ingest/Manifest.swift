import Catalog
import Foundation

/// A manifest: what staff typed about each upload, as an Excel .xlsx or a CSV with a header row
/// (`file,title,speaker,organisation,topic,recorded_on,description,tags`; only `file` is
/// required). Chinese Excel saves "CSV" as GBK: UTF-8 (with or without BOM) is tried first,
/// then GB 18030.
public struct Manifest: Sendable {
    /// Rows by the file's standardised absolute path.
    public var rows: [String: LectureMetadata]
    /// Rows by file name alone, for names listed once: staff often list "七一特别党课.mp4"
    /// while the file sits in a subfolder of the inbox.
    public var byName: [String: LectureMetadata]
    public var encoding: String
    /// The manifest file's own standardised path.
    public var source: String

    public static let columns = [
        "file", "title", "speaker", "organisation", "topic", "recorded_on", "description", "tags",
    ]

    public init(url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MetadataError("\(url.path): 无法读取清单文件")
        }
        let table: [[String]]
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {  // a ZIP: Excel's .xlsx
            table = try XLSX.rows(url)
            encoding = "xlsx"
        } else {
            let (text, encoding) = try Self.decode(data, name: url.path)
            self.encoding = encoding
            table = CSV.parse(text)
        }
        source = url.standardizedFileURL.path
        guard let header = table.first?.map({ Self.normaliseHeader($0) }) else {
            throw MetadataError("\(url.path): 清单是空的")
        }
        guard let fileColumn = header.firstIndex(of: "file") else {
            throw MetadataError("\(url.path): 清单缺少 file 列（第一行应为列名：\(Self.columns.joined(separator: ","))）")
        }
        let base = url.deletingLastPathComponent()
        var rows: [String: LectureMetadata] = [:]
        for record in table.dropFirst() where record.count > fileColumn && !record[fileColumn].isEmpty {
            func field(_ name: String) -> String? {
                guard let i = header.firstIndex(of: name), i < record.count else { return nil }
                let v = record[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            let named = record[fileColumn].trimmingCharacters(in: .whitespaces)
            let path = (named.hasPrefix("/") ? URL(fileURLWithPath: named) : base.appendingPathComponent(named))
                .standardizedFileURL.path
            rows[path] = LectureMetadata(
                title: field("title"), speaker: field("speaker"), organisation: field("organisation"),
                topic: field("topic"),
                recordedOn: field("recorded_on").map {
                    LectureMetadata.normaliseDate($0) ?? XLSX.date(fromSerial: $0) ?? $0
                },
                description: field("description"), tags: field("tags").map(LectureMetadata.splitTags))
        }
        self.rows = rows
        let names = Dictionary(grouping: rows, by: { ($0.key as NSString).lastPathComponent })
        byName = names.compactMapValues { $0.count == 1 ? $0[0].value : nil }
    }

    /// The row for `file`: by its full path, else by its name when the manifest lists it once.
    public func row(for file: String) -> LectureMetadata? {
        let key = URL(fileURLWithPath: file).standardizedFileURL.path
        return rows[key] ?? byName[(key as NSString).lastPathComponent]
    }

    /// Chinese column names as staff write them are accepted too.
    static func normaliseHeader(_ raw: String) -> String {
        let key = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let aliases: [String: String] = [
            "文件": "file", "文件名": "file", "标题": "title", "题目": "title", "主讲人": "speaker", "讲授人": "speaker",
            "组织": "organisation", "支部": "organisation", "organization": "organisation", "主题": "topic",
            "录制日期": "recorded_on", "日期": "recorded_on", "recordedon": "recorded_on", "简介": "description",
            "说明": "description", "标签": "tags",
        ]
        return aliases[key] ?? key
    }

    static func decode(_ data: Data, name: String) throws -> (String, String) {
        if data.starts(with: [0xEF, 0xBB, 0xBF]), let s = String(data: data.dropFirst(3), encoding: .utf8) {
            return (s, "UTF-8 (BOM)")
        }
        if let s = String(data: data, encoding: .utf8) { return (s, "UTF-8") }
        if let s = String(data: data, encoding: String.Encoding(rawValue: 0x8000_0632)) { return (s, "GB18030") }
        throw MetadataError("\(name): 清单的文字编码无法识别（请另存为 UTF-8 或 GBK 的 CSV）")
    }
}

/// RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes, CRLF.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n", "\r":
                row.append(field); field = ""
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// `lectern org import FILE.csv`: `id,name,parent_id[,kind][,contact]` with a header row, in UTF-8 or GBK.
public enum OrganisationCSV {
    public static func read(_ url: URL) throws -> [OrganisationRecord] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MetadataError("\(url.path): 无法读取文件")
        }
        let (text, _) = try Manifest.decode(data, name: url.path)
        let table = CSV.parse(text)
        guard let header = table.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            let idColumn = header.firstIndex(of: "id"), let nameColumn = header.firstIndex(of: "name")
        else {
            throw MetadataError("\(url.path): 第一行应为列名 id,name,parent_id,kind")
        }
        let parentColumn = header.firstIndex(of: "parent_id"), kindColumn = header.firstIndex(of: "kind")
        let contactColumn = header.firstIndex(of: "contact")
        var out: [OrganisationRecord] = [], seen = Set<String>()
        for (n, row) in table.dropFirst().enumerated() {
            func field(_ i: Int?) -> String? {
                guard let i, i < row.count else { return nil }
                let v = row[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            guard let id = field(idColumn), let name = field(nameColumn) else {
                throw MetadataError("\(url.path) 第 \(n + 2) 行：缺少 id 或 name")
            }
            guard seen.insert(id).inserted else { throw MetadataError("\(url.path) 第 \(n + 2) 行：组织编号 \(id) 重复") }
            out.append(
                OrganisationRecord(
                    id: id, name: name, parentId: field(parentColumn), kind: field(kindColumn),
                    contact: field(contactColumn)))
        }
        return out
    }
}
