import Foundation
import LecternCore
import SQLStore

/// What is known about a lecture, each field optional: ingest gathers it from a manifest row,
/// a sidecar, container tags and the file name (extended in `Ingest`); `lectern edit` gives
/// the fields staff fix, where only the given ones change and "" clears one.
public struct LectureMetadata: Codable, Sendable, Equatable {
    public var title: String?
    public var speaker: String?
    /// An organisation id or its exact name.
    public var organisation: String?
    public var topic: String?
    /// yyyy-MM-dd.
    public var recordedOn: String?
    public var description: String?
    public var tags: [String]?
    /// The kind as typed (微党课, 教育片, a code): resolved by the library's kinds.
    public var kind: String?
    /// The speaker's organisation (主讲人单位), to tell two people of one name apart.
    public var speakerUnit: String?

    public init(
        title: String? = nil, speaker: String? = nil, organisation: String? = nil, topic: String? = nil,
        recordedOn: String? = nil, description: String? = nil, tags: [String]? = nil, kind: String? = nil
    ) {
        self.kind = kind
        self.title = title
        self.speaker = speaker
        self.organisation = organisation
        self.topic = topic
        self.recordedOn = recordedOn
        self.description = description
        self.tags = tags
    }

    public var isEmpty: Bool { self == LectureMetadata() }
}

extension Catalog {
    /// Applies `edit` to a lecture in one transaction with its audit event; returns the
    /// changes made ("标题：旧 → 新"), empty when every value was already so.
    @discardableResult
    public func edit(_ lectureId: Int64, _ edit: LectureMetadata, actor: String, now: Date) throws -> [String] {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: lectureId, now: now)
                guard var lecture = try s.record(LectureRecord.self, "SELECT * FROM lecture WHERE id = ?", lectureId)
                else {
                    throw CatalogError(.notFound, "目录中没有这个节目")
                }
                // What a bulletin counts by, on a lecture already approved: a reviewer's call.
                if lecture.status == .approved, edit.recordedOn != nil || edit.organisation != nil {
                    try Self.authorize(s, actor: actor, .review, lectureId: lectureId, now: now)
                }
                let before = lecture
                var changes: [String] = []
                func note(_ label: String, _ old: String?, _ new: String?) {
                    if (old ?? "") != (new ?? "") { changes.append("\(label)：\(old ?? "—") → \(new ?? "—")") }
                }
                if let title = edit.title {
                    guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw CatalogError(.invalid, "标题不能为空")
                    }
                    note("标题", lecture.title, title)
                    lecture.title = title
                }
                if let speaker = edit.speaker {
                    let old = try lecture.speakerId.flatMap {
                        try s.scalar(String.self, "SELECT name FROM speaker WHERE id = ?", $0)
                    }
                    // The organisation the edit moves it to, if it does, is the host.
                    let host =
                        try edit.organisation.flatMap { try Self.organisations(s, named: $0).onlyElement?.id }
                        ?? lecture.organisationId
                    let resolved = try Self.resolveSpeakers(s, speaker, unit: edit.speakerUnit, host: host)
                    if !resolved.problems.isEmpty {
                        throw CatalogError(.invalid, resolved.problems.joined(separator: "；"))
                    }
                    let oldIds = try s.column(
                        Int64.self, "SELECT personId FROM lectureSpeaker WHERE lectureId = ? ORDER BY position",
                        lectureId)
                    let shown = resolved.display
                    note(
                        "主讲人", old.map { $0 + Self.idsLabel(oldIds) },
                        shown.map { $0 + Self.idsLabel(resolved.personIds) })
                    if let shown {
                        try s.execute("INSERT INTO speaker (name) VALUES (?) ON CONFLICT DO NOTHING", shown)
                        lecture.speakerId = try s.scalar(Int64.self, "SELECT id FROM speaker WHERE name = ?", shown)
                    } else {
                        lecture.speakerId = nil
                    }
                    try Self.link(s, speakers: resolved.personIds, to: lectureId, table: .lecture)
                }
                if let org = edit.organisation {
                    let byId = try s.record(OrganisationRecord.self, "SELECT * FROM organisation WHERE id = ?", org)
                    let byName = try s.records(
                        OrganisationRecord.self, "SELECT * FROM organisation WHERE name = ?", org)
                    guard let found = byId ?? (byName.count == 1 ? byName[0] : nil) else {
                        throw CatalogError(.notFound, byName.count > 1 ? "有多个组织叫「\(org)」，请用组织编号" : "没有找到组织「\(org)」")
                    }
                    let old = try lecture.organisationId.flatMap {
                        try s.scalar(String.self, "SELECT name FROM organisation WHERE id = ?", $0)
                    }
                    note("组织", old, found.name)
                    lecture.organisationId = found.id
                }
                if let topic = edit.topic {
                    note("主题", lecture.topic, topic.isEmpty ? nil : topic)
                    lecture.topic = topic.isEmpty ? nil : topic
                    lecture.theme = lecture.topic.flatMap { themes.match($0, normalise: SearchText.normalize)?.name }
                }
                if let typed = edit.kind {
                    guard let kind = kinds.named(typed) else { throw CatalogError(.invalid, kinds.refusal(typed)) }
                    note("类型", kinds.kind(code: lecture.kind).name, kind.name)
                    lecture.kind = kind.code
                }
                if let day = edit.recordedOn {
                    guard day.isEmpty || LectureDay.valid(day) else {
                        throw CatalogError(.invalid, "录制日期应写成 yyyy-MM-dd（收到「\(day)」）")
                    }
                    note("录制日期", lecture.recordedOn, day.isEmpty ? nil : day)
                    lecture.recordedOn = day.isEmpty ? nil : day
                }
                if let description = edit.description {
                    note("简介", lecture.description, description.isEmpty ? nil : description)
                    lecture.description = description.isEmpty ? nil : description
                }
                if let tags = edit.tags {
                    let joined = tags.joined(separator: ";")
                    note(
                        "标签", lecture.tags.isEmpty ? nil : lecture.tags.replacingOccurrences(of: ";", with: "、"),
                        tags.isEmpty ? nil : tags.joined(separator: "、"))
                    lecture.tags = joined
                }
                guard !changes.isEmpty else { return [] }
                lecture.updatedAt = now
                // The index row goes with the tokens it was made from, so before the change.
                try SearchIndex.remove(s, lectureId: lectureId)
                try s.update(lecture, in: "lecture")
                try SearchIndex.add(s, lectureId: lectureId)
                let event = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "edit", lectureId: lectureId, versionId: nil,
                    from: nil, to: nil, note: changes.joined(separator: "；"))
                // The fields reports replay, old and new, beside the event.
                let replayed: [(String, String?, String?)] = [
                    ("recordedOn", before.recordedOn, lecture.recordedOn),
                    ("organisationId", before.organisationId, lecture.organisationId),
                    ("topic", before.topic, lecture.topic),
                    ("kind", before.kind, lecture.kind),
                    ("tags", before.tags.isEmpty ? nil : before.tags, lecture.tags.isEmpty ? nil : lecture.tags),
                ]
                for (field, old, new) in replayed where old != new {
                    try s.execute(
                        "INSERT INTO lectureEdit (eventId, lectureId, field, oldValue, newValue) VALUES (?, ?, ?, ?, ?)",
                        event.id, lectureId, field, old, new)
                }
                return changes
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: lectureId, now: now)
            throw refusal
        }
    }
}
