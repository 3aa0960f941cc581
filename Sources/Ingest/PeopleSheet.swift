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
        let sheet = try SheetTable(
            url: url, names: Self.headerNames, required: ["name", "organisation", "role"],
            example: "姓名、所属组织、身份、联系电话、授课专题、接受点单")
        name = sheet.name
        let labels = sheet.labels
        var rows: [NewPerson] = [], problems: [[ActivityCheck.Problem]] = []
        for row in sheet.rows {
            let field = row.field
            var p = NewPerson(
                name: field("name") ?? "", organisation: field("organisation") ?? "", role: field("role") ?? "")
            p.source = "\(name) 第 \(row.number) 行"
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
        warnings = sheet.warnings
    }

    /// 是/否, 接受/不接受, √/×, yes/no, 1/0.
    public static func yesNo(_ raw: String) -> Bool? {
        let text = TypedDay.halfWidth(raw).trimmingCharacters(in: .whitespaces).lowercased()
        if ["是", "接受", "可以", "√", "✓", "yes", "y", "true", "1"].contains(text) { return true }
        if ["否", "不接受", "不可以", "×", "✗", "no", "n", "false", "0"].contains(text) { return false }
        return nil
    }
}
