import Catalog
import Foundation
import LecternCore
import TestSupport
import Testing
import Workers

@testable import Lobby

/// The lobby export's plan and run, with a stand-in worker: what plays is copied, the rest
/// asked of the worker, and what could not be written is said and left out of the playlist.
@Suite struct LobbyExportTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-lobby-\(UUID().uuidString)")

    func detail(_ catalog: Catalog, _ key: String, title: String, codec: String, audio: Bool = true) throws
        -> LectureDetail
    {
        let library = catalog.library
        let stored = "media/\(key).bin"
        try FileManager.default.createDirectory(at: library.url("media"), withIntermediateDirectories: true)
        try Data(repeating: 7, count: 1000).write(to: library.url(stored))
        var n = NewLecture(
            title: title, sha256: key, originalName: "\(key).mp4", originalPath: "/in/\(key)", storedPath: stored,
            sizeBytes: 1000,
            probe: MediaInfo(
                file: key, sizeBytes: 1000, container: codec == "h264" ? "mov,mp4,m4a,3gp,3g2,mj2" : "matroska,webm",
                durationSeconds: 60, video: VideoStreamInfo(index: 0, codec: codec, width: 640, height: 360),
                audio: audio ? AudioStreamInfo(index: 1, codec: codec == "h264" ? "aac" : "opus") : nil),
            findings: [])
        n.speaker = "吴辉"
        guard case .ingested(let id, _) = try catalog.recordIngest(n, actor: "local", now: Date()),
            let d = try catalog.lecture(id)
        else { throw CatalogError(.invalid, "not ingested") }
        return d
    }

    @Test func whatCannotBeWrittenIsSaidAndLeftOutOfThePlaylist() throws {
        let catalog = try Catalog(library: try TestCatalog.createLibrary(at: root.appendingPathComponent("library")))
        let plays = try detail(catalog, "a", title: "学党章", codec: "h264")
        let converts = try detail(catalog, "b", title: "红色/故事", codec: "hevc")
        let broken = try detail(catalog, "c", title: "坏文件", codec: "vp9")
        let folder = root.appendingPathComponent("U盘")
        let plan = LobbyPlan([plays, converts, broken], library: catalog.library, folder: folder)
        #expect(plan.items.map(\.name) == ["01 学党章 - 吴辉.mp4", "02 红色_故事 - 吴辉.mp4", "03 坏文件 - 吴辉.mp4"])
        #expect(plan.items.map(\.transcode) == [false, true, true])
        #expect(plan.neededBytes == 1000 + 2 * (1 << 20))  // a transcode is counted as at least 1 MiB
        let workers = EmbeddedWorkerPool { request in
            guard case .transcode(let file, let destination) = request.job else {
                return WorkerResponse(id: request.id, error: .internal("unexpected job"))
            }
            if file.hasSuffix("c.bin") {
                return WorkerResponse(id: request.id, error: MediaFailure(.corrupt, "无法解码任何视频画面（文件可能已损坏），没有写出"))
            }
            try? Data(repeating: 1, count: 500).write(to: URL(fileURLWithPath: destination))
            var r = WorkerResponse(id: request.id)
            r.transcoded = TranscodeResult(path: destination, sizeBytes: 500, width: 640, height: 360)
            return r
        }
        let failures = try LobbyExport(workers: workers).run(plan) { _ in }
        #expect(Array(failures.keys) == [broken.lecture.id])
        let m3u = try String(contentsOf: folder.appendingPathComponent("播放列表.m3u"), encoding: .utf8)
        #expect(m3u == "#EXTM3U\n#EXTINF:60,学党章 — 吴辉\n01 学党章 - 吴辉.mp4\n#EXTINF:60,红色/故事 — 吴辉\n02 红色_故事 - 吴辉.mp4\n")
        #expect(try Data(contentsOf: folder.appendingPathComponent("01 学党章 - 吴辉.mp4")).count == 1000)
        let again = LobbyPlan([plays, converts, broken], library: catalog.library, folder: folder)
        #expect(again.items.map(\.present) == [true, true, false])
    }

    @Test func onlyH264InFourTwoZeroWithAACInMP4PlaysAsItIs() {
        var info = MediaInfo(
            file: "x", sizeBytes: 1, container: "mov,mp4,m4a,3gp,3g2,mj2",
            video: VideoStreamInfo(index: 0, codec: "h264", width: 640, height: 360, pixelFormat: "yuv420p"),
            audio: AudioStreamInfo(index: 1, codec: "aac"))
        #expect(LobbyPlan.playable(info))
        info.video?.pixelFormat = "yuv420p10le"
        #expect(!LobbyPlan.playable(info))
        info.video?.pixelFormat = "yuv420p"
        info.audio?.codec = "mp3"
        #expect(!LobbyPlan.playable(info))
        info.audio = nil
        info.container = "matroska,webm"
        #expect(!LobbyPlan.playable(info))
    }
}
