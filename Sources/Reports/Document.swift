import Foundation

/// A report as data: a title, the period, key figures and sections of tables (with an
/// optional bar chart drawn from two of a section's columns). Every format (text, md, csv,
/// html, json) renders this one structure, so the figures agree across formats.
public struct ReportDocument: Codable, Sendable {
    /// weekly, monthly or quarterly.
    public var kind: String
    public var title: String
    /// "2026年11月", "2026年第三季度", "2026年11月23日（第48周）".
    public var period: String
    /// The day the figures count to (yyyy-MM-dd): a period's end by default, so that a
    /// bulletin says the same tomorrow; printed on every report as 「数据截至 …」.
    public var asOf: String
    /// Said above the figures when the figures are not a whole period's: 「本季度尚未结束」,
    /// 「该期间没有数据」.
    public var status: String?
    /// Who issues it: the county (the tree's root), named in a printed page's header.
    public var issuer: String?
    public var generatedAt: Date
    public var figures: [Figure]
    public var sections: [Section]

    public struct Figure: Codable, Sendable, Equatable {
        public var label: String
        public var value: String
        /// Draws the eye: something needs action.
        public var alert: Bool
        public init(_ label: String, _ value: String, alert: Bool = false) {
            self.label = label
            self.value = value
            self.alert = alert
        }
    }

    public struct Column: Codable, Sendable, Equatable {
        public var title: String
        public var numeric: Bool
        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    public struct Chart: Codable, Sendable, Equatable {
        public var title: String
        /// Columns of the section's table: bar labels and bar lengths (a number, maybe with "%").
        public var labelColumn: Int
        public var valueColumn: Int
        /// A second series beside the first (通过 beside 提交), drawn as a second bar per row.
        public var secondColumn: Int? = nil
    }

    public struct Section: Codable, Sendable {
        public var title: String
        /// Said instead of the table when it has no rows.
        public var empty: String
        public var columns: [Column]
        public var rows: [[String]]
        /// Tree depth of each row (organisation tables), 0 for flat tables.
        public var depth: [Int]
        /// A poster per row (library-relative path), shown in the HTML page.
        public var posters: [String?]
        public var chart: Chart?
        public var note: String?

        public init(
            title: String, empty: String, columns: [Column], rows: [[String]] = [], depth: [Int] = [],
            posters: [String?] = [], chart: Chart? = nil, note: String? = nil
        ) {
            self.title = title
            self.empty = empty
            self.columns = columns
            self.rows = rows
            self.depth = depth
            self.posters = posters
            self.chart = chart
            self.note = note
        }
    }
}

/// Chinese ordinal headings: 一、二、三…
enum Numerals {
    static let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    static func chinese(_ n: Int) -> String {
        if n <= 10 { return digits[n] }
        if n < 20 { return "十" + digits[n - 10] }
        return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10])
    }
}
