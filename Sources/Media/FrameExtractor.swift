import CFFmpeg
import Foundation
import LecternCore

/// `lectern frames`: thumbnails spread over the video, a poster that is not a black or blank
/// frame, a contact sheet, and the perceptual fingerprint.
public enum FrameExtractor {
    /// Size of the picture the fingerprint hashes are taken from.
    static let hashSize = 32
    /// At most this many fingerprint frames per video, and at least this far apart (seconds).
    static let fingerprintFrames = 64
    static let fingerprintMinStep = 0.5

    public static func extract(path: String, options: FramesOptions, timeoutSeconds: Double = 30) throws(MediaError)
        -> FramesResult
    {
        var input = try InputFile(path: path, timeoutSeconds: timeoutSeconds)
        let info = try Prober.probe(input)
        guard let video = info.video, let videoIndex = input.mainVideoStreamIndex else {
            throw MediaError(.noVideo, "只有音频、没有视频画面，无法生成缩略图")
        }
        var duration = info.durationSeconds
        if duration == nil {
            // No header says how long it is: read the packets once to find out, then start over.
            duration = try measureDuration(input)
            input = try InputFile(path: path, timeoutSeconds: max(1, timeoutSeconds))
        }
        let length = max(0, duration ?? 0)
        let sampler = try Sampler(input: input, streamIndex: videoIndex)
        let scaler = try Scaler()
        let (thumbWidth, thumbHeight) = thumbnailSize(video, width: options.width)

        // Thumbnails at 5 % … 95 %: never the very first frame (often black) or the credits.
        let count = max(1, options.count)
        let targets = (0..<count).map { i in
            count == 1 ? length * 0.5 : length * (0.05 + 0.9 * Double(i) / Double(count - 1))
        }
        let spacing = count > 1 ? length * 0.9 / Double(count - 1) : length
        var pictures: [(target: Double, time: Double, image: YUVImage)] = []
        for target in targets {
            guard let time = try sampler.frame(at: target, tolerance: max(0.02, spacing / 2)) else { continue }
            let image = try scaler.scale(sampler.frame, width: thumbWidth, height: thumbHeight)
                .rotated(byDisplayMatrix: video.rotation)
            pictures.append((target, time, image))
        }
        if pictures.isEmpty {
            throw MediaError(.corrupt, "无法解码任何视频画面（文件可能已损坏）")
        }

        var fingerprint: Fingerprint?
        if options.fingerprint {
            fingerprint = try makeFingerprint(
                sampler: sampler, scaler: scaler, length: length, rotation: video.rotation)
        }

        return try write(
            pictures, file: path, options: options, fingerprint: fingerprint,
            method: sampler.decodedForward ? .decodeForward : .keyframes)
    }

    /// Thumbnail size for `width` columns after rotation, keeping the display aspect ratio
    /// (sample aspect ratio included); both sides even, as 4:2:0 JPEG needs.
    static func thumbnailSize(_ video: VideoStreamInfo, width: Int) -> (Int, Int) {
        var displayWidth = Double(max(1, video.width))
        if let sar = video.sampleAspectRatio?.split(separator: ":").compactMap({ Double($0) }), sar.count == 2,
            sar[0] > 0, sar[1] > 0
        {
            displayWidth *= sar[0] / sar[1]
        }
        let displayHeight = Double(max(1, video.height))
        let even = { (x: Double) in max(2, Int((x / 2).rounded()) * 2) }
        let w = even(Double(width))
        if abs(video.rotation) % 180 == 90 {
            // Scaled before it is turned: the stored height becomes the shown width.
            return (even(Double(w) * displayWidth / displayHeight), w)
        }
        return (w, even(Double(w) * displayHeight / displayWidth))
    }

    // MARK: - Fingerprint

