import LecternCore

/// A lecture's script found in another lecture's, or in a reference text: what the reviewer sees.
public struct ScriptMatch: Codable, Sendable, Equatable {
    /// 一份讲稿用几年 (the same organisation or speaker), 照搬照抄 (another organisation), or
    /// taken from a reference text.
    public enum Kind: String, Codable, Sendable {
        case reused, copied, reference
    }

    public var kind: Kind
    /// This lecture's attachment, and the other side: a lecture's attachment or a reference.
    public var attachmentId: Int64
    public var lectureId: Int64?
    public var otherAttachmentId: Int64?
    public var title: String?
    /// The other lecture's year (from its recording date), its organisation's name.
    public var year: Int?
    public var organisation: String?
    public var sameOrganisation: Bool
    public var sameSpeaker: Bool
    public var referenceId: Int64?
    public var referenceTitle: String?
    /// Shares of this script and of the other inside the shared passages (0…1).
    public var similarity: Double
    public var otherSimilarity: Double
    /// Characters shared, and the longest passage.
    public var shared: Int
    public var longest: Int
    public var passages: [SharedPassage]

    /// This script copied or reused as a whole (or lightly edited), not only in passages. (The
    /// other side may be whole inside this one: a short reference quoted in full is a passage here.)
    public var whole: Bool { similarity >= ScriptOverlap.wholeThreshold }

    var percent: String { "\(Int((similarity * 100).rounded()))%" }

    /// 「讲稿与 #7（2023 年，同一支部）85% 相同」, 「讲稿大段摘自参考资料《…》（共 640 字）」.
    public var chinese: String {
        if kind == .reference {
            let title = "参考资料《\(referenceTitle ?? "#\(referenceId ?? 0)")》"
            return whole
                ? "讲稿与\(title)\(percent) 相同" : "讲稿大段摘自\(title)（共 \(shared) 字，最长一段 \(longest) 字）"
        }
        var context: [String] = []
        if let year { context.append("\(year) 年") }
        let unit = (organisation ?? "").hasSuffix("支部") ? "支部" : "单位"
        if sameOrganisation {
            context.append("同一\(unit)")
        } else if let organisation {
            context.append("其他\(unit)：\(organisation)")
        }
        if sameSpeaker { context.append("同一主讲人") }
        let other = "#\(lectureId ?? 0)" + (context.isEmpty ? "" : "（\(context.joined(separator: "，"))）")
        return whole
            ? "讲稿与 \(other)\(percent) 相同" : "讲稿有大段与 \(other) 相同（共 \(shared) 字，最长一段 \(longest) 字）"
    }

    /// What a cited rejection records: 「讲稿与 #7（…）85% 相同，「……」」.
    public var citation: String {
        chinese + (passages.first.map { "，如「\(String($0.text.prefix(40)))…」" } ?? "")
    }
}
