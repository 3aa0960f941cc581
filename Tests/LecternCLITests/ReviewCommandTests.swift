import Foundation
import Testing

/// The review process through the built binary, on the sample uploads: 一月一课 is pending
/// (it passed the policy); 七一特别党课 failed it (6 s). Ids are looked up by title.
@Suite struct ReviewCommandTests {
    let library: URL
    var passed = 0, failed = 0

    init() throws {
        let sample = try SampleLibrary()
        library = sample.url
        passed = sample.ids["一月一课：学习党章"] ?? 0
        failed = sample.ids["七一特别党课"] ?? 0
    }

    func lectern(_ args: [String], now: String? = nil) throws -> Run {
        try Run(args + ["--library", library.path], environment: now.map { ["LECTERN_NOW": $0] } ?? [:])
    }
    func status(_ id: Int) throws -> String? {
        try lectern(["show", "\(id)", "--json"]).jsonLines.first.flatMap {
            ($0["lecture"] as? [String: Any])?["status"] as? String
        }
    }

    @Test func queueShowsPendingLecturesWithFindings() throws {
        let q = try lectern(["review", "queue", "--json", "--today", "2026-11-23"])
        #expect(q.jsonLines.map { $0["title"] as? String } == ["一月一课：学习党章"])
        let failed = try lectern(["review", "queue", "--status", "autoRejected", "--org", "禄劝县", "--json"])
        let findings = failed.jsonLines.first?["findings"] as? [[String: String]]
        #expect(findings?.first?["message"] == "时长 6秒，短于 3分钟")
    }

    /// `--json` lines have one shape each, with numbers as numbers and flags as booleans.
    @Test func jsonLinesAreTyped() throws {
        let decided = try lectern(["review", "approve", "\(passed)", "--json"]).jsonLines
        #expect(decided.count == 1)
        #expect(decided.first?["id"] as? Int == passed)
        #expect(decided.first?["action"] as? String == "approve")
        #expect(decided.first?["status"] as? String == "approved")
        let verified = try lectern(["audit", "verify", "--json"]).jsonLines
        #expect(verified.first?["verified"] as? Bool == true)
        #expect((verified.first?["events"] as? Int ?? 0) > 0)
        #expect(verified.first?["firstBroken"] == nil)
    }

    @Test func approveWithRubricThenRevoke() throws {
        let approved = try lectern([
            "review", "approve", "\(passed)", "--score", "content=9,form=8,language=9,effect=8",
        ])
        #expect(approved.status == 0)
        #expect(approved.stdout.contains("#\(passed) 已通过"))
        #expect(try status(passed) == "approved")
        #expect(try lectern(["review", "revoke", "\(passed)"]).status == 2)  // a reason is required
        #expect(try lectern(["review", "revoke", "\(passed)", "--reason", "staged", "--note", "抽查发现摆拍"]).status == 0)
        #expect(try status(passed) == "revoked")
        let history = try lectern(["audit", "\(passed)"]).stdout
        #expect(history.contains("通过  待审核 → 已通过  评分 内容9 形式8 语言9 效果8"))
        #expect(history.contains("撤销通过  已通过 → 已撤销  原因：摆拍作秀  抽查发现摆拍"))
    }

    @Test func illegalTransitionsAreRefusedAndSayWhatIsAllowed() throws {
        let r = try lectern(["review", "approve", "\(failed)"])  // autoRejected
        #expect(r.status == 1)
        #expect(r.stderr == "lectern: #\(failed): 节目当前状态为“未通过检查”，不能“通过”；此状态下可以：特批进入审核\n")
        #expect(try status(failed) == "autoRejected")
        #expect(try lectern(["review", "exempt", "\(failed)"]).status == 1)  // an exemption needs a note
        #expect(try lectern(["review", "reject", "\(passed)", "--reason", "bogus"]).status == 2)
        #expect(try lectern(["review", "approve", "99"]).status == 1)
    }

