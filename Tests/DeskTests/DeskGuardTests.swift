import Catalog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Desk

/// What an attacker tried: redirects off the site, forms from another origin, a flood of
/// refused media requests, guessing behind one address, and a forged X-Forwarded-For.
@Suite struct DeskGuardTests {
    let f: DeskFixture
    init() throws { f = try DeskFixture() }

    static let bypasses = [
        "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
        "/queue\r\nSet-Cookie: x=1", "/%09/evil.example/", "/\t/evil.example/", "/%5Cevil.example", "/%5C/evil.example",
        "/%2F%2Fevil.example", "%2F%2Fevil.example", "///evil.example", "/%252F%252Fevil.example",
        "/%0d%0aLocation:%20x",
        "\t//evil.example", " //evil.example", "http:/evil.example", "/\u{3000}/evil.example",
        "/%E3%80%80/evil.example",
        "", "queue",
    ]

    @Test(arguments: bypasses)
    func redirectsStayOnThisSite(next: String) async throws {
        #expect(SafeRedirect.path(next) == "/queue", "\(next.debugDescription)")
    }

    @Test func pathsOfThisSiteAreKept() {
        for next in ["/lectures/7?done=approve", "/queue?q=%E5%85%9A%E8%AF%BE", "/reports/monthly?period=2026-11"] {
            #expect(SafeRedirect.path(next) == next)
        }
    }

    @Test func theLoginPageRedirectsOnlyOnThisSiteSignedInOrNot() async throws {
        try await f.test { browser in
            // Signed out: the bypass reaches the form's hidden field as /queue.
            let page = try await browser.get("/login?next=/%09/evil.example/").text
            #expect(page.contains(#"name="next" value="/queue""#))
            let posted = try await browser.post(
                "/login",
                [
                    ("csrf", Browser.csrf(page) ?? ""), ("name", "admin"), ("password", DeskFixture.password),
                    ("next", "/\t/evil.example/"),
                ])
            #expect(posted.location == "/queue")
            // Signed in: the login page redirects at once, and only on this site.
            for next in ["/%09/evil.example/", "//evil.example", "/%5Cevil.example"] {
                let again = try await browser.get("/login?next=" + next)
                #expect(again.location == "/queue", "\(next)")
            }
        }
    }

