import Catalog
import Foundation
import HTTPTypes
import Hummingbird

/// Errors a handler throws for the error-page middleware to turn into a page.
enum DeskError: Error {
    /// Not signed in: to the login page, then back to `next`.
    case login(next: String)
    /// Refused: a 403 page that says why.
    case forbidden(String)
    /// The request itself is wrong (a bad period, say): a 400 page that says what to fix.
    case badRequest(String)
}

/// Headers on every response: no framing, no sniffing, scripts and styles from the desk only.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = DeskContext

    static let policy =
        "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        if let referrerPolicy = HTTPField.Name("Referrer-Policy") { response.headers[referrerPolicy] = "same-origin" }
        if let type = response.headers[.contentType], type.hasPrefix("text/html") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Reads the session cookie into the context. An unknown or expired token is simply no session.
/// A session is read from the catalog once per catalog state (`SessionCache`).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let desk: Desk

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.address = ForwardedFor.client(
            peer: context.peer, header: request.headers[values: .xForwardedFor], trusted: desk.trustedProxies)
        if let token = request.cookies[Desk.sessionCookie]?.value, token.count == 64 {
            let now = desk.now()
            let version = try await desk.state.version(now: now)
            var session = desk.sessions.session(token: token, version: version, now: now)
            if session == nil, let read = try await desk.catalog.session(token: token, now: now) {
                desk.sessions.remember(read, token: token, version: version)
                session = read
            }
            if let session {
                context.session = session
                context.sessionToken = token
            }
        }
        return try await next(request, context)
    }
}

/// Turns refusals and missing pages into pages a person can read (in the desk's layout).
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let pages: Pages

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as DeskError {
            switch error {
            case .login(let next):
                let encoded =
                    next.addingPercentEncoding(
                        withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_.~"))) ?? "/queue"
                return .redirect(to: "/login?next=" + encoded, type: .normal)
            case .forbidden(let message):
                return pages.message("没有权限", message, viewer: context.session, status: .forbidden)
            case .badRequest(let message):
                return pages.message("请求有误", message, viewer: context.session, status: .badRequest)
            }
        } catch let error as HTTPError where error.status == .notFound {
            return pages.message("没有找到", "没有这个页面或节目。", viewer: context.session, status: .notFound)
        } catch let error as HTTPError where error.status == .methodNotAllowed {
            return pages.message("请求有误", "这个地址不接受这种请求。", viewer: context.session, status: .methodNotAllowed)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            return pages.message(
                "内容太长", "提交的内容超过 \(context.maxUploadSize / 1024) KB，没有保存。备注请简短一些，然后返回上一页重新提交。",
                viewer: context.session, status: .contentTooLarge)
        } catch let error as HTTPError where error.status == .badRequest {
            return pages.message(
                "请求有误", error.body ?? "请返回上一页重新提交。", viewer: context.session, status: .badRequest)
        } catch let error as HTTPResponseError where error.status != .internalServerError {
            throw error  // a status of its own (a range that cannot be satisfied): as it is
        } catch {
            // Anything else is the desk's own failure: a page that says so, and the cause in the log.
            context.logger.error(
                "desk: request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            let busy = CatalogError.isBusy(error)
            return pages.message(
                busy ? "资料库正忙" : "出错了",
                busy ? "资料库正忙（另一个程序正在写入），请稍后刷新页面。" : "审核台处理这个请求时出错，已记入日志。请稍后再试，或联系管理员。",
                viewer: context.session, status: busy ? .serviceUnavailable : .internalServerError)
        }
    }
}
