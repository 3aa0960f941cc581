import Catalog
import Foundation
import Hummingbird
import LecternCore

/// A lecture: the player, contact sheet, facts, findings, near-duplicates side by side, the
/// decisions this user may take now, versions and history.
struct LecturePage {
    struct Fact { var key: String; var value: String }
    struct Near {
        var id: Int64
        var title: String
        var evidence: String
        var link: Bool
        var ranges: [Stretch]
    }
    /// A matched stretch: links that play this lecture and the other from where it starts.
    struct Stretch {
        var kind: String
        var at: Int
        var atText: String
        var otherAt: Int
        var otherText: String
    }
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
    var today: String
    /// The decision forms, each with what was typed in it after an error.
    var approveForm: FormState
    var rejectForm: FormState
    var rectifyForm: FormState
    var exemptForm: FormState
    var revokeForm: FormState
    var versions: [Version]
    var history: [Event]
    /// The oldest other lecture waiting in this user's queue: where a morning's work goes next.
    var nextId: Int64?
    var nextTitle: String?
    /// The panel's scores and the order form.
    var panel: PanelBox? = nil
    /// Scripts, slides and records, to download.
    var attachments: [AttachmentRow] = []
    var hasAttachments: Bool { !attachments.isEmpty }
    /// Other lectures' scripts and reference texts this lecture's scripts were found in.
    var scripts: [ScriptBox] = []
    var hasScripts: Bool { !scripts.isEmpty }
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
        posted: DecisionForm? = nil, failure: ReviewError? = nil, status: HTTPResponse.Status = .ok
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
            .init(
                key: "主讲人",
                value: d.speakers.isEmpty
                    ? (l.speaker ?? "—")
                    : d.speakers.map { "\($0.name)（\($0.organisation)，\($0.role)）" }.joined(separator: "、")),
            .init(key: "组织", value: d.organisationPath ?? l.organisation ?? "—"),
            .init(key: "类型", value: catalog.kinds.kind(code: l.kind).name),
            .init(key: "主题", value: (l.topic ?? "—") + (l.theme.map { "（专题：\($0)）" } ?? "")),
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
        func form(_ action: ReviewAction) -> FormState {
            .make(
                for: action, posted: posted, error: failure, near: d.nearDuplicates, scripts: d.scriptMatches,
                defaultDeadline: LectureDay.adding(Self.defaultRectifyDays, to: today))
        }
        let near = d.nearDuplicates.map { match in
            LecturePage.Near(
                id: match.id, title: match.title ?? "", evidence: match.evidenceChinese,
                link: view.openableNearDuplicates.contains(match.id), ranges: LecturePage.stretches(match))
        }
        // A refusal for a form this page no longer offers (the state moved on) is said at the top.
        let postedAction = posted?.action.flatMap(ReviewAction.init(rawValue:))
        let pageError = error ?? (postedAction.map { offered.contains($0) } == true ? nil : failure?.onForm)
        var page = LecturePage(
            viewer: Pages.viewer(session),
            csrf: session.csrf, id: id, lectureId: id,
            title: l.title, status: state.chinese, statusCode: state.rawValue,
            done: done.map { $0.said(status: state) }, error: pageError,
            hasVideo: latest != nil, codec: latest?.mediaInfo?.video?.codec ?? "",
            unplayable: !Self.browserCodecs.contains(latest?.mediaInfo?.video?.codec ?? "h264"),
            poster: latest?.posterPath != nil, sheet: latest?.sheetPath != nil,
            facts: facts, findings: (latest?.policyFindings ?? []).map(\.message) + d.notices.map(\.message),
            hasNear: !d.nearDuplicates.isEmpty,
            near: near,
            canDecide: !offered.isEmpty,
            canApprove: offered.contains(.approve), canReject: offered.contains(.reject),
            canRectify: offered.contains(.rectify), canExempt: offered.contains(.exempt),
            canConfirm: offered.contains(.confirm), canRevoke: offered.contains(.revoke),
            today: today,
            approveForm: form(.approve), rejectForm: form(.reject), rectifyForm: form(.rectify),
            exemptForm: form(.exempt), revokeForm: form(.revoke),
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
        page.panel = try await panelBox(d, session: session, today: today)
        page.attachments = Self.attachmentRows(d)
        page.scripts = Self.scriptBoxes(d, openable: view.openableNearDuplicates)
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
            decision = try Self.decision(form, today: LectureDay.string(now()), horizonDays: deadlineHorizonDays)
        } catch {
            try await authorizeView(session.user.name, id)
            return try await renderLecture(
                id, session: session, posted: form, failure: error, status: .unprocessableContent)
        }
        do {
            try await catalog.review(id, decision, actor: session.user.name, now: now())
        } catch let refusal as AccessDenied {
            throw DeskError.forbidden(refusal.message)
        } catch let refusal as ReviewError {
            return try await renderLecture(
                id, session: session, posted: form, failure: refusal, status: .unprocessableContent)
        } catch let error as CatalogError where error.kind == .notFound {
            throw HTTPError(.notFound)
        } catch {
            // The catalog could not save it (busy past its timeout, a full disk): the reviewer
            // keeps what was typed and reads why; the log says what happened underneath.
            let busy = CatalogError.isBusy(error)
            context.logger.error(
                "desk: decision not saved",
                metadata: [
                    "lecture": "\(id)", "user": "\(session.user.name)", "action": "\(decision.action.rawValue)",
                    "error": "\(error)",
                ])
            let message =
                busy
                ? "资料库正忙，您的决定没有保存，请稍后再试" : "您的决定没有保存：\(CatalogError.describeWrite(error))"
            return try await renderLecture(
                id, session: session, error: message, posted: form, failure: nil,
                status: busy ? .serviceUnavailable : .internalServerError)
        }
        await marks.wrote(context.sessionToken, version: try catalog.changeCounter())
        return .redirect(to: "/lectures/\(id)?done=\(decision.action.rawValue)", type: .normal)
    }

}

