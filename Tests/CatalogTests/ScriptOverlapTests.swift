import Foundation
import Testing

@testable import Catalog

/// The comparison of two scripts on the transformations people make (Fixtures/scripts: three
/// lectures' scripts and a reference text, each written for these tests).
@Suite struct ScriptOverlapTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/scripts")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name + ".txt"), encoding: .utf8)
    }

    static func overlap(_ a: String, _ b: String) -> ScriptOverlap { ScriptOverlap(ScriptText(a), ScriptText(b)) }

    /// Sentences as people write them, each with its closing mark.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        for ch in text {
            current.append(ch)
            if "。！？；\n".contains(ch) {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static let stock = "以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，"

    @Test func theSameScriptAgainIsWhollyTheSame() throws {
        let a = try Self.text("乡村振兴讲稿")
        let o = Self.overlap(a, a.replacingOccurrences(of: "，", with: ", ").replacingOccurrences(of: "\n", with: ""))
        #expect(o.coverage > 0.99 && o.otherCoverage > 0.99)
        #expect(o.whole && o.flagged)
        #expect(o.passages.first?.text.hasPrefix("同志们，今天我和大家") == true)
    }

    @Test func aLightEditIsStillTheSame() throws {
        var s = Self.sentences(try Self.text("乡村振兴讲稿"))
        let other = Self.sentences(try Self.text("家风建设讲稿"))
        // Every fifth sentence rewritten, two swapped, the place and the year changed.
        for i in stride(from: 2, to: s.count, by: 5) { s[i] = other[i % other.count] }
        s.swapAt(4, 5)
        let edited = s.joined().replacingOccurrences(of: "龙王庙村", with: "青石岭村")
            .replacingOccurrences(of: "二〇二一年", with: "二〇二三年").replacingOccurrences(of: "八十三户", with: "九十一户")
        let o = Self.overlap(edited, try Self.text("乡村振兴讲稿"))
        #expect(o.coverage > 0.5, "coverage \(o.coverage)")
        #expect(o.whole)
    }

    @Test func traditionalCharactersCompareAsSimplified() throws {
        let a = try Self.text("基层治理讲稿")
        let traditional = try #require(a.applyingTransform(StringTransform("Simplified-Traditional"), reverse: false))
        #expect(traditional != a)
        let o = Self.overlap(traditional, a)
        #expect(o.coverage > 0.95, "coverage \(o.coverage)")
        // The passage is shown as each side wrote it.
        #expect(o.passages.first.map { $0.text != $0.otherText } == true)
    }

    @Test func aCopiedPassageIsFoundInAnOtherwiseOriginalScript() throws {
        let reference = Self.sentences(try Self.text("参考资料-基层党建讲话"))
        // The paragraph on choosing leaders (about 150 characters).
        let from = try #require(reference.firstIndex { $0.hasPrefix("要选好配强带头人") })
        let to = try #require(reference.firstIndex { $0.contains("把党员培养成为村干部") })
        let passage = reference[from...to].joined()
        var s = Self.sentences(try Self.text("家风建设讲稿"))
        s.insert(passage, at: 8)
        let o = Self.overlap(s.joined(), reference.joined())
        #expect(o.partial && !o.whole, "coverage \(o.coverage), longest \(o.longest)")
        #expect(o.longest >= 100 && o.longest <= passage.count, "longest \(o.longest)")
    }

    @Test func stockPhrasesAloneAreNotACopy() throws {
        let a = Self.stock + (try Self.text("乡村振兴讲稿")) + Self.stock
        let b = Self.stock + (try Self.text("基层治理讲稿"))
        let o = Self.overlap(a, b)
        #expect(!o.flagged, "shared \(o.shared), longest \(o.longest)")
        #expect(o.shared > 0)  // the stock sentence is seen, and not counted as a copy
        #expect(!Self.overlap(try Self.text("乡村振兴讲稿"), try Self.text("家风建设讲稿")).flagged)
    }

    @Test func theSignatureKeepsAboutOneShingleInSixteen() throws {
        let t = ScriptText(try Self.text("乡村振兴讲稿"))
        let n = t.signature().count
        #expect(n > t.count / 30 && n < t.count / 8, "\(n) of \(t.count)")
        #expect(ScriptText("短").signature().isEmpty)
        #expect(ScriptText("。，、 \n").count == 0)
        #expect(ScriptText("二〇二一年2021年２０２２").units.filter { $0 == 0x30 }.count == 9)  // 〇 too
    }
}
