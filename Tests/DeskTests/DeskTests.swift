import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import LecternCore
import TestSupport
import Testing

@testable import Desk

/// A county with two townships: 甲镇 (with a branch) and 乙镇. Reviewers of each, an admin and
/// a staff member, all with passwords. Lectures: 甲 #a (pending, with a stored file, poster and
/// a near-duplicate in 乙), 乙 #b (pending), a title that is a script in 甲.
final class DeskFixture: @unchecked Sendable {
    let library: Library
    let catalog: Catalog
    let clock = TestClock()
    let desk: Desk
    var a: Int64 = 0, b: Int64 = 0, script: Int64 = 0
    /// The stored file's bytes (0, 1, 2, … 255, 0, …).
    let mediaBytes = (0..<5000).map { UInt8($0 % 256) }
    static let password = "一二三四五六七八"

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-desk-\(UUID().uuidString)")
        library = try TestCatalog.createLibrary(at: root)
        catalog = try Catalog(library: library)
        desk = try Desk(catalog: catalog, now: { [clock] in clock.now })
        let now = clock.now
        _ = try catalog.importOrganisations(
            [
                OrganisationRecord(id: "county", name: "测试县", parentId: nil, kind: "county"),
                OrganisationRecord(id: "jia", name: "甲镇", parentId: "county", kind: "township"),
                OrganisationRecord(id: "jia1", name: "甲村党支部", parentId: "jia", kind: "branch"),
                OrganisationRecord(id: "yi", name: "乙镇", parentId: "county", kind: "township"),
            ], actor: "local", now: now)
        try catalog.addUser("admin", role: .admin, organisation: nil, actor: "local", now: now)
        try catalog.addUser("revJia", role: .reviewer, organisation: "jia", actor: "admin", now: now)
        try catalog.addUser("revYi", role: .reviewer, organisation: "yi", actor: "admin", now: now)
        try catalog.addUser("staffJia", role: .staff, organisation: "jia", actor: "admin", now: now)
        for user in ["admin", "revJia", "revYi", "staffJia"] {
            try catalog.setPassword(user, Self.password, hasher: BcryptHasher(cost: 4), actor: "admin", now: now)
        }
        b = try lecture("bb", title: "乙镇的党课", org: "yi")
        a = try lecture("aa", title: "甲村的党课", org: "jia1", near: [NearDuplicate(id: b, similarity: 0.93)])
        script = try lecture("cc", title: "<script>alert(1)</script>", org: "jia")
        let stored = library.url("media/aa/aa.mp4")
        try FileManager.default.createDirectory(
            at: stored.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(mediaBytes).write(to: stored)
        for key in ["aa", "bb"] {
            let thumbs = library.url("thumbs/\(key)")
            try FileManager.default.createDirectory(at: thumbs, withIntermediateDirectories: true)
            try Data("poster \(key)".utf8).write(to: thumbs.appendingPathComponent("poster.jpg"))
        }
    }

    func lecture(_ key: String, title: String, org: String, near: [NearDuplicate] = [], kind: String = "lecture")
        throws -> Int64
    {
        var n = NewLecture(
            title: title, sha256: key, originalName: "\(key).mp4", originalPath: "/in/\(key).mp4",
            storedPath: "media/\(key)/\(key).mp4", sizeBytes: 5000,
            probe: MediaInfo(file: "\(key).mp4", sizeBytes: 5000, container: "mp4", durationSeconds: 600),
            findings: [])
        n.organisationId = org
        n.speaker = "主讲人"
        n.posterPath = "thumbs/\(key)/poster.jpg"
        n.nearDuplicates = near
        n.kind = kind
        guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: clock.now) else {
            throw CatalogError(.invalid, "not ingested")
        }
        return id
    }

    func status(_ id: Int64) throws -> String? { try catalog.lecture(id)?.lecture.status.rawValue }

    func events(_ id: Int64) throws -> [AuditEventRecord] { try catalog.auditEvents(lectureId: id) }

    /// Runs `body` against the desk's router (no sockets).
    func test(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let app = Application(router: desk.router())
        try await app.test(.router) { client in try await body(Browser(client: client)) }
    }
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A person's browser: keeps the cookies it is given and fills in forms' CSRF tokens.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:], method: HTTPRequest.Method = .get) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: nil)
        keepCookies(response)
        return response
    }

    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keepCookies(response)
        return response
    }

    func keepCookies(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }

    /// The value of the first `name="csrf"` field on a page.
    static func csrf(_ page: String) -> String? {
        guard let range = page.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) else {
            return nil
        }
        return String(page[range].split(separator: "\"")[3])
    }

    func logIn(_ name: String, password: String = DeskFixture.password) async throws -> TestResponse {
        let page = String(buffer: try await get("/login").body)
        return try await post(
            "/login", [("csrf", Self.csrf(page) ?? ""), ("name", name), ("password", password), ("next", "/queue")])
    }

    /// Posts a form of `page` (its token filled in).
    func submit(_ uri: String, on page: String, _ fields: [(String, String)], headers: HTTPFields = [:])
        async throws -> TestResponse
    {
        let token = try #require(Self.csrf(try await get(page).text))
        return try await post(uri, [("csrf", token)] + fields, headers: headers)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }
}

