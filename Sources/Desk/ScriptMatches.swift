import Catalog
import Foundation
import LecternCore

/// The lecture page's 讲稿比对 box: each script found elsewhere, and the shared passages side by
/// side (this lecture's words on the left, the other's on the right).
struct ScriptBox {
    struct Passage {
        var length: Int
        var mine: String
        var theirs: String
    }
    var text: String
    var otherId: Int64?
    var otherLabel: String
    var link: Bool
    var passages: [Passage]
}

extension Desk {
    static func scriptBoxes(_ d: LectureDetail, openable: Set<Int64>) -> [ScriptBox] {
        d.scriptMatches.map { m in
            ScriptBox(
                text: m.chinese, otherId: m.lectureId,
                otherLabel: m.lectureId.map { "#\($0)" + (m.title.map { " \($0)" } ?? "") }
                    ?? "参考资料《\(m.referenceTitle ?? "")》",
                link: m.lectureId.map(openable.contains) ?? false,
                passages: m.passages.map { .init(length: $0.length, mine: $0.text, theirs: $0.otherText) })
        }
    }
}

extension ScriptBox: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "text": \.text, "otherId": \.otherId, "otherLabel": \.otherLabel, "link": \.link, "passages": \.passages,
    ]
}

extension ScriptBox.Passage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "length": \.length, "mine": \.mine, "theirs": \.theirs,
    ]
}
