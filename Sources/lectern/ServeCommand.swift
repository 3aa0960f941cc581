import ArgumentParser
import Catalog
import Desk
import Foundation
import LecternCore
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "网页审核台：在浏览器里看视频、审核、查看报表（导入可同时进行）。",
        discussion: """
            审核员用 lectern user passwd 设置的密码登录。按 Ctrl-C 停止。审核台本身只提供明文 HTTP：\
            要让别的电脑访问，请在前面放一个 HTTPS 反向代理（如 Debian 的 nginx，见 README），\
            审核台只监听本机，并加 --secure-cookies 和 --trusted-proxy 127.0.0.1。
            示例：
              lectern serve                               本机访问 http://127.0.0.1:8080/
              lectern serve --secure-cookies --trusted-proxy 127.0.0.1   在 nginx 后面
              lectern serve --host 0.0.0.0 --port 8080    办公室直接访问（明文）
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("监听的地址（0.0.0.0：所有网卡；默认：只限本机）。", valueName: ArgumentNames.address))
    var host = "127.0.0.1"
    @Option(help: ArgumentHelp("监听的端口（0：任选一个空闲端口，启动后显示；默认：8080）。", valueName: ArgumentNames.port))
    var port = 8080
    @Flag(help: "登录凭证只经 HTTPS 传送（前面有 HTTPS 代理时使用）。") var secureCookies = false
    @Option(
        help: ArgumentHelp(
            "可信的反向代理地址（可写多次）：只有来自这些地址的请求，才按 X-Forwarded-For 认定访问者的地址。",
            valueName: ArgumentNames.address))
    var trustedProxy: [String] = []

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port 应在 0–65535 之间") }
    }

    func run() async throws {
        let (library, catalog) = try global.openCatalog(writing: true)
        if try await catalog.users().isEmpty {
            throw ConfigurationError(
                "还没有用户，网页审核台无法登录。请先添加用户并设置密码：\n"
                    + "  lectern user add 张主任 --role admin\n  lectern user passwd 张主任")
        }
        var logger = Logger(label: "lectern.desk")
        logger.logLevel = global.verbose ? .debug : .notice
        let config: LibraryConfig
        do { config = try library.config() } catch { throw ConfigurationError("\(error)") }
        let desk = try Desk(
            catalog: catalog, secureCookies: secureCookies, trustedProxies: Set(trustedProxy),
            deadlineHorizonDays: config.deadlineWarningDays, now: { Clock.now() })
        if let warning = Self.plainHTTPWarning(host: host, secureCookies: secureCookies) {
            Output.write(STDERR_FILENO, Array("lectern: 注意：\(warning)\n".utf8))
        }
        let (host, json, root) = (self.host, global.json, library.root.path)
        do {
            try await desk.serve(host: host, port: port, logger: logger) { bound in
                if json {
                    Output.json(ServeListening(url: "http://\(host):\(bound)/", library: root))
                    return
                }
                let shown = host == "0.0.0.0" ? "本机地址" : host
                Output.line("网页审核台已启动：http://\(shown):\(bound)/  资料库 \(root)（按 Ctrl-C 停止）")
            }
        } catch let error as DeskStartError {
            throw ConfigurationError(error.description)
        }
    }
}

extension Serve {
    /// Said at start-up when the desk listens beyond this machine without TLS in front.
    static func plainHTTPWarning(host: String, secureCookies: Bool) -> String? {
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        guard !loopback, !secureCookies else { return nil }
        return "审核台在 \(host) 上以明文 HTTP 提供服务，同一网络里的人可以截获密码和登录凭证。"
            + "请在前面放一个 HTTPS 反向代理（如 nginx），审核台改为只监听 127.0.0.1，"
            + "并加 --secure-cookies --trusted-proxy 127.0.0.1（见 README 的“网页审核台”一节）"
    }
}

/// `serve --json`'s announcement, once the port is bound.
struct ServeListening: Codable {
    var event = "listening"
    var url: String
    var library: String
}
