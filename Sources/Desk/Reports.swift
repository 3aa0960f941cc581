import Catalog
import Foundation
import Hummingbird
import LecternCore
import NIOCore
import Reports

struct ReportsPage {
    var viewer: Pages.Viewer?
    var month: String
    var quarter: String
}

extension Desk {
    /// Reports cover the whole county: county-level users (no organisation, or admins) only.
    func requireCountyLevel(_ session: WebSession) throws {
        if session.user.role != .admin, session.user.organisationId != nil {
            throw DeskError.forbidden("报表汇总全县的数据，只有县级用户（不限组织的用户或管理员）可以查看。")
        }
    }

    func reportsPage(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        try requireCountyLevel(session)
        let today = LectureDay.string(now())
        return pages.render(
            "reports",
            ReportsPage(
                viewer: Pages.viewer(session), month: String(today.prefix(7)),
                quarter: ReportPeriod.quarter(containing: today).label))
    }

    /// The weekly, monthly or quarterly report as the printable HTML of `lectern report … --format html`.
    func report(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        try requireCountyLevel(session)
        let kind = context.parameters.get("kind") ?? ""
        guard ["weekly", "monthly", "quarterly"].contains(kind) else { throw HTTPError(.notFound) }
        let time = now()
        let today = LectureDay.string(time)
        let period = request.uri.queryParameters.get("period").flatMap { $0.isEmpty ? nil : $0 }
        let config = try catalog.library.config()
        let reports = Reports(try await catalog.reportSnapshot(), settings: config.reports, generatedAt: time)
        let document: ReportDocument
        do {
            switch kind {
            case "monthly":
                document = reports.monthly(
                    try period.map { try ReportPeriod.month($0) } ?? .month(containing: today), today: today)
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
        let html = document.render(.html) { path in FileManager.default.contents(atPath: library.url(path).path) }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
