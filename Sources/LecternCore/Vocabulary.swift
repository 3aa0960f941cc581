/// A closed set of values that staff may type in Chinese (the word they see, or a short form
/// they use) as well as by the English code that scripts use.
public protocol TypedWord: RawRepresentable<String>, CaseIterable, Sendable, Hashable {
    /// The word staff see.
    var chinese: String { get }
    /// Other words staff use for it: short forms and synonyms.
    var aliases: [String] { get }
    /// What the values are called in messages: 原因, 状态.
    static var noun: String { get }
}

extension TypedWord {
    public var aliases: [String] { [] }

    /// The value `text` names: its code (any case), its Chinese word or an alias; else the one
    /// value whose Chinese word holds `text` (照搬 → 内容照搬照抄), when exactly one does.
    public init?(typed raw: String) {
        let text = TypedDay.halfWidth(raw).trimmingCharacters(in: " \t")
        guard !text.isEmpty else { return nil }
        let lower = text.lowercased()
        if let exact = Self.allCases.first(where: {
            $0.rawValue.lowercased() == lower || $0.chinese == text
                || $0.aliases.contains(where: { $0.lowercased() == lower })
        }) {
            self = exact
            return
        }
        let holding = Self.allCases.filter { value in
            text.unicodeScalars.count >= 2 && text.unicodeScalars.allSatisfy({ $0.value >= 0x3400 })
                && ([value.chinese] + value.aliases).contains(where: { $0.contains(text) })
        }
        guard holding.count == 1, let only = holding.first else { return nil }
        self = only
    }

    /// "内容照搬照抄（copied）、一份讲稿用几年（reused）…": what may be typed, for messages and help.
    public static var accepted: String {
        allCases.map { "\($0.chinese)（\($0.rawValue)）" }.joined(separator: "、")
    }

    /// The one-line message for a word that names no value.
    public static func refusal(_ text: String) -> String {
        "没有「\(text)」这个\(noun)；可用：\(accepted)"
    }

    /// Several values separated by commas (`,` `，` `、`) or spaces; a failure names the first
    /// part that is not a value.
    public static func list(_ text: String) -> Result<[Self], TypedWordError> {
        var out: [Self] = []
        for part in text.split(whereSeparator: { ",，、; ；".contains($0) }) {
            guard let value = Self(typed: String(part)) else {
                return .failure(TypedWordError(message: refusal(String(part))))
            }
            if !out.contains(value) { out.append(value) }
        }
        if out.isEmpty { return .failure(TypedWordError(message: "至少要写一个\(noun)；可用：\(accepted)")) }
        return .success(out)
    }
}

public struct TypedWordError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

extension ReviewStatus: TypedWord {
    public static var noun: String { "状态" }
    public var aliases: [String] {
        switch self {
        case .received: ["接收", "已收到"]
        case .autoRejected: ["未通过", "检查未通过", "自动退回", "不合格"]
        case .pending: ["待审", "未审核", "待审核的"]
        case .approved: ["通过", "已审核通过"]
        case .rejected: ["退回", "被退回"]
        case .rectifying: ["整改", "限期整改", "待整改"]
        case .overdue: ["已逾期", "逾期", "超期", "逾期未整改"]
        case .revoked: ["撤销", "已撤销通过"]
        }
    }
}

extension ReasonCode: TypedWord {
    public static var noun: String { "原因" }
    public var aliases: [String] {
        switch self {
        case .detached: ["脱离实际", "理论脱离实际", "脱离群众", "空洞"]
        case .copied: ["照搬", "照抄", "照搬照抄", "抄袭"]
        case .reused: ["一稿多用", "一份讲稿用几年", "旧稿", "重复使用"]
        case .staged: ["摆拍", "作秀", "摆拍作秀"]
        case .duration: ["时长", "时长不符", "时长不够", "太长", "太短"]
        case .picture: ["画面", "画质", "黑屏"]
        case .sound: ["声音", "音质", "无声", "杂音"]
        case .incomplete: ["信息不全", "信息缺失", "缺信息"]
        case .other: ["其它"]
        }
    }
}

extension UserRole: TypedWord {
    public static var noun: String { "角色" }
    public var aliases: [String] {
        switch self {
        case .staff: ["工作人员", "职员", "录入员"]
        case .reviewer: ["审核", "审核人"]
        case .admin: ["管理", "管理员账号", "超级管理员"]
        }
    }
}

extension SearchQuery.Sort: TypedWord {
    public static var noun: String { "排序方式" }
    public var chinese: String {
        switch self {
        case .relevance: "相关度"
        case .recorded: "录制日期"
        case .duration: "时长"
        case .ingested: "导入时间"
        case .score: "评分"
        }
    }
    public var aliases: [String] {
        switch self {
        case .relevance: ["相关", "相关性", "匹配度"]
        case .recorded: ["录制", "录制时间", "日期"]
        case .duration: ["长度", "时间长短"]
        case .ingested: ["导入", "导入日期", "最新"]
        case .score: ["得分", "分数", "评分高低"]
        }
    }
}

/// The four items of the county's rubric.
public enum RubricKey: String, CaseIterable, Sendable, TypedWord {
    case content, form, language, effect
    public static var noun: String { "评分项" }
    public var chinese: String {
        switch self {
        case .content: "内容"
        case .form: "形式"
        case .language: "语言"
        case .effect: "效果"
        }
    }
}