    /// One dHash per keyframe reached on a grid of at most 64 points, at least 2 s apart.
    /// Keyframes follow scene cuts, so a re-encoded copy tends to hash the same pictures.
    static func makeFingerprint(sampler: Sampler, scaler: Scaler, length: Double, rotation: Int) throws(MediaError)
        -> Fingerprint
    {
        let step = max(fingerprintMinStep, length / Double(fingerprintFrames))
        sampler.decoder.fast = true
        var frames: [Fingerprint.Frame] = []
        var planes: [[UInt8]] = []
        var t = step / 2
        var lastTime = -Double.infinity
        repeat {
            if let time = try sampler.frame(at: min(t, length), tolerance: nil), time > lastTime + 0.01 {
                let small = try scaler.scale(sampler.frame, width: hashSize, height: hashSize, smooth: false)
                    .rotated(byDisplayMatrix: rotation)
                let flipped = PerceptualHash.flipped(small.y, width: small.width, height: small.height)
                frames.append(
                    Fingerprint.Frame(
                        time: time, hash: small.dHash, blank: small.lumaStats.isUniform,
                        flipped: PerceptualHash.dHash(luma: flipped, width: small.width, height: small.height)))
                planes.append(small.y)
                lastTime = time
            }
            t += step
        } while t < length
        // The template: the per-pixel median of the informative frames, what most of them show.
        let informative = zip(frames, planes).filter { !$0.0.blank }.map(\.1)
        guard informative.count >= 3 else { return Fingerprint(frames: frames) }
        let template = PerceptualHash.median(informative)
        return Fingerprint(
            frames: frames, template: PerceptualHash.dHash(luma: template, width: hashSize, height: hashSize))
    }

    /// Reads every packet to find the last timestamp: the duration of a file whose header has none.
    static func measureDuration(_ input: InputFile) throws(MediaError) -> Double? {
        let packet = try Packet()
        var end: Double?
        var start: Double?
        while true {
            try input.deadline.check(file: input.path)
            if av_read_frame(input.context, packet.pointer) < 0 { break }
            defer { packet.unref() }
            let p = packet.pointer.pointee
            guard let st = input.stream(Int(p.stream_index)) else { continue }
            let tb = st.pointee.time_base
            let ts = p.pts != noPTS ? p.pts : p.dts
            if let s = seconds(ts, tb) {
                start = min(start ?? s, s)
                end = max(end ?? s, s + (seconds(p.duration, tb) ?? 0))
            }
        }
        guard let start, let end, end > start else { return nil }
        return end - start
    }

    // MARK: - Output

    /// Writes 0001.jpg …, poster.jpg and sheet.jpg, each under a temporary name first.
    static func write(
        _ pictures: [(target: Double, time: Double, image: YUVImage)], file: String,
        options: FramesOptions, fingerprint: Fingerprint?, method: FramesMethod
    ) throws(MediaError)
        -> FramesResult
    {
        let dir = URL(fileURLWithPath: options.outputDirectory)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw MediaError(
                MediaFailure(
                    .notReadable, "无法创建输出文件夹 \(dir.path)（\(error.localizedDescription)）",
                    cause: MediaError.errno(of: error).map { .errno($0) }))
        }
        var samples: [FramesResult.Sample] = []
        for (i, p) in pictures.enumerated() {
            let url = dir.appendingPathComponent(String(format: "%04d.jpg", i + 1))
            try writeAtomically(JPEGEncoder.encode(p.image), to: url)
            let stats = p.image.lumaStats
            samples.append(
                FramesResult.Sample(
                    index: i + 1, targetSeconds: p.target, timeSeconds: p.time, path: url.path,
                    width: p.image.width, height: p.image.height, luma: stats, blank: stats.isBlank))
        }
        let posterIndex = choosePoster(samples.map(\.luma))
        let posterURL = dir.appendingPathComponent("poster.jpg")
        try writeAtomically(JPEGEncoder.encode(pictures[posterIndex].image, qscale: 2), to: posterURL)
        let sheetURL = dir.appendingPathComponent("sheet.jpg")
        let columns = pictures.count <= 4 ? pictures.count : (pictures.count <= 9 ? 3 : 4)
        try writeAtomically(
            JPEGEncoder.encode(YUVImage.contactSheet(pictures.map(\.image), columns: columns)),
            to: sheetURL)
        return FramesResult(
            file: file, samples: samples, posterIndex: posterIndex + 1, posterPath: posterURL.path,
            sheetPath: sheetURL.path, fingerprint: fingerprint, method: method)
    }

    /// The first sample that is not black, blank or near-uniform; when all are, the one with
    /// the most detail. Index into `stats`.
    static func choosePoster(_ stats: [LumaStats]) -> Int {
        if let first = stats.firstIndex(where: { !$0.isBlank }) { return first }
        return stats.indices.max { stats[$0].detail + stats[$0].spread < stats[$1].detail + stats[$1].spread } ?? 0
    }

    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(MediaError) {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try Data(bytes).write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw MediaError(
                MediaFailure(
                    .notReadable, "无法写入 \(url.path)（\(error.localizedDescription)）",
                    cause: MediaError.errno(of: error).map { .errno($0) }))
        }
    }
}
