import Catalog
import Foundation
import Hummingbird
import LecternCore

/// A lecture: the player, contact sheet, facts, findings, near-duplicates side by side, the
/// decisions this user may take now, versions and history.
struct LecturePage {
    struct Fact { var key: String; var value: String }
    struct Near { var id: Int64; var title: String; var percent: Int; var link: Bool }
    struct Reason { var code: String; var label: String }
    struct Version {
        var number: Int
        var name: String
        var size: String
        var duration: String
        var picture: String
        var at: String
        var findings: String
    }
    struct Event {
        var at: String
        var actor: String
        var action: String
        var change: String
        var reasons: String
        var note: String
    }

    var viewer: Pages.Viewer?
    var csrf: String
    var id: Int64
    var lectureId: Int64
    var title: String
    var status: String
    var statusCode: String
    var done: String?
    var error: String?
    var hasVideo: Bool
    /// The latest version's video codec as FFmpeg names it, and whether browsers commonly
    /// cannot play it (HEVC from phones, for one): then the page says so and offers the file.
    var codec: String
    var unplayable: Bool
    var poster: Bool
    var sheet: Bool
    var facts: [Fact]
    var findings: [String]
    var hasNear: Bool
    var near: [Near]
    var canDecide: Bool
    var canApprove: Bool
    var canReject: Bool
    var canRectify: Bool
    var canExempt: Bool
    var canConfirm: Bool
    var canRevoke: Bool
    var reasons: [Reason]
    var today: String
    var defaultDeadline: String
    var versions: [Version]
    var history: [Event]
    /// The oldest other lecture waiting in this user's queue: where a morning's work goes next.
    var nextId: Int64?
    var nextTitle: String?
}

extension Desk {
    /// Video codecs Chromium, Firefox and phone browsers all play.
    static let browserCodecs: Set<String> = ["h264", "vp8", "vp9", "av1"]

    /// Days a rectification gets unless the reviewer picks another day.
    static let defaultRectifyDays = 15

    func lecturePage(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        try await authorizeView(session.user.name, id)
        let done = request.uri.queryParameters.get("done").flatMap { ReviewAction(rawValue: $0) }
        return try await renderLecture(id, session: session, done: done)
    }

    func renderLecture(
        _ id: Int64, session: WebSession, done: ReviewAction? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let time = now()
        let scope = session.user.role == .admin ? nil : session.user.organisationId
        guard let view = try await catalog.lectureView(id, viewer: session.user.name, scope: scope, now: time) else {
            throw HTTPError(.notFound)
        }
        let d = view.detail
        let l = d.lecture
        let state = l.status
        let latest = d.versions.last
        let (mayReview, mayExempt) = (view.mayReview, view.mayExempt)
        // The decisions this user may take on this lecture now.
        let offered = Set(
            ReviewAction.allCases.filter { action in
                guard (try? state.after(action)) != nil else { return false }
                switch action {
                case .approve, .reject, .rectify, .revoke: return mayReview
                case .confirm: return mayReview && d.spotCheck
                case .exempt: return mayExempt
                case .resubmit, .overdue: return false
                }
            })
        var facts: [LecturePage.Fact] = [
            .init(key: "主讲人", value: l.speaker ?? "—"),
            .init(key: "组织", value: d.organisationPath ?? l.organisation ?? "—"),
            .init(key: "主题", value: l.topic ?? "—"),
            .init(key: "录制日期", value: l.recordedOn ?? "—"),
            .init(key: "时长", value: l.durationSeconds.map(Chinese.duration) ?? "—"),
            .init(key: "提交时间", value: LectureDay.minute(l.createdAt)),
        ]
        if let deadline = d.deadline { facts.append(.init(key: "整改期限", value: deadline)) }
        if d.spotCheck { facts.append(.init(key: "抽查", value: "已抽中，待确认")) }
        if let desc = d.description, !desc.isEmpty { facts.append(.init(key: "简介", value: desc)) }
        if !d.tags.isEmpty { facts.append(.init(key: "标签", value: d.tags.joined(separator: "、"))) }
        let today = LectureDay.string(time)
        let next = view.next
        let near = d.nearDuplicates.map { match in
            LecturePage.Near(
                id: match.id, title: match.title ?? "", percent: Int((match.similarity * 100).rounded()),
                link: view.openableNearDuplicates.contains(match.id))
        }
        let page = LecturePage(
            viewer: Pages.viewer(session),
            csrf: session.csrf, id: id, lectureId: id,
            title: l.title, status: state.chinese, statusCode: state.rawValue,
            done: done.map { "已\($0.chinese)，现在状态：\(state.chinese)" }, error: error,
            hasVideo: latest != nil, codec: latest?.mediaInfo?.video?.codec ?? "",
            unplayable: !Self.browserCodecs.contains(latest?.mediaInfo?.video?.codec ?? "h264"),
            poster: latest?.posterPath != nil, sheet: latest?.sheetPath != nil,
            facts: facts, findings: latest?.policyFindings.map(\.message) ?? [],
            hasNear: !d.nearDuplicates.isEmpty,
            near: near,
            canDecide: !offered.isEmpty,
            canApprove: offered.contains(.approve), canReject: offered.contains(.reject),
            canRectify: offered.contains(.rectify), canExempt: offered.contains(.exempt),
            canConfirm: offered.contains(.confirm), canRevoke: offered.contains(.revoke),
            reasons: ReasonCode.allCases.map { .init(code: $0.rawValue, label: $0.chinese) },
            today: today, defaultDeadline: LectureDay.adding(Self.defaultRectifyDays, to: today),
            versions: d.versions.map { v in
                let info = v.mediaInfo
                let findings = v.policyFindings.map(\.message)
                return .init(
                    number: v.number, name: v.originalName, size: Human.bytes(v.sizeBytes),
                    duration: v.durationSeconds.map(Chinese.duration) ?? "—",
                    picture: info?.video.map { "\($0.codec) \($0.width)×\($0.height)" } ?? "无画面",
                    at: LectureDay.minute(v.ingestedAt),
                    findings: findings.isEmpty ? "通过" : findings.joined(separator: "；"))
            },
            history: d.history.map { e in
                .init(
                    at: LectureDay.minute(e.at), actor: e.actorChinese, action: e.actionChinese,
                    change: e.stateChangeChinese,
                    reasons: e.reasonsChinese.joined(separator: "、"), note: e.note)
            },
            nextId: next?.id, nextTitle: next?.title)
        return pages.render("lecture", page, status: status)
    }

