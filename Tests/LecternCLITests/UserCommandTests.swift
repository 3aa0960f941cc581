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
        #expect(try lectern(["show", "\(taoyuan)", "--json"]).jsonLines.first.flatMap { ($0["lecture"] as? [String: Any])?["status"] as? String } == "pending")

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
        let env = try Run(["review", "approve", "\(taoyuan)", "--library", library.path], environment: ["LECTERN_USER": "李审核"])
        #expect(env.status == 0)
        #expect(try lectern(["user", "list", "--json"]).jsonLines.count == 3)
    }
}
