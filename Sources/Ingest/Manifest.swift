import Catalog
import Foundation
import LecternCore

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
    /// The 讲稿 and 课件 columns: documents by the upload's standardised path.
    public var documents: [String: [ManifestDocument]] = [:]
    /// Columns that were not understood (and so not used), and rows that were skipped: each
    /// is said, never dropped silently.
    public var warnings: [String] = []

    public static let columns = [
        "file", "title", "speaker", "organisation", "topic", "recorded_on", "description", "tags",
    ]

    /// The names staff give each column (any case; spaces and the marks ＊* around them ignored).
    public static let headerNames: [(field: String, names: [String])] = [
        ("file", ["file", "文件", "文件名", "文件名称", "视频文件", "视频文件名", "视频名称", "视频"]),
        ("title", ["title", "标题", "题目", "党课题目", "课程名称", "课题", "党课名称", "名称", "微党课题目", "节目名称"]),
        ("speaker", ["speaker", "主讲人", "授课人", "讲课人", "讲师", "主讲", "讲授人", "宣讲人", "主讲人姓名"]),
        (
            "speaker_unit",
            ["speaker_unit", "主讲人单位", "主讲人所在单位", "主讲人支部", "主讲人所在支部", "授课人单位", "主讲人所属组织", "讲师单位"]
        ),
        (
            "organisation",
            ["organisation", "organization", "org", "组织", "所属支部", "党组织", "单位", "支部", "所属组织", "所在支部", "报送单位"]
        ),
        ("topic", ["topic", "主题", "专题", "类别"]),
        ("recorded_on", ["recorded_on", "recordedon", "录制日期", "授课时间", "日期", "录制时间", "授课日期", "拍摄日期"]),
        ("description", ["description", "简介", "主要内容", "内容简介", "说明", "内容", "描述"]),
        ("tags", ["tags", "tag", "关键词", "标签", "关键字"]),
        ("kind", ["kind", "类型", "节目类型", "党课类型", "形式"]),
        ("script", ["script", "讲稿", "发言稿", "讲稿文件", "讲话稿"]),
        ("slides", ["slides", "课件", "幻灯片", "课件文件", "ppt"]),
        ("remark", ["remark", "备注", "附注"]),
        ("serial", ["序号", "编号", "no", "no.", "#"]),
    ]

    /// The accepted names, for the warning about a column that is not one.
    static var acceptedHeaders: String {
        headerNames.filter { $0.field != "serial" }.map { entry in
            let chinese = entry.names.filter { $0.unicodeScalars.contains { $0.value >= 0x4E00 } }
            return "\(chinese[0])（\(chinese.dropFirst().prefix(3).joined(separator: "、"))）"
        }.joined(separator: "、")
    }

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
        guard let raw = table.first else {
            throw MetadataError("\(url.path): 清单是空的")
        }
        var header = raw.map { Self.normaliseHeader($0) }
        guard let fileColumn = header.firstIndex(of: "file") else {
            throw MetadataError(
                "\(url.path): 清单缺少文件名一列（第一行应为列名，如 文件名、党课题目、授课人、所属支部、主题、录制日期）")
        }
        var warnings: [String] = []
        let name = url.lastPathComponent
        var seen = Set<String>()
        for (i, field) in header.enumerated() {
            let column = "第 \(i + 1) 列"
            let label = raw[i].trimmingCharacters(in: .whitespaces)
            if field.isEmpty {
                if table.dropFirst().contains(where: {
                    i < $0.count && !$0[i].trimmingCharacters(in: .whitespaces).isEmpty
                }) {
                    warnings.append("清单 \(name) \(column)没有列名，这一列没有导入")
                }
            } else if !Self.headerNames.contains(where: { $0.field == field }) {
                warnings.append("清单 \(name) \(column)「\(label)」不认识，这一列没有导入；可用的列名：\(Self.acceptedHeaders)")
                header[i] = ""
            } else if !seen.insert(field).inserted {
                warnings.append("清单 \(name) \(column)「\(label)」与前面的列重复（同为\(Self.fieldName(field))），这一列没有导入")
                header[i] = ""
            }
        }
        let base = url.deletingLastPathComponent()
        var rows: [String: LectureMetadata] = [:]
        var documents: [String: [ManifestDocument]] = [:]
        for (n, record) in table.dropFirst().enumerated() {
            guard record.count > fileColumn, !record[fileColumn].trimmingCharacters(in: .whitespaces).isEmpty else {
                if record.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    warnings.append("清单 \(name) 第 \(n + 2) 行没有写文件名，这一行没有使用")
                }
                continue
            }
            func field(_ name: String) -> String? {
                guard let i = header.firstIndex(of: name), i < record.count else { return nil }
                let v = record[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            let named = record[fileColumn].trimmingCharacters(in: .whitespaces)
            let path = (named.hasPrefix("/") ? URL(fileURLWithPath: named) : base.appendingPathComponent(named))
                .standardizedFileURL.path
            var recordedOn: String?
            if let day = field("recorded_on") {
                recordedOn = LectureMetadata.normaliseDate(day) ?? XLSX.date(fromSerial: day)
                if recordedOn == nil {
                    warnings.append(
                        "清单 \(name) 第 \(n + 2) 行：录制日期「\(day)」看不懂，没有使用（可以写 \(TypedDay.examples)）")
                }
            }
            let tags = field("tags").map(LectureMetadata.splitTags)
            var description = field("description")
            if let remark = field("remark") { description = description.map { "\($0)\n备注：\(remark)" } ?? remark }
            if rows[path] != nil {
                warnings.append("清单 \(name) 第 \(n + 2) 行：文件「\(named)」在清单里出现了不止一次，使用最后一行")
            }
            rows[path] = LectureMetadata(
                title: field("title"), speaker: field("speaker"), organisation: field("organisation"),
                topic: field("topic"), recordedOn: recordedOn, description: description, tags: tags,
                kind: field("kind"))
            rows[path]?.speakerUnit = field("speaker_unit")
            documents[path] = [("script", AttachmentRole.script), ("slides", .slides)].flatMap { column, role in
                (field(column).map(ActivitySheet.names) ?? []).map { doc in
                    ManifestDocument(
                        role: role,
                        path: (doc.hasPrefix("/") ? URL(fileURLWithPath: doc) : base.appendingPathComponent(doc))
                            .standardizedFileURL.path,
                        source: "清单 \(name) 第 \(n + 2) 行「\(Self.fieldName(column))」列")
                }
            }
        }
        self.rows = rows
        self.documents = documents
        self.warnings = warnings
        let names = Dictionary(grouping: rows, by: { ($0.key as NSString).lastPathComponent })
        byName = names.compactMapValues { $0.count == 1 ? $0[0].value : nil }
    }

    /// The documents a row names for `file`, found as its row is.
    public func documents(for file: String) -> [ManifestDocument] {
        let key = URL(fileURLWithPath: file).standardizedFileURL.path
        if let found = documents[key] { return found }
        let name = (key as NSString).lastPathComponent
        let matches = documents.filter { ($0.key as NSString).lastPathComponent == name }
        return matches.count == 1 ? matches.first?.value ?? [] : []
    }

    /// The row for `file`: by its full path, else by its name when the manifest lists it once.
    public func row(for file: String) -> LectureMetadata? {
        let key = URL(fileURLWithPath: file).standardizedFileURL.path
        return rows[key] ?? byName[(key as NSString).lastPathComponent]
    }

    /// The field a header names ("" for an empty header), or the header itself when it
    /// names none.
    static func normaliseHeader(_ raw: String) -> String {
        let key = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}*＊:：")).lowercased()
        if key.isEmpty { return "" }
        return headerNames.first(where: { $0.names.contains(key) })?.field ?? key
    }

    static func fieldName(_ field: String) -> String {
        headerNames.first(where: { $0.field == field })?.names.first(where: {
            $0.unicodeScalars.contains { $0.value >= 0x4E00 }
        }) ?? field
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

/// `lectern org import FILE.csv`: `id,name,parent_id[,kind][,contact]` with a header row (or
/// 编号,名称,上级编号,类型,联系人), in UTF-8 or GBK. Columns it does not know are said.
public enum OrganisationCSV {
    static let headerNames: [(field: String, names: [String])] = [
        ("id", ["id", "编号", "组织编号", "代码"]), ("name", ["name", "名称", "组织名称", "组织", "单位名称"]),
        ("parent_id", ["parent_id", "parent", "上级编号", "上级", "上级组织", "上级组织编号"]),
        ("kind", ["kind", "类型", "层级", "组织类型"]), ("contact", ["contact", "联系人", "联系方式", "负责人"]),
    ]

    public static func read(_ url: URL) throws -> (records: [OrganisationRecord], warnings: [String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MetadataError("\(url.path): 无法读取文件")
        }
        let (text, _) = try Manifest.decode(data, name: url.path)
        let table = CSV.parse(text)
        let raw = table.first ?? []
        let header = raw.map { cell -> String in
            let key = cell.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}*＊")).lowercased()
            return headerNames.first(where: { $0.names.contains(key) })?.field ?? ""
        }
        guard let idColumn = header.firstIndex(of: "id"), let nameColumn = header.firstIndex(of: "name") else {
            throw MetadataError("\(url.path): 第一行应为列名 id,name,parent_id,kind（或 编号,名称,上级编号,类型）")
        }
        var warnings: [String] = []
        for (i, field) in header.enumerated()
        where field.isEmpty && !raw[i].trimmingCharacters(in: .whitespaces).isEmpty {
            warnings.append(
                "\(url.lastPathComponent) 第 \(i + 1) 列「\(raw[i])」不认识，这一列没有导入；可用的列名：编号、名称、上级编号、类型、联系人")
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
                throw MetadataError("\(url.path) 第 \(n + 2) 行：缺少编号（id）或名称（name）")
            }
            guard seen.insert(id).inserted else { throw MetadataError("\(url.path) 第 \(n + 2) 行：组织编号 \(id) 重复") }
            out.append(
                OrganisationRecord(
                    id: id, name: name, parentId: field(parentColumn), kind: field(kindColumn),
                    contact: field(contactColumn)))
        }
        return (out, warnings)
    }
}

extension Manifest {
    /// The manifests lying at the top of the folders being ingested: the .xlsx and .csv files
    /// whose first row names a file column (an organisation list or a stray table is not one).
    public static func candidates(in paths: [String]) -> [Manifest] {
        var found: [Manifest] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
            else { continue }
            for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("~$") {
                let ext = (name as NSString).pathExtension.lowercased()
                guard ext == "xlsx" || ext == "csv" else { continue }
                let url = URL(fileURLWithPath: path).appendingPathComponent(name)
                if let manifest = try? Manifest(url: url) { found.append(manifest) }
            }
        }
        return found
    }
}

/// A document a manifest row names for its upload (the 讲稿 or 课件 column).
public struct ManifestDocument: Sendable, Equatable {
    public var role: AttachmentRole
    /// Standardised: relative names are taken from the manifest's folder.
    public var path: String
    /// 「清单 清单.xlsx 第 3 行「讲稿」列」, for messages.
    public var source: String
}
