import Catalog
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LecternCore
import TestSupport
import Testing

@testable import Desk

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The reviewer's flow: what the desk offers is what it accepts, what was typed survives an
/// error, and every page leads somewhere.
@Suite struct DeskFlowTests {
    let f: DeskFixture
    init() throws {
        f = try DeskFixture()
        try f.catalog.addUser("countyRev", role: .reviewer, organisation: "county", actor: "admin", now: f.clock.now)
        try f.catalog.setPassword(
            "countyRev", DeskFixture.password, hasher: BcryptHasher(cost: 4), actor: "admin", now: f.clock.now)
    }

    @Test func aReviewerOfTheCountyRootSeesTheCountysReportsAndATownshipReviewerItsOwn() async throws {
        try await f.test { browser in
            _ = try await browser.logIn("countyRev")
            let reports = try await browser.get("/reports")
            #expect(reports.status == .ok)
            #expect(reports.text.contains(#"<a href="/reports">报表</a>"#))
            let county = try await browser.get("/reports/monthly?period=2026-11").text
            #expect(county.contains("乙镇"))
            let township = Browser(client: browser.client)
            _ = try await township.logIn("revJia")
            let queue = try await township.get("/queue").text
            #expect(queue.contains(#"href="/reports""#))
            let page = try await township.get("/reports")
            #expect(page.status == .ok)
            #expect(page.text.contains("报表（甲镇及下级）"))
            // 甲镇's own monthly summary: its branch, not the other township.
            let own = try await township.get("/reports/monthly?period=2026-11")
            #expect(own.status == .ok)
            #expect(own.text.contains("甲村党支部"))
            #expect(!own.text.contains("乙镇"))
            let weekly = try await township.get("/reports/weekly").text
            #expect(!weekly.contains("乙镇"))
        }
    }

