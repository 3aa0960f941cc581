import Foundation
import LecternCore
import Testing

@testable import Catalog

/// Attachments in the catalog: one row per content and owner, an audit event each, the
/// lecture's search row rebuilt with the text, and snippets around what was searched.
@Suite struct AttachmentCatalogTests {
    let catalog: Catalog
    let now = Date(timeIntervalSince1970: 1_793_000_000)
    let lecture: Int64

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-att-\(UUID().uuidString)")
        catalog = try Catalog(library: try Library.create(at: dir))
        var n = NewLecture(
            title: "七一党课", sha256: "v1", originalName: "a.mp4", originalPath: "/in/a.mp4", storedPath: "media/a.mp4",
            sizeBytes: 1, probe: MediaInfo(file: "a.mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600),
            findings: [])
        n.description = "乡村"
        guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: now) else {
            throw CatalogError(.invalid, "not ingested")
        }
        lecture = id
    }

    func script(_ text: String, sha: String = "d1") -> NewAttachment {
        NewAttachment(
            role: .script, sha256: sha, storedPath: "media/d1.docx", originalName: "讲稿.docx", sizeBytes: 10,
            document: ExtractedDocument(format: .docx, pages: 0, text: text))
    }

    @Test func aScriptIsSearchableOnceAndSaidInContext() throws {
        let text = "同志们：今天我们学习二十大精神。我们村依托种业小镇，发展稻田养虾，去年户均增收一万二千元。"
        #expect(
            try catalog.attach([script(text)], lecture: lecture, activity: nil, actor: "local", now: now) == [.added(1)]
        )
        #expect(
            try catalog.attach([script(text)], lecture: lecture, activity: nil, actor: "local", now: now) == [
                .existing(1)
            ])
        let hits = try catalog.search(try SearchQuery.parse("text:稻田養蝦"))  // traditional finds it
        #expect(hits.map(\.id) == [lecture])
        #expect(hits.first?.snippet == "…学习二十大精神。我们村依托种业小镇，发展【稻田养虾】，去年户均增收一万二千元。")
        #expect(try catalog.search(try SearchQuery.parse("text:七一")).isEmpty)
        #expect(try catalog.search(try SearchQuery.parse("二十大")).first?.snippet?.contains("【二十大】") == true)
        // The old words still found after an edit reindexes the lecture; the script stays.
        try catalog.edit(lecture, LectureMetadata(title: "新标题"), actor: "local", now: now)
        #expect(try catalog.search(try SearchQuery.parse("text:稻田养虾")).count == 1)
        #expect(try catalog.search(try SearchQuery.parse("七一")).isEmpty)
        #expect(try catalog.auditEvents(lectureId: lecture).filter { $0.action == "attach" }.count == 1)
        #expect(try catalog.lecture(lecture)?.attachments.map(\.characters) == [text.count])
        // A Latin word in any case, the script's own case shown; a traditional script found by a simplified word.
        _ = try catalog.attach(
            [script("课件：学习 PPT 制作。", sha: "d2"), script("黨課：鄉村振興", sha: "d3")], lecture: lecture, activity: nil,
            actor: "local", now: now)
        #expect(try catalog.search(try SearchQuery.parse("ppt")).first?.snippet == "课件：学习 【PPT】 制作。")
        #expect(try catalog.search(try SearchQuery.parse("乡村振兴")).first?.snippet == "黨課：【鄉村振興】")
    }

    @Test func aScriptIsComparedWithTheReferencesButNotWithItsOwnDeckOrRecords() throws {
        let speech = try ScriptOverlapTests.text("参考资料-基层党建讲话")
        let own = try ScriptOverlapTests.text("乡村振兴讲稿")
        let added = try catalog.addReferences(
            [
                NewReference(title: "几点意见", file: script(speech, sha: "r"))
            ], actor: "local", now: now)
        #expect(added == [.added(1, lectures: [])])
        // Half the speech inside the lecture's own script; the deck repeats the script; the
        // sign-in sheet quotes the speech whole.
        let half = String(speech.prefix(speech.count / 2))
        var deck = script(own + half, sha: "deck")
        deck.role = .slides
        var record = script(speech, sha: "rec")
        record.role = .record
        _ = try catalog.attach(
            [script(own + half, sha: "s"), deck, record], lecture: lecture, activity: nil, actor: "local", now: now)
        let found = try catalog.scriptMatches(lecture: lecture)
        #expect(found.count == 1)  // the reference once, whichever of the two texts holds it more
        let match = try #require(found.first)
        #expect(match.kind == .reference && match.referenceTitle == "几点意见")
        // Half the speech is a passage of this script, not the script copied whole.
        #expect(match.otherSimilarity > 0.4 && !match.whole)
        #expect(match.chinese.hasPrefix("讲稿大段摘自参考资料《几点意见》（共 "), "\(match.chinese)")
        #expect(match.passages.first.map { speech.contains($0.otherText.prefix(30)) } == true)
        #expect(try catalog.references().first?.lectures == [lecture])
    }

    /// A speech more than a hundred lectures read out: its hashes are common, and the next copy
    /// is still found (among the first to hold them), while stock phrases alone name no one.
    @Test func aTextCopiedByMoreThanAHundredLecturesIsStillFound() throws {
        let speech = try ScriptOverlapTests.text("参考资料-基层党建讲话")
        var last: Int64 = lecture
        for i in 0...Catalog.commonHashLimit + 1 {
            var n = NewLecture(
                title: "第\(i)课", sha256: "v\(i)x", originalName: "\(i).mp4", originalPath: "/in/\(i).mp4",
                storedPath: "media/\(i).mp4", sizeBytes: 1,
                probe: MediaInfo(file: "\(i).mp4", sizeBytes: 1, container: "mp4", durationSeconds: 600), findings: [])
            n.description = "复制"
            guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: now) else { continue }
            _ = try catalog.attach([script(speech, sha: "s\(i)")], lecture: id, activity: nil, actor: "local", now: now)
            last = id
        }
        let found = try catalog.scriptMatches(lecture: last)
        #expect(found.contains { $0.whole && $0.similarity > 0.95 }, "\(found.count) matches")
        // An unrelated script with the county's stock phrases in it: nothing.
        let stock = ScriptOverlapTests.stock + (try ScriptOverlapTests.text("乡村振兴讲稿"))
        _ = try catalog.attach([script(stock, sha: "own")], lecture: lecture, activity: nil, actor: "local", now: now)
        #expect(try catalog.scriptMatches(lecture: lecture).isEmpty)
    }

    @Test func theSnippetKeepsTheOriginalCharacters() {
        #expect(Catalog.snippet("黨課：鄉村振興", ["乡村振兴"]) == "黨課：【鄉村振興】")
        #expect(Catalog.snippet("学习 PPT 制作", ["ppt"]) == "学习 【PPT】 制作")
        #expect(Catalog.snippet("没有这个词", ["乡村"]) == nil)
    }
}