    @Test func aFormFromAnotherOriginIsRefusedEvenWithItsToken() async throws {
        let a = f.a
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            for headers: HTTPFields in [
                [.origin: "http://evil.example"], [.origin: "null"], [.referer: "http://evil.example/lectures/1"],
                [.origin: "http://localhost.evil.example"],
            ] {
                let r = try await browser.submit(
                    "/lectures/\(a)/decide", on: "/lectures/\(a)", [("action", "approve"), ("note", "")],
                    headers: headers)
                #expect(r.status == .forbidden, "\(headers)")
                #expect(r.text.contains("这个请求来自别的网站"))
            }
            #expect(try f.status(a) == "pending")
            // From this site (or with neither header, as some browsers send it): accepted.
            let ok = try await browser.submit(
                "/lectures/\(a)/decide", on: "/lectures/\(a)", [("action", "approve"), ("note", "")],
                headers: [.origin: "http://localhost"])
            #expect(ok.status == .seeOther)
            #expect(try f.status(a) == "approved")
        }
    }

    @Test func refusedMediaAreCountedNotAudited() async throws {
        let (a, desk) = (f.a, f.desk)
        func refusals() throws -> Int { try f.events(a).filter { $0.action == "refused" }.count }
        let before = try refusals()
        try await f.test { browser in
            _ = try await browser.logIn("revYi")  // 乙镇's reviewer; #a is 甲镇's
            for uri in ["/lectures/\(a)/video", "/lectures/\(a)/poster", "/lectures/\(a)/sheet"] {
                for range in ["bytes=0-99", "bytes=100-199"] {
                    let r = try await browser.get(uri, headers: [.range: range])
                    #expect(r.status == .forbidden)
                }
            }
        }
        #expect(try refusals() == before)
        #expect(await desk.mediaRefusals.count(user: "revYi", address: nil) == 6)
        // Opening the page itself is still audited.
        try await f.test { browser in
            _ = try await browser.logIn("revYi")
            #expect(try await browser.get("/lectures/\(a)").status == .forbidden)
        }
        #expect(try refusals() == before + 1)
    }

    @Test func theThrottleCountsANameAtAnAddress() async throws {
        let throttle = LoginThrottle(catalog: f.catalog)
        let now = Date()
        let atA = LoginThrottle.keys(user: "revYi", address: "10.0.0.1")
        for _ in 0..<3 { try await throttle.failed(atA, now: now) }
        #expect(try await throttle.wait(atA, now: now) > 0)
        // The same name from another address, and another name from the same address: not held.
        #expect(try await throttle.wait(LoginThrottle.keys(user: "revYi", address: "10.0.0.2"), now: now) == 0)
        #expect(try await throttle.wait(LoginThrottle.keys(user: "revJia", address: "10.0.0.1"), now: now) == 0)
        // An address that guessed a hundred names holds back the names that failed there…
        for i in 0..<100 {
            try await throttle.failed(LoginThrottle.keys(user: "guess\(i)", address: "10.0.0.9"), now: now)
        }
        let guessed = LoginThrottle.keys(user: "guess7", address: "10.0.0.9")
        #expect(try await throttle.wait(guessed, now: now) > 0)
        // …but never a name that has not failed.
        let colleague = LoginThrottle.keys(user: "admin", address: "10.0.0.9")
        #expect(try await throttle.wait(colleague, now: now) == 0)
        #expect(try await throttle.addressIsHeld(colleague, now: now))
        // A failure older than the window no longer counts; a correct password clears the name.
        let later = now.addingTimeInterval(LoginThrottle.window + 1)
        #expect(try await throttle.wait(atA, now: later) == 0)
        try await throttle.succeeded(guessed)
        #expect(try await throttle.wait(guessed, now: now) == 0)
    }

    /// Two desks (two hosts) over one catalog: a name guessed at one is held back at the other.
    @Test func desksOnOneCatalogThrottleTogether() async throws {
        let other = try Desk(catalog: try Catalog(library: f.library), now: { [clock = f.clock] in clock.now })
        let atA = LoginThrottle.keys(user: "revYi", address: "10.0.0.1")
        for _ in 0..<3 { try await f.desk.throttle.failed(atA, now: f.clock.now) }
        #expect(try await other.throttle.wait(atA, now: f.clock.now) > 0)
        try await other.throttle.succeeded(atA)
        #expect(try await f.desk.throttle.wait(atA, now: f.clock.now) == 0)
    }

    @Test(arguments: [
        ("127.0.0.1", ["203.0.113.5"], "203.0.113.5"), ("127.0.0.1", ["198.51.100.1, 203.0.113.5"], "203.0.113.5"),
        ("127.0.0.1", ["203.0.113.5, 127.0.0.1"], "203.0.113.5"), ("127.0.0.1", [], "127.0.0.1"),
        ("10.1.1.1", ["203.0.113.5"], "10.1.1.1"),
    ])
    func forwardedForIsBelievedOnlyFromATrustedProxy(peer: String, header: [String], client: String) {
        #expect(ForwardedFor.client(peer: peer, header: header, trusted: ["127.0.0.1"]) == client)
    }

    /// Through real sockets: behind a trusted proxy each client has its own count; without
    /// one, a forged X-Forwarded-For changes nothing.
    @Test(arguments: [true, false])
    func aForgedForwardedForDoesNotBypassTheThrottle(trusted: Bool) async throws {
        let desk = try Desk(
            catalog: f.catalog, trustedProxies: trusted ? ["127.0.0.1"] : [], hasher: BcryptHasher(cost: 4),
            now: { [clock = f.clock] in clock.now })
        let app = Application(router: desk.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let browser = Browser(client: client)
            for i in 0..<3 {
                let page = try await browser.get("/login").text
                let r = try await browser.post(
                    "/login",
                    [("csrf", Browser.csrf(page) ?? ""), ("name", "revYi"), ("password", "wrong"), ("next", "/queue")],
                    headers: [.xForwardedFor: "203.0.113.\(trusted ? 1 : i)"])
                #expect(r.status == .unauthorized)
            }
            let page = try await browser.get("/login").text
            let next = try await browser.post(
                "/login",
                [
                    ("csrf", Browser.csrf(page) ?? ""), ("name", "revYi"), ("password", DeskFixture.password),
                    ("next", "/queue"),
                ], headers: [.xForwardedFor: "203.0.113.99"])
            // Trusted: 203.0.113.99 is another client. Not trusted: it is still 127.0.0.1, held.
            #expect(next.status == (trusted ? .seeOther : .tooManyRequests))
        }
    }
}