@Suite struct DeskSecurityTests {
    let f: DeskFixture
    init() throws { f = try DeskFixture() }

    @Test func withoutASessionEveryPageLeadsToTheLoginPage() async throws {
        let a = f.a
        try await f.test { browser in
            for path in [
                "/queue", "/lectures/\(a)", "/lectures/\(a)/video", "/lectures/\(a)/poster", "/reports/weekly",
            ] {
                let r = try await browser.get(path)
                #expect(r.status == .seeOther, "\(path)")
                #expect(r.location?.hasPrefix("/login?next=") == true, "\(path)")
            }
            let login = try await browser.get("/login?next=/lectures/\(a)")
            #expect(login.status == .ok)
            #expect(login.text.contains("<h1>登录</h1>"))
            #expect(login.text.contains(#"name="next" value="/lectures/\#(a)""#))
            let post = try await browser.post("/lectures/\(a)/decide", [("action", "approve")])
            #expect(post.status == .forbidden)
        }
        #expect(try f.status(f.a) == "pending")
    }

    @Test func loginSetsAnHttpOnlySameSiteCookieAndReturnsToThePage() async throws {
        try await f.test { browser in
            let wrong = try await browser.logIn("revJia", password: "not it at all")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("用户名或密码不对"))
            let r = try await browser.logIn("revJia")
            #expect(r.status == .seeOther)
            #expect(r.location == "/queue")
            let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("lectern_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(try await browser.get("/queue").status == .ok)
        }
        // The catalog keeps only the token's hash.
        #expect(try f.events(f.a).isEmpty == false)
    }

    @Test func afterLoginOnlyPathsOfThisSite() async throws {
        for next in [
            "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
            "/queue\r\nSet-Cookie: x=1",
        ] {
            #expect(Desk.safeNext(next) == "/queue", "\(next)")
        }
        #expect(Desk.safeNext("/lectures/7?done=approve") == "/lectures/7?done=approve")
        try await f.test { browser in
            let page = String(buffer: try await browser.get("/login").body)
            let r = try await browser.post(
                "/login",
                [
                    ("csrf", Browser.csrf(page) ?? ""), ("name", "admin"),
                    ("password", DeskFixture.password), ("next", "//evil.example/"),
                ])
            #expect(r.location == "/queue")
        }
    }

    @Test func aLoginFormWithoutItsTokenIsRefused() async throws {
        try await f.test { browser in
            let r = try await browser.post("/login", [("name", "admin"), ("password", DeskFixture.password)])
            #expect(r.status == .forbidden)
            #expect(browser.cookies["lectern_session"] == nil)
            _ = try await browser.get("/login")
            let forged = try await browser.post(
                "/login",
                [
                    ("csrf", String(repeating: "0", count: 64)), ("name", "admin"),
                    ("password", DeskFixture.password),
                ])
            #expect(forged.status == .forbidden)
        }
    }

    @Test func failedLoginsAreSlowedDownPerUser() async throws {
        let clock = f.clock
        try await f.test { browser in
            for _ in 0..<3 {
                #expect(try await browser.logIn("revYi", password: "wrong password").status == .unauthorized)
            }
            // After three failures even the right password must wait.
            let waiting = try await browser.logIn("revYi")
            #expect(waiting.status == .tooManyRequests)
            #expect(waiting.text.contains("登录失败次数过多"))
            // Another user from the same address is not held up by revYi's failures.
            let other = Browser(client: browser.client)
            #expect(try await other.logIn("revJia").status == .seeOther)
            clock.advance(2)
            #expect(try await browser.logIn("revYi").status == .seeOther)
        }
    }