extension LecturePage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LecturePage>] = [
        "viewer": \.viewer, "csrf": \.csrf, "id": \.id, "lectureId": \.lectureId, "title": \.title, "status": \.status,
        "statusCode": \.statusCode, "done": \.done, "error": \.error, "hasVideo": \.hasVideo, "codec": \.codec,
        "unplayable": \.unplayable, "poster": \.poster,
        "sheet": \.sheet, "facts": \.facts, "findings": \.findings, "hasNear": \.hasNear, "near": \.near,
        "canDecide": \.canDecide, "canApprove": \.canApprove, "canReject": \.canReject, "canRectify": \.canRectify,
        "canExempt": \.canExempt, "canConfirm": \.canConfirm, "canRevoke": \.canRevoke,
        "today": \.today, "approveForm": \.approveForm, "rejectForm": \.rejectForm, "rectifyForm": \.rectifyForm,
        "exemptForm": \.exemptForm, "revokeForm": \.revokeForm, "versions": \.versions, "history": \.history,
        "nextId": \.nextId, "nextTitle": \.nextTitle, "panel": \.panel, "attachments": \.attachments,
        "scripts": \.scripts, "hasScripts": \.hasScripts,
        "hasAttachments": \.hasAttachments,
    ]
}

extension LecturePage.Fact: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["key": \.key, "value": \.value]
}

extension LecturePage {
    /// The longest three matched stretches, sound first when as long.
    static func stretches(_ match: NearDuplicate) -> [Stretch] {
        let sound: [(String, MatchedRange)] = match.soundRanges.map { ("声音", $0) }
        let picture: [(String, MatchedRange)] = match.pictureRanges.map { ("画面", $0) }
        let longest = (sound + picture).sorted { a, b in a.1.end - a.1.start > b.1.end - b.1.start }.prefix(3)
        return longest.map { kind, r in
            Stretch(
                kind: kind, at: Int(r.start), atText: "\(clock(r.start))–\(clock(r.end))", otherAt: Int(r.otherStart),
                otherText: "\(clock(r.otherStart))–\(clock(r.otherEnd))")
        }
    }
}

extension LecturePage.Near: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "id": \.id, "title": \.title, "evidence": \.evidence, "link": \.link, "ranges": \.ranges,
    ]
}

extension LecturePage.Stretch: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "kind": \.kind, "at": \.at, "atText": \.atText, "otherAt": \.otherAt, "otherText": \.otherText,
    ]
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
