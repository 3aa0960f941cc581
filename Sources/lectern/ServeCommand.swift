import ArgumentParser
import Catalog
import Desk
import Foundation
import Hummingbird
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "网页审核台：在浏览器里看视频、审核、查看报表（导入可同时进行）。",
        discussion: """
            Reviewers sign in with the passwords set by `lectern user passwd`. Stops on Ctrl-C.
            Examples:
              lectern serve                               http://127.0.0.1:8080/
              lectern serve --host 0.0.0.0 --port 8080    for the office network
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on (0.0.0.0: every network interface).") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Mark the session cookie Secure (when an HTTPS proxy is in front).") var secureCookies = false

    func validate() throws {
        if !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535") }
    }

    func run() throws {
        let (library, catalog) = try global.openCatalog(writing: true)
        if try catalog.users().isEmpty {
            throw ConfigurationError("还没有用户，网页审核台无法登录。请先添加用户并设置密码：\n"
                + "  lectern user add 张主任 --role admin\n  lectern user passwd 张主任")
        }
        var logger = Logger(label: "lectern.desk")
        logger.logLevel = global.verbose ? .debug : .notice
        let desk = try Desk(catalog: catalog, secureCookies: secureCookies, now: { Clock.now() })
        let (host, port, json) = (self.host, self.port, global.json)
        let app = desk.application(host: host, port: port, logger: logger) {
            if json {
                Output.json(["event": "listening", "url": "http://\(host):\(port)/", "library": library.root.path])
                return
            }
            Output.line("网页审核台已启动：http://\(host == "0.0.0.0" ? "本机地址" : host):\(port)/  资料库 \(library.root.path)（按 Ctrl-C 停止）")
        }
        let done = DispatchSemaphore(value: 0)
        let failure = Box()
        Task {
            do { try await app.runService() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error {
            if "\(error)".contains("Address already in use") {
                throw ConfigurationError("端口 \(port) 已被占用（可能已有一个 lectern serve 在运行）；请换一个端口，例如 --port \(port + 1)")
            }
            throw ConfigurationError("网页审核台无法启动（\(host):\(port)）：\(error)")
        }
    }

    final class Box: @unchecked Sendable { var error: (any Error)? }
}