    @Test func oneOfficesTyposDoNotLockOutItsNeighbours() async throws {
        try await f.test { browser in
            // Ten names mistyped from one address (the test client has none: all share "unknown")…
            for i in 0..<10 {
                #expect(try await browser.logIn("guess\(i)", password: "wrong password").status == .unauthorized)
            }
            // …and a colleague behind the same address signs in at once.
            let colleague = try await browser.logIn("admin")
            #expect(colleague.status == .seeOther)
        }
    }

    @Test func aReviewerOfOneTownshipCannotOpenOrDecideAnothersLecture() async throws {
        let (a, b) = (f.a, f.b)
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            for path in ["/lectures/\(b)", "/lectures/\(b)/video", "/lectures/\(b)/poster", "/lectures/\(b)/sheet"] {
                let r = try await browser.get(path)
                #expect(r.status == .forbidden, "\(path)")
            }
            let page = try await browser.get("/lectures/\(b)")
            #expect(page.text.contains("只能处理「甲镇」及其下级组织的节目"))
            #expect(page.text.contains("revJia（审核员·甲镇）"))  // the header names the scope, on error pages too
            let decide = try await browser.submit(
                "/lectures/\(b)/decide", on: "/lectures/\(a)", [("action", "approve")])
            #expect(decide.status == .forbidden)
            // The queue shows only 甲镇's lectures.
            let queue = try await browser.get("/queue").text
            #expect(queue.contains("#\(a) 甲村的党课"))
            #expect(!queue.contains("#\(b) 乙镇的党课"))
            let filtered = try await browser.get("/queue?org=yi").text
            #expect(!filtered.contains("#\(b) 乙镇的党课"))
        }
        #expect(try f.status(b) == "pending")
        // Pages and decisions are audited (two page views, one decision); refused media are
        // counted instead (DeskGuardTests).
        let refused = try f.events(b).filter { $0.action == "refused" && $0.actor == "revJia" }
        #expect(refused.count == 3)
        #expect(refused.allSatisfy { $0.note.contains("只能处理「甲镇」") })
    }

    @Test func aFormWithoutTheSessionsTokenIsRefused() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let missing = try await browser.post("/lectures/\(a)/decide", [("action", "approve")])
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("表单校验失败"))
            let forged = try await browser.post(
                "/lectures/\(a)/decide",
                [
                    ("csrf", String(repeating: "a", count: 64)),
                    ("action", "approve"),
                ])
            #expect(forged.status == .forbidden)
            // Another user's token does not work in this session either.
            let other = Browser(client: browser.client)
            _ = try await other.logIn("admin")
            let theirs = try #require(Browser.csrf(try await other.get("/lectures/\(a)").text))
            #expect(
                try await browser.post("/lectures/\(a)/decide", [("csrf", theirs), ("action", "approve")]).status
                    == .forbidden)
            let logout = try await browser.post("/logout", [])
            #expect(logout.status == .forbidden)
        }
        #expect(try f.status(f.a) == "pending")
    }

    @Test func pathsThatClimbOutOfTheSiteAreNotFound() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            let paths = [
                "/../catalog.sqlite", "/static/../lectern.toml", "/static/..%2flectern.toml",
                "/static/%2e%2e/lectern.toml",
                "/lectures/\(a)/../../catalog.sqlite", "/lectures/..%2F..%2Fcatalog.sqlite", "/lectures/%2e%2e/\(a)",
                "/lectures/\(a)/video/../../../../etc/passwd", "/lectures/\(a)%2F..%2F1",
                "/lectures/\(a)/..%5c..%5ccatalog.sqlite",
                "/media/aa/aa.mp4", "/thumbs/aa/poster.jpg", "/catalog.sqlite", "/lectures/-1", "/lectures/0/video",
                "/lectures/99999", "/lectures/99999/video", "/static/desk.css/..", "/reports/../../etc/passwd",
                "/lectures/\(a)/near/..%2f..%2fcatalog.sqlite/poster", "/%2e%2e/%2e%2e/etc/passwd",
            ]
            for path in paths {
                let r = try await browser.get(path)
                #expect(r.status == .notFound, "\(path) → \(r.status)")
                #expect(!r.text.contains("SQLite format"), "\(path)")
            }
        }
    }

    @Test func aScriptInATitleShowsAsText() async throws {
        let id = f.script
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            for page in ["/queue", "/lectures/\(id)", "/queue?q=alert"] {
                let text = try await browser.get(page).text
                #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page)")
                #expect(!text.contains("<script>alert"), "\(page)")
            }
            let r = try await browser.get("/queue")
            #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        }
    }

    @Test func reportsAreTheViewersOwnSubtree() async throws {
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let own = try await browser.get("/reports/quarterly")
            #expect(own.status == .ok)
            #expect(!own.text.contains("乙镇的党课") && !own.text.contains(">乙镇<"))
            let admin = Browser(client: browser.client)
            _ = try await admin.logIn("admin")
            let weekly = try await admin.get("/reports/weekly")
            #expect(weekly.status == .ok)
            #expect(weekly.text.contains("每周提醒"))
            let quarterly = try await admin.get("/reports/quarterly?period=2026-Q3")
            #expect(quarterly.status == .ok)
            #expect(quarterly.text.contains("2026年第三季度"))
            let bad = try await admin.get("/reports/monthly?period=2026-13")
            #expect(bad.status == .badRequest)
            let yearly = try await admin.get("/reports/yearly?period=2026")
            #expect(yearly.status == .ok)
            #expect(yearly.text.contains("年度报告"))
            #expect(try await admin.get("/reports/daily").status == .notFound)
        }
    }

    @Test func logoutAndPasswordChangesEndSessions() async throws {
        let f = self.f
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let token = try #require(browser.cookies["lectern_session"])
            let out = try await browser.submit("/logout", on: "/queue", [])
            #expect(out.status == .seeOther)
            browser.cookies["lectern_session"] = token
            #expect(try await browser.get("/queue").status == .seeOther)
            _ = try await browser.logIn("revJia")
            #expect(try await browser.get("/queue").status == .ok)
            try await f.catalog.setPassword(
                "revJia", "另一个很长的密码", hasher: BcryptHasher(cost: 4), actor: "admin", now: f.clock.now)
            // Set from the command line: the desk reads the catalog's state again within a
            // quarter second (`SessionCache`).
            f.clock.advance(CatalogState.life)
            #expect(try await browser.get("/queue").status == .seeOther)
        }
    }
}

