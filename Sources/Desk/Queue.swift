import Catalog
import Foundation
import Hummingbird
import LecternCore
import Mustache
import NIOCore

/// The queue page: poster cards, oldest first, filtered by status, organisation subtree and
/// the same query language as `lectern search`. A scoped user sees their subtree only.
/// The page around the cached content: the header with this viewer's name and token.
struct QueueShell: MustacheParent {
    var viewer: Pages.Viewer?
    var heading: String

    func child(named name: String) -> Any? {
        switch name {
        case "viewer": viewer
        case "heading": heading
        case "main": Pages.mainMarker
        default: nil
        }
    }
}

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

    var heading: String
    var count: String
    var q: String
    var statuses: [Option]
    var organisations: [Organisation]
    var items: [Card]
    var error: String?
    var previous: String?
    var next: String?
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
        let scope = session.user.role == .admin ? nil : session.user.organisationId
        let org = params.get("org").flatMap { $0.isEmpty ? nil : $0 }
        let pageNumber = max(1, min(100_000, params.get("page").flatMap(Int.init) ?? 1))
        await sweeper.sweep(catalog, now: now())
        let today = LectureDay.string(now())
        let label = Self.queueViews.first { $0.value == view }?.label ?? "待审核"
        // The content is the same for everyone with this scope and these filters until the
        // catalog changes (every change appends an audit event) or the day turns.
        let key = [scope ?? "*", view, org ?? "", q, today, String(pageNumber)].joined(separator: "\u{1F}")
        let minimum = await marks.minimum(context.sessionToken)
        let version = try await state.version(atLeast: minimum, now: now())
        let main = try await queueCache.page(key: key, version: version, minimum: minimum, now: now()) { [self] in
            let all = try await catalog.organisations()
            let visible: Set<String>? = scope.map { Set(Catalog.subtree(roots: [$0], of: all)) }
            // An organisation outside the user's subtree is not offered, and not obeyed either.
            let allowed = org.flatMap { id in visible.map { $0.contains(id) } ?? true ? id : nil }
            return ByteBuffer(
                string: try await queueMain(
                    view: view, q: q, org: allowed, scope: scope, page: pageNumber,
                    today: today, organisations: all, visible: visible))
        }
        let (before, after) = pages.shell(QueueShell(viewer: Pages.viewer(session), heading: label))
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(contentLength: before.readableBytes + main.readableBytes + after.readableBytes) {
                writer in
                try await writer.write(before)
                try await writer.write(main)
                try await writer.write(after)
                try await writer.finish(nil)
            })
    }

    func queueMain(
        view: String, q: String, org: String?, scope: String?, page number: Int, today: String,
        organisations all: [OrganisationRecord], visible: Set<String>?
    ) async throws -> String {
        var error: String?
        var ids: Set<Int64>?
        if !q.isEmpty {
            do {
                let hits = try await catalog.search(try SearchQuery.parse(q), limit: 5000, sort: nil)
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
        let (items, total) = try await catalog.queuePage(
            statuses: statuses, organisation: org, spotChecks: view == "spotCheck",
            scope: scope, ids: ids, limit: Self.queuePageSize,
            offset: (number - 1) * Self.queuePageSize)
        let cards = items.map { item in
            QueuePage.Card(
                id: item.id,
                title: item.kind == ItemKind.lectureCode
                    ? item.title : "【\(catalog.kinds.kind(code: item.kind).name)】\(item.title)",
                speaker: item.speaker ?? "—", organisation: item.organisation ?? "—",
                duration: item.durationSeconds.map(Chinese.duration) ?? "—",
                status: item.status.chinese,
                age: max(0, LectureDay.days(from: LectureDay.string(item.createdAt), to: today)),
                deadline: item.deadline.map { d in
                    item.status == .overdue
                        ? d + (item.calledIn.map { "（已约谈 \($0.day) \($0.person)）" } ?? "（待约谈）") : d
                },
                poster: item.posterPath != nil, findings: item.findings.map(\.message),
                near: item.nearDuplicates.map(\.chinese) + item.scriptMatches.map(\.chinese))
        }
        let label = Self.queueViews.first { $0.value == view }?.label ?? "待审核"
        let pageCount = max(1, (total + Self.queuePageSize - 1) / Self.queuePageSize)
        let count = pageCount > 1 ? "\(total)（第 \(number)/\(pageCount) 页）" : "\(total)"
        func link(_ n: Int) -> String? {
            guard n >= 1, n <= pageCount, n != number else { return nil }
            var query = [("status", view), ("page", String(n))]
            if !q.isEmpty { query.append(("q", q)) }
            if let org { query.append(("org", org)) }
            return "/queue?"
                + query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
        let page = QueuePage(
            heading: label, count: count, q: q,
            statuses: Self.queueViews.map { .init(value: $0.value, label: $0.label, selected: $0.value == view) },
            organisations: Self.organisationOptions(all, visible: visible, selected: org),
            items: cards, error: error, previous: link(number - 1), next: link(number + 1))
        return pages.library.render(page, withTemplate: "queue-main") ?? ""
    }

    /// The organisations a user may filter by, in tree order, indented by depth.
    static func organisationOptions(
        _ all: [OrganisationRecord], visible: Set<String>?,
        selected: String?
    ) -> [QueuePage.Organisation] {
        let children = Dictionary(grouping: all, by: { $0.parentId ?? "" })
        var out: [QueuePage.Organisation] = []
        func walk(_ id: String, depth: Int) {
            for org in (children[id] ?? []).sorted(by: { $0.id < $1.id }) {
                if visible?.contains(org.id) ?? true {
                    out.append(
                        .init(
                            id: org.id, label: String(repeating: "　", count: depth) + org.name,
                            selected: org.id == selected))
                }
                walk(org.id, depth: depth + 1)
            }
        }
        walk("", depth: 0)
        return out
    }
}

/// Rendered queue content by scope and filters, for one catalog state (`version`: the audit
/// log's last id). After a change, content at most `staleness` old may still be served while
/// one request renders the new state in the background, so that an ingest committing file
/// after file does not make every reader wait for a render; but never to a user older than
/// their own last decision (`minimum`), and never older than `staleness`.
actor QueueCache {
    private struct Entry { var version: Int64; var html: ByteBuffer; var renderedAt: Date }
    private var entries: [String: Entry] = [:]
    private var rendering: [String: Task<ByteBuffer, any Error>] = [:]
    static let staleness: TimeInterval = 2

    func page(
        key: String, version: Int64, minimum: Int64, now: Date,
        render: @escaping @Sendable () async throws -> ByteBuffer
    ) async throws -> ByteBuffer {
        if let entry = entries[key] {
            if entry.version >= version { return entry.html }
            if entry.version >= minimum, now.timeIntervalSince(entry.renderedAt) < Self.staleness {
                if rendering[key] == nil { _ = start(key: key, version: version, now: now, render: render) }
                return entry.html
            }
        }
        if let running = rendering[key] {
            let html = try await running.value
            if let entry = entries[key], entry.version >= minimum { return entry.html }
            return html
        }
        return try await start(key: key, version: version, now: now, render: render).value
    }

    private func start(
        key: String, version: Int64, now: Date,
        render: @escaping @Sendable () async throws -> ByteBuffer
    ) -> Task<ByteBuffer, any Error> {
        let task = Task.detached { try await render() }
        rendering[key] = task
        Task { await self.finish(key: key, version: version, now: now, task: task) }
        return task
    }

    private func finish(key: String, version: Int64, now: Date, task: Task<ByteBuffer, any Error>) async {
        let html = try? await task.value
        if rendering[key] == task { rendering[key] = nil }
        guard let html else { return }
        if entries.count >= 256 { entries.removeAll() }
        if (entries[key]?.version ?? -1) < version {
            entries[key] = Entry(version: version, html: html, renderedAt: now)
        }
    }
}

/// Read-your-writes for the cached queue: the catalog state each session's last decision made.
actor SessionMarks {
    private var marks: [String: Int64] = [:]
    func minimum(_ token: String?) -> Int64 { token.flatMap { marks[$0] } ?? 0 }
    func wrote(_ token: String?, version: Int64) {
        guard let token else { return }
        if marks.count >= 10_000 { marks.removeAll() }
        marks[token] = max(marks[token] ?? 0, version)
    }
}

// Cards, options and organisations are read through key paths (TemplateFields), not Mirror.
extension QueuePage.Card: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "id": \.id, "title": \.title, "speaker": \.speaker, "organisation": \.organisation, "duration": \.duration,
        "status": \.status, "age": \.age, "deadline": \.deadline, "poster": \.poster, "findings": \.findings,
        "near": \.near,
    ]
}

extension QueuePage.Option: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "value": \.value, "label": \.label, "selected": \.selected,
    ]
}

extension QueuePage.Organisation: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "id": \.id, "label": \.label, "selected": \.selected,
    ]
}