    @Test func theMonthsFilmListIsTickedSavedAndAnnounced() async throws {
        let film = try f.lecture("ff", title: "解码中部崛起", org: "county", kind: "film")
        let pending = try f.lecture("fg", title: "还没审的片子", org: "county", kind: "film")
        _ = try await f.catalog.review(film, ReviewDecision(action: .approve), actor: "admin", now: f.clock.now)
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            let page = try await browser.get("/films?month=2026-12")
            #expect(page.status == .ok)
            #expect(page.text.contains("2026-12 教育片清单"))
            #expect(page.text.contains(#"name="film[]" value="\#(film)""#))
            #expect(!page.text.contains("还没审的片子"))  // only approved films can be listed
            let saved = try await browser.submit(
                "/films", on: "/films?month=2026-12", [("month", "2026-12"), ("film[]", "\(film)")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/films?month=2026-12&done=1")
            #expect(try await f.catalog.plannedFilms(month: "2026-12").map(\.id) == [film])
            let after = try await browser.get("/films?month=2026-12&done=1").text
            #expect(after.contains("已保存：本月清单 1 部") && after.contains(" checked"))
            let refused = try await browser.submit(
                "/films", on: "/films?month=2026-12", [("month", "2026-12"), ("film[]", "\(pending)")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("还没有通过审核"))
            let notice = try await browser.get("/films/notice?month=2026-12")
            #expect(notice.status == .ok)
            #expect(notice.text.contains("2026年12月党员教育片观看预告") && notice.text.contains("《解码中部崛起》"))
            #expect(try await browser.get("/films/notice?month=2027-01").status == .badRequest)
            // A reviewer may look but not plan: the catalog refuses, the desk says so.
            let reviewer = Browser(client: browser.client)
            _ = try await reviewer.logIn("revJia")
            #expect(try await reviewer.get("/films").status == .ok)
            let denied = try await reviewer.submit("/films", on: "/films", [("month", "2026-12")])
            #expect(denied.status == .forbidden)
        }
    }

    @Test func theQuarterIsAChoiceTheServerAccepts() async throws {
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            let page = try await browser.get("/reports").text
            #expect(page.contains(#"<option value="2026-Q4" selected>2026年第四季度</option>"#))
            #expect(!page.contains("pattern="))
            for period in ["2026-Q4", "2026年第三季度"] {
                let report = try await browser.get("/reports/quarterly?period=" + Browser.encode(period))
                #expect(report.status == .ok, "\(period)")
                #expect(report.text.contains("← 返回报表"))  // a way back
            }
        }
    }

    @Test func whatWasTypedSurvivesAnErrorAndTheMessageSitsBesideTheField() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let r = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)",
                [("action", "reject"), ("note", "画面与别的节目相同"), ("cite[]", "\(f.b)")])
            #expect(r.status == .unprocessableContent)
            let page = r.text
            let form = try #require(page.range(of: #"id="reject-form""#))
            let rest = page[form.upperBound...]
            #expect(rest.contains(#"value="画面与别的节目相同""#))
            #expect(rest.contains("请至少勾选一个原因"))
            #expect(rest.contains(#"value="\#(f.b)" checked"#))  // the citation stays ticked
            #expect(!page.contains("--reason") && !page.contains("--cite"))
            // Ticking a citation with a reason that is not copying: the form's own words.
            let cite = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)",
                [("action", "reject"), ("reason[]", "other"), ("cite[]", "\(f.b)")])
            #expect(cite.text.contains("勾选了照搬的节目时，原因请选“内容照搬照抄”或“一份讲稿用几年”"))
            #expect(!cite.text.contains("copied（"))
        }
    }

    @Test func anApprovedLectureOffersNoSpotCheckConfirmationUntilDrawn() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            _ = try await browser.submit("/lectures/\(a)/decide", on: "/lectures/\(a)", [("action", "approve")])
            let page = try await browser.get("/lectures/\(a)").text
            #expect(!page.contains(#"value="confirm""#))
            #expect(page.contains(#"value="revoke""#))
        }
    }

    @Test func theNextPendingGoesForwardInQueueOrder() async throws {
        let (a, script) = (f.a, f.script)  // b was catalogued first, then a, then script
        try await f.test { browser in
            _ = try await browser.logIn("admin")
            let page = try await browser.get("/lectures/\(a)").text
            #expect(page.contains(#"<a href="/lectures/\#(script)" id="next""#))
            let last = try await browser.get("/lectures/\(script)").text
            #expect(last.contains(#"<a href="/lectures/\#(f.b)" id="next""#))  // past the end: the oldest
        }
    }

    @Test func aNoteTooLongIsRefusedInChinese() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let r = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)",
                [("action", "approve"), ("note", String(repeating: "长", count: 24_000))])
            #expect(r.status == .contentTooLarge)
            #expect(r.text.contains("提交的内容超过 64 KB，没有保存"))
        }
        #expect(try f.status(a) == "pending")
    }

    @Test func aDeadlineYearsAwayIsConfirmedFirst() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let fields = [("action", "rectify"), ("reason[]", "detached"), ("deadline", "2099-12-31")]
            let far = try await browser.submit("/lectures/\(a)/decide", on: "/lectures/\(a)", fields)
            #expect(far.status == .unprocessableContent)
            #expect(far.text.contains("超过通常的 90 天"))
            #expect(far.text.contains(#"name="confirmDistant""#))
            #expect(try f.status(a) == "pending")
            let confirmed = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)", fields + [("confirmDistant", "1")])
            #expect(confirmed.status == .seeOther)
        }
        #expect(try f.status(a) == "rectifying")
    }

    @Test func headAndTheIconAnswer() async throws {
        try await f.test { browser in
            for path in ["/", "/login"] {
                let r = try await browser.get(path, method: .head)
                #expect(r.status != .notFound, "\(path)")
                #expect(r.body.readableBytes == 0)
            }
            let icon = try await browser.get("/favicon.ico")
            #expect(icon.status == .ok)
            #expect(icon.headers[.contentType] == "image/svg+xml")
            let css = try await browser.get("/static/desk.css").text
            #expect(css.contains("word-break: keep-all"))  // a phone's tables do not wrap per character
        }
    }
}

