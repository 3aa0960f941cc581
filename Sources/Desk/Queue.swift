import Catalog
import Foundation
import Hummingbird
import LecternCore

/// The queue page: poster cards, oldest first, filtered by status, organisation subtree and
/// the same query language as `lectern search`. A scoped user sees their subtree only.
struct QueuePage {
    struct Option { var value: String; var label: String; var selected: Bool }
    struct Organisation { var id: String; var label: String; var selected: Bool }
    struct Card {
        var id: Int64
        var title: String
        var speaker: String
        var organisation: String
        var duration: String
        var status: String
        var age: Int
        var deadline: String?
        var poster: Bool
        var findings: [String]
        var near: [String]
    }

    var viewer: Pages.Viewer?
    var heading: String
    var count: String
    var q: String
    var statuses: [Option]
    var organisations: [Organisation]
    var items: [Card]
    var error: String?
}

extension Desk {
    /// The queue's views: a status, or the spot checks.
    static let queueViews: [(value: String, label: String)] = [
        ("pending", "待审核"), ("overdue", "整改逾期"), ("rectifying", "整改中"), ("autoRejected", "未通过检查"),
        ("spotCheck", "抽查中"), ("approved", "已通过"), ("rejected", "已退回"), ("revoked", "已撤销"),
    ]

    func queuePage(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let params = request.uri.queryParameters
        let view = params.get("status").flatMap { v in Self.queueViews.first { $0.value == v }?.value } ?? "pending"
        let q = params.get("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let scope = session.user.role == UserRole.admin.rawValue ? nil : session.user.organisationId
        let all = try catalog.organisations()
        let names = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.name) })
        let visible: Set<String>? = try scope.map { Set(try catalog.organisationSubtree(of: $0)) }
        let org = params.get("org").flatMap { $0.isEmpty ? nil : $0 }.flatMap { id in
            visible == nil || visible!.contains(id) ? id : nil
        }
        await sweeper.sweep(catalog, now: now())

        var error: String?
        var ids: Set<Int64>?
        if !q.isEmpty {
            do {
                let hits = try catalog.search(try SearchQuery.parse(q), limit: 5000)
                ids = Set(hits.map(\.id))
            } catch let e as SearchQuery.ParseError {
                error = "搜索写法有误：\(e.message)"
                ids = []
            } catch let e as CatalogError {
                error = e.message
                ids = []
            }
        }
        let statuses = view == "spotCheck" ? [ReviewStatus.approved] : [ReviewStatus(rawValue: view) ?? .pending]
        let (items, total) = try catalog.queuePage(statuses: statuses, organisation: org, spotChecks: view == "spotCheck",
                                                   scope: scope, ids: ids, limit: Self.queuePageSize)
        let today = now()
        let cards = items.map { item in
            QueuePage.Card(
                id: item.id, title: item.title, speaker: item.speaker ?? "—", organisation: item.organisation ?? "—",
                duration: item.durationSeconds.map(Chinese.duration) ?? "—",
                status: ReviewStatus(rawValue: item.status)?.chinese ?? item.status,
                age: max(0, Int(today.timeIntervalSince(item.createdAt) / 86_400)), deadline: item.deadline,
                poster: item.posterPath != nil, findings: item.findings.map(\.message),
                near: item.nearDuplicates.map(\.chinese))
        }
        let label = Self.queueViews.first { $0.value == view }?.label ?? "待审核"
        let count = total > cards.count ? "\(total)（显示最早的 \(cards.count) 个）" : "\(total)"
        let page = QueuePage(
            viewer: Pages.viewer(session, organisations: names),
            heading: label, count: count, q: q,
            statuses: Self.queueViews.map { .init(value: $0.value, label: $0.label, selected: $0.value == view) },
            organisations: Self.organisationOptions(all, visible: visible, selected: org),
            items: cards, error: error)
        return pages.render("queue", page)
    }

    /// The organisations a user may filter by, in tree order, indented by depth.
    static func organisationOptions(_ all: [OrganisationRecord], visible: Set<String>?,
                                    selected: String?) -> [QueuePage.Organisation] {
        let children = Dictionary(grouping: all, by: { $0.parentId ?? "" })
        var out: [QueuePage.Organisation] = []
        func walk(_ id: String, depth: Int) {
            for org in (children[id] ?? []).sorted(by: { $0.id < $1.id }) {
                if visible?.contains(org.id) ?? true {
                    out.append(.init(id: org.id, label: String(repeating: "　", count: depth) + org.name,
                                     selected: org.id == selected))
                }
                walk(org.id, depth: depth + 1)
            }
        }
        walk("", depth: 0)
        return out
    }
}