    /// A decision from the lecture page: the same `Catalog.review` as `lectern review`, so the
    /// checks, the status change and the audit event are the command line's.
    func decide(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        let form = try await postedForm(DecisionForm.self, request, context, session: session)
        let decision: ReviewDecision
        do {
            decision = try Self.decision(form, today: LectureDay.string(now()))
        } catch let refusal as ReviewError {
            try await authorizeView(session.user.name, id)
            return try await renderLecture(id, session: session, error: refusal.message, status: .unprocessableContent)
        }
        do {
            try await catalog.review(id, decision, actor: session.user.name, now: now())
        } catch let refusal as AccessDenied {
            throw DeskError.forbidden(refusal.message)
        } catch let refusal as ReviewError {
            return try await renderLecture(id, session: session, error: refusal.message, status: .unprocessableContent)
        } catch let error as CatalogError where error.kind == .notFound {
            throw HTTPError(.notFound)
        }
        await marks.wrote(context.sessionToken, version: try catalog.changeCounter())
        return .redirect(to: "/lectures/\(id)?done=\(decision.action.rawValue)", type: .normal)
    }

    /// The form's fields as a decision; wrong or missing fields say what to fix.
    static func decision(_ form: DecisionForm, today: String) throws -> ReviewDecision {
        let offered: [ReviewAction] = [.approve, .reject, .rectify, .exempt, .confirm, .revoke]
        guard let action = form.action.flatMap(ReviewAction.init(rawValue:)), offered.contains(action) else {
            throw ReviewError("没有这种审核操作")
        }
        var reasons: [ReasonCode] = []
        for code in form.reason ?? [] {
            guard let reason = ReasonCode(rawValue: code) else { throw ReviewError("没有这个原因：\(code)") }
            reasons.append(reason)
        }
        var cites: [Int64] = []
        for text in form.cite ?? [] {
            guard let cite = Int64(text) else { throw ReviewError("引用的节目编号不对：\(text)") }
            cites.append(cite)
        }
        var decision = ReviewDecision(
            action: action, reasons: reasons, note: DecisionForm.text(form.note) ?? "", cites: cites)
        if action == .rectify {
            guard let deadline = DecisionForm.text(form.deadline), LectureDay.valid(deadline) else {
                throw ReviewError("请选择整改期限（年-月-日）")
            }
            guard deadline >= today else { throw ReviewError("整改期限 \(deadline) 已过，请选择今天或以后的日期") }
            decision.deadline = deadline
        }
        if action == .approve {
            let fields = [
                ("content", form.content), ("form", form.form), ("language", form.language), ("effect", form.effect),
            ]
            let keys = fields.map(\.0)
            let given = fields.compactMap { key, value in DecisionForm.text(value).map { (key, $0) } }
            if !given.isEmpty {
                guard given.count == keys.count else { throw ReviewError("评分需四项都填（内容、形式、语言、效果），或都不填") }
                decision.scores = try RubricScores.parse(given.map { "\($0.0)=\($0.1)" }.joined(separator: ","))
            }
        }
        return decision
    }
}

extension LecturePage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LecturePage>] = [
        "viewer": \.viewer, "csrf": \.csrf, "id": \.id, "lectureId": \.lectureId, "title": \.title, "status": \.status,
        "statusCode": \.statusCode, "done": \.done, "error": \.error, "hasVideo": \.hasVideo, "codec": \.codec,
        "unplayable": \.unplayable, "poster": \.poster,
        "sheet": \.sheet, "facts": \.facts, "findings": \.findings, "hasNear": \.hasNear, "near": \.near,
        "canDecide": \.canDecide, "canApprove": \.canApprove, "canReject": \.canReject, "canRectify": \.canRectify,
        "canExempt": \.canExempt, "canConfirm": \.canConfirm, "canRevoke": \.canRevoke, "reasons": \.reasons,
        "today": \.today, "defaultDeadline": \.defaultDeadline, "versions": \.versions, "history": \.history,
        "nextId": \.nextId, "nextTitle": \.nextTitle,
    ]
}

extension LecturePage.Fact: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["key": \.key, "value": \.value]
}

extension LecturePage.Near: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "id": \.id, "title": \.title, "percent": \.percent, "link": \.link,
    ]
}

extension LecturePage.Reason: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["code": \.code, "label": \.label]
}

extension LecturePage.Version: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "number": \.number, "name": \.name, "size": \.size, "duration": \.duration, "picture": \.picture, "at": \.at,
        "findings": \.findings,
    ]
}

extension LecturePage.Event: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "at": \.at, "actor": \.actor, "action": \.action, "change": \.change, "reasons": \.reasons, "note": \.note,
    ]
}
