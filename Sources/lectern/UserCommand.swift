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
            还没有用户时，所有命令都以本机管理员身份运行。第一个用户必须是管理员；之后每个操作都\
            要指明是哪个已登记的用户（--as 或环境变量 $LECTERN_USER）。
            角色：\(UserRole.accepted)
            示例：
              lectern user add 张主任 --role 管理员
              lectern user add 李审核 --role 审核员 --org 春华镇 --as 张主任
              lectern user passwd 李审核          在终端输入两次；也可以 echo "$PW" | lectern user passwd 李审核
              lectern user list
            """,
        subcommands: [Add.self, Passwd.self, ListUsers.self])

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "设置网页审核台的登录密码（在终端输入两次，或从标准输入读一行；不接受写在命令里）。",
            discussion: "用户设置自己的密码，管理员可以设置任何人的。设置后，该用户在网页审核台上已登录的会话失效。")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("用户名。", valueName: ArgumentNames.user)) var name: String

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
        @Argument(help: ArgumentHelp("用户名。", valueName: ArgumentNames.user)) var name: String
        @Option(help: ArgumentHelp("角色：工作人员、审核员或管理员（也可写 staff、reviewer、admin）。", valueName: ArgumentNames.role))
        var role: UserRole
        @Option(help: ArgumentHelp("只负责这个组织及其下级（编号或名称）。", valueName: ArgumentNames.organisation))
        var org: String?

        func run() async throws {
            let (_, catalog) = try global.openCatalog(writing: true)
            do {
                try await catalog.addUser(
                    name, role: role, organisation: org, actor: global.actingUser,
                    now: global.now)
            } catch let e as CatalogError {
                Output.error(name, e.message)
                throw ItemsFailed()
            }
            if global.json {
                Output.json(UserAddedLine(name: name, role: role))
            } else {
                Output.line("已添加\(role.chinese)：\(name)" + (org.map { "（\($0)）" } ?? ""))
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
