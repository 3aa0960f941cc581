import Foundation
import LecternCore

/// The texts of Scripts/bench-manuscripts and the transformations people make to a script:
/// real Chinese prose (Debian's Simplified Chinese manuals, one text a line of a JSON-lines
/// file), the county's stock phrases, and a character model of the prose for the background.
struct ManuscriptCorpus {
    var rng: SeededGenerator

    /// What every party lecture says (the hard negatives share them).
    static let stock = [
        "不忘初心、牢记使命。", "以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神。", "坚持以人民为中心的发展思想。",
        "切实增强“四个意识”、坚定“四个自信”、做到“两个维护”。", "全面从严治党永远在路上。", "把党的政治建设摆在首位。",
        "发挥党支部战斗堡垒作用和党员先锋模范作用。", "深刻领悟“两个确立”的决定性意义。", "学思想、强党性、重实践、建新功。",
        "推动主题教育走深走实。", "以高质量党建引领高质量发展。", "为实现中华民族伟大复兴的中国梦而努力奋斗。",
        "守好红色根脉，传承红色基因。", "把学习成果转化为推动工作的实际行动。", "让党旗在基层一线高高飘扬。",
    ]
    static let openings = ["同志们：", "各位党员同志：", "同志们，大家好！", "各位同志，今天我们一起学习。"]
    static let closings = ["谢谢大家。", "以上是我的一点体会，谢谢大家。", "让我们携手奋进，谢谢大家！"]

    static func load(_ path: String) throws -> [String] {
        struct Line: Decodable { var text: String }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8)).text
        }
    }

    static func sentences(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        for ch in text {
            current.append(ch)
            if "。！？；\n".contains(ch) {
                if current.count > 1 { out.append(current) }
                current = ""
            }
        }
        if current.count > 1 { out.append(current) }
        return out
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    /// A lecture's script: an opening, the prose with 4–8 stock phrases between its sentences, a closing.
    mutating func lecture(_ prose: String) -> String {
        var s = Self.sentences(prose)
        for _ in 0..<int(4...8) { s.insert(pick(Self.stock), at: int(0...s.count)) }
        return pick(Self.openings) + s.joined() + pick(Self.closings)
    }

    /// Read again a year later: the same text, its line breaks and commas retyped.
    func reused(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "，", with: ", ")
    }

    /// Lightly edited: `fraction` of the sentences rewritten (others' sentences in their place),
    /// one pair in ten swapped, names (two characters) changed now and then, and the dates.
    mutating func edited(_ text: String, fraction: Double, pool: [String]) -> String {
        var s = Self.sentences(text)
        for i in s.indices where chance(fraction) { s[i] = pick(pool) }
        for i in stride(from: 0, to: s.count - 1, by: 2) where chance(0.1) { s.swapAt(i, i + 1) }
        var chars = Array(s.joined())
        let names = Array("张王李赵刘陈杨黄周吴徐孙马朱胡林郭何高罗")
        for i in chars.indices where (chars[i].unicodeScalars.first?.value ?? 0) >= 0x4E00 && chance(1.0 / 150) {
            chars[i] = pick(names)
            if i + 1 < chars.count { chars[i + 1] = pick(names) }
        }
        return String(chars).replacingOccurrences(of: "2023", with: "2026").replacingOccurrences(of: "5", with: "7")
    }

    /// An original text of its own with one or two passages (200–600 characters each) of `source` inside.
    mutating func partial(_ source: String, into host: String, passages: Int) -> (String, Int) {
        let from = Self.sentences(source)
        var s = Self.sentences(host), copied = 0
        for _ in 0..<passages {
            let length = int(200...600)
            var start = int(0...max(0, from.count - 1)), passage = ""
            var end = start
            while passage.count < length, end < from.count {
                passage += from[end]
                end += 1
            }
            while passage.count < length, start > 0 {  // near the end: the passage reaches back
                start -= 1
                passage = from[start] + passage
            }
            copied += passage.count
            s.insert(passage, at: int(0...s.count))
        }
        return (s.joined(), copied)
    }

    static func traditional(_ text: String) -> String {
        text.applyingTransform(StringTransform("Simplified-Traditional"), reverse: false) ?? text
    }
}

/// A character model of prose (each pair of characters and what followed them): text that
/// reads like the corpus at a glance and shares no passage with it beyond chance.
struct ProseModel {
    var next: [UInt64: [Character]] = [:]
    var starts: [(Character, Character)] = []

    init(_ texts: [String]) {
        for text in texts {
            let c = Array(text.replacingOccurrences(of: "\n", with: ""))
            guard c.count > 2 else { continue }
            for i in 0..<(c.count - 2) {
                next[Self.key(c[i], c[i + 1]), default: []].append(c[i + 2])
                if i == 0 || c[i - 1] == "。" { starts.append((c[i], c[i + 1])) }
            }
        }
    }

    static func key(_ a: Character, _ b: Character) -> UInt64 {
        UInt64(a.unicodeScalars.first?.value ?? 0) << 32 | UInt64(b.unicodeScalars.first?.value ?? 0)
    }

    func text(_ length: Int, using rng: inout SeededGenerator) -> String {
        var out: [Character] = []
        out.reserveCapacity(length)
        var (a, b) = starts[Int.random(in: 0..<starts.count, using: &rng)]
        out += [a, b]
        while out.count < length {
            guard let options = next[Self.key(a, b)] else {
                (a, b) = starts[Int.random(in: 0..<starts.count, using: &rng)]
                out += ["。", a, b]
                continue
            }
            let c = options[Int.random(in: 0..<options.count, using: &rng)]
            out.append(c)
            (a, b) = (b, c)
        }
        return String(out)
    }
}
