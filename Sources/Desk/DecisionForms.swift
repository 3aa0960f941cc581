import Catalog
import Foundation
import LecternCore

/// What one decision form on the lecture page shows: what the reviewer typed (kept after an
/// error), whether it is open, and the message beside the field it is about.
struct FormState {
    struct Choice { var code: String; var label: String; var checked: Bool }

    var open = false
    var note = ""
    var deadline = ""
    var content = "", form = "", language = "", effect = ""
    var reasons: [Choice] = []
    var cites: [Choice] = []
    /// The message, and the field it belongs beside (nil: the form as a whole).
    var error: String?
    var field: ReviewError.Field?

    var reasonError: String? { field == .reason ? error : nil }
    var deadlineError: String? { field == .deadline ? error : nil }
    var noteError: String? { field == .note ? error : nil }
    var scoreError: String? { field == .score ? error : nil }
    var citeError: String? { field == .cite ? error : nil }
    var formError: String? { field == nil ? error : nil }

    /// A fresh form, or the one just posted with what was typed in it.
    static func make(
        for action: ReviewAction, posted: DecisionForm?, error: ReviewError?, near: [NearDuplicate],
        scripts: [ScriptMatch] = [], defaultDeadline: String
    ) -> FormState {
        let mine = posted?.action == action.rawValue ? posted : nil
        var state = FormState()
        state.open = mine != nil || action == .approve
        state.note = mine?.note ?? ""
        state.deadline = mine?.deadline ?? defaultDeadline
        (state.content, state.form, state.language, state.effect) =
            (mine?.content ?? "", mine?.form ?? "", mine?.language ?? "", mine?.effect ?? "")
        let reasons = Set(mine?.reason ?? []), cites = Set(mine?.cite ?? [])
        state.reasons = ReasonCode.allCases.map {
            Choice(code: $0.rawValue, label: $0.chinese, checked: reasons.contains($0.rawValue))
        }
        state.cites = near.map {
            Choice(
                code: "\($0.id)", label: "#\($0.id) \($0.title ?? "")（\(Int(($0.similarity * 100).rounded()))%）",
                checked: cites.contains("\($0.id)"))
        }
        // A lecture whose script is the same (once, when its picture or sound matched too), and the references.
        for m in scripts {
            let code = m.lectureId.map { "\($0)" } ?? "R\(m.referenceId ?? 0)"
            guard !state.cites.contains(where: { $0.code == code }) else { continue }
            let label =
                m.lectureId.map { "#\($0) \(m.title ?? "")（讲稿）" } ?? "参考资料《\(m.referenceTitle ?? "")》"
            state.cites.append(Choice(code: code, label: label, checked: cites.contains(code)))
        }
        if mine != nil, let error {
            state.error = error.onForm
            state.field = error.field
        }
        return state
    }
}

extension FormState: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FormState>] = [
        "open": \.open, "note": \.note, "deadline": \.deadline, "content": \.content, "form": \.form,
        "language": \.language, "effect": \.effect, "reasons": \.reasons, "cites": \.cites, "hasCites": \.hasCites,
        "reasonError": \.reasonError, "deadlineError": \.deadlineError, "noteError": \.noteError,
        "scoreError": \.scoreError, "citeError": \.citeError, "formError": \.formError,
    ]
    var hasCites: Bool { !cites.isEmpty }
}

extension FormState.Choice: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "code": \.code, "label": \.label, "checked": \.checked,
    ]
}

extension Desk {
    /// The form's fields as a decision; wrong or missing fields say what to fix, beside the field.
    static func decision(_ form: DecisionForm, today: String, horizonDays: Int) throws(ReviewError) -> ReviewDecision {
        let offered: [ReviewAction] = [.approve, .reject, .rectify, .exempt, .confirm, .revoke]
        guard let action = form.action.flatMap(ReviewAction.init(rawValue:)), offered.contains(action) else {
            throw ReviewError("没有这种审核操作")
        }
        var reasons: [ReasonCode] = []
        for code in form.reason ?? [] {
            guard let reason = ReasonCode(rawValue: code) else {
                throw ReviewError("没有这个原因：\(code)", field: .reason)
            }
            reasons.append(reason)
        }
        var cites: [Int64] = [], references: [Int64] = []
        for text in form.cite ?? [] {
            if text.hasPrefix("R"), let reference = Int64(text.dropFirst()) {
                references.append(reference)
                continue
            }
            guard let cite = Int64(text) else { throw ReviewError("引用的节目编号不对：\(text)", field: .cite) }
            cites.append(cite)
        }
        var decision = ReviewDecision(
            action: action, reasons: reasons, note: DecisionForm.text(form.note) ?? "", cites: cites,
            citedReferences: references)
        if action == .rectify {
            guard let deadline = DecisionForm.text(form.deadline).flatMap(TypedDay.parse) else {
                throw ReviewError("请选择整改期限", field: .deadline)
            }
            guard deadline >= today else {
                throw ReviewError("整改期限 \(deadline) 已经过去，请选择今天或以后的日期", field: .deadline)
            }
            let days = LectureDay.days(from: today, to: deadline)
            if days > horizonDays, form.confirmDistant == nil {
                throw ReviewError(
                    "整改期限 \(deadline) 在 \(days) 天之后，超过通常的 \(horizonDays) 天；确实如此请勾选“确认期限”后再提交",
                    field: .deadline)
            }
            decision.deadline = deadline
        }
        if action == .approve {
            let fields: [(RubricKey, String?)] = [
                (.content, form.content), (.form, form.form), (.language, form.language), (.effect, form.effect),
            ]
            let given = fields.compactMap { key, value in DecisionForm.text(value).map { (key, $0) } }
            if !given.isEmpty {
                guard given.count == fields.count else {
                    let missing = fields.filter { DecisionForm.text($0.1) == nil }.map(\.0.chinese)
                    throw ReviewError(
                        "评分请四项都填（还缺\(missing.joined(separator: "、"))），或都不填", field: .score)
                }
                var values: [RubricKey: Int] = [:]
                for (key, text) in given {
                    guard let n = Int(text), (1...10).contains(n) else {
                        throw ReviewError("评分「\(key.chinese)」\(text) 分超出 1–10", field: .score)
                    }
                    values[key] = n
                }
                decision.scores = RubricScores(
                    content: values[.content] ?? 0, form: values[.form] ?? 0, language: values[.language] ?? 0,
                    effect: values[.effect] ?? 0)
            }
        }
        return decision
    }
}
