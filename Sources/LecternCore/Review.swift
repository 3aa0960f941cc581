/// The county's audit-and-rectify process as a state machine (ARCHITECTURE.md, "Review"):
///
///     received ─policy fails→ autoRejected ─exempt→ pending
///     received ─policy passes→ pending
///     pending ─approve→ approved ─revoke→ revoked       (approved ─confirm→ approved: a spot check passed)
///     pending ─reject→ rejected
///     pending ─rectify (deadline)→ rectifying ─resubmit→ pending
///                                 rectifying ─deadline passes→ overdue ─resubmit→ pending
public enum ReviewAction: String, Codable, Sendable, CaseIterable {
    case approve, reject, rectify, resubmit, exempt, revoke, overdue
    /// A spot check found an approved lecture sound: it stays approved.
    case confirm

    public var chinese: String {
        switch self {
        case .approve: "通过"
        case .reject: "退回"
        case .rectify: "限期整改"
        case .resubmit: "重新提交"
        case .exempt: "特批进入审核"
        case .revoke: "撤销通过"
        case .overdue: "整改逾期"
        case .confirm: "抽查合格"
        }
    }

    /// Actions that must name at least one reason code.
    public var needsReason: Bool { self == .reject || self == .rectify || self == .revoke }
}

/// The county's reasons for sending a lecture back (CLI.md).
public enum ReasonCode: String, Codable, Sendable, CaseIterable {
    case detached, copied, reused, staged, duration, picture, sound, incomplete, other

    public var chinese: String {
        switch self {
        case .detached: "理论脱离实际"
        case .copied: "内容照搬照抄"
        case .reused: "一份讲稿用几年"
        case .staged: "摆拍作秀"
        case .duration: "时长不符合要求"
        case .picture: "画面问题"
        case .sound: "声音问题"
        case .incomplete: "信息不完整"
        case .other: "其他"
        }
    }
}

/// A decision that cannot be taken: the command line's words (`message`, naming its options)
/// and a form's (`onForm`, naming the form's fields), and the field to show it beside.
public struct ReviewError: Error, Equatable, CustomStringConvertible {
    /// Where on a decision form the problem is.
    public enum Field: String, Sendable, Equatable {
        case reason, deadline, note, cite, score
    }

    public var message: String
    public var onForm: String
    public var field: Field?

    public init(_ message: String, onForm: String? = nil, field: Field? = nil) {
        self.message = message
        self.onForm = onForm ?? message
        self.field = field
    }

    public var description: String { message }
}

extension ReviewAction {
    /// What a decision did, said once: 「已退回」, 「抽查合格，仍为已通过」,
    /// 「已要求限期整改，现在状态：整改中」.
    public func said(status: ReviewStatus) -> String {
        switch self {
        case .approve: "已通过"
        case .reject: "已退回"
        case .rectify: "已要求限期整改，现在状态：\(status.chinese)"
        case .revoke: "已撤销通过，现在状态：\(status.chinese)"
        case .confirm: "抽查合格，仍为\(status.chinese)"
        case .exempt: "已特批进入审核，现在状态：\(status.chinese)"
        case .resubmit, .overdue: "\(chinese)，现在状态：\(status.chinese)"
        }
    }
}

extension ReviewStatus {
    /// Where `action` leads from this state, or an error that says what is allowed here.
    public func after(_ action: ReviewAction) throws(ReviewError) -> ReviewStatus {
        if let next = ReviewStatus.transitions[self]?[action] { return next }
        let allowed = ReviewAction.allCases.filter { ReviewStatus.transitions[self]?[$0] != nil && $0 != .overdue }
        let what = allowed.isEmpty ? "此状态下不能再进行审核操作" : "此状态下可以：\(allowed.map(\.chinese).joined(separator: "、"))"
        throw ReviewError("节目当前状态为“\(chinese)”，不能“\(action.chinese)”；\(what)")
    }

