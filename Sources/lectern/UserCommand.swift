import ArgumentParser
import Catalog
import Desk
import Foundation
import LecternCore

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "用户：工作人员（导入、重新提交）、审核员（审核本组织及下级的节目）、管理员（全部，含特批和用户管理）。",
        discussion: """
            Until the first user exists, every command runs as the local administrator. The first
            user must be an admin; after that, every action needs a known user (--as or $LECTERN_USER).
            Examples:
              lectern user add 张主任 --role admin
              lectern user add 李审核 --role reviewer --org 春华镇 --as 张主任
              lectern user passwd 李审核                  (asks twice; or: echo "$PW" | lectern user passwd 李审核)
              lectern user list
            """,
        subcommands: [Add.self, Passwd.self, ListUsers.self])

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "设置网页审核台的登录密码（在终端输入两次，或从标准输入读一行；不接受写在命令里）。",
            discussion: "Users set their own; admins set anyone's. Open desk sessions of the user end.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            let password: String
            if isatty(STDIN_FILENO) == 1 {
                let first = try Terminal.readSecret("新密码（\(name)）：")
                let second = try Terminal.readSecret("再输入一次：")
                guard first == second else {
                    Output.error(name, "两次输入的密码不一致，未修改")
                    throw ItemsFailed()
                }
                password = first
            } else {
                guard let line = readLine(strippingNewline: true) else {
                    Output.error(name, "标准输入中没有密码")
                    throw ItemsFailed()
                }
                password = line
            }
            do {
                try await catalog.setPassword(
                    name, password, hasher: BcryptHasher(), actor: global.actingUser, now: global.now)
            } catch let e as CatalogError {
                Output.error(name, e.message)
                throw ItemsFailed()
            }
            if global.json {
                Output.json(PasswordSetLine(name: name))
            } else {
                Output.line("已设置 \(name) 的登录密码。")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "添加用户。")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @Option(help: "staff, reviewer or admin.") var role: String
        @Option(help: "The organisation (id or name) whose subtree the user acts on.") var org: String?

        func validate() throws {
            if UserRole(rawValue: role) == nil { throw ValidationError("--role must be staff, reviewer or admin") }
        }

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            do {
                try await catalog.addUser(
                    name, role: UserRole(rawValue: role) ?? .staff, organisation: org, actor: global.actingUser,
                    now: global.now)
            } catch let e as CatalogError {
                Output.error(name, e.message)
                throw ItemsFailed()
            }
            if global.json {
                Output.json(UserAddedLine(name: name, role: UserRole(rawValue: role) ?? .staff))
            } else {
                Output.line("已添加\(UserRole(rawValue: role)?.chinese ?? role)：\(name)" + (org.map { "（\($0)）" } ?? ""))
            }
        }
    }

    struct ListUsers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出用户。")
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let (_, catalog) = try global.openCatalog()
            let users = try await catalog.users()
            if global.json { users.forEach { Output.json($0) }; return }
            if users.isEmpty { Output.line("还没有用户：所有命令以本机管理员身份运行。"); return }
            for u in users {
                Output.line(
                    "\(TerminalWidth.fit(u.name, 12)) \(TerminalWidth.fit(u.role.chinese, 8)) \(u.organisationId ?? "全部")"
                )
            }
        }
    }
}