/// A write held for seconds by another process (a long ingest step, a backup): pages keep
/// coming, and a decision that cannot wait it out says so, with the form still filled.
/// Each request goes on its own connection, as a browser's tabs and other reviewers' would.
@Suite struct DeskBusyCatalogTests {
    /// SQLite's single writer and its busy timeout: PostgreSQL has neither.
    @Test(.disabled(if: TestCatalog.onPostgres, "SQLite's write lock"))
    func readsFlowWhileAWriteIsHeldAndADecisionSaysTheCatalogIsBusy() async throws {
        let f = try DeskFixture()
        let catalog = try Catalog(library: f.library, busyTimeout: 1.5)
        let desk = try Desk(catalog: catalog, hasher: BcryptHasher(cost: 4), now: { [clock = f.clock] in clock.now })
        let app = Application(router: desk.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let (a, script) = (f.a, f.script)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let browser = Browser(client: client)
            _ = try await browser.logIn("revJia")
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let token = try #require(Browser.csrf(try await browser.get("/lectures/\(a)").text))
            // Another connection takes the write lock and keeps it for 4 seconds, on a thread of
            // its own, as another process would.
            let holder = try DatabaseQueue(path: f.library.catalogURL.path)
            let released = Released()
            let locked = Date()
            Thread {
                try? holder.inDatabase { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    try db.execute(sql: "UPDATE lecture SET updatedAt = updatedAt WHERE id = 1")
                    Thread.sleep(forTimeInterval: 4)
                    try db.execute(sql: "COMMIT")
                }
                released.set()
            }.start()
            try await Task.sleep(for: .milliseconds(300))
            // Six decisions wait on the lock (more than the engine's threads for reads, which
            // one queue for both would have given to them)…
            let decisions = Task {
                try await withThrowingTaskGroup(of: Fetch.Answer.self) { group in
                    for i in 0..<6 {
                        group.addTask {
                            try await Fetch.post(
                                port, "/lectures/\(i % 2 == 0 ? a : script)/decide", cookie,
                                "csrf=\(token)&action=approve&note=%E7%AC%AC\(i)")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            // …while pages, pictures and video ranges are served, each as it is asked for.
            var answered: [(String, Int, TimeInterval)] = []
            try await withThrowingTaskGroup(of: (String, Int, TimeInterval).self) { group in
                for round in 0..<4 {
                    for path in [
                        "/queue", "/lectures/\(a)", "/lectures/\(a)/poster", "/static/desk.css", "/reports/weekly",
                    ] {
                        group.addTask {
                            let range = round % 2 == 0 ? nil : "bytes=0-99"
                            let r = try await Fetch.get(port, path, cookie)
                            if range != nil {
                                _ = try await Fetch.get(port, "/lectures/\(a)/video", cookie, range: range)
                            }
                            return (path, r.status, Date().timeIntervalSince(locked))
                        }
                    }
                }
                for try await result in group { answered.append(result) }
            }
            #expect(!released.value, "the lock was released before the reads were answered")
            for (path, status, at) in answered {
                #expect(status == 200 || (path == "/reports/weekly" && status == 403), "\(path): \(status)")
                #expect(at < 4, "\(path) answered \(at) s after the lock was taken")
            }
            // Those that waited past the busy timeout say so, with what was typed still there.
            let answers = try await decisions.value
            let busy = answers.filter { $0.status == 503 }
            #expect(!busy.isEmpty)
            for r in busy {
                #expect(r.text.contains("资料库正忙，您的决定没有保存，请稍后再试"))
                #expect(r.text.contains(#"value="第"#))
            }
            #expect(answers.allSatisfy { $0.status == 503 || $0.status == 303 || $0.status == 422 })
            while !released.value { try await Task.sleep(for: .milliseconds(50)) }
            // Once the lock is gone, a decision goes through.
            if try f.status(a) == "pending" {
                let retry = try await browser.submit(
                    "/lectures/\(a)/decide", on: "/lectures/\(a)", [("action", "approve"), ("note", "第一")])
                #expect(retry.status == .seeOther)
            }
        }
        #expect(try f.status(a) == "approved")
    }
}

/// One request on a connection of its own (URLSession), without following redirects.
enum Fetch {
    struct Answer {
        var status: Int
        var text: String
    }

    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) { completionHandler(nil) }
    }

    static func request(_ port: Int, _ path: String, _ cookie: String) -> URLRequest {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)") ?? URL(fileURLWithPath: "/"))
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        return request
    }

    static func run(_ request: URLRequest) async throws -> Answer {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 1
        let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        return Answer(
            status: (response as? HTTPURLResponse)?.statusCode ?? 0, text: String(decoding: data, as: UTF8.self))
    }

    static func get(_ port: Int, _ path: String, _ cookie: String, range: String? = nil) async throws -> Answer {
        var r = request(port, path, cookie)
        if let range { r.setValue(range, forHTTPHeaderField: "Range") }
        return try await run(r)
    }

    static func post(_ port: Int, _ path: String, _ cookie: String, _ body: String) async throws -> Answer {
        var r = request(port, path, cookie)
        r.httpMethod = "POST"
        r.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        r.httpBody = Data(body.utf8)
        return try await run(r)
    }
}

final class Released: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    var value: Bool { lock.withLock { done } }
    func set() { lock.withLock { done = true } }
}
