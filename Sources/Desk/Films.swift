import Catalog
import Foundation
import Hummingbird
import LecternCore
import NIOCore
import Reports

/// The month's film list (教育片清单) on the desk: the approved films with the month's ticked,
/// saved with `Catalog.planFilms` like `lectern films plan`, and the notice to print or copy.
struct FilmsPage {
    struct Film {
        var id: Int64
        var title: String
        var length: String
        var theme: String
        var listed: Bool
    }
    var viewer: Pages.Viewer?
    var month: String
    var films: [Film]
    var listed: Int
    var error: String?
    var done: Bool
}

/// `POST /films`: the month and the ticked films.
struct FilmPlanForm: PostedForm {
    var csrf: String?
    var month: String?
    var film: [String]?
}

extension Desk {
    func filmsPage(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let month = try Self.month(request.uri.queryParameters.get("month"), today: LectureDay.string(now()))
        return try await renderFilms(
            month, session: session, done: request.uri.queryParameters.get("done") != nil, error: nil, status: .ok)
    }

    static func month(_ text: String?, today: String) throws -> String {
        guard let text, !text.isEmpty else { return String(today.prefix(7)) }
        do { return String(try ReportPeriod.month(text).firstDay.prefix(7)) } catch let invalid as ReportPeriod.Invalid
        {
            throw DeskError.badRequest(invalid.description)
        }
    }

    func renderFilms(_ month: String, session: WebSession, done: Bool, error: String?, status: HTTPResponse.Status)
        async throws -> Response
    {
        let plan = try await catalog.plannedFilms(month: month)
        let approved = try await catalog.search(
            try SearchQuery.parse("kind:\(ItemKind.filmCode) status:approved"), limit: 500, sort: .ingested)
        let planned = plan.map(\.id)
        // The month's films first, in their order, then the others, newest first.
        let ordered =
            plan.map { ($0.id, $0.title, $0.durationSeconds, $0.theme ?? $0.topic) }
            + approved.filter { !planned.contains($0.id) }.map {
                ($0.id, $0.title, $0.durationSeconds, $0.theme ?? $0.topic)
            }
        let films = ordered.map { id, title, seconds, theme in
            FilmsPage.Film(
                id: id, title: title, length: seconds.map(Chinese.duration) ?? "—", theme: theme ?? "—",
                listed: planned.contains(id))
        }
        return pages.render(
            "films",
            FilmsPage(
                viewer: Pages.viewer(session), month: month, films: films, listed: plan.count, error: error, done: done),
            status: status)
    }

    func planFilms(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let form = try await postedForm(FilmPlanForm.self, request, context, session: session)
        let month = try Self.month(form.month, today: LectureDay.string(now()))
        let ids = (form.film ?? []).compactMap { Int64($0) }
        do {
            _ = try await catalog.planFilms(month: month, ids: ids, actor: session.user.name, now: now())
        } catch let refusal as AccessDenied {
            throw DeskError.forbidden(refusal.message)
        } catch let error as CatalogError {
            return try await renderFilms(
                month, session: session, done: false, error: error.message, status: .unprocessableContent)
        }
        await marks.wrote(context.sessionToken, version: try catalog.changeCounter())
        return .redirect(to: "/films?month=\(month)&done=1", type: .normal)
    }

    /// The notice (观看预告) as one printable page.
    func filmNotice(_ request: Request, _ context: DeskContext) async throws -> Response {
        _ = try viewer(request, context)
        let month = try Self.month(request.uri.queryParameters.get("month"), today: LectureDay.string(now()))
        let films = try await catalog.plannedFilms(month: month)
        guard !films.isEmpty else {
            throw DeskError.badRequest("\(month) 还没有教育片清单，请先在“教育片清单”页勾选影片并保存。")
        }
        let issuer = try await catalog.organisations().first { $0.parentId == nil && $0.id != "unassigned" }?.name
        let library = catalog.library
        let notice = FilmNotice(
            month: month, films: films, issuer: issuer, whereToWatch: "各支部党员活动室（或按支部通知的方式集中观看）")
        let html = notice.html { FileManager.default.contents(atPath: library.url($0).path) }
            .replacingOccurrences(
                of: "<body>",
                with: "<body><nav style=\"padding:8px 0\"><a href=\"/films?month=\(month)\">← 返回教育片清单</a></nav>")
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension FilmsPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FilmsPage>] = [
        "viewer": \.viewer, "month": \.month, "films": \.films, "listed": \.listed, "error": \.error, "done": \.done,
    ]
}

extension FilmsPage.Film: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FilmsPage.Film>] = [
        "id": \.id, "title": \.title, "length": \.length, "theme": \.theme, "listed": \.listed,
    ]
}
