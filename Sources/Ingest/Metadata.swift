import Catalog
import Foundation
import LecternCore

/// What staff know about an upload, from the strongest source to the weakest: a manifest
/// row, a sidecar `NAME.json`, the container's tags, and the file name `组织-主讲人-标题.ext`.
/// (The fields are `Catalog.LectureMetadata`'s.)
extension LectureMetadata {
    /// Each field from `self` where set (and not blank), else from `weaker`.
    public func over(_ weaker: LectureMetadata) -> LectureMetadata {
        func pick(_ a: String?, _ b: String?) -> String? {
            if let a, !a.trimmingCharacters(in: .whitespaces).isEmpty { return a.trimmingCharacters(in: .whitespaces) }
            return b
        }
        return LectureMetadata(
            title: pick(title, weaker.title), speaker: pick(speaker, weaker.speaker),
            organisation: pick(organisation, weaker.organisation), topic: pick(topic, weaker.topic),
            recordedOn: pick(recordedOn, weaker.recordedOn), description: pick(description, weaker.description),
            tags: (tags?.isEmpty == false) ? tags : weaker.tags, kind: pick(kind, weaker.kind)
        ).with(speakerUnit: speaker != nil ? speakerUnit : pick(speakerUnit, weaker.speakerUnit))
    }

    func with(speakerUnit: String?) -> LectureMetadata {
        var m = self
        m.speakerUnit = speakerUnit
        return m
    }

    /// From the container's tags: title, artist (the speaker), comment, date.
    public static func fromTags(_ tags: [String: String]) -> LectureMetadata {
        let lower = Dictionary(tags.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        let date = (lower["date"] ?? lower["creation_time"]).flatMap(normaliseDate)
        return LectureMetadata(
            title: lower["title"], speaker: lower["artist"] ?? lower["author"], recordedOn: date,
            description: lower["comment"] ?? lower["description"])
    }

    /// `组织-主讲人-标题.ext`: three parts separated by "-", "－" or "—" (spaces inside parts are
    /// kept), "_" or spaces, but only when the first part names an organisation: one the
    /// catalog knows (`isOrganisation`) or a name that is plainly one ("青山湖区", "新村党支部").
    /// So `bear-vp9-odd-dimensions.webm` and camera names such as `VID_20240701_083000` stay
    /// whole: anything else, the whole name is the title.
    public static func fromFileName(_ name: String, isOrganisation: (String) -> Bool = { _ in false })
        -> LectureMetadata
    {
        let stem = (name as NSString).deletingPathExtension.trimmingCharacters(in: .whitespaces)
        func parts(_ separators: Set<Character>) -> [String] {
            stem.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        func names(_ part: String) -> Bool {
            isOrganisation(part) || organisationSuffixes.contains(where: { part.hasSuffix($0) })
        }
        let dashed = parts(["-", "－", "—"])
        if dashed.count >= 3, names(dashed[0]) {
            return LectureMetadata(
                title: dashed[2...].joined(separator: "-"), speaker: dashed[1], organisation: dashed[0])
        }
        for separator in ["_", " "] as [Character] {
            let words = parts([separator])
            if words.count >= 3, names(words[0]) {
                return LectureMetadata(
                    title: words[2...].joined(separator: String(separator)), speaker: words[1],
                    organisation: words[0])
            }
        }
        return LectureMetadata(title: stem)
    }

    static let organisationSuffixes = ["县", "区", "市", "镇", "乡", "街道", "村", "社区", "支部", "党委", "党总支", "局", "委", "公司"]

    /// A sidecar `NAME.json` (same keys as the manifest: title, speaker, organisation, topic,
    /// recorded_on, description, tags as a list or "a;b").
    public static func fromSidecar(_ data: Data) throws -> LectureMetadata {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MetadataError("不是 JSON 对象")
        }
        func string(_ keys: String...) -> String? {
            for k in keys { if let v = object[k] as? String { return v } }
            return nil
        }
        var tags: [String]?
        if let list = object["tags"] as? [String] {
            tags = list
        } else if let text = object["tags"] as? String {
            tags = splitTags(text)
        }
        return LectureMetadata(
            title: string("title"), speaker: string("speaker"), organisation: string("organisation", "organization"),
            topic: string("topic"), recordedOn: string("recorded_on", "recordedOn").flatMap(normaliseDate),
            description: string("description"), tags: tags, kind: string("kind")
        ).with(speakerUnit: string("speaker_unit", "speaker_organisation"))
    }

    static func splitTags(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// A day in any form staff type (TypedDay), or a date and time as tags hold it
    /// ("2024-07-01T08:00:00Z", "2024-07-01 08:00") → "2024-07-01".
    public static func normaliseDate(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let day = TypedDay.parse(trimmed) { return day }
        guard let cut = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }) else { return nil }
        return TypedDay.parse(String(trimmed[..<cut]))
    }
}

public struct MetadataError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
