import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Where a redirect may go: a path of this site only.
enum SafeRedirect {
    /// `next` when it is a path of this site (after decoding, no scheme, no host, no control
    /// characters and no backslashes, as a browser would read it), else `fallback`.
    ///
    /// A browser strips tabs and newlines from a URL and reads `\` as `/`, so `/%09/evil.example`
    /// and `/\evil.example` are both `//evil.example`: another site.
    static func path(_ next: String?, fallback: String = "/queue") -> String {
        guard let next, !next.isEmpty else { return fallback }
        // Decode until it no longer changes (a double-encoded %252F is a %2F the next hop decodes).
        var forms = [next]
        var current = next
        for _ in 0..<3 {
            guard let decoded = current.removingPercentEncoding, decoded != current else { break }
            forms.append(decoded)
            current = decoded
        }
        for form in forms {
            let scalars = form.unicodeScalars
            if scalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) { return fallback }
            if scalars.contains(where: { $0.properties.isWhitespace && $0 != " " }) { return fallback }
            guard form.hasPrefix("/"), !form.hasPrefix("//") else { return fallback }
        }
        guard let components = URLComponents(string: next), components.scheme == nil, components.host == nil,
            components.percentEncodedPath.hasPrefix("/")
        else { return fallback }
        return next
    }
}

/// A form posted from another site is refused even with a valid token: `Origin` (or, where a
/// browser sends none, `Referer`) must name this site. A request with neither is allowed:
/// older browsers and privacy settings omit both, and the CSRF token still guards it.
struct SameOriginMiddleware: RouterMiddleware {
    typealias Context = DeskContext

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
        async throws -> Response
    {
        guard request.method != .get, request.method != .head, request.method != .options else {
            return try await next(request, context)
        }
        let origin = request.headers[.origin]
        let referer = request.headers[.referer]
        if origin != nil || referer != nil {
            let claimed = origin.flatMap(Self.authority) ?? (origin == nil ? referer.flatMap(Self.authority) : nil)
            guard let claimed, let host = request.head.authority?.lowercased(), claimed == host else {
                context.logger.notice(
                    "desk: request from another origin refused",
                    metadata: [
                        "origin": "\(origin ?? "")", "referer": "\(referer ?? "")",
                        "host": "\(request.head.authority ?? "")", "path": "\(request.uri.path)",
                    ])
                throw DeskError.forbidden("这个请求来自别的网站，已拒绝。请在审核台的页面上操作。")
            }
        }
        return try await next(request, context)
    }

    /// "host:port" of an origin or a URL, as a Host header writes it (default ports left out).
    static func authority(_ text: String) -> String? {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        guard let port = url.port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }
}

/// Refused requests for a lecture's video or pictures: counted per user and address and
/// logged, not written to the audit log (a player asks for many ranges; one look would
/// otherwise write a chain of events, and any account could fill the log).
actor MediaRefusals {
    private(set) var counts: [String: Int] = [:]
    private(set) var total = 0

    func record(user: String, address: String?, lectureId: Int64, logger: Logger) {
        let key = "\(user)@\(address ?? "unknown")"
        counts[key, default: 0] += 1
        total += 1
        logger.notice(
            "desk: media refused",
            metadata: [
                "user": "\(user)", "address": "\(address ?? "unknown")", "lecture": "\(lectureId)",
                "count": "\(counts[key] ?? 0)", "total": "\(total)",
            ])
    }

    func count(user: String, address: String?) -> Int { counts["\(user)@\(address ?? "unknown")"] ?? 0 }
}

/// The client behind trusted reverse proxies: the right-most `X-Forwarded-For` entry that is
/// not itself a trusted proxy. From any other peer the header is ignored.
enum ForwardedFor {
    static func client(peer: String?, header: [String], trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer) else { return peer }
        let hops = header.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return hops.last(where: { !trusted.contains($0) }) ?? peer
    }
}

extension HTTPField.Name {
    // swift-format-ignore: NeverForceUnwrap
    // A constant, valid field name: it cannot fail.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