@Suite struct DeskReviewTests {
    let f: DeskFixture
    init() throws { f = try DeskFixture() }

    @Test func approvingInTheBrowserIsTheCommandLinesDecision() async throws {
        let a = f.a
        let f = self.f
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let page = try await browser.get("/lectures/\(a)").text
            #expect(page.contains(#"<video id="player""#))
            #expect(page.contains("画面相同（93%）"))
            #expect(page.contains("/lectures/\(a)/near/"))
            let r = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)",
                [
                    ("action", "approve"), ("content", "9"), ("form", "8"), ("language", "9"),
                    ("effect", "8"), ("note", "讲得实在"),
                ])
            #expect(r.status == .seeOther)
            #expect(r.location == "/lectures/\(a)?done=approve")
            let after = try await browser.get(r.location ?? "").text
            #expect(after.contains(#"<p class="done" role="status">已通过</p>"#))  // said once
            #expect(!after.contains("已通过，现在状态"))
            // On to the next lecture waiting in revJia's queue (甲镇's: not 乙镇's).
            #expect(after.contains(#"<a href="/lectures/\#(f.script)" id="next""#))
            #expect(after.contains("评分 内容9 形式8 语言9 效果8；讲得实在"))
        }
        #expect(try f.status(a) == "approved")
        let event = try #require(try f.events(a).last)
        #expect(event.action == "approve")
        #expect(event.actor == "revJia")
        #expect(event.fromState == "pending" && event.toState == "approved")
        #expect(event.note == "评分 内容9 形式8 语言9 效果8；讲得实在")
        #expect(try await f.catalog.firstBrokenAuditEvent() == nil)
    }

    @Test func rejectingWithACitationAndRectifyingWithADeadline() async throws {
        let (a, b, script) = (f.a, f.b, f.script)
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            let half = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)",
                [("action", "approve"), ("content", "9"), ("form", "8")])
            #expect(half.status == .unprocessableContent)
            #expect(half.text.contains("评分请四项都填（还缺"))
            let outOfRange = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)",
                [
                    ("action", "approve"), ("content", "11"), ("form", "8"),
                    ("language", "9"), ("effect", "8"),
                ])
            #expect(outOfRange.status == .unprocessableContent)
            // Said beside the rubric, in the form's words, with what was typed kept.
            #expect(outOfRange.text.contains("评分「内容」11 分超出 1–10"))
            #expect(outOfRange.text.contains(#"name="content" min="1" max="10" value="11""#))
            #expect(!outOfRange.text.contains("content=11"))
            let noReason = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)", [("action", "reject")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("请至少勾选一个原因"))
            #expect(!noReason.text.contains("--reason"))
            let cited = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)",
                [("action", "reject"), ("reason[]", "copied"), ("reason[]", "other"), ("cite[]", "\(b)")])
            #expect(cited.status == .seeOther)
            let past = try await browser.submit(
                "/lectures/\(script)/decide", on: "/lectures/\(script)",
                [("action", "rectify"), ("reason[]", "detached"), ("deadline", "2020-01-01")])
            #expect(past.status == .unprocessableContent)
            #expect(past.text.contains("已经过去"))
            let rectify = try await browser.submit(
                "/lectures/\(script)/decide", on: "/lectures/\(script)",
                [("action", "rectify"), ("reason[]", "detached"), ("deadline", "2026-12-31")])
            #expect(rectify.status == .seeOther)
            // A decision the state does not allow is explained, not applied.
            let again = try await browser.submit(
                "/lectures/\(script)/decide", on: "/lectures/\(script)",
                [("action", "approve")])
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("不能“通过”"))
        }
        #expect(try f.status(a) == "rejected")
        let reject = try #require(try f.events(a).last)
        #expect(reject.reasons == "copied,other")
        #expect(reject.note.hasPrefix("与 #\(b) 画面相同（93%）"))
        #expect(try f.status(script) == "rectifying")
        #expect(try await f.catalog.lecture(script)?.deadline == "2026-12-31")
    }

    @Test func theQueueShowsEveryChangeAtOnceThoughItIsCached() async throws {
        let f = self.f
        let (a, b) = (f.a, f.b)
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            #expect(try await browser.get("/queue").text.contains("#\(a) 甲村的党课"))
            #expect(try await browser.get("/queue").text.contains("#\(a) 甲村的党课"))
            // A decision in the browser…
            _ = try await browser.submit("/lectures/\(a)/decide", on: "/lectures/\(a)", [("action", "approve")])
            #expect(!(try await browser.get("/queue").text.contains("#\(a) 甲村的党课")))
            // …and one from the command line (another process, the same catalog): shown once the
            // content is more than two seconds old (meanwhile it is being rendered anew).
            try await f.catalog.review(
                b, ReviewDecision(action: .reject, reasons: [.staged]), actor: "admin", now: f.clock.now)
            f.clock.advance(3)
            let queue = try await browser.get("/queue").text
            #expect(!queue.contains("#\(b) 乙镇的党课"))
            #expect(queue.contains("<small>1 个</small>"))
            // The header is each viewer's own, around the shared content.
            let other = Browser(client: browser.client)
            _ = try await other.logIn("revJia")
            let theirs = try await other.get("/queue").text
            #expect(theirs.contains("revJia（审核员·甲镇）"))
            #expect(Browser.csrf(theirs) != Browser.csrf(queue))
        }
    }

    @Test func anAdminExemptsAFailedUploadAndConfirmsASpotCheck() async throws {
        let f = self.f
        var n = NewLecture(
            title: "七一特别党课", sha256: "ee", originalName: "e.mp4", originalPath: "/in/e.mp4",
            storedPath: "media/ee/ee.mp4", sizeBytes: 1,
            probe: MediaInfo(file: "e.mp4", sizeBytes: 1, container: "mp4", durationSeconds: 1320),
            findings: [PolicyFinding(rule: "duration", message: "时长 22分钟，长于 20分钟")])
        n.organisationId = "jia"
        guard case .ingested(let id, _) = try await f.catalog.recordIngest(n, actor: "local", now: f.clock.now) else {
            Issue.record("not ingested")
            return
        }
        try await f.test { browser in
            let reviewer = Browser(client: browser.client)
            _ = try await reviewer.logIn("revJia")
            let seen = try await reviewer.get("/lectures/\(id)").text
            #expect(seen.contains("时长 22分钟，长于 20分钟"))
            #expect(!seen.contains(#"value="exempt""#))  // exemption is the admin's

            _ = try await browser.logIn("admin")
            let bare = try await browser.submit("/lectures/\(id)/decide", on: "/lectures/\(id)", [("action", "exempt")])
            #expect(bare.status == .unprocessableContent)
            #expect(bare.text.contains("请写明特批的理由"))
            let exempt = try await browser.submit(
                "/lectures/\(id)/decide", on: "/lectures/\(id)",
                [("action", "exempt"), ("note", "七一特别党课，特批 22 分钟")])
            #expect(exempt.status == .seeOther)
            _ = try await browser.submit("/lectures/\(id)/decide", on: "/lectures/\(id)", [("action", "approve")])
            _ = try await f.catalog.spotCheck(fraction: 1, seed: 1, actor: "admin", now: f.clock.now)
            let checked = try await browser.get("/queue?status=spotCheck").text
            #expect(checked.contains("#\(id) 七一特别党课"))
            let page = try await browser.get("/lectures/\(id)").text
            #expect(page.contains("已抽中，待确认"))
            let confirm = try await browser.submit(
                "/lectures/\(id)/decide", on: "/lectures/\(id)", [("action", "confirm")])
            #expect(confirm.status == .seeOther)
        }
        #expect(try f.events(id).map(\.action) == ["ingest", "exempt", "approve", "spotCheck", "confirm"])
        #expect(try await f.catalog.lecture(id)?.spotCheck == false)
    }

    @Test func staffSeeTheLectureButNoDecisions() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("staffJia")
            let page = try await browser.get("/lectures/\(a)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("/decide"))
            let r = try await browser.submit("/lectures/\(a)/decide", on: "/lectures/\(a)", [("action", "approve")])
            #expect(r.status == .forbidden)
            #expect(r.text.contains("无权审核"))
        }
        #expect(try f.status(a) == "pending")
    }

    @Test func theQueueFiltersByStatusOrganisationAndQuery() async throws {
        let (a, b) = (f.a, f.b)
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            let all = try await browser.get("/queue").text
            #expect(all.contains("#\(a) 甲村的党课") && all.contains("#\(b) 乙镇的党课"))
            #expect(all.contains("疑似重复：#\(b)《乙镇的党课》画面相同（93%）"))
            let yi = try await browser.get("/queue?org=yi").text
            #expect(yi.contains("#\(b) 乙镇的党课") && !yi.contains("#\(a) 甲村的党课"))
            let query = try await browser.get("/queue?q=%E7%94%B2%E6%9D%91").text  // 甲村
            #expect(query.contains("#\(a) 甲村的党课") && !query.contains("#\(b) 乙镇的党课"))
            let org = try await browser.get("/queue?q=org:%E4%B9%99%E9%95%87").text  // org:乙镇
            #expect(org.contains("#\(b) 乙镇的党课") && !org.contains("#\(a) 甲村的党课"))
            let pinyin = try await browser.get("/queue?q=jiacun").text
            #expect(pinyin.contains("#\(a) 甲村的党课") && !pinyin.contains("#\(b) 乙镇的党课"))
            let approved = try await browser.get("/queue?status=approved").text
            #expect(approved.contains("没有符合条件的节目"))
            let broken = try await browser.get("/queue?q=%22unclosed")
            #expect(broken.status == .ok)
        }
    }
}