    @Test func rectifyGoesOverdueWhenTheDeadlinePasses() throws {
        #expect(try lectern(["review", "exempt", "\(failed)", "--note", "七一特别党课，特批"]).status == 0)
        // A deadline already past is refused (on 2026-12-01, seven days from 2026-11-01 is gone).
        let late = try lectern(
            ["review", "rectify", "\(failed)", "--reason", "脱离实际", "--days", "7", "--today", "2026-11-01"],
            now: "2026-12-01")
        #expect(late.status == 2)
        #expect(late.stderr == "lectern: #\(failed): 整改期限 2026-11-08 已经过去（今天是 2026-12-01），请给今天或以后的日期\n")
        let r = try lectern(
            [
                "review", "rectify", "\(failed)", "--reason", "detached,incomplete", "--days", "7", "--today",
                "2026-11-01",
            ],
            now: "2026-11-01")
        #expect(r.stdout == "#\(failed) 已要求限期整改，期限 2026-11-08（原因：理论脱离实际、信息不完整），现在状态：整改中\n")
        // Before the deadline: still rectifying; after it: on the call-in list.
        #expect(
            try lectern(["review", "queue", "--status", "rectifying", "--today", "2026-11-08", "--json"]).jsonLines
                .count == 1)
        let overdue = try lectern(["review", "queue", "--overdue", "--today", "2026-11-09", "--json"])
        #expect(overdue.jsonLines.map { $0["id"] as? Int } == [failed])
        #expect(try status(failed) == "overdue")
        #expect(try lectern(["audit", "\(failed)"]).stdout.contains("系统  整改逾期  整改中 → 整改逾期"))
        let card = try lectern(["review", "queue", "--overdue", "--today", "2026-11-17"]).stdout
        #expect(card.contains("整改逾期，期限 2026-11-08，已逾期 9 天"), "\(card)")
        #expect(try lectern(["review", "rectify", "\(passed)", "--reason", "other"]).status == 2)  // no deadline
    }

    @Test func resubmissionIsANewVersionAndBackToPending() throws {
        // Only a lecture under rectification can be resubmitted; nothing is copied otherwise.
        let early = try lectern(["review", "resubmit", "\(passed)", "Fixtures/media/length_20m00s.mp4"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("不能“重新提交”"))
        #expect(try lectern(["check"]).status == 0)

        _ = try lectern(["review", "rectify", "\(passed)", "--reason", "detached", "--days", "10"])
        let same = try lectern(["review", "resubmit", "\(passed)", "Fixtures/uploads/桃源县-李明-一月一课.mp4"])
        #expect(same.status == 1)
        #expect(same.stderr.contains("完全相同"))
        let again = try lectern(["review", "resubmit", "\(passed)", "Fixtures/media/length_20m00s.mp4"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("已重新提交第 2 版"))
        #expect(try status(passed) == "pending")
        let show = try #require(try lectern(["show", "\(passed)", "--json"]).jsonLines.first)
        let versions = try #require(show["versions"] as? [[String: Any]])
        #expect(versions.map { $0["number"] as? Int } == [1, 2])
        #expect(versions.map { $0["originalName"] as? String } == ["桃源县-李明-一月一课.mp4", "length_20m00s.mp4"])
        #expect(try lectern(["audit", "\(passed)"]).stdout.contains("重新提交  整改中 → 待审核  第 2 版：length_20m00s.mp4"))
        #expect(try lectern(["check"]).status == 0)
        #expect(try lectern(["audit", "verify"]).status == 0)
    }

    @Test func spotCheckThroughTheCommand() throws {
        #expect(try lectern(["review", "approve", "\(passed)"]).status == 0)
        let drawn = try lectern(["review", "spot-check", "--sample", "10%", "--seed", "2026", "--json"])
        #expect(drawn.status == 0)
        #expect(drawn.jsonLines.first?["ids"] as? [Int] == [passed])
        #expect(
            try lectern(["review", "queue", "--spot-check", "--json"]).jsonLines.map { $0["id"] as? Int } == [passed])
        #expect(try lectern(["review", "confirm", "\(passed)"]).status == 0)
        #expect(try lectern(["review", "queue", "--spot-check", "--json"]).jsonLines.isEmpty)
        let again = try lectern(["review", "confirm", "\(passed)"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("不在抽查中"))
        #expect(try lectern(["review", "spot-check", "--sample", "0"]).status == 2)
        #expect(try lectern(["audit", "\(passed)"]).stdout.contains("抽查（比例 10%，种子 2026）"))
    }

    @Test func auditVerifyCatchesARowEditedWithTheSqliteCLI() throws {
        _ = try lectern(["review", "reject", "\(passed)", "--reason", "copied", "--note", "与 #2 相同"])
        #expect(try lectern(["audit", "verify"]).status == 0)
        // Around the trigger, as the database's own client allows its owner.
        let around =
            Run.onPostgres
            ? "ALTER TABLE auditEvent DISABLE TRIGGER auditEvent_no_change;" : "DROP TRIGGER auditEvent_no_update;"
        _ = try Run.sql(library, around + " UPDATE auditEvent SET note = '内容合格' WHERE action = 'reject';")
        let verify = try lectern(["audit", "verify"])
        #expect(verify.status == 1)
        let broken = try #require(verify.stderr.split(separator: "第").last?.split(separator: " ").first)
        let rejectId =
            try lectern(["audit", "\(passed)", "--json"]).jsonLines.first { $0["action"] as? String == "reject" }?["id"]
            as? Int
        #expect(Int(broken) == rejectId)
    }
}
