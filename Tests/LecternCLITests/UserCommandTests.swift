import Foundation
import Testing

/// Users, roles and organisation scope through the built binary, on the sample uploads:
/// 一月一课 (桃源县, pending), 微党课 (春华镇, failed the policy).
@Suite struct UserCommandTests {
    let library: URL
    var taoyuan = 0, chunhua = 0

    init() throws {
        let sample = try SampleLibrary()
        library = sample.url
        taoyuan = sample.ids["一月一课：学习党章"] ?? 0
        chunhua = sample.ids["微党课：学习贯彻党的二十大精神"] ?? 0
    }

    func lectern(_ args: [String], as user: String? = nil) throws -> Run {
        try Run(args + ["--library", library.path] + (user.map { ["--as", $0] } ?? []))
    }

    @Test func theFirstUserMustBeAnAdmin() throws {
        let r = try lectern(["user", "add", "李审核", "--role", "reviewer"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("第一个用户必须是管理员"))
        #expect(try lectern(["user", "add", "张主任", "--role", "admin"]).status == 0)
        // From now on the implicit local administrator is gone.
        let anonymous = try lectern(["review", "approve", "\(taoyuan)"])
        #expect(anonymous.status == 1)
        #expect(anonymous.stderr.contains("用户「local」未登记"))
        #expect(try lectern(["user", "add", "王五", "--role", "staff"], as: "王五").status == 1)
    }

    @Test func aReviewerActsOnlyInTheirSubtreeAndRefusalsAreAudited() throws {
        _ = try lectern(["user", "add", "张主任", "--role", "admin"])
        #expect(try lectern(["user", "add", "李审核", "--role", "reviewer", "--org", "长沙县"], as: "张主任").status == 0)
        let outside = try lectern(["review", "approve", "\(taoyuan)"], as: "李审核")
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("审核员「李审核」只能处理「长沙县」及其下级组织的节目"))
        let history = try lectern(["audit", "\(taoyuan)", "--json"], as: "张主任").jsonLines
        #expect(history.contains { $0["action"] as? String == "refused" && $0["actor"] as? String == "李审核" })
        #expect(
            try lectern(["show", "\(taoyuan)", "--json"]).jsonLines.first.flatMap {
                ($0["lecture"] as? [String: Any])?["status"] as? String
            } == "pending")

        // Inside the subtree (春华镇 is under 长沙县): the exemption is the admin's, the decision the reviewer's.
        let exempt = try lectern(["review", "exempt", "\(chunhua)", "--note", "特批"], as: "李审核")
        #expect(exempt.status == 1)
        #expect(exempt.stderr.contains("无权特批"))
        #expect(try lectern(["review", "exempt", "\(chunhua)", "--note", "特批"], as: "张主任").status == 0)
        #expect(try lectern(["review", "approve", "\(chunhua)"], as: "李审核").status == 0)
        #expect(try lectern(["audit", "verify"], as: "张主任").status == 0)
    }

    @Test func staffIngestButDoNotReview() throws {
        _ = try lectern(["user", "add", "张主任", "--role", "admin"])
        _ = try lectern(["user", "add", "王五", "--role", "staff"], as: "张主任")
        _ = try lectern(["user", "add", "李审核", "--role", "reviewer"], as: "张主任")
        #expect(try lectern(["review", "approve", "\(taoyuan)"], as: "王五").status == 1)
        #expect(try lectern(["ingest", "Fixtures/media/length_20m00s.mp4"], as: "王五").status == 0)
        let reviewerIngest = try lectern(["ingest", "Fixtures/media/length_3m00s.mp4"], as: "李审核")
        #expect(reviewerIngest.status == 1)
        #expect(reviewerIngest.stderr.contains("审核员「李审核」无权导入"))
        let env = try Run(
            ["review", "approve", "\(taoyuan)", "--library", library.path], environment: ["LECTERN_USER": "李审核"])
        #expect(env.status == 0)
        #expect(try lectern(["user", "list", "--json"]).jsonLines.count == 3)
    }
}

/// `lectern user passwd`: the password comes from the terminal or stdin, never an argument.
@Suite struct PasswordCommandTests {
    let library = temporaryDirectory().appendingPathComponent("library")

    func lectern(_ args: [String], as user: String? = nil, input: String? = nil) throws -> Run {
        try Run(args + ["--library", library.path] + (user.map { ["--as", $0] } ?? []), input: input)
    }

    @Test func setFromStdinWithRulesAndAudit() throws {
        _ = try lectern(["init"])
        _ = try lectern(["user", "add", "张主任", "--role", "admin"])
        _ = try lectern(["user", "add", "李审核", "--role", "reviewer"], as: "张主任")
        let short = try lectern(["user", "passwd", "李审核"], as: "张主任", input: "abc\n")
        #expect(short.status == 1)
        #expect(short.stderr.contains("密码至少 8 位"))
        // A reviewer may not set someone else's password; they may set their own.
        let other = try lectern(["user", "passwd", "张主任"], as: "李审核", input: "long enough pw\n")
        #expect(other.status == 1)
        #expect(other.stderr.contains("无权管理用户"))
        let own = try lectern(["user", "passwd", "李审核"], as: "李审核", input: "long enough pw\n")
        #expect(own.status == 0)
        #expect(own.stdout.contains("已设置 李审核 的登录密码"))
        let missing = try lectern(["user", "passwd", "没有这人"], as: "张主任", input: "long enough pw\n")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("没有用户「没有这人」"))
        // No way to put the password on the command line (it would show in `ps` and the shell history).
        #expect(try lectern(["user", "passwd", "李审核", "--password", "x"], as: "张主任").status == 2)
        let audit = try lectern(["audit", "verify"], as: "张主任")
        #expect(audit.status == 0)
        let rows = try Run.sql(library, "SELECT action || ':' || note FROM auditEvent WHERE action = 'passwordSet'")
        #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "passwordSet:李审核")
        let hash = try Run.sql(library, "SELECT passwordHash FROM \"user\" WHERE name = '李审核'")
        #expect(hash.hasPrefix("$2b$"))
        #expect(!hash.contains("long enough pw"))
    }
}
