import Foundation
import LecternCore

/// A version as `show --json` and `export json` write it: what the catalog keeps as JSON text
/// (`probe`, `findings`, `fingerprint`) written as JSON objects, so that a script reads
/// `versions[0].probe.video.codec` without parsing a string inside the line.
public struct VersionView: Codable, Sendable, Equatable {
    public var id: Int64?
    public var lectureId: Int64
    public var number: Int
    public var sha256: String
    public var originalName: String
    public var originalPath: String
    public var storedPath: String
    public var sizeBytes: Int64
    public var durationSeconds: Double?
    public var probe: MediaInfo?
    public var policyPassed: Bool
    public var findings: [PolicyFinding]
    public var fingerprint: Fingerprint?
    public var thumbsPath: String?
    public var posterPath: String?
    public var sheetPath: String?
    public var batchId: Int64?
    public var ingestedAt: Date

    public init(_ v: VersionRecord) {
        (id, lectureId, number, sha256, originalName, originalPath) =
            (v.id, v.lectureId, v.number, v.sha256, v.originalName, v.originalPath)
        (storedPath, sizeBytes, durationSeconds, policyPassed) = (
            v.storedPath, v.sizeBytes, v.durationSeconds, v.policyPassed
        )
        probe = v.mediaInfo
        findings = v.policyFindings
        fingerprint = v.fingerprint.flatMap { try? JSONDecoder().decode(Fingerprint.self, from: Data($0.utf8)) }
        (thumbsPath, posterPath, sheetPath, batchId, ingestedAt) =
            (v.thumbsPath, v.posterPath, v.sheetPath, v.batchId, v.ingestedAt)
    }

    /// The record again, with its JSON texts as the catalog keeps them.
    public var record: VersionRecord {
        func text<T: Encodable>(_ value: T) -> String {
            (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return VersionRecord(
            id: id, lectureId: lectureId, number: number, sha256: sha256, originalName: originalName,
            originalPath: originalPath, storedPath: storedPath, sizeBytes: sizeBytes, durationSeconds: durationSeconds,
            probe: probe.map(text) ?? "{}", policyPassed: policyPassed, findings: text(findings),
            fingerprint: fingerprint.map(text), thumbsPath: thumbsPath, posterPath: posterPath, sheetPath: sheetPath,
            batchId: batchId, ingestedAt: ingestedAt)
    }
}

extension LectureDetail {
    enum CodingKeys: String, CodingKey {
        case lecture, organisationId, organisationPath, description, tags, versions, frames, history, nearDuplicates
        case deadline, spotCheck, notices, speakers, panel, attachments, scriptMatches
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lecture = try c.decode(LectureSummary.self, forKey: .lecture)
        organisationId = try c.decodeIfPresent(String.self, forKey: .organisationId)
        organisationPath = try c.decodeIfPresent(String.self, forKey: .organisationPath)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        tags = try c.decode([String].self, forKey: .tags)
        versions = try c.decode([VersionView].self, forKey: .versions).map(\.record)
        frames = try c.decode([FrameRecord].self, forKey: .frames)
        history = try c.decode([AuditEventRecord].self, forKey: .history)
        nearDuplicates = try c.decode([NearDuplicate].self, forKey: .nearDuplicates)
        deadline = try c.decodeIfPresent(String.self, forKey: .deadline)
        spotCheck = try c.decode(Bool.self, forKey: .spotCheck)
        notices = try c.decodeIfPresent([PolicyFinding].self, forKey: .notices) ?? []
        speakers = try c.decodeIfPresent([PersonView].self, forKey: .speakers) ?? []
        panel = try c.decodeIfPresent(LectureScore.self, forKey: .panel)
        attachments = try c.decodeIfPresent([AttachmentView].self, forKey: .attachments) ?? []
        scriptMatches = try c.decodeIfPresent([ScriptMatch].self, forKey: .scriptMatches) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lecture, forKey: .lecture)
        try c.encodeIfPresent(organisationId, forKey: .organisationId)
        try c.encodeIfPresent(organisationPath, forKey: .organisationPath)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(tags, forKey: .tags)
        try c.encode(versions.map(VersionView.init), forKey: .versions)
        try c.encode(frames, forKey: .frames)
        try c.encode(history, forKey: .history)
        try c.encode(nearDuplicates, forKey: .nearDuplicates)
        try c.encodeIfPresent(deadline, forKey: .deadline)
        try c.encode(spotCheck, forKey: .spotCheck)
        try c.encode(notices, forKey: .notices)
        try c.encode(speakers, forKey: .speakers)
        try c.encodeIfPresent(panel, forKey: .panel)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(scriptMatches, forKey: .scriptMatches)
    }
}
