import Foundation
import Testing

/// Copies made the ways they reach a county, through the built binary (Fixtures/copies, made by
/// Scripts/make-copy-fixtures): a lecture of slides under one speaker's talk; the same lecture
/// filmed off a screen by a phone, mirrored, its sound under new slides, and its sound alone;
/// and two other lectures on one slide template, which are not copies of each other.
@Suite(.serialized) struct CopyEvidenceCommandTests {
    let library: URL
    var ids: [String: Int] = [:]
    var near: [String: [[String: Any]]] = [:]

    init() throws {
        library = temporaryDirectory().appendingPathComponent("library")
        _ = try Run(["init", "--library", library.path])
        // Branches may 「录制微党课视频或音频」: this county takes sound-only lectures.
        let toml = library.appendingPathComponent("lectern.toml")
        let settings = try String(contentsOf: toml, encoding: .utf8)
        try settings.replacingOccurrences(of: "allow_audio_only = false", with: "allow_audio_only = true")
            .write(to: toml, atomically: true, encoding: .utf8)
        let first = try Run([
            "ingest", "--json", "Fixtures/copies/lecture.mp4", "Fixtures/copies/template_a.mp4",
            "Fixtures/copies/template_b.mp4", "--library", library.path,
        ]).jsonLines
        let second = try Run([
            "ingest", "--json", "Fixtures/copies/screen_filmed.mp4", "Fixtures/copies/mirrored.mp4",
            "Fixtures/copies/new_slides.mp4", "Fixtures/copies/sound_only.m4a", "--library", library.path,
        ]).jsonLines
        for line in first + second {
            guard let file = line["file"] as? String, let id = line["id"] as? Int else { continue }
            let name = (file as NSString).lastPathComponent
            ids[name] = id
            near[name] = line["nearDuplicates"] as? [[String: Any]] ?? []
        }
    }

    func lectern(_ args: [String]) throws -> Run { try Run(args + ["--library", library.path]) }

    /// The flag a copy was ingested with against the lecture.
    func flag(_ name: String) -> [String: Any]? {
        near[name]?.first { $0["id"] as? Int == ids["lecture.mp4"] }
    }

    @Test func everyCopyIsFlaggedAgainstTheLectureWithTheRightEvidence() throws {
        #expect(ids.count == 7)
        let screen = try #require(flag("screen_filmed.mp4"))
        #expect(screen["evidence"] as? String == "sound")  // the picture is warped, recoloured and noisy
        #expect((screen["sound"] as? Double ?? 0) >= 0.8)
        let stretch = try #require((screen["soundRanges"] as? [[String: Any]])?.first)
        #expect((stretch["start"] as? Double ?? 99) < 3 && (stretch["end"] as? Double ?? 0) > 35)
        let mirrored = try #require(flag("mirrored.mp4"))
        #expect(mirrored["evidence"] as? String == "both")
        #expect(mirrored["mirrored"] as? Bool == true)
        #expect((mirrored["picture"] as? Double ?? 0) >= 0.6)
        let slides = try #require(flag("new_slides.mp4"))
        #expect(slides["evidence"] as? String == "sound")
        #expect(slides["picture"] == nil)
        let sound = try #require(flag("sound_only.m4a"))
        #expect(sound["evidence"] as? String == "sound")
    }

    @Test func twoLecturesOnOneSlideTemplateAreNotCopies() throws {
        let a = try #require(ids["template_a.mp4"]), b = try #require(ids["template_b.mp4"])
        let detail = try lectern(["show", "\(b)", "--json"]).jsonLines.first
        let flagged = (detail?["nearDuplicates"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
        #expect(!flagged.contains(a))
        #expect(!flagged.contains(ids["lecture.mp4"] ?? -1))
    }

    @Test func showQueueAndCiteSayWhatIsSharedAndWhere() throws {
        let lecture = try #require(ids["lecture.mp4"]), screen = try #require(ids["screen_filmed.mp4"])
        let shown = try lectern(["show", "\(screen)"]).stdout
        #expect(shown.contains("#\(lecture)《lecture》声音相同（画面不同，可能是翻拍或换了画面；"))
        #expect(shown.contains("声音：本片 0:0"))
        let queue = try lectern(["review", "queue", "--status", "autoRejected"]).stdout
        #expect(queue.contains("疑似重复：#\(lecture)《lecture》声音相同"))
        // The clips are seconds long, so they failed the policy: exempt into review, then reject citing the lecture.
        #expect(try lectern(["review", "exempt", "\(screen)", "--note", "测试"]).status == 0)
        let reject = try lectern(["review", "reject", "\(screen)", "--reason", "照搬", "--cite", "\(lecture)"])
        #expect(reject.status == 0)
        let history = try lectern(["audit", "\(screen)"]).stdout
        #expect(history.contains("与 #\(lecture) 声音相同（画面不同，可能是翻拍或换了画面；"))
        #expect(history.contains("声音：本片 0:0"))
    }

    @Test func aSoundOnlyLectureIsRefusedUnlessTheCountyTakesThem() throws {
        let other = temporaryDirectory().appendingPathComponent("strict")
        _ = try Run(["init", "--library", other.path])
        let r = try Run(["ingest", "Fixtures/copies/sound_only.m4a", "--library", other.path])
        #expect(r.stdout.contains("没有视频画面（只有声音；要接收音频党课，请在 lectern.toml 的 [policy] 中设 allow_audio_only = true）"))
        let taken = try lectern(["show", "\(ids["sound_only.m4a"] ?? -1)"]).stdout
        #expect(!taken.contains("没有视频画面"))
    }
}
