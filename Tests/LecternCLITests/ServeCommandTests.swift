import Foundation
import Testing

@testable import lectern

/// `lectern serve` as staff start it: refuses plainly when nobody could log in or the port is
/// taken, says where it listens once it does, answers, and stops on SIGTERM.
@Suite struct ServeCommandTests {
    let library = temporaryDirectory().appendingPathComponent("library")

    func lectern(_ args: [String], input: String? = nil) throws -> Run {
        try Run(args + ["--library", library.path], environment: ["LECTERN_USER": "张主任"], input: input)
    }

    @Test func startsAnswersAndStops() throws {
        _ = try lectern(["init"])
        let nobody = try lectern(["serve", "--port", "0"])
        #expect(nobody.status == 2)
        #expect(nobody.stderr.contains("还没有用户，网页审核台无法登录"))
        _ = try lectern(["user", "add", "张主任", "--role", "admin"])
        _ = try lectern(["user", "passwd", "张主任"], input: "一二三四五六七八\n")

        // Port 0: the kernel picks a free one, and the announcement names it.
        let server = Process()
        server.executableURL = Run.binary
        server.arguments = ["serve", "--port", "0", "--library", library.path]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        // The line comes once the port is bound.
        var line = ""
        let started = Date()
        while !line.contains("\n"), Date().timeIntervalSince(started) < 30 {
            line += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        let announced = line.firstMatch(of: /网页审核台已启动：http:\/\/127\.0\.0\.1:(\d+)\//)
        let port = try #require(announced.flatMap { Int($0.1) }, "no port in «\(line)»")
        #expect(port > 0)

        let page = try Run(
            ["-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "http://127.0.0.1:\(port)/queue"],
            runner: "/usr/bin/curl")
        #expect(page.stdout == "303 http://127.0.0.1:\(port)/login?next=/queue")

        let taken = try lectern(["serve", "--port", "\(port)"])
        #expect(taken.status == 2)
        #expect(taken.stderr.contains("端口 \(port) 已被占用"))

        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)  // a graceful stop
    }
}

@Suite struct ServePlainHTTPTests {
    /// Beyond loopback without TLS in front, the start-up says so; on loopback, or with
    /// --secure-cookies behind a proxy, it does not.
    @Test func listeningBeyondLoopbackWithoutTLSIsSaid() {
        let warning = Serve.plainHTTPWarning(host: "0.0.0.0", secureCookies: false)
        #expect(warning?.hasPrefix("审核台在 0.0.0.0 上以明文 HTTP 提供服务") == true)
        #expect(warning?.contains("--secure-cookies --trusted-proxy 127.0.0.1") == true)
        for host in ["127.0.0.1", "localhost", "::1"] {
            #expect(Serve.plainHTTPWarning(host: host, secureCookies: false) == nil)
        }
        #expect(Serve.plainHTTPWarning(host: "0.0.0.0", secureCookies: true) == nil)
    }
}
