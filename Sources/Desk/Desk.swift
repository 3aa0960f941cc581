import Catalog
import Foundation
import Hummingbird
import LecternCore
import Logging
import Mustache
import NIOCore

/// The reviewers' web desk (`lectern serve`): login, the queue, a lecture with its player and
/// evidence, decisions and reports, over the same catalog the command line uses. Every
/// request is checked on the server: the session, the role and the organisation scope
/// (through the catalog's `authorize`, which also audits refusals); media are found by
/// lecture id, never by a path from the client.
public struct Desk: Sendable {
    let catalog: any CatalogEngine
    let now: @Sendable () -> Date
    let pages: Pages
    let throttle: LoginThrottle
    let media = MediaResponder()
    let sweeper = OverdueSweeper()
    let queueCache = QueueCache()
    let state: CatalogState
    let sessions = SessionCache()
    let marks = SessionMarks()
    let mediaRefusals = MediaRefusals()
    /// Set the session cookie's Secure flag (when the desk is behind HTTPS).
    let secureCookies: Bool
    /// Reverse proxies whose `X-Forwarded-For` names the client (`serve --trusted-proxy`).
    let trustedProxies: Set<String>
    /// A rectification deadline further than this many days away is confirmed first
    /// (`[review] deadline_warning_days` in lectern.toml).
    let deadlineHorizonDays: Int
    /// How passwords are checked (bcrypt; a cheaper cost in tests).
    let hasher: BcryptHasher

    static let sessionCookie = "lectern_session"
    static let loginCookie = "lectern_login"
    /// Cards on one page of the queue (oldest first).
    static let queuePageSize = 60

