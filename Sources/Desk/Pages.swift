import Catalog
import Foundation
import Hummingbird
import LecternCore
import Mustache
import NIOCore

/// The templates, compiled once.
struct Pages: Sendable {
    let library: MustacheLibrary
    /// The queue page's layout as each viewer last saw it (`shell`).
    let shells = BoundedMap<(before: ByteBuffer, after: ByteBuffer)>()

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// The signed-in user as the page header shows them, with the session's CSRF token.
    struct Viewer: TemplateFields {
        var name: String
        var role: String
        var scope: String?
        var csrf: String
        /// Offer 报表 only to whom may open it.
        var reports: Bool

        nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
            "name": \.name, "role": \.role, "scope": \.scope, "csrf": \.csrf, "reports": \.reports,
        ]
    }

    static func viewer(_ session: WebSession?) -> Viewer? {
        session.map { s in
            Viewer(
                name: s.user.name, role: s.user.role.chinese,
                scope: s.user.organisationId.map { s.scopeName ?? $0 }, csrf: s.csrf, reports: true)
        }
    }

    /// Where a page's cached content goes: the layout is rendered around this and split at it.
    static let mainMarker = "\u{0}lectern-main\u{0}"

    /// The layout around a cached content, as the bytes before and after it; rendered once per
    /// viewer and heading (the same for every request of one session).
    func shell(_ page: QueueShell) -> (before: ByteBuffer, after: ByteBuffer) {
        let key = [
            page.heading, page.viewer?.name ?? "", page.viewer?.role ?? "", page.viewer?.scope ?? "",
            page.viewer?.csrf ?? "", page.viewer?.reports == true ? "1" : "",
        ].joined(separator: "\u{1}")
        if let known = shells[key] { return known }
        let html = library.render(page, withTemplate: "queue") ?? ""
        let parts =
            html.range(of: Self.mainMarker).map {
                (ByteBuffer(string: String(html[..<$0.lowerBound])), ByteBuffer(string: String(html[$0.upperBound...])))
            } ?? (ByteBuffer(string: html), ByteBuffer())
        shells.set(key, parts)
        return parts
    }

    /// `page` rendered with `template`. Every page has a `viewer` (the header, and the token
    /// every form carries).
    func render(_ template: String, _ page: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(page, withTemplate: template) ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func message(_ heading: String, _ text: String, viewer session: WebSession?, status: HTTPResponse.Status)
        -> Response
    {
        render("message", MessagePage(viewer: Self.viewer(session), heading: heading, text: text), status: status)
    }
}

struct MessagePage { var viewer: Pages.Viewer?; var heading: String; var text: String }

struct LoginPage {
    var viewer: Pages.Viewer? = nil
    var csrf: String
    var next: String
    var name: String
    var error: String?
}

/// A page value whose fields Mustache reads through key paths instead of reflection. (Key paths
/// are immutable; `nonisolated(unsafe)` only because the standard library does not mark them
/// Sendable.)
/// (`Mirror` is what made rendering slow; see the queue's cards).
protocol TemplateFields: MustacheParent {
    static var fields: [String: PartialKeyPath<Self>] { get }
}

extension TemplateFields {
    func child(named name: String) -> Any? {
        guard let path = Self.fields[name] else { return nil }
        let value = self[keyPath: path]
        // An optional field: its value, or nothing (a missing section).
        if let optional = value as? any OptionalField { return optional.wrapped }
        return value
    }
}

protocol OptionalField { var wrapped: Any? { get } }
extension Optional: OptionalField {
    var wrapped: Any? { map { $0 as Any } }
}
