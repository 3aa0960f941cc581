import Foundation
import TestSupport
import Testing

@testable import SQLStore

@Suite("PostgresLocation: the catalog's address, and its password from where psql takes it")
struct PostgresLocationTests {
    @Test func anAddressIsReadWithItsDefaults() throws {
        let l = try PostgresLocation.parse(
            "postgres://county@db.example:6543/lectern?sslmode=disable", environment: [:])
        #expect(l.user == "county" && l.host == "db.example" && l.port == 6543 && l.database == "lectern")
        #expect(l.tls == .disable && l.password == nil)
        let d = try PostgresLocation.parse("postgresql://db.example", environment: ["USER": "staff", "PGPORT": "5433"])
        #expect(d.user == "staff" && d.port == 5433 && d.database == "staff" && d.tls == .prefer)
    }

    @Test func aPasswordInTheAddressIsRefusedAndTheEnvironmentsIsUsed() throws {
        #expect(throws: SQLError.self) { try PostgresLocation.parse("postgres://u:secret@h/db", environment: [:]) }
        #expect(throws: SQLError.self) { try PostgresLocation.parse("postgres://u@h/db?ssl=true", environment: [:]) }
        #expect(throws: SQLError.self) { try PostgresLocation.parse("/srv/library", environment: [:]) }
        #expect(try PostgresLocation.parse("postgres://u@h/db", environment: ["PGPASSWORD": "pw"]).password == "pw")
    }

    @Test func aPasswordFileMatchesByHostPortDatabaseAndUser() throws {
        let dir = TestFolders.temporaryDirectory("pgpass")
        let file = "\(dir)/pgpass"
        try """
        # comment
        other:5432:*:u:wrong
        h:5432:db:u:pa\\:ss
        *:*:*:*:any
        """.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let env = ["PGPASSFILE": file]
        #expect(try PostgresLocation.parse("postgres://u@h/db", environment: env).password == "pa:ss")
        #expect(try PostgresLocation.parse("postgres://v@h:7/x", environment: env).password == "any")
        chmod(file, 0o644)
        #expect(throws: SQLError.self) { try PostgresLocation.parse("postgres://u@h/db", environment: env) }
    }

    @Test func aWrongPasswordOrNoServerIsSaidInChinese() throws {
        let url = TestPostgres.server.url
        do {
            _ = try PostgresStore(try PostgresLocation.parse(url, environment: ["PGPASSWORD": "wrong"]))
            Issue.record("a wrong password was accepted")
        } catch let error as SQLError {
            #expect(error.kind == .authentication && error.message.contains("拒绝了用户 lectern 的密码"), "\(error)")
        }
        do {
            _ = try PostgresStore(
                try PostgresLocation.parse("postgres://lectern@127.0.0.1:1/lectern?sslmode=disable", environment: [:]))
            Issue.record("a closed port was reached")
        } catch let error as SQLError {
            #expect(error.kind == .connection && error.message.contains("无法连接 PostgreSQL"), "\(error)")
        }
    }
}
