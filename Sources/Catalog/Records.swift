import Foundation
import GRDB
import LecternCore

public struct OrganisationRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "organisation"
    public var id: String
    public var name: String
    public var parentId: String?
    public var kind: String?
    /// Who answers for it (secretary's name and telephone), for reminders and call-ins.
    public var contact: String?
    public init(id: String, name: String, parentId: String?, kind: String?, contact: String? = nil) {
        self.id = id
        self.name = name
        self.parentId = parentId
        self.kind = kind
        self.contact = contact
    }
}

public struct LectureRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "lecture"
    public var id: Int64?
    public var title: String
    public var speakerId: Int64?
    public var organisationId: String?
    public var topic: String?
    public var recordedOn: String?
    public var description: String?
    /// Tags joined by ";".
    public var tags: String
    public var status: ReviewStatus
    public var createdAt: Date
    public var updatedAt: Date
    /// `ItemKind.code`: lecture, film, or a configured kind.
    public var kind: String = ItemKind.lectureCode
    /// The theme (`ThemeList`) the topic was matched to; nil: none matched.
    public var theme: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct VersionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "version"
    public var id: Int64?
    public var lectureId: Int64
    public var number: Int
    public var sha256: String
    public var originalName: String
    public var originalPath: String
    /// Relative to the library folder.
    public var storedPath: String
    public var sizeBytes: Int64
    public var durationSeconds: Double?
    /// `MediaInfo` as JSON.
    public var probe: String
    public var policyPassed: Bool
    /// `[PolicyFinding]` as JSON.
    public var findings: String
    /// `Fingerprint` as JSON.
    public var fingerprint: String?
    public var thumbsPath: String?
    public var posterPath: String?
    public var sheetPath: String?
    public var batchId: Int64?
    public var ingestedAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var mediaInfo: MediaInfo? { try? JSONDecoder().decode(MediaInfo.self, from: Data(probe.utf8)) }
    public var policyFindings: [PolicyFinding] {
        (try? JSONDecoder().decode([PolicyFinding].self, from: Data(findings.utf8))) ?? []
    }
}

public struct FrameRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "frame"
    public var id: Int64?
    public var versionId: Int64
    public var position: Int
    public var timeSeconds: Double
    public var path: String
    public var blank: Bool
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct IngestBatchRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "ingestBatch"
    public var id: Int64?
    public var startedAt: Date
    public var finishedAt: Date?
    public var actor: String
    public var arguments: String
    public var ingested = 0
    public var duplicates = 0
    public var failed = 0
    public var policyFailed = 0
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct AuditEventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "auditEvent"
    public var id: Int64?
    public var at: Date
    public var actor: String
    public var action: String
    public var lectureId: Int64?
    public var versionId: Int64?
    public var fromState: String?
    public var toState: String?
    /// Reason codes joined by ",".
    public var reasons: String
    public var note: String
    public var prevHash: String
    public var hash: String
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
