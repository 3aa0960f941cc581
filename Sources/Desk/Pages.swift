import Catalog
import Foundation
import Hummingbird
import LecternCore
import Mustache
import NIOCore

/// The templates, compiled once.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// The signed-in user as the page header shows them, with the session's CSRF token.
    struct Viewer {
        var name: String
        var role: String
        var scope: String?
        var csrf: String
    }

    static func viewer(_ session: WebSession?, organisations: [String: String] = [:]) -> Viewer? {
        session.map { s in
            Viewer(name: s.user.name, role: UserRole(rawValue: s.user.role)?.chinese ?? s.user.role,
                   scope: s.user.organisationId.map { organisations[$0] ?? $0 }, csrf: s.csrf)
        }
    }

    /// `page` rendered with `template`. Every page has a `viewer` (the header, and the token
    /// every form carries).
    func render(_ template: String, _ page: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(page, withTemplate: template) ?? ""
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func message(_ heading: String, _ text: String, viewer session: WebSession?, status: HTTPResponse.Status) -> Response {
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
