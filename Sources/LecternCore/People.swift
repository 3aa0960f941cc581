import Foundation

/// What a person is in the party's lecturing practice (「领导干部带头讲、党组织书记必须讲、
/// 下派干部主动讲、普通党员自愿讲」, and the local lecturers 本土讲师): a configurable list, each
/// role a name and the words staff write for it.
public struct PersonRole: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public init(name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }
}

public struct PersonRoles: Sendable, Equatable {
    public var roles: [PersonRole]
    public init(_ roles: [PersonRole]) { self.roles = roles }

    /// The roles a library starts with; `[people.roles."…"]` in lectern.toml replaces them.
    public static let standard = PersonRoles([
        PersonRole(name: "党组织书记", aliases: ["书记", "支部书记", "党支部书记", "党委书记", "党总支书记"]),
        PersonRole(name: "领导干部", aliases: ["领导", "干部"]),
        PersonRole(name: "下派干部", aliases: ["第一书记", "驻村第一书记", "驻村干部", "下派"]),
        PersonRole(name: "普通党员", aliases: ["党员", "一般党员"]),
        PersonRole(name: "本土讲师", aliases: ["讲师", "宣讲员", "土专家", "本土人才"]),
    ])

    /// The role `text` names: its name or an alias (spaces and width folded).
    public func named(_ raw: String) -> PersonRole? {
        let text = TypedDay.halfWidth(raw).trimmingCharacters(in: " \t\u{3000}")
        guard !text.isEmpty else { return nil }
        return roles.first { $0.name == text || $0.aliases.contains(text) }
    }

    /// 「党组织书记、领导干部、…」.
    public var accepted: String { roles.map(\.name).joined(separator: "、") }

    public func refusal(_ text: String) -> String { "没有「\(text)」这个身份；可用：\(accepted)" }
}

/// One speaker as staff write them in a 主讲人 column: 「王芳」, 「王芳（龙王庙村党支部）」 (the
/// organisation that tells two 王芳 apart), or 「王芳#12」 / 「#12」 (the register's id).
public struct SpeakerName: Sendable, Equatable {
    public var name: String
    public var unit: String?
    public var id: Int64?
    public init(name: String, unit: String? = nil, id: Int64? = nil) {
        self.name = name
        self.unit = unit
        self.id = id
    }

    /// 「王芳、李明（春华镇）」 → two names. Separated by 、，,;；/ outside brackets.
    public static func parse(_ raw: String) -> [SpeakerName] {
        let text = TypedDay.halfWidth(raw)
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            if c == "(" || c == "【" || c == "[" { depth += 1 }
            if c == ")" || c == "】" || c == "]" { depth = max(0, depth - 1) }
            if depth == 0, "、,;/".contains(c) {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts.compactMap { part in
            var word = part.trimmingCharacters(in: .whitespaces)
            guard !word.isEmpty else { return nil }
            var unit: String?
            if let open = word.firstIndex(where: { "([【".contains($0) }) {
                let inside = word[word.index(after: open)...].trimmingCharacters(in: CharacterSet(charactersIn: ")]】 "))
                unit = inside.isEmpty ? nil : inside
                word = word[..<open].trimmingCharacters(in: .whitespaces)
            }
            var id: Int64?
            if let hash = word.firstIndex(of: "#"), let n = Int64(word[word.index(after: hash)...]) {
                id = n
                word = word[..<hash].trimmingCharacters(in: .whitespaces)
            }
            return SpeakerName(name: word, unit: unit, id: id)
        }
    }

    /// As written back: 「王芳」.
    public static func display(_ names: [String]) -> String? {
        names.isEmpty ? nil : names.joined(separator: "、")
    }
}
