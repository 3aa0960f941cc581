import Catalog
import Foundation
import LecternCore

/// The branches' themed party days as staff keep them in Excel (or CSV): one row per activity,
/// in the column names they use (支部、日期、时间、地点、参加人数、主讲人、党课题目、观看影片、
/// 实践活动、讨论交流; 参加人员 and 照片 when given).
public struct ActivitySheet: Sendable {
    public struct Row: Sendable {
        /// The row's number as Excel shows it (the header is row 1).
        public var number: Int
        public var activity: NewActivity
        /// The photo files the row names, as absolute paths.
        public var photoFiles: [String]
        /// What could not be read in the row itself (a date, a count, a missing photo).
        public var problems: [ActivityCheck.Problem]
        public init(number: Int, activity: NewActivity, photoFiles: [String], problems: [ActivityCheck.Problem]) {
            self.number = number
            self.activity = activity
            self.photoFiles = photoFiles
            self.problems = problems
        }
    }

    public var name: String
    public var rows: [Row]
    /// Columns not understood, rows skipped: each said.
    public var warnings: [String]

    public static let headerNames: [(field: String, names: [String])] = [
        ("organisation", ["支部", "党支部", "组织", "所属支部", "单位", "党组织", "organisation", "organization", "org"]),
        ("day", ["日期", "活动日期", "时间日期", "date", "day"]),
        ("time", ["时间", "活动时间", "time"]),
        ("place", ["地点", "活动地点", "place"]),
        ("participantCount", ["参加人数", "参会人数", "人数", "participants_count", "count"]),
        ("participants", ["参加人员", "参会人员", "参加人", "参加党员", "participants", "names"]),
        ("speaker", ["主讲人", "授课人", "讲课人", "speaker"]),
        ("lectureTitle", ["党课题目", "微党课题目", "党课名称", "题目", "一课", "lecture", "title"]),
        ("lectureId", ["党课编号", "节目编号", "lecture_id"]),
        ("film", ["观看影片", "教育片", "观看教育片", "影片", "一片", "film"]),
        ("practice", ["实践活动", "实践", "一实践", "practice"]),
        ("discussion", ["讨论交流", "讨论交流情况", "交流讨论", "讨论", "discussion"]),
        ("photos", ["照片", "活动照片", "图片", "photos"]),
        ("serial", ["序号", "编号", "no", "no.", "#"]),
    ]

    public init(url: URL) throws {
        let sheet = try SheetTable(
            url: url, names: Self.headerNames, required: ["organisation", "day"],
            example: "支部、日期、时间、地点、参加人数、主讲人、党课题目、观看影片、实践活动、讨论交流")
        name = sheet.name
        let labels = sheet.labels
        let base = url.deletingLastPathComponent()
        var rows: [Row] = []
        for row in sheet.rows {
            let number = row.number
            let field = row.field
            var problems: [ActivityCheck.Problem] = []
            func problem(_ f: String, _ message: String) {
                problems.append(.init(column: labels[f] ?? f, message: message))
            }
            let organisation = field("organisation") ?? ""
            if organisation.isEmpty { problem("organisation", "没有写支部") }
            var day = ""
            if let text = field("day") {
                // Excel keeps a date as a day number; a date and time in one cell is cut at the time.
                if let d = LectureMetadata.normaliseDate(text) ?? XLSX.date(fromSerial: text) {
                    day = d
                } else {
                    problem("day", "「\(text)」看不懂，应为日期，如 \(TypedDay.examples)")
                }
            } else {
                problem("day", "没有写日期")
            }
            var activity = NewActivity(organisation: organisation, day: day)
            activity.source = "\(name) 第 \(number) 行"
            activity.columns = labels
            activity.time = field("time").map(Self.time) ?? ""
            activity.place = field("place")
            if let text = field("participantCount") {
                if let count = Self.count(text) {
                    activity.participantCount = count
                } else {
                    problem("participantCount", "「\(text)」不是人数，应写数字，如 23 或 23人")
                }
            }
            activity.participants = field("participants").map(Self.names) ?? []
            activity.speaker = field("speaker")
            activity.lectureTitle = field("lectureTitle")
            if let text = field("lectureId") {
                if let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#＃ "))) {
                    activity.lectureId = id
                } else {
                    problem("lectureId", "「\(text)」不是节目编号")
                }
            }
            activity.film = field("film")
            activity.practice = field("practice")
            activity.discussion = field("discussion")
            var photos: [String] = []
            for photo in field("photos").map(Self.names) ?? [] {
                let path = (photo.hasPrefix("/") ? URL(fileURLWithPath: photo) : base.appendingPathComponent(photo))
                    .standardizedFileURL.path
                if !FileManager.default.fileExists(atPath: path) {
                    problem("photos", "找不到照片「\(photo)」（相对于表格所在的文件夹）")
                } else if !Self.looksLikePhoto(path) {
                    problem("photos", "「\(photo)」不是照片（只收 JPEG 或 PNG 图片）")
                } else {
                    photos.append(path)
                }
            }
            rows.append(Row(number: number, activity: activity, photoFiles: photos, problems: problems))
        }
        self.rows = rows
        warnings = sheet.warnings
    }

    /// Starts as a JPEG or a PNG does (the worker reads it in full when it is stored).
    public static func looksLikePhoto(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 4))
        return head.starts(with: [0xFF, 0xD8, 0xFF]) || head.starts(with: [0x89, 0x50, 0x4E, 0x47])
    }

    /// 「23」「23人」「２３ 人」 → 23.
    public static func count(_ text: String) -> Int? {
        let t = TypedDay.halfWidth(text).trimmingCharacters(in: CharacterSet(charactersIn: " 人名位"))
        guard let n = Int(t), n >= 0 else { return nil }
        return n
    }

    /// Names separated by 、，, ; or spaces.
    public static func names(_ text: String) -> [String] {
        text.split(whereSeparator: { "、，,;；\n ".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Times as written, with full-width marks folded: 「14：30－16：00」 → 「14:30-16:00」; an
    /// Excel time fraction (0.604166…) → 「14:30」.
    public static func time(_ text: String) -> String {
        if let f = Double(text), f > 0, f < 1 {
            let minutes = Int((f * 24 * 60).rounded())
            return String(format: "%02d:%02d", minutes / 60, minutes % 60)
        }
        return TypedDay.halfWidth(text).replacingOccurrences(of: "：", with: ":").replacingOccurrences(
            of: "－", with: "-"
        )
        .replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "~", with: "-")
    }
}
