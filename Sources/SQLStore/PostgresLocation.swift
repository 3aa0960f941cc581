import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL catalog is: `postgres://user@host:port/database[?sslmode=disable|prefer|require]`.
/// The password is never part of it (it would stay in shell history and in `ps`): it comes from
/// `$PGPASSWORD`, else the first matching line of `$PGPASSFILE` or `~/.pgpass`, as for psql.
public struct PostgresLocation: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    var password: String?

    /// The address without any password, for messages.
    public var display: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    public static func == (a: Self, b: Self) -> Bool { a.display == b.display && a.tls == b.tls }

    /// True for text that names a PostgreSQL catalog rather than a folder.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public static func parse(
        _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SQLError) -> PostgresLocation {
        func refuse(_ why: String) -> SQLError { SQLError(.other, "PostgreSQL 地址「\(text)」\(why)") }
        guard isURL(text), let url = URLComponents(string: text) else {
            throw refuse("写法不对；应为 postgres://用户@主机:端口/数据库")
        }
        if url.password != nil {
            throw refuse("不能含密码（会留在命令历史和进程列表里）：请用环境变量 PGPASSWORD 或 ~/.pgpass")
        }
        guard let host = url.host, !host.isEmpty else { throw refuse("缺少主机名") }
        let user = url.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        let database = path.isEmpty ? user : path
        var tls = TLSMode.prefer
        for item in url.queryItems ?? [] {
            guard item.name == "sslmode" else { throw refuse("中的参数 \(item.name) 不认识（只支持 sslmode）") }
            guard let mode = TLSMode(rawValue: item.value ?? "") else {
                throw refuse("的 sslmode 只能是 disable、prefer 或 require")
            }
            tls = mode
        }
        var location = PostgresLocation(
            user: user, host: host, port: url.port ?? Int(environment["PGPORT"] ?? "") ?? 5432, database: database,
            tls: tls, password: nil)
        if let password = environment["PGPASSWORD"] {
            location.password = password
        } else {
            location.password = try Self.passwordFile(for: location, environment: environment)
        }
        return location
    }

    /// The password of `$PGPASSFILE` or `~/.pgpass` for this location: `host:port:database:user:password`
    /// lines, `*` for any, `\:` and `\\` escaped. A file others may read is refused, as psql does.
    static func passwordFile(for l: PostgresLocation, environment: [String: String]) throws(SQLError) -> String? {
        let path = environment["PGPASSFILE"] ?? environment["HOME"].map { "\($0)/.pgpass" }
        guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & 0o077 != 0 {
            throw SQLError(.authentication, "密码文件 \(path) 其他用户也能读：请执行 chmod 600 \(path)")
        }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            var fields: [String] = [], field = "", escaped = false
            for ch in line {
                if escaped {
                    field.append(ch); escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == ":" && fields.count < 4 {
                    fields.append(field); field = ""
                } else {
                    field.append(ch)
                }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [l.host, String(l.port), l.database, l.user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    func configuration() throws(SQLError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw SQLError(.connection, "无法准备 TLS：\(error)", underlying: error)
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
