import Catalog
import Foundation
import LecternCore

/// The human lines of `lectern review`.
enum DecisionText {
    /// What a decision did, said once: "#3 已退回（原因：内容照搬照抄）", "#3 抽查合格，仍为已通过".
    static func line(_ id: Int64, _ decision: ReviewDecision, status: ReviewStatus) -> String {
        let reasons =
            decision.reasons.isEmpty ? "" : "（原因：\(decision.reasons.map(\.chinese).joined(separator: "、"))）"
        switch decision.action {
        case .approve:
            return "#\(id) 已通过" + (decision.scores.map { "，评分 \($0.total) 分" } ?? "")
        case .reject: return "#\(id) 已退回\(reasons)"
        case .rectify:
            return "#\(id) 已要求限期整改，期限 \(decision.deadline ?? "—")\(reasons)，现在状态：\(status.chinese)"
        case .revoke: return "#\(id) 已撤销通过\(reasons)，现在状态：\(status.chinese)"
        default: return "#\(id) " + decision.action.said(status: status)
        }
    }

    /// How long a queue item has waited, or where its rectification stands:
    /// "待审核，已等 3 天", "整改中，期限 2026-12-15，还剩 14 天", "整改逾期，期限 2026-11-23，已逾期 8 天".
    static func wait(_ item: QueueItem, today: String, now: Date) -> String {
        if let deadline = item.deadline, item.status == .rectifying || item.status == .overdue {
            let left = LectureDay.days(from: today, to: deadline)
            let state = left < 0 ? ReviewStatus.overdue.chinese : item.status.chinese
            let when = left < 0 ? "已逾期 \(-left) 天" : left == 0 ? "今天到期" : "还剩 \(left) 天"
            // The call-in list: whether the responsible person has been called in yet.
            let called = left >= 0 ? "" : item.calledIn.map { "，已约谈 \($0.day) \($0.person)" } ?? "，待约谈"
            return "\(state)，期限 \(deadline)，\(when)\(called)"
        }
        let age = max(0, Int(now.timeIntervalSince(item.createdAt) / 86_400))
        return "\(item.status.chinese)，" + (age == 0 ? "今天提交" : "已等 \(age) 天")
    }
}
