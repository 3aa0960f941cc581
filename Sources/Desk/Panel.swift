import Catalog
import Foundation
import Hummingbird
import LecternCore

/// The panel's scores and the menu's orders on a lecture's page: a reviewer scores it on the
/// rubric (`Catalog.score`, as `lectern review score`), a township's staff order it for one of
/// their branches (`Catalog.addOrder`, as `lectern order add`).
struct PanelBox {
    struct Row {
        var reviewer: String
        var items: String
        var mean: String
        var comment: String
    }
    struct Branch {
        var id: String
        var name: String
    }
    var id: Int64
    var csrf: String
    var summary: String?
    var rows: [Row]
    var canScore: Bool
    var canOrder: Bool
    var branches: [Branch]
    var today: String
}

/// `POST /lectures/:id/score`.
struct ScoreForm: PostedForm {
    var csrf: String?
    var content: String?
    var form: String?
    var language: String?
    var effect: String?
    var comment: String?
}

/// `POST /lectures/:id/order`.
struct OrderForm: PostedForm {
    var csrf: String?
    var org: String?
    var date: String?
    var note: String?
}

extension Desk {
    func panelBox(_ d: LectureDetail, session: WebSession, today: String) async throws -> PanelBox {
        let role = session.user.role
        let l = d.lecture
        var branches: [PanelBox.Branch] = []
        let canOrder = role.may(.ingest) && l.status == .approved && l.kind == ItemKind.lectureCode
        if canOrder {
            let all = try await catalog.organisations()
            let scope = role == .admin ? nil : session.user.organisationId
            let ids = Set(scope.map { Catalog.subtree(roots: [$0], of: all) } ?? all.map(\.id))
            let parents = Set(all.compactMap(\.parentId))
            branches = all.filter { ids.contains($0.id) && !parents.contains($0.id) && $0.id != "unassigned" }
                .map { .init(id: $0.id, name: $0.name) }
        }
        return PanelBox(
            id: l.id, csrf: session.csrf, summary: d.panel?.chinese,
            rows: (d.panel?.scores ?? []).map { s in
                .init(
                    reviewer: s.reviewer,
                    items:
                        "内容 \(s.scores.content) · 形式 \(s.scores.form) · 语言 \(s.scores.language) · 效果 \(s.scores.effect)",
                    mean: String(format: "%.1f", s.mean), comment: s.comment ?? "")
            },
            canScore: role.may(.review) && ![.rejected, .autoRejected, .revoked].contains(l.status)
                && !(d.panel?.scores.contains { $0.reviewer == session.user.name } ?? false),
            canOrder: canOrder && !branches.isEmpty, branches: branches, today: today)
    }

    func scoreLecture(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        let form = try await postedForm(ScoreForm.self, request, context, session: session)
        try await authorizeView(session.user.name, id)
        let typed = [("内容", form.content), ("形式", form.form), ("语言", form.language), ("效果", form.effect)]
            .map { "\($0.0)=\($0.1 ?? "")" }.joined(separator: ",")
        return try await panelWrite(id, session: session, context: context) {
            let scores = try RubricScores.parse(typed)
            _ = try await catalog.score(
                id, scores, comment: ScoreForm.text(form.comment), actor: session.user.name, now: now())
        }
    }

    func orderLecture(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        let form = try await postedForm(OrderForm.self, request, context, session: session)
        guard let org = OrderForm.text(form.org) else {
            return try await renderLecture(id, session: session, error: "请选择点单的支部", status: .unprocessableContent)
        }
        let day = OrderForm.text(form.date).flatMap(TypedDay.parse) ?? LectureDay.string(now())
        return try await panelWrite(id, session: session, context: context) {
            _ = try await catalog.addOrder(
                organisation: org, lecture: id, day: day, note: OrderForm.text(form.note), actor: session.user.name,
                now: now())
        }
    }

    /// A write from the panel box: a refusal is a 403, a mistake is said on the page (422), and
    /// a success goes back to the box.
    func panelWrite(
        _ id: Int64, session: WebSession, context: DeskContext, _ write: () async throws -> Void
    ) async throws -> Response {
        do {
            try await write()
        } catch let refusal as AccessDenied {
            throw DeskError.forbidden(refusal.message)
        } catch let error as ReviewError {
            return try await renderLecture(id, session: session, error: error.message, status: .unprocessableContent)
        } catch let error as CatalogError {
            return try await renderLecture(id, session: session, error: error.message, status: .unprocessableContent)
        }
        await marks.wrote(context.sessionToken, version: try catalog.changeCounter())
        return .redirect(to: "/lectures/\(id)#panel", type: .normal)
    }
}

extension PanelBox: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<PanelBox>] = [
        "id": \.id, "csrf": \.csrf, "summary": \.summary, "rows": \.rows, "canScore": \.canScore,
        "canOrder": \.canOrder, "branches": \.branches, "today": \.today,
    ]
}

extension PanelBox.Row: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "reviewer": \.reviewer, "items": \.items, "mean": \.mean, "comment": \.comment,
    ]
}

extension PanelBox.Branch: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["id": \.id, "name": \.name]
}

extension Templates {
    /// The lecture page's panel and order box.
    static let panel = """
        <section id="panel">
        <h2>评选与点单</h2>
        {{#summary}}<p class="score-summary">评选小组评分：{{summary}}</p>{{/summary}}
        {{^summary}}<p>还没有评分。</p>{{/summary}}
        <table class="list" id="scores">{{#rows}}<tr><td>{{reviewer}}</td><td>{{items}}</td><td>{{mean}} 分</td><td>{{comment}}</td></tr>{{/rows}}</table>
        <div class="actions">
        {{#canScore}}
        <details>
          <summary>评分</summary>
          <form method="post" action="/lectures/{{id}}/score" id="score-form">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <fieldset class="rubric"><legend>四项各 1–10 分，每位评委评一次</legend>
              <label>内容 <input type="number" name="content" min="1" max="10" required></label>
              <label>形式 <input type="number" name="form" min="1" max="10" required></label>
              <label>语言 <input type="number" name="language" min="1" max="10" required></label>
              <label>效果 <input type="number" name="effect" min="1" max="10" required></label>
            </fieldset>
            <label>评语 <input name="comment" maxlength="2000"></label>
            <button type="submit" id="score">提交评分</button>
          </form>
        </details>
        {{/canScore}}
        {{#canOrder}}
        <details>
          <summary>点单</summary>
          <form method="post" action="/lectures/{{id}}/order" id="order-form">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>支部 <select name="org" required>{{#branches}}<option value="{{id}}">{{name}}</option>{{/branches}}</select></label>
            <label>点单日期 <input type="date" name="date" value="{{today}}"></label>
            <label>备注 <input name="note" maxlength="500"></label>
            <button type="submit" id="order">点单</button>
          </form>
        </details>
        {{/canOrder}}
        </div>
        </section>
        """
}
