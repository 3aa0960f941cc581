import Foundation
import Testing

/// `lectern edit` through the built binary, on the sample uploads.
@Suite struct EditCommandTests {
    let sample: SampleLibrary
    init() throws { sample = try SampleLibrary() }
    func lectern(_ args: [String]) throws -> Run { try Run(args + ["--library", sample.url.path]) }

    @Test func editsAreSearchableAndAudited() throws {
        let id = try #require(sample.ids["一月一课：学习党章"])
        let r = try lectern([
            "edit", "\(id)", "--title", "七一特别党课：不忘初心", "--speaker", "王芳",
            "--org", "新村党支部", "--recorded-on", "2026-07-01", "--tags", "七一;专题",
        ])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("#\(id) 已修改：标题：一月一课：学习党章 → 七一特别党课：不忘初心；主讲人：李明 → 王芳；"))
        // The search index follows: the new title and organisation find it, the old organisation
        // does not (the old title stays findable through the original file name).
        let hits = try lectern(["search", "不忘初心", "org:春华镇", "--json"]).jsonLines.compactMap { $0["id"] as? Int }
        #expect(hits == [id])
        #expect(
            try lectern(["search", "org:桃源县", "--json"]).jsonLines.compactMap { $0["id"] as? Int }.contains(id) == false
        )
        let history = try lectern(["audit", "\(id)"]).stdout
        #expect(history.contains("修改信息"))
        #expect(history.contains("标签：党章、基层 → 七一、专题"))
        #expect(try lectern(["audit", "verify"]).status == 0)
        // The same values again change nothing and log nothing.
        let events = try lectern(["audit", "\(id)"]).stdout.split(separator: "\n").count
        let again = try lectern(["edit", "\(id)", "--speaker", "王芳"])
        #expect(again.stdout == "#\(id) 没有变化（原来就是这样）\n")
        #expect(try lectern(["audit", "\(id)"]).stdout.split(separator: "\n").count == events)
    }

    @Test func badEditsAreRefused() throws {
        let id = try #require(sample.ids["一月一课：学习党章"])
        #expect(try lectern(["edit", "\(id)"]).status == 2)  // nothing to change
        #expect(try lectern(["edit", "\(id)", "--recorded-on", "七月一日"]).status == 2)
        let org = try lectern(["edit", "\(id)", "--org", "不存在的支部"])
        #expect(org.status == 1)
        #expect(org.stderr == "lectern: #\(id): 没有找到组织「不存在的支部」\n")
        #expect(try lectern(["edit", "999", "--title", "x"]).status == 1)
    }
}
