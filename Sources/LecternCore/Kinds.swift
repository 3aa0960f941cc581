/// A kind of catalog item: 微党课 (a lecture), 教育片 (an education film), or one a library
/// adds in `lectern.toml` (`[kinds."微视频"]`). Each kind has its own length bounds and its
/// own review: a film chosen by the county is approved or withdrawn, never sent back for
/// rectification.
public struct ItemKind: Sendable, Equatable {
    /// What scripts and the catalog store: "lecture", "film", or the configured code.
    public var code: String
    /// The word staff see: 微党课.
    public var name: String
    /// Other words staff write for it (a manifest's 类型 column, a folder's name, `--kind`).
    public var aliases: [String]
    public var duration: Policy.DurationBounds
    /// A missing speaker is a warning at ingest (a film has none).
    public var speakerRequired: Bool
    /// Goes through 限期整改 (rectify → resubmit); when false only approve, reject, revoke.
    public var rectification: Bool

    public init(
        code: String, name: String, aliases: [String] = [], duration: Policy.DurationBounds,
        speakerRequired: Bool = true, rectification: Bool = true
    ) {
        self.code = code
        self.name = name
        self.aliases = aliases
        self.duration = duration
        self.speakerRequired = speakerRequired
        self.rectification = rectification
    }

    public static let lectureCode = "lecture"
    public static let filmCode = "film"

    public var isLecture: Bool { code == Self.lectureCode }

    public static let lecture = ItemKind(
        code: lectureCode, name: "微党课", aliases: ["微黨課", "党课", "黨課", "lecture"],
        duration: .init(minSeconds: 180, maxSeconds: 1200))
    /// 5–120 minutes: documentaries, warning-education films, theory films.
    public static let film = ItemKind(
        code: filmCode, name: "教育片", aliases: ["电教片", "電教片", "党员教育片", "黨員教育片"],
        duration: .init(minSeconds: 300, maxSeconds: 7200), speakerRequired: false, rectification: false)
}

/// The kinds a library knows, the lecture first; typed values are read by name, alias or code.
public struct ItemKinds: Sendable, Equatable {
    public private(set) var all: [ItemKind]

    public init(_ kinds: [ItemKind] = [.lecture, .film]) {
        var list = kinds
        if !list.contains(where: \.isLecture) { list.insert(.lecture, at: 0) }
        all = list
    }

    public var lecture: ItemKind { all.first(where: \.isLecture) ?? .lecture }

    /// The kind stored under `code`; an unknown code (a kind removed from the config) reads
    /// as a kind of its own name with the lecture's rules.
    public func kind(code: String) -> ItemKind {
        if let k = all.first(where: { $0.code == code }) { return k }
        var k = lecture
        k.code = code
        k.name = code
        return k
    }

    /// The kind `text` names: its code (any case), its name or an alias; a plural or folder
    /// name such as 「教育片/」 works too. Full-width letters and spaces are tolerated.
    public func named(_ raw: String) -> ItemKind? {
        let text = TypedDay.halfWidth(raw).trimmingCharacters(in: " \t\u{3000}/")
        guard !text.isEmpty else { return nil }
        let lower = text.lowercased()
        return all.first { k in
            k.code.lowercased() == lower || k.name == text || k.aliases.contains { $0.lowercased() == lower }
        }
    }

    /// 「微党课（lecture）、教育片（film）」.
    public var accepted: String { all.map { "\($0.name)（\($0.code)）" }.joined(separator: "、") }

    public func refusal(_ text: String) -> String { "没有「\(text)」这个类型；可用：\(accepted)" }

    /// Adds or replaces (by code) a kind.
    public mutating func set(_ kind: ItemKind) {
        if let i = all.firstIndex(where: { $0.code == kind.code }) { all[i] = kind } else { all.append(kind) }
    }
}
