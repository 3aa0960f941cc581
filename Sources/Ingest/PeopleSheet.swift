import Catalog
import Foundation
import LecternCore

/// The register as staff keep it in Excel (or CSV): one row per person, in the column names
/// they use (姓名、所属组织、身份、联系电话、授课专题、接受点单).
public struct PeopleSheet: Sendable {
    public var name: String
    public var rows: [NewPerson]
    /// What could not be read in each row itself, by row (same order as `rows`).
    public var problems: [[ActivityCheck.Problem]]
    /// Columns not understood: each said.
    public var warnings: [String]

    public static let headerNames: [(field: String, names: [String])] = [
        ("name", ["姓名", "名字", "党员姓名", "讲师姓名", "name"]),
        ("organisation", ["所属组织", "所属支部", "支部", "组织", "党组织", "单位", "organisation", "organization", "org"]),
        ("role", ["身份", "角色", "类别", "人员类别", "职务类别", "role"]),
        ("phone", ["联系电话", "电话", "手机", "手机号", "phone"]),
        ("subjects", ["授课专题", "专题", "擅长专题", "宣讲专题", "subjects"]),
        ("takesOrders", ["接受点单", "是否接受点单", "可点单", "takes_orders"]),
        ("serial", ["序号", "编号", "no", "no.", "#"]),
    ]

    public init(url: URL) throws {
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
        var header: [String] = [], labels: [String: String] = [:], warnings: [String] = []
        for (i, cell) in raw.enumerated() {
            let label = cell.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}*＊:："))
            let field = Self.headerNames.first { $0.names.contains(label.lowercased()) }?.field ?? ""
            if field.isEmpty, !label.isEmpty {
                warnings.append(
                    "\(name) 第 \(i + 1) 列「\(label)」不认识，这一列没有导入；可用的列名："
                        + Self.headerNames.filter { $0.field != "serial" }.map { $0.names[0] }.joined(separator: "、"))
            }
            if !field.isEmpty { labels[field] = label }
            header.append(header.contains(field) ? "" : field)
        }
        for required in ["name", "organisation", "role"] where !header.contains(required) {
            throw MetadataError(
                "\(name)：缺少「\(Self.headerNames.first { $0.field == required }?.names[0] ?? required)」一列"
                    + "（第一行应为列名，如 姓名、所属组织、身份、联系电话、授课专题、接受点单）")
        }
        var rows: [NewPerson] = [], problems: [[ActivityCheck.Problem]] = []
        for (n, record) in table.dropFirst().enumerated() {
            func field(_ f: String) -> String? {
                guard let i = header.firstIndex(of: f), i < record.count else { return nil }
                let v = record[i].trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
            guard
                header.enumerated().contains(where: { i, f in
                    !f.isEmpty && f != "serial" && i < record.count
                        && !record[i].trimmingCharacters(in: .whitespaces).isEmpty
                })
            else { continue }
            var p = NewPerson(
                name: field("name") ?? "", organisation: field("organisation") ?? "", role: field("role") ?? "")
            p.source = "\(name) 第 \(n + 2) 行"
            p.columns = labels
            p.phone = field("phone")
            p.subjects = field("subjects").map(ActivitySheet.names) ?? []
            var own: [ActivityCheck.Problem] = []
            if let text = field("takesOrders") {
                if let yes = Self.yesNo(text) {
                    p.takesOrders = yes
                } else {
                    own.append(.init(column: labels["takesOrders"], message: "「\(text)」应写 是 或 否"))
                }
            }
            rows.append(p)
            problems.append(own)
        }
        self.rows = rows
        self.problems = problems
        self.warnings = warnings
    }

    /// 是/否, 接受/不接受, √/×, yes/no, 1/0.
    public static func yesNo(_ raw: String) -> Bool? {
        let text = TypedDay.halfWidth(raw).trimmingCharacters(in: .whitespaces).lowercased()
        if ["是", "接受", "可以", "√", "✓", "yes", "y", "true", "1"].contains(text) { return true }
        if ["否", "不接受", "不可以", "×", "✗", "no", "n", "false", "0"].contains(text) { return false }
        return nil
    }
}
