import Foundation
import Testing

@testable import Catalog

/// The embedded traditional → simplified table (Data/simplified.txt) against ICU's own
/// transform, which it stands in for.
@Suite struct SimplifiedTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let transform = StringTransform("Traditional-Simplified")

    @Test func theCommittedTableIsWhatICUMakesNow() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("Data/simplified.txt"), encoding: .utf8)
        let rows = SimplifiedTable.fromICU()
        #expect(rows.count > 2_500)
        let made = rows.map { SimplifiedTable.line($0.0, $0.1) }.joined()
        let body = committed.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { $0 + "\n" }.joined()
        #expect(made == body, "Data/simplified.txt differs from ICU's transform: run Scripts/make-simplified-table")
    }

    @Test func lookUpsFindEveryLine() {
        for (from, to) in SimplifiedTable.fromICU().prefix(4000) {
            #expect(SimplifiedTable.simplified(Unicode.Scalar(from)!) == Unicode.Scalar(to)!)
        }
        #expect(SimplifiedTable.containsTraditional("学习 黨课"))
        #expect(!SimplifiedTable.containsTraditional("学习贯彻党的二十大精神 abc 123"))
    }

    /// Normalised text is ICU's transform of it: texts with traditional characters (runs of
    /// every length, words with their own rules) go through ICU, and simplified texts, which
    /// skip it, are ones ICU leaves as they are.
    @Test func wholeTextsAsICUMakesThem() {
        var rng = SystemRandomNumberGenerator()
        let traditional = SimplifiedTable.fromICU().map { Character(Unicode.Scalar($0.0)!) }
        var texts = [
            "學習貫徹黨的二十大精神", "長沙縣春華鎮新村黨支部 第3講", "乾隆 乾坤 干部 幹部", "髮 發 頭髮 發展",
            "臺灣 台灣 颱風", "後來 皇后", "裡 裏 里程", "ＡＢＣ 全角１２３ 黨課", "e\u{301}黨",
        ]
        for _ in 0..<300 {
            let length = Int.random(in: 1...12, using: &rng)
            texts.append(String((0..<length).map { _ in traditional.randomElement(using: &rng)! }))
        }
        let simplified = (0x4E00...0x9FFF).compactMap(Unicode.Scalar.init).filter {
            SimplifiedTable.table.simplified($0.value) == nil
        }.map(Character.init)
        for _ in 0..<2000 {
            let length = Int.random(in: 1...12, using: &rng)
            texts.append(String((0..<length).map { _ in simplified.randomElement(using: &rng)! }))
        }
        for text in texts {
            let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
            let icu = folded.applyingTransform(Self.transform, reverse: false) ?? folded
            #expect(SearchText.normalize(text) == icu, "\(text)")
        }
    }
}
