import Foundation
import LecternCore
import Workers

/// A stand-in for `lectern-worker` behind `EmbeddedWorkerPool`: it does the file work for
/// real (copies into the library's tmp folder, renames into media/, writes a poster) and says
/// what FFmpeg would have said of each upload, from a table the test gives. A file the table
/// does not list is not media. FFmpeg itself is tested in MediaTests and through the binary.
struct FakeWorker: Sendable {
    /// What the probe finds, by file name.
    var probes: [String: MediaInfo]
    /// Files the worker fails on, by file name (a damaged upload, a worker that cannot start).
    var failures: [String: MediaFailure] = [:]

    static func lecture(_ name: String, seconds: Double = 600) -> MediaInfo {
        MediaInfo(
            file: name, sizeBytes: 100, container: "mov,mp4,m4a,3gp,3g2,mj2", durationSeconds: seconds,
            video: VideoStreamInfo(index: 0, codec: "h264", width: 1280, height: 720, frameRate: 25),
            audio: AudioStreamInfo(index: 1, codec: "aac", sampleRate: 44_100, channels: 2))
    }

    func respond(_ request: WorkerRequest) -> WorkerResponse {
        let name = (request.file as NSString).lastPathComponent
        if let failure = failures[name] { return WorkerResponse(id: request.id, error: failure) }
        switch request.job {
        case .probe:
            guard let info = probes[name] else { return notMedia(request) }
            return WorkerResponse(id: request.id, probe: info)
        case .store(let file, let directory, _):
            guard let info = probes[name] else { return notMedia(request) }
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                let temporary = "\(directory)/\(UUID().uuidString).part"
                try data.write(to: URL(fileURLWithPath: temporary))
                let stored = StoredFile(
                    sha256: Self.digest(data), temporaryPath: temporary, sizeBytes: Int64(data.count))
                return WorkerResponse(id: request.id, probe: info, stored: stored)
            } catch {
                return WorkerResponse(id: request.id, error: MediaFailure(.notReadable, "\(error)"))
            }
        case .place(let temporary, let destination, let thumbs, _, _):
            do {
                let fm = FileManager.default
                try fm.createDirectory(
                    atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if fm.fileExists(atPath: destination) {
                    try fm.removeItem(atPath: temporary)
                } else {
                    try fm.moveItem(atPath: temporary, toPath: destination)
                }
                try fm.createDirectory(atPath: thumbs, withIntermediateDirectories: true)
                for picture in ["poster.jpg", "sheet.jpg", "0001.jpg"] {
                    try Data("jpeg".utf8).write(to: URL(fileURLWithPath: "\(thumbs)/\(picture)"))
                }
                let sample = FramesResult.Sample(
                    index: 1, targetSeconds: 30, timeSeconds: 30, path: "\(thumbs)/0001.jpg", width: 320, height: 180,
                    luma: LumaStats(mean: 100, spread: 40, detail: 10), blank: false)
                let frames = FramesResult(
                    file: destination, samples: [sample], posterIndex: 1, posterPath: "\(thumbs)/poster.jpg",
                    sheetPath: "\(thumbs)/sheet.jpg", fingerprint: nil, method: .keyframes)
                return WorkerResponse(id: request.id, frames: frames)
            } catch {
                return WorkerResponse(id: request.id, error: MediaFailure(.notReadable, "\(error)"))
            }
        case .frames, .photo, .transcode, .document:
            return WorkerResponse(id: request.id, error: .internal("not part of ingest"))
        }
    }

    func notMedia(_ request: WorkerRequest) -> WorkerResponse {
        WorkerResponse(id: request.id, error: MediaFailure(.notMedia, "不是音视频文件"))
    }

    /// 64 hex digits that differ for different contents (FNV-1a, four times seeded): the
    /// catalog needs a content address, not a cryptographic one, from a fake.
    static func digest(_ data: Data) -> String {
        (0..<4).map { seed -> String in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(seed)
            for byte in data {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
