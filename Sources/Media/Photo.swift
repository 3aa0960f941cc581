import CFFmpeg
import Foundation
import LecternCore

/// A still picture (an activity's photo: JPEG or PNG) read through FFmpeg like a video's
/// frame: checked that it is one, and made into a JPEG thumbnail.
public enum Photo {
    /// The codecs a photo may be in.
    public static let codecs: Set<String> = ["mjpeg", "png"]

    /// Reads `path` as a photo and writes a thumbnail `width` wide to `thumbnail` (written
    /// under a temporary name and renamed). A file that is not a JPEG or PNG picture fails
    /// with `notMedia`; one that is but will not decode, `corrupt`.
    public static func thumbnail(path: String, to thumbnail: String, width: Int, timeoutSeconds: Double = 30)
        throws(MediaError) -> PhotoResult
    {
        // By content, not by name: FFmpeg's image reader trusts a .jpg name.
        let head = FileManager.default.contents(atPath: path)?.prefix(8) ?? Data()
        let jpeg = head.starts(with: [0xFF, 0xD8, 0xFF]), png = head.starts(with: [0x89, 0x50, 0x4E, 0x47])
        guard jpeg || png else {
            _ = try InputFile.checkReadable(path)
            throw MediaError(.notMedia, "不是照片（只收 JPEG 或 PNG 图片）")
        }
        let input = try InputFile(path: path, timeoutSeconds: timeoutSeconds)
        let info = try Prober.probe(input)
        guard let video = info.video, codecs.contains(video.codec), let index = input.mainVideoStreamIndex else {
            let what = info.video.map { "\($0.codec) 视频" } ?? (info.audio != nil ? "音频" : info.container)
            throw MediaError(.notMedia, "不是照片（只收 JPEG 或 PNG 图片，这是 \(what)）")
        }
        let frame = try decodeFirst(input, streamIndex: index)
        let (w, h) = FrameExtractor.thumbnailSize(video, width: min(width, max(2, video.width)))
        let image = try Scaler().scale(frame, width: w, height: h).rotated(byDisplayMatrix: video.rotation)
        try FrameExtractor.writeAtomically(JPEGEncoder.encode(image), to: URL(fileURLWithPath: thumbnail))
        return PhotoResult(
            width: video.width, height: video.height, format: video.codec == "png" ? "png" : "jpeg",
            thumbnailPath: thumbnail)
    }

    /// The picture: packets of the stream until the decoder gives a frame.
    static func decodeFirst(_ input: InputFile, streamIndex: Int) throws(MediaError) -> Frame {
        guard let stream = input.stream(streamIndex) else { throw MediaError(.noVideo, "文件中没有图像") }
        let decoder = try VideoDecoder(stream: stream, index: streamIndex)
        let packet = try Packet(), frame = try Frame()
        var ended = false
        for _ in 0..<64 {
            if decoder.receive(frame) == 0, frame.width > 0, frame.height > 0 { return frame }
            if ended { break }
            if av_read_frame(input.context, packet.pointer) < 0 {
                _ = decoder.send(nil)
                ended = true
                continue
            }
            if packet.pointer.pointee.stream_index == Int32(streamIndex) { _ = decoder.send(packet) }
            packet.unref()
        }
        throw MediaError(.corrupt, "照片无法解码（文件可能已损坏）")
    }
}
