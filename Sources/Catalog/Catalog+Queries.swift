import Foundation
import LecternCore
import SQLStore

/// A lecture as list and show print it.
public struct LectureSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var speaker: String?
    public var organisation: String?
    public var topic: String?
    public var recordedOn: String?
    public var durationSeconds: Double?
    public var status: ReviewStatus
    public var createdAt: Date
    /// `ItemKind.code`.
    public var kind = ItemKind.lectureCode
    public var theme: String?
}

public struct LectureDetail: Codable, Sendable {
    public var lecture: LectureSummary
    public var organisationId: String?
    /// The organisation's names from the county down, as the search index has them.
    public var organisationPath: String?
    public var description: String?
    public var tags: [String]
    public var versions: [VersionRecord]
    public var frames: [FrameRecord]
    public var history: [AuditEventRecord]
    public var nearDuplicates: [NearDuplicate]
    /// A rectification's last day (yyyy-MM-dd).
    public var deadline: String?
    /// Drawn for a spot check and not yet confirmed or revoked.
    public var spotCheck: Bool
    /// What the reviewer should look at beside the policy's findings: a recorded date far
    /// before the upload.
    public var notices: [PolicyFinding] = []
    /// The register's people who gave it, in order.
    public var speakers: [PersonView] = []
    /// The panel's scores (评选小组).
    public var panel: LectureScore?
    /// Scripts, slides and records attached (讲稿、课件、记录).
    public var attachments: [AttachmentView] = []
    /// Other lectures' scripts and reference texts this lecture's scripts were found in.
    public var scriptMatches: [ScriptMatch] = []
}

extension Catalog {
    static let summarySQL = """
        SELECT l.id, l.title, s.name AS speaker, o.name AS organisation, l.topic, l.recordedOn,
               (SELECT v.durationSeconds FROM version v WHERE v.lectureId = l.id ORDER BY v.number DESC LIMIT 1)
                 AS durationSeconds,
               l.status, l.createdAt, l.kind, l.theme
        FROM lecture l LEFT JOIN speaker s ON s.id = l.speakerId LEFT JOIN organisation o ON o.id = l.organisationId
        """

    /// Lectures, newest first, optionally of one status.
    public func lectures(status: ReviewStatus? = nil, limit: Int = 50) throws -> [LectureSummary] {
        try store.read { s in
            if let status {
                return try s.records(
                    LectureSummary.self, Self.summarySQL + " WHERE l.status = ? ORDER BY l.id DESC LIMIT ?",
                    status.rawValue, limit)
            }
            return try s.records(LectureSummary.self, Self.summarySQL + " ORDER BY l.id DESC LIMIT ?", limit)
        }
    }

    public func lecture(_ id: Int64) throws -> LectureDetail? {
        try store.read { s in
            guard let summary = try s.record(LectureSummary.self, Self.summarySQL + " WHERE l.id = ?", id),
                let record = try s.record(LectureRecord.self, "SELECT * FROM lecture WHERE id = ?", id)
            else { return nil }
            let versions = try s.records(
                VersionRecord.self, "SELECT * FROM version WHERE lectureId = ? ORDER BY number", id)
            let frames = try s.records(
                FrameRecord.self,
                """
                SELECT f.* FROM frame f JOIN version v ON v.id = f.versionId WHERE v.lectureId = ?
                ORDER BY f.versionId, f.position
                """, id)
            let history = try s.rows(
                "SELECT \(AuditEventRecord.columns) FROM auditEvent WHERE lectureId = ? ORDER BY id", id
            ).map(AuditEventRecord.init)
            let extra = try s.row("SELECT searchOrganisation, deadline, spotCheck FROM lecture WHERE id = ?", id)
            var detail = LectureDetail(
                lecture: summary, organisationId: record.organisationId,
                organisationPath: try extra?.optional("searchOrganisation"), description: record.description,
                tags: record.tags.split(separator: ";").map(String.init),
                versions: versions, frames: frames, history: history,
                nearDuplicates: try Self.nearDuplicates(s, of: id),
                deadline: try extra?.optional("deadline"), spotCheck: try extra?.optional("spotCheck") ?? false,
                notices: [
                    RecordedDateCheck.finding(
                        recordedOn: record.recordedOn, uploadedOn: LectureDay.string(record.createdAt),
                        maxDays: recordedDateHorizon)
                ].compactMap { $0 })
            detail.speakers = try Self.speakers(s, ofLecture: id)
            detail.panel = try Self.lectureScore(s, id)
            detail.attachments = try Self.attachmentViews(s, where: "lectureId = ?", [id])
            detail.scriptMatches = try Self.scriptMatches(s, lecture: id)
            return detail
        }
    }

    /// A lecture's versions, first to latest (what serving its files needs, without the rest).
    public func versions(ofLecture id: Int64) throws -> [VersionRecord] {
        try store.read { s in
            try s.records(VersionRecord.self, "SELECT * FROM version WHERE lectureId = ? ORDER BY number", id)
        }
    }

    public func allVersions() throws -> [VersionRecord] {
        try store.read { s in try s.records(VersionRecord.self, "SELECT * FROM version ORDER BY id") }
    }

    public func allFramePaths() throws -> [String] {
        try store.read { s in try s.column(String.self, "SELECT path FROM frame") }
    }

    public func counts() throws -> [String: Int] {
        try store.read { s in
            var out: [String: Int] = [:]
            for row in try s.rows("SELECT status, COUNT(*) AS n FROM lecture GROUP BY status") {
                out[try row.get("status")] = try row.get("n")
            }
            return out
        }
    }
}