    static let transitions: [ReviewStatus: [ReviewAction: ReviewStatus]] = [
        .autoRejected: [.exempt: .pending],
        .pending: [.approve: .approved, .reject: .rejected, .rectify: .rectifying],
        .rectifying: [.resubmit: .pending, .overdue: .overdue],
        .overdue: [.resubmit: .pending],
        .approved: [.revoke: .revoked, .confirm: .approved],
    ]
}

/// The county's evaluation rubric: content, form, language and effect, each 1–10.
public struct RubricScores: Codable, Sendable, Equatable {
    public var content: Int
    public var form: Int
    public var language: Int
    public var effect: Int

    public init(content: Int, form: Int, language: Int, effect: Int) {
        self.content = content
        self.form = form
        self.language = language
        self.effect = effect
    }

    /// "内容=9,形式=8,语言=9,效果=8" or "content=9,form=8,language=9,effect=8" (also with ：
    /// or ＝, separated by ，、 or spaces).
    public static func parse(_ raw: String) throws(ReviewError) -> RubricScores {
        let example = "例如 内容=9,形式=8,语言=9,效果=8，每项 1–10 分"
        var values: [RubricKey: Int] = [:]
        let text = TypedDay.halfWidth(raw)
        for part in text.split(whereSeparator: { ",，、; ；".contains($0) }) {
            var kv = part.split(maxSplits: 1, whereSeparator: { $0 == "=" || $0 == ":" || $0 == "：" }).map(String.init)
            // 「内容9」: the name, then the number.
            if kv.count == 1, let digit = part.firstIndex(where: \.isNumber), digit != part.startIndex {
                kv = [String(part[..<digit]), String(part[digit...])]
            }
            guard kv.count == 2 else { throw ReviewError("评分写法不对：「\(part)」（\(example)）") }
            guard let key = RubricKey(typed: kv[0]) else {
                throw ReviewError("没有「\(kv[0])」这一评分项；可用：\(RubricKey.accepted)")
            }
            guard let n = Int(kv[1].trimmingCharacters(in: " 分")), (1...10).contains(n) else {
                throw ReviewError("\(key.chinese)的分数「\(kv[1])」不对：每项 1–10 分（\(example)）")
            }
            values[key] = n
        }
        let missing = RubricKey.allCases.filter { values[$0] == nil }
        guard missing.isEmpty, let c = values[.content], let f = values[.form], let l = values[.language],
            let e = values[.effect]
        else {
            throw ReviewError("评分需包含四项：内容、形式、语言、效果，缺少\(missing.map(\.chinese).joined(separator: "、"))（\(example)）")
        }
        return RubricScores(content: c, form: f, language: l, effect: e)
    }

    public var total: Int { content + form + language + effect }
}

/// Who may do what (issue 5): staff take lectures in and resubmit them; reviewers decide on
/// lectures in their organisation's subtree; admins may do everything, exempt, and manage users.
public enum UserRole: String, Codable, Sendable, CaseIterable {
    case staff, reviewer, admin

    public var chinese: String {
        switch self {
        case .staff: "工作人员"
        case .reviewer: "审核员"
        case .admin: "管理员"
        }
    }

    public enum Permission: String, Sendable {
        case ingest, resubmit, review, exempt, manageUsers
        /// Open a lecture (on the web desk): everyone, within their organisation's subtree.
        case view
        public var chinese: String {
            switch self {
            case .view: "查看"
            case .ingest: "导入"
            case .resubmit: "重新提交"
            case .review: "审核"
            case .exempt: "特批"
            case .manageUsers: "管理用户"
            }
        }
    }

    public func may(_ permission: Permission) -> Bool {
        switch self {
        case .admin: true
        case .reviewer: permission == .review || permission == .view
        case .staff: permission == .ingest || permission == .resubmit || permission == .view
        }
    }
}

extension ReviewAction {
    /// What a user needs to take this action.
    public var permission: UserRole.Permission {
        switch self {
        case .exempt: .exempt
        case .resubmit: .resubmit
        default: .review
        }
    }
}