    public init(
        catalog: any CatalogEngine, secureCookies: Bool = false, trustedProxies: Set<String> = [],
        deadlineHorizonDays: Int = 90, hasher: BcryptHasher = BcryptHasher(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.catalog = catalog
        throttle = LoginThrottle(catalog: catalog)
        state = CatalogState(catalog)
        self.deadlineHorizonDays = deadlineHorizonDays
        self.trustedProxies = trustedProxies
        self.hasher = hasher
        self.now = now
        self.secureCookies = secureCookies
        pages = try Pages()
    }

    /// Every route of the desk.
    public func router() -> Router<DeskContext> {
        let router = Router(context: DeskContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(desk: self))
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: SameOriginMiddleware())
        // Pages answer HEAD as GET does, without the body (monitors and link checkers ask).
        func page(_ path: RouterPath, _ handler: @escaping @Sendable (Request, DeskContext) async throws -> Response) {
            router.get(path, use: handler)
            router.head(path) { request, context in
                let full = try await handler(request, context)
                return Response(status: full.status, headers: full.headers, body: .init())
            }
        }
        page("/") { _, _ in Response.redirect(to: "/queue", type: .found) }
        page("/static/desk.css") { _, _ in Self.asset(Templates.css, type: "text/css; charset=utf-8") }
        page("/static/desk.js") { _, _ in Self.asset(Templates.javascript, type: "text/javascript; charset=utf-8") }
        page("/favicon.ico") { _, _ in Self.asset(Templates.icon, type: "image/svg+xml") }
        page("/static/icon.svg") { _, _ in Self.asset(Templates.icon, type: "image/svg+xml") }
        page("/login") { request, context in try await loginPage(request, context) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in try await logout(request, context) }
        page("/queue") { request, context in try await queuePage(request, context) }
        page("/films") { request, context in try await filmsPage(request, context) }
        router.post("/films") { request, context in try await planFilms(request, context) }
        page("/films/notice") { request, context in try await filmNotice(request, context) }
        page("/lectures/:id") { request, context in try await lecturePage(request, context) }
        router.post("/lectures/:id/decide") { request, context in try await decide(request, context) }
        router.post("/lectures/:id/score") { request, context in try await scoreLecture(request, context) }
        router.post("/lectures/:id/order") { request, context in try await orderLecture(request, context) }
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/lectures/:id/video", method: method) { request, context in try await video(request, context) }
            router.on("/lectures/:id/attachments/:attachment", method: method) { request, context in
                try await attachmentFile(request, context)
            }
            router.on("/lectures/:id/poster", method: method) { request, context in
                try await picture(request, context, \.posterPath)
            }
            router.on("/lectures/:id/sheet", method: method) { request, context in
                try await picture(request, context, \.sheetPath)
            }
            router.on("/lectures/:id/near/:other/poster", method: method) { request, context in
                try await nearPoster(request, context)
            }
            router.on("/lectures/:id/near/:other/video", method: method) { request, context in
                try await nearVideo(request, context)
            }
        }
        page("/reports") { request, context in try await reportsPage(request, context) }
        page("/reports/:kind") { request, context in try await report(request, context) }
        return router
    }

    /// The server, for tests that drive it in process.
    func application(
        host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "Lectern"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// Runs the desk until SIGINT or SIGTERM (what `lectern serve` does). `onRunning` is called
    /// once the port is bound, with the port (the one the kernel chose when `port` is 0). A
    /// port already taken is `DeskStartError.addressInUse`, recognised by its errno.
    public func serve(
        host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        do {
            try await application(host: host, port: port, logger: logger, onRunning: onRunning).runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw DeskStartError.addressInUse(port: port)
        } catch let error as IOError {
            throw DeskStartError.cannotStart(host: host, port: port, errno: error.errnoCode, underlying: error)
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Who is asking

    /// The signed-in user, or a redirect to the login page (a POST without a session: 403).
    func viewer(_ request: Request, _ context: DeskContext) throws -> WebSession {
        if let session = context.session { return session }
        if request.method == .get || request.method == .head {
            throw DeskError.login(next: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
        }
        throw DeskError.forbidden("请先登录。")
    }

    /// The body of a form posted in this session, after checking its CSRF token.
    func postedForm<F: PostedForm>(_ type: F.Type, _ request: Request, _ context: DeskContext, session: WebSession)
        async throws -> F
    {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let form = try F.decode(String(buffer: body))
        guard let token = form.csrf, constantTimeEqual(token, session.csrf) else {
            context.logger.notice("desk: form without a valid CSRF token", metadata: ["user": "\(session.user.name)"])
            throw DeskError.forbidden("表单校验失败（页面已过期或来自别处）。请返回上一页，刷新后再提交。")
        }
        return form
    }

    static func lectureId(_ context: DeskContext, _ name: String = "id") throws -> Int64 {
        guard let text = context.parameters.get(name), let id = Int64(text), id > 0 else { throw HTTPError(.notFound) }
        return id
    }

    /// Opening a lecture needs the `view` permission in scope; a refusal is audited.
    func authorizeView(_ user: String, _ id: Int64) async throws {
        do {
            try await catalog.authorize(user, .view, lectureId: id, now: now())
        } catch let refusal as AccessDenied {
            throw DeskError.forbidden(refusal.message)
        }
    }

    // MARK: - Login

    func loginPage(
        _ request: Request, _ context: DeskContext, error: String? = nil, name: String = "",
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let next = Self.safeNext(request.uri.queryParameters.get("next"))
        if context.session != nil && error == nil { return .redirect(to: next, type: .normal) }
        let token = Catalog.randomToken()
        var response = pages.render(
            "login", LoginPage(csrf: token, next: next, name: name, error: error), status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: token, path: "/login", secure: secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, _ context: DeskContext) async throws -> Response {
        var request = request
        let form = try LoginForm.decode(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        guard let token = form.csrf, let cookie = request.cookies[Self.loginCookie]?.value,
            constantTimeEqual(token, cookie)
        else {
            throw DeskError.forbidden("登录表单校验失败（页面已过期）。请重新打开登录页。")
        }
        let name = LoginForm.text(form.name) ?? ""
        let password = form.password ?? ""
        let keys = LoginThrottle.keys(user: name, address: context.address)
        let counts = try await throttle.counts(keys, now: now())
        let wait = counts.wait
        if wait > 0 {
            return try await loginPage(
                request, context, error: "登录失败次数过多，请 \(Int(wait.rounded(.up))) 秒后再试。",
                name: name, status: .tooManyRequests)
        }
        guard !name.isEmpty, let user = try await verify(name, password) else {
            let held = counts.addressIsHeld
            try await throttle.failed(keys, now: now())
            context.logger.notice(
                "desk: failed login", metadata: ["user": "\(name)", "address": "\(context.address ?? "")"])
            if held {
                return try await loginPage(
                    request, context, error: "这台电脑所在的网络登录失败次数过多，请稍后再试。", name: name,
                    status: .tooManyRequests)
            }
            return try await loginPage(request, context, error: "用户名或密码不对。", name: name, status: .unauthorized)
        }
        try await throttle.succeeded(keys)
        let session = try await catalog.startSession(for: user.name, address: context.address, now: now())
        var response = Response.redirect(to: Self.safeNext(form.next), type: .normal)
        response.setCookie(
            Cookie(
                name: Self.sessionCookie, value: session, maxAge: Int(Catalog.sessionLifetime), path: "/",
                secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    /// A password check is bcrypt (about 0.2 s): the engine's async call runs it off Swift's
    /// cooperative pool (SQLite's on a Dispatch thread), where it would hold up every request.
    func verify(_ name: String, _ password: String) async throws -> UserRecord? {
        try await catalog.verifyPassword(name, password, hasher: hasher)
    }

    func logout(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        _ = try await postedForm(TokenForm.self, request, context, session: session)
        if let token = context.sessionToken {
            try await catalog.endSession(token: token, now: now())
            sessions.forget(token)
        }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(
            Cookie(
                name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }

    /// Where to go after logging in: a path of this site only (never `//host` or a URL).
    static func safeNext(_ next: String?) -> String { SafeRedirect.path(next) }

    // MARK: - Media

    /// Media of a lecture the user may not open: counted and logged (`MediaRefusals`), not audited.
    func authorizeMedia(_ user: String, _ id: Int64, _ context: DeskContext) async throws {
        guard await catalog.permits(user, .view, lectureId: id, now: now()) else {
            await mediaRefusals.record(user: user, address: context.address, lectureId: id, logger: context.logger)
            throw DeskError.forbidden("无权查看这个节目的视频或图片。")
        }
    }

    func video(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        try await authorizeMedia(session.user.name, id, context)
        let versions = try await catalog.versions(ofLecture: id)
        let number = request.uri.queryParameters.get("version").flatMap(Int.init)
        guard let version = number.map({ n in versions.first { $0.number == n } }) ?? versions.last else {
            throw HTTPError(.notFound)
        }
        var response = try await media.respond(
            catalog.library.url(version.storedPath), inside: catalog.library.root,
            request: request, context: context)
        if request.uri.queryParameters.get("download") != nil {
            response.headers[.contentDisposition] = MediaResponder.attachment(version.originalName)
        }
        return response
    }

    func picture(_ request: Request, _ context: DeskContext, _ path: KeyPath<VersionRecord, String?>) async throws
        -> Response
    {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        try await authorizeMedia(session.user.name, id, context)
        return try await latestPicture(of: id, path, request, context)
    }

    /// The poster of a lecture recorded as a near-duplicate of one the user may open: the
    /// evidence is shown beside it even when the other lecture is another township's.
    func nearPoster(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        let other = try Self.lectureId(context, "other")
        try await authorizeMedia(session.user.name, id, context)
        guard try await catalog.nearDuplicates(of: id).contains(where: { $0.id == other }) else {
            throw HTTPError(.notFound)
        }
        return try await latestPicture(of: other, \.posterPath, request, context)
    }

    /// The video of a lecture recorded as a near-duplicate of one the user may open, to play
    /// at the matched time beside this one: the evidence a rejection cites.
    func nearVideo(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        let other = try Self.lectureId(context, "other")
        try await authorizeMedia(session.user.name, id, context)
        guard try await catalog.nearDuplicates(of: id).contains(where: { $0.id == other }),
            let version = try await catalog.versions(ofLecture: other).last
        else { throw HTTPError(.notFound) }
        return try await media.respond(
            catalog.library.url(version.storedPath), inside: catalog.library.root, request: request, context: context)
    }

    func latestPicture(
        of id: Int64, _ path: KeyPath<VersionRecord, String?>, _ request: Request,
        _ context: DeskContext
    ) async throws -> Response {
        guard let version = try await catalog.versions(ofLecture: id).last, let relative = version[keyPath: path] else {
            throw HTTPError(.notFound)
        }
        return try await media.respond(
            catalog.library.url(relative), inside: catalog.library.root, request: request,
            context: context)
    }
}

/// Rectifications past their deadline become overdue when someone looks at the queue, at most
/// once a minute (the command line's `review queue` does the same on every run).
actor OverdueSweeper {
    private var last: Date?

    /// The page waits for the sweep at most `patience`: a write held up by another process's
    /// lock (a backup, a long ingest step) must not hold up the queue page; the sweep then
    /// finishes on its own and the next look shows it.
    func sweep(_ catalog: any CatalogEngine, now: Date, patience: Duration = .milliseconds(300)) async {
        if let last, now.timeIntervalSince(last) < 60, now >= last { return }
        last = now
        guard !catalog.readOnly else { return }
        let finished = FirstOf()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Task {
                _ = try? await catalog.markOverdue(today: LectureDay.string(now), now: now)
                finished.resume(continuation)
            }
            Task {
                try? await Task.sleep(for: patience)
                finished.resume(continuation)
            }
        }
    }
}

/// Resumes a continuation once, for whichever of several tasks gets there first.
final class FirstOf: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func resume(_ continuation: CheckedContinuation<Void, Never>) {
        lock.lock()
        let first = !done
        done = true
        lock.unlock()
        if first { continuation.resume() }
    }
}
