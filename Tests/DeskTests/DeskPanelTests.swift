import Catalog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LecternCore
import Testing

@testable import Desk

/// The lecture page's panel: reviewers score once each, the mean and spread are shown, and a
/// township's staff order an approved lecture for one of their own branches.
@Suite struct DeskPanelTests {
    let f: DeskFixture
    init() throws {
        f = try DeskFixture()
        try f.catalog.addUser("revCounty", role: .reviewer, organisation: nil, actor: "admin", now: f.clock.now)
        try f.catalog.setPassword(
            "revCounty", DeskFixture.password, hasher: BcryptHasher(cost: 4), actor: "admin", now: f.clock.now)
        _ = try f.catalog.review(f.a, ReviewDecision(action: .approve), actor: "admin", now: f.clock.now)
    }

    @Test func twoReviewersScoreOnceEachAndThePageShowsTheMeanAndSpread() async throws {
        let id = f.a
        try await f.test { browser in
            _ = try await browser.logIn("revCounty")
            let page = try await browser.get("/lectures/\(id)")
            #expect(page.text.contains("id=\"score-form\""))
            let scored = try await browser.submit(
                "/lectures/\(id)/score", on: "/lectures/\(id)",
                [("content", "9"), ("form", "8"), ("language", "9"), ("effect", "8"), ("comment", "贴近群众")])
            #expect(scored.status == .seeOther)
            let after = try await browser.get("/lectures/\(id)").text
            #expect(after.contains("8.5 分（1 人评）"))
            #expect(after.contains("贴近群众"))
            #expect(!after.contains("id=\"score-form\""))  // scored once: the form is gone
            // A second score by the same reviewer, posted anyway, is refused in Chinese.
            let again = try await browser.submit(
                "/lectures/\(id)/score", on: "/lectures/\(id)",
                [("content", "1"), ("form", "1"), ("language", "1"), ("effect", "1")])
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("每位评委只评一次"))
            let other = Browser(client: browser.client)
            _ = try await other.logIn("admin")
            let second = try await other.submit(
                "/lectures/\(id)/score", on: "/lectures/\(id)",
                [("content", "10"), ("form", "9"), ("language", "9"), ("effect", "10")])
            #expect(second.status == .seeOther)
            #expect(try await other.get("/lectures/\(id)").text.contains("9.0 分（2 人评，8.5–9.5）"))
        }
        let score = try #require(try await f.catalog.lectureScore(id))
        #expect(score.count == 2)
        #expect(try f.events(id).filter { $0.action == "score" }.count == 2)
    }

    @Test func aScriptIsListedAndDownloadedUnderItsOwnName() async throws {
        let id = f.a
        let stored = f.library.url("media/dd/script.docx")
        try FileManager.default.createDirectory(
            at: stored.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("PK script".utf8).write(to: stored)
        _ = try await f.catalog.attach(
            [
                NewAttachment(
                    role: .script, sha256: "dd", storedPath: "media/dd/script.docx", originalName: "七一讲稿.docx",
                    sizeBytes: 9, document: ExtractedDocument(format: .docx, pages: 0, text: "乡村振兴"))
            ], lecture: id, activity: nil, actor: "admin", now: f.clock.now)
        let other = f.b
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let page = try await browser.get("/lectures/\(id)").text
            #expect(page.contains("讲稿：<a href=\"/lectures/\(id)/attachments/1\" download>七一讲稿.docx</a>"))
            let file = try await browser.get("/lectures/\(id)/attachments/1")
            #expect(file.status == .ok && String(buffer: file.body) == "PK script")
            #expect(file.headers[.contentDisposition]?.contains("filename*=UTF-8''%E4%B8%83") == true)
            #expect(try await browser.get("/lectures/\(id)/attachments/2").status == .notFound)
            // Another township's lecture: refused, whatever the attachment's number.
            #expect(try await browser.get("/lectures/\(other)/attachments/1").status == .forbidden)
        }
    }

    @Test func aCopiedScriptIsShownSideBySideAndCitedFromTheForm() async throws {
        let id = f.a
        let text = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Fixtures/scripts/乡村振兴讲稿.txt"), encoding: .utf8)
        func script(_ sha: String, _ body: String) -> NewAttachment {
            NewAttachment(
                role: .script, sha256: sha, storedPath: "media/\(sha).txt", originalName: "\(sha).txt", sizeBytes: 9,
                document: ExtractedDocument(format: .txt, pages: 0, text: body))
        }
        _ = try await f.catalog.attach(
            [script("s1", text)], lecture: f.b, activity: nil, actor: "admin", now: f.clock.now)
        _ = try await f.catalog.attach(
            [script("s2", "同志们：" + text.replacingOccurrences(of: "，", with: ","))], lecture: id, activity: nil,
            actor: "admin", now: f.clock.now)
        _ = try await f.catalog.addReferences(
            [
                NewReference(title: "稻虾共作经验", file: script("r1", "据介绍，" + text))
            ], actor: "admin", now: f.clock.now)
        try await f.test { browser in
            _ = try await browser.logIn("revJia")
            let page = try await browser.get("/lectures/\(id)").text
            #expect(page.contains("讲稿比对（与其他节目的讲稿或参考资料相同）"))
            #expect(page.contains("讲稿与 #\(f.b)（"))
            #expect(page.contains("村党支部组织党员到邻县学习稻田养虾,回来以后"))  // this lecture's words…
            #expect(page.contains("村党支部组织党员到邻县学习稻田养虾，回来以后"))  // …and the other's
            #expect(!page.contains("<a href=\"/lectures/\(f.b)\">#\(f.b)"))  // another township's: named, not linked
            #expect(page.contains("参考资料《稻虾共作经验》"))
            #expect(page.contains(#"name="cite[]" value="R1""#))
            let rejected = try await browser.submit(
                "/lectures/\(id)/decide", on: "/lectures/\(id)",
                [("action", "revoke"), ("reason[]", "copied"), ("cite[]", "R1"), ("cite[]", "\(f.b)")])
            #expect(rejected.status == .seeOther, "\(rejected.text)")
        }
        let note = try f.events(id).last { $0.action == "revoke" }?.note ?? ""
        #expect(note.contains("讲稿与参考资料《稻虾共作经验》") && note.contains("讲稿与 #\(f.b)"), "\(note)")
    }

    @Test func townshipStaffOrderForTheirOwnBranchOnly() async throws {
        let id = f.a
        try await f.test { browser in
            _ = try await browser.logIn("staffJia")
            let page = try await browser.get("/lectures/\(id)").text
            #expect(page.contains("id=\"order-form\""))
            #expect(page.contains(">甲村党支部</option>"))
            #expect(!page.contains("乙镇</option>"))
            #expect(!page.contains("id=\"score-form\""))  // staff do not score
            let ordered = try await browser.submit(
                "/lectures/\(id)/order", on: "/lectures/\(id)", [("org", "jia1"), ("date", "2026-11-05")])
            #expect(ordered.status == .seeOther)
            let denied = try await browser.submit(
                "/lectures/\(id)/order", on: "/lectures/\(id)", [("org", "yi"), ("date", "2026-11-05")])
            #expect(denied.status == .forbidden)
        }
        let orders = try await f.catalog.orders(organisation: nil)
        try await f.test { browser in
            _ = try await browser.logIn("staffJia")
            let report = try await browser.get("/reports/orders?period=2026")
            #expect(report.status == .ok)
            #expect(report.text.contains("微党课点单与巡讲情况") && report.text.contains("甲村党支部"))
            #expect(!report.text.contains("乙镇"))  // a township sees its own
            #expect(try await browser.get("/reports/speakers?period=2026").status == .ok)
            #expect(try await browser.get("/reports/points?period=2026年").text.contains("党员积分"))
        }
        #expect(orders.map(\.organisationId) == ["jia1"])
        #expect(orders.first?.day == "2026-11-05")
    }
}
