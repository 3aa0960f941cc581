import Foundation
import GRDB
import LecternCore

/// A branch's themed party day (主题党日): 一课 (the lecture given), 一片 (the film watched), 一实践
/// (the practice done), with when, where, who, and what was said.
public struct ActivityRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "activity"
    public var id: Int64?
    public var organisationId: String
    /// yyyy-MM-dd.
    public var day: String
    /// As written: 「14:30」 or 「14:30-16:00」; "" when not given.
    public var time: String
    public var place: String?
    public var participantCount: Int?
    /// Names joined by "、".
    public var participants: String
    /// A catalogued lecture, or a live one by `speaker` and `lectureTitle`.
    public var lectureId: Int64?
    public var speaker: String?
    public var lectureTitle: String?
    /// A film of the month's list; `filmTitle` keeps what was written when it is not one.
    public var filmId: Int64?
    public var filmTitle: String?
    public var practice: String?
    public var discussion: String?
    /// Where it came from: 「活动.xlsx 第 3 行」, or nil when added by hand.
    public var source: String?
    public var createdAt: Date
    public var actor: String
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct ActivityPhotoRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "activityPhoto"
    public var activityId: Int64
    public var position: Int
    public var sha256: String
    /// Relative to the library (`media/ab/abcdef….jpg`).
    public var storedPath: String
    public var thumbPath: String
    public var originalName: String
}

/// A photo already placed in the library by the photo job.
public struct NewPhoto: Sendable, Equatable {
    public var sha256: String
    public var storedPath: String
    public var thumbPath: String
    public var originalName: String
    public init(sha256: String, storedPath: String, thumbPath: String, originalName: String) {
        self.sha256 = sha256
        self.storedPath = storedPath
        self.thumbPath = thumbPath
        self.originalName = originalName
    }
}

/// An activity as staff wrote it (a spreadsheet row, `lectern activity add`), before the
/// catalog resolves its organisation, lecture and film.
public struct NewActivity: Sendable, Equatable {
    /// 「活动.xlsx 第 3 行」: said in every message about the row.
    public var source: String?
    /// The column each field came from (支部, 日期 …), for messages: by field name.
    public var columns: [String: String] = [:]
    public var organisation: String
    public var day: String
    public var time = ""
    public var place: String?
    public var participantCount: Int?
    public var participants: [String] = []
    public var lectureId: Int64?
    public var speaker: String?
    public var lectureTitle: String?
    /// A film's title as written, or 「#12」.
    public var film: String?
    public var practice: String?
    public var discussion: String?
    public var photos: [NewPhoto] = []

    public init(organisation: String, day: String) {
        self.organisation = organisation
        self.day = day
    }
}

/// What the catalog found about one activity before writing it: problems stop it, notes are
/// said and it goes in; `existing` means the same branch, day and time is already recorded.
public struct ActivityCheck: Sendable, Equatable {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The column staff wrote it in (支部, 日期 …), when one is to blame.
        public var column: String?
        public var message: String
        /// 「「日期」列：…」 for a spreadsheet's column, 「--org：…」 for a command's option.
        public var description: String {
            guard let column else { return message }
            return column.hasPrefix("--") ? "\(column)：\(message)" : "「\(column)」列：\(message)"
        }
        public init(column: String?, message: String) {
            self.column = column
            self.message = message
        }
    }
    public var problems: [Problem] = []
    public var notes: [Problem] = []
    public var existing: Int64?
    public var resolved: ActivityRecord?
    /// The register's people the 主讲人 column names, and the names as shown.
    public var speakerIds: [Int64] = []
    public var speakerDisplay: String?
}

/// One activity as lists and reports show it.
public struct ActivityView: Codable, Sendable, Equatable {
    public var id: Int64
    public var organisationId: String
    public var organisation: String
    public var day: String
    public var time: String
    public var place: String?
    public var participantCount: Int?
    public var participants: [String]
    public var lectureId: Int64?
    public var speaker: String?
    public var lectureTitle: String?
    public var filmId: Int64?
    public var filmTitle: String?
    /// The film was on the month's list (一片 counts only then).
    public var filmListed: Bool
    public var practice: String?
    public var discussion: String?
    public var photos: [String]
    public var thumbnails: [String]
    public var source: String?
}