@Suite struct DeskMediaTests {
    let f: DeskFixture
    init() throws { f = try DeskFixture() }

    @Test func videoIsServedByLectureIdWithRanges() async throws {
        let a = f.a, bytes = f.mediaBytes
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let whole = try await browser.get("/lectures/\(a)/video")
            #expect(whole.status == .ok)
            #expect(Array(buffer: whole.body) == bytes)
            #expect(whole.headers[.acceptRanges] == "bytes")
            #expect(whole.headers[.contentType] == "video/mp4")
            let part = try await browser.get("/lectures/\(a)/video", headers: [.range: "bytes=1000-1099"])
            #expect(part.status == .partialContent)
            #expect(part.headers[.contentRange] == "bytes 1000-1099/5000")
            #expect(Array(buffer: part.body) == Array(bytes[1000...1099]))
            let open = try await browser.get("/lectures/\(a)/video", headers: [.range: "bytes=4990-"])
            #expect(Array(buffer: open.body) == Array(bytes[4990...]))
            let suffix = try await browser.get("/lectures/\(a)/video", headers: [.range: "bytes=-10"])
            #expect(suffix.headers[.contentRange] == "bytes 4990-4999/5000")
            let past = try await browser.get("/lectures/\(a)/video", headers: [.range: "bytes=9000-"])
            #expect(past.status == .rangeNotSatisfiable)
            #expect(past.headers[.contentRange] == "bytes */5000")
            let head = try await browser.get("/lectures/\(a)/video", method: .head)
            #expect(head.headers[.contentLength] == "5000")
            let poster = try await browser.get("/lectures/\(a)/poster")
            #expect(poster.text == "poster aa")
            #expect(poster.headers[.contentType] == "image/jpeg")
        }
    }

    /// Caches and players revalidate: If-None-Match gives 304 without the body, and a range
    /// asked "if still this copy" (If-Range) is honoured only when the copy is this one.
    @Test func conditionalRequestsAreHonoured() async throws {
        let a = f.a, bytes = f.mediaBytes
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let first = try await browser.get("/lectures/\(a)/video")
            let tag = try #require(first.headers[.eTag])
            let modified = try #require(first.headers[.lastModified])
            #expect(modified.hasSuffix(" GMT") && modified.count == 29, "\(modified)")
            let again = try await browser.get("/lectures/\(a)/video", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == tag)
            let other = try await browser.get("/lectures/\(a)/video", headers: [.ifNoneMatch: "\"other\""])
            #expect(other.status == .ok)
            let same = try await browser.get(
                "/lectures/\(a)/video", headers: [.range: "bytes=0-9", .ifRange: tag])
            #expect(same.status == .partialContent)
            #expect(Array(buffer: same.body) == Array(bytes[0...9]))
            let changed = try await browser.get(
                "/lectures/\(a)/video", headers: [.range: "bytes=0-9", .ifRange: "\"an-older-copy\""])
            #expect(changed.status == .ok)
            #expect(Array(buffer: changed.body) == bytes)
            let byDate = try await browser.get(
                "/lectures/\(a)/video", headers: [.range: "bytes=0-9", .ifRange: modified])
            #expect(byDate.status == .partialContent)
        }
    }

    @Test func aNearDuplicatesPosterIsShownBesideTheLectureEvenAcrossTownships() async throws {
        let (a, b, script) = (f.a, f.b, f.script)
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let near = try await browser.get("/lectures/\(a)/near/\(b)/poster")
            #expect(near.status == .ok)
            #expect(near.text == "poster bb")
            // Only a recorded near-duplicate: not any lecture through any other.
            #expect(try await browser.get("/lectures/\(script)/near/\(b)/poster").status == .notFound)
            #expect(try await browser.get("/lectures/\(b)/poster").status == .forbidden)
        }
    }

    @Test func aCopyBySoundLinksBothVideosAtTheMatchedTime() async throws {
        let b = f.b
        let d = try f.lecture(
            "dd", title: "翻拍的党课", org: "jia1",
            near: [
                NearDuplicate(
                    id: b, sound: 0.88,
                    soundRanges: [MatchedRange(start: 12.4, end: 220, otherStart: 0.2, otherEnd: 207.9)])
            ])
        let other = f.library.url("media/bb/bb.mp4")
        try FileManager.default.createDirectory(
            at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("video bb".utf8).write(to: other)
        let script = f.script
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let page = try await browser.get("/lectures/\(d)").text
            #expect(page.contains("声音相同（画面不同，可能是翻拍或换了画面；88%）"))
            #expect(page.contains(#"<a href="/lectures/\#(d)/video#t=12">本节目 0:12–3:40</a>"#))
            #expect(page.contains(#"<a href="/lectures/\#(d)/near/\#(b)/video#t=0">#\#(b) 0:00–3:28</a>"#))
            let played = try await browser.get("/lectures/\(d)/near/\(b)/video")
            #expect(played.status == .ok)
            #expect(played.text == "video bb")
            // Only a recorded near-duplicate's video, and only through a lecture the reviewer may open.
            #expect(try await browser.get("/lectures/\(script)/near/\(b)/video").status == .notFound)
            #expect(try await browser.get("/lectures/\(b)/video").status == .forbidden)
        }
    }

    @Test func anHEVCUploadIsFlaggedAndCanBeDownloadedUnderItsOwnName() async throws {
        var n = NewLecture(
            title: "手机录制", sha256: "ff", originalName: "春华镇-吴辉-学习 第一讲.mp4", originalPath: "/in/f.mp4",
            storedPath: "media/aa/aa.mp4", sizeBytes: 5000,
            probe: MediaInfo(
                file: "f.mp4", sizeBytes: 5000, container: "mp4", durationSeconds: 600,
                video: VideoStreamInfo(index: 0, codec: "hevc", width: 1920, height: 1080)),
            findings: [])
        n.organisationId = "jia"
        guard case .ingested(let id, _) = try await f.catalog.recordIngest(n, actor: "local", now: f.clock.now) else {
            Issue.record("not ingested")
            return
        }
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let page = try await browser.get("/lectures/\(id)").text
            #expect(page.contains(#"<p class="video-note" id="video-note">这个视频的编码是 hevc"#))
            // A lecture whose codec is not known to be a problem has the note hidden, for the
            // player's own error event to reveal.
            #expect(
                try await browser.get("/lectures/\(a)").text.contains(#"<p class="video-note hidden" id="video-note">"#)
            )
            let download = try await browser.get("/lectures/\(id)/video?download=1")
            #expect(download.status == .ok)
            let disposition = try #require(download.headers[.contentDisposition])
            #expect(
                disposition == "attachment; filename=\"lecture.mp4\"; filename*=UTF-8''"
                    + "%E6%98%A5%E5%8D%8E%E9%95%87-%E5%90%B4%E8%BE%89-%E5%AD%A6%E4%B9%A0%20%E7%AC%AC%E4%B8%80%E8%AE%B2.mp4"
            )
            #expect(try await browser.get("/lectures/\(id)/video").headers[.contentDisposition] == nil)
        }
        #expect(MediaResponder.attachment("a\"b\r\n.mp4").contains("filename*=UTF-8''a%22b%0D%0A.mp4"))
    }

    @Test func rangeHeadersAsPlayersSendThem() throws {
        #expect(throws: HTTPError.self) { try MediaResponder.range("bytes=10-", size: 5) }
        #expect(throws: HTTPError.self) { try MediaResponder.range("bytes=-0", size: 5) }
        #expect(try MediaResponder.range(nil, size: 10) == nil)
        #expect(try MediaResponder.range("bytes=0-0,5-6", size: 10) == nil)  // several ranges: the whole file
        #expect(try MediaResponder.range("bytes=2-1", size: 10) == nil)
        #expect(try MediaResponder.range("items=0-1", size: 10) == nil)
        #expect(try MediaResponder.range("bytes=3-100", size: 10) == 3...9)
        #expect(try MediaResponder.range("bytes=-100", size: 10) == 0...9)
    }

    @Test func aStoredPathThatLeadsOutOfTheLibraryIsNeverServed() async throws {
        // A catalog edited by hand (or a bug) must not turn the desk into a file server.
        var n = NewLecture(
            title: "坏路径", sha256: "dd", originalName: "d.mp4", originalPath: "/in/d.mp4",
            storedPath: "media/../../../../../../etc/passwd", sizeBytes: 1,
            probe: MediaInfo(file: "d.mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600), findings: [])
        n.organisationId = "jia"
        n.posterPath = "/etc/hostname"
        guard case .ingested(let id, _) = try await f.catalog.recordIngest(n, actor: "local", now: f.clock.now) else {
            Issue.record("not ingested")
            return
        }
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            let video = try await browser.get("/lectures/\(id)/video")
            #expect(video.status == .notFound)
            #expect(!video.text.contains("root:"))
            #expect(try await browser.get("/lectures/\(id)/poster").status == .notFound)
        }
    }
}
