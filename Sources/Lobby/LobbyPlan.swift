import Catalog
import Foundation
import LecternCore

/// What a lobby television or a USB stick plays: the approved films and lectures, copied with
/// readable names (`01 标题 - 主讲人.mp4`), an M3U beside them, every file one an ordinary
/// player takes (H.264 and AAC in MP4; others are transcoded by a worker).
public struct LobbyPlan: Sendable {
    public struct Item: Sendable, Equatable {
        public var position: Int
        public var lectureId: Int64
        public var title: String
        public var speaker: String?
        public var durationSeconds: Double?
        /// The stored original, absolute.
        public var source: String
        /// The file's name in the folder.
        public var name: String
        public var transcode: Bool
        /// The space it will take (its size, or an estimate for a transcode).
        public var estimatedBytes: Int64
        /// Already in the folder from an earlier run (same name, and for a copy the same size).
        public var present: Bool
    }

    public var folder: URL
    public var items: [Item]
    /// Not taken, with the reason (a lecture with sound only).
    public var skipped: [(id: Int64, title: String, reason: String)]

    /// The space still to be written.
    public var neededBytes: Int64 { items.filter { !$0.present }.reduce(0) { $0 + $1.estimatedBytes } }

    /// Plays everywhere as it is: H.264 in 4:2:0, AAC (or no sound), in MP4.
    public static func playable(_ info: MediaInfo) -> Bool {
        guard info.container.contains("mp4"), let v = info.video, v.codec == "h264" else { return false }
        if let pix = v.pixelFormat, pix != "yuv420p" && pix != "yuvj420p" { return false }
        if let a = info.audio, a.codec != "aac" { return false }
        return true
    }

    /// A transcode's size: CRF 23 at up to 1080 lines rarely passes 3 Mbit/s on a talk, plus
    /// 128 kbit/s of sound; never more than twice the original.
    static func estimate(_ info: MediaInfo, size: Int64) -> Int64 {
        let seconds = info.durationSeconds ?? 0
        let byRate = Int64(seconds * (3_000_000 + 128_000) / 8)
        return max(1 << 20, min(byRate, size * 2))
    }

    /// A name a USB stick's FAT file system and every player take: no / \ : * ? " < > | or
    /// control characters, at most 80 characters.
    static func fileName(_ position: Int, count: Int, title: String, speaker: String?) -> String {
        let width = max(2, String(count).count)
        var base = String(format: "%0\(width)d", position) + " " + title
        if let speaker, !speaker.isEmpty { base += " - " + speaker }
        let cleaned = String(
            base.unicodeScalars.map { s -> Character in
                "/\\:*?\"<>|".unicodeScalars.contains(s) || s.value < 0x20 ? "_" : Character(s)
            })
        return String(cleaned.prefix(80)).trimmingCharacters(in: .whitespaces) + ".mp4"
    }

    public init(_ details: [LectureDetail], library: Library, folder: URL) {
        self.folder = folder
        var items: [Item] = [], skipped: [(Int64, String, String)] = []
        let usable = details.filter { d in
            guard let v = d.versions.last, let info = v.mediaInfo, info.video != nil else {
                skipped.append((d.lecture.id, d.lecture.title, "只有声音，没有画面，不适合大厅播放"))
                return false
            }
            return true
        }
        let fm = FileManager.default
        for (i, d) in usable.enumerated() {
            guard let v = d.versions.last, let info = v.mediaInfo else { continue }
            let name = Self.fileName(i + 1, count: usable.count, title: d.lecture.title, speaker: d.lecture.speaker)
            let transcode = !Self.playable(info)
            let target = folder.appendingPathComponent(name).path
            let existing = (try? fm.attributesOfItem(atPath: target)[.size] as? NSNumber)?.int64Value
            items.append(
                Item(
                    position: i + 1, lectureId: d.lecture.id, title: d.lecture.title, speaker: d.lecture.speaker,
                    durationSeconds: d.lecture.durationSeconds, source: library.url(v.storedPath).path, name: name,
                    transcode: transcode,
                    estimatedBytes: transcode ? Self.estimate(info, size: v.sizeBytes) : v.sizeBytes,
                    present: existing.map { transcode ? $0 > 0 : $0 == v.sizeBytes } ?? false))
        }
        self.items = items
        self.skipped = skipped
    }

    /// The playlist: relative names, so the stick plays on any machine; the items that could
    /// not be written are left out.
    public func playlist(without failed: Set<Int64> = []) -> String {
        var out = "#EXTM3U\n"
        for item in items where !failed.contains(item.lectureId) {
            let seconds = Int((item.durationSeconds ?? -1).rounded())
            let title = item.title.replacingOccurrences(of: "\n", with: " ")
            out += "#EXTINF:\(seconds),\(title)\(item.speaker.map { " — \($0)" } ?? "")\n\(item.name)\n"
        }
        return out
    }

    /// Free space where the folder is (its nearest existing ancestor).
    public static func freeBytes(at folder: URL) -> Int64? {
        var url = folder
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" { url.deleteLastPathComponent() }
        var s = statvfs()
        guard statvfs(url.path, &s) == 0 else { return nil }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }
}
