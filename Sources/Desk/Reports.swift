import Catalog
import Foundation
import Hummingbird
import LecternCore
import NIOCore
import Reports

struct ReportsPage {
    struct Quarter { var value: String; var label: String; var selected: Bool }
    var viewer: Pages.Viewer?
    var month: String
    /// This quarter and the seven before it, as the form's choices.
    var quarters: [Quarter]
    var year: String
    /// The organisation the viewer's reports are of, when not the whole county.
    var scope: String?
}

extension Desk {
    /// Whose reports a viewer sees: the whole county for county-level users (admins, users of no
    /// organisation or of the county itself), else their own organisation's subtree (a
    /// township's own reminder, summary and bulletin).
    static func reportScope(_ session: WebSession) -> String? {
        session.countyLevel ? nil : session.user.organisationId
    }

    func reportsPage(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let today = LectureDay.string(now())
        return pages.render(
            "reports",
            ReportsPage(
                viewer: Pages.viewer(session), month: String(today.prefix(7)), quarters: Self.quarters(before: today),
                year: String(today.prefix(4)), scope: Self.reportScope(session).map { _ in session.scopeName ?? "" }))
    }

    static func quarters(before today: String) -> [ReportsPage.Quarter] {
        guard let p = TypedDay.partial(today), let month = p.month else { return [] }
        var (year, quarter) = (p.year, (month - 1) / 3 + 1)
        var out: [ReportsPage.Quarter] = []
        for i in 0..<8 {
            let period = (try? ReportPeriod.quarter("\(year)-Q\(quarter)"))?.label ?? "\(year)-Q\(quarter)"
            out.append(.init(value: "\(year)-Q\(quarter)", label: period, selected: i == 0))
            quarter -= 1
            if quarter == 0 { (year, quarter) = (year - 1, 4) }
        }
        return out
    }

    /// The weekly, monthly or quarterly report as the printable HTML of `lectern report … --format html`.
    func report(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let kind = context.parameters.get("kind") ?? ""
        guard ["weekly", "monthly", "quarterly", "yearly", "orders", "speakers", "points"].contains(kind) else {
            throw HTTPError(.notFound)
        }
        let time = now()
        let today = LectureDay.string(time)
        let period = request.uri.queryParameters.get("period").flatMap { $0.isEmpty ? nil : $0 }
        let config = try catalog.library.config()
        let reports = Reports(
            try await catalog.reportSnapshot(), settings: config.reports, generatedAt: time,
            scope: Self.reportScope(session))
        let document: ReportDocument
        do {
            switch kind {
            case "monthly":
                document = reports.monthly(
                    try period.map { try ReportPeriod.month($0) } ?? .month(containing: today), today: today)
            case "yearly":
                document = reports.yearly(
                    try period.map { try ReportPeriod.year($0) } ?? .year(containing: today), today: today)
            case "orders", "speakers", "points":
                let p = try period.map { try ReportPeriod.any($0) } ?? .year(containing: today)
                document =
                    kind == "orders"
                    ? reports.orders(p, today: today)
                    : kind == "speakers"
                        ? reports.speakers(p, today: today)
                        : reports.points(p, today: today, rules: config.points)
            case "quarterly":
                document = reports.quarterly(
                    try period.map { try ReportPeriod.quarter($0) } ?? .quarter(containing: today),
                    today: today)
            default:
                document = reports.weekly(today: today)
            }
        } catch let invalid as ReportPeriod.Invalid {
            throw DeskError.badRequest(invalid.description)
        }
        let library = catalog.library
        let html = Self.withDeskBar(
            document.render(.html) { path in FileManager.default.contents(atPath: library.url(path).path) })
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension ReportsPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ReportsPage>] = [
        "viewer": \.viewer, "month": \.month, "quarters": \.quarters, "year": \.year, "scope": \.scope,
    ]
}

extension ReportsPage.Quarter: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "value": \.value, "label": \.label, "selected": \.selected,
    ]
}

extension Desk {
    /// The report page with a bar back to the desk, left out when printed.
    static func withDeskBar(_ html: String) -> String {
        let bar = """
            <nav class="desk-bar" style="padding:8px 0;margin-bottom:12px;border-bottom:1px solid #d1d9e0">\
            <a href="/reports">← 返回报表</a> · <a href="/queue">待审队列</a></nav>\
            <style>@media print { .desk-bar { display: none; } }</style>
            """
        guard let body = html.range(of: "<body>") else { return bar + html }
        return html.replacingCharacters(in: body, with: "<body>" + bar)
    }
}
