import CChromaprint
import CFFmpeg
import Foundation
import LecternCore

/// Makes an MP4 any player takes (H.264 in yuv420p, AAC stereo) of a lecture in another
/// format, for the lobby screen: the main video and audio streams decoded, scaled (at most
/// 1080 lines) and resampled, encoded and muxed with the index at the front. Written under a
/// temporary name beside `destination` and renamed when complete.
public enum Transcoder {
    public static func transcode(path: String, to destination: String, timeoutSeconds: Double) throws(MediaError)
        -> TranscodeResult
    {
        let input = try InputFile(path: path, timeoutSeconds: timeoutSeconds)
        guard let videoIndex = input.mainVideoStreamIndex, let videoStream = input.stream(videoIndex) else {
            throw MediaError(.noVideo, "只有声音、没有画面，不转码")
        }
        let audioIndex = input.mainAudioStreamIndex
        let tmp = "\(destination).part-\(getpid())"
        var done = false
        defer { if !done { unlink(tmp) } }
        let decoder = try VideoDecoder(stream: videoStream, index: videoIndex, threads: 0)
        let par = videoStream.pointee.codecpar.pointee
        let (width, height) = size(Int(par.width), Int(par.height))
        var rate = videoStream.pointee.avg_frame_rate
        if rate.num <= 0 || rate.den <= 0 { rate = AVRational(num: 25, den: 1) }
        let output = try OutputFile(path: tmp)
        let videoEncoder = try Encoder(
            h264: width, height: height, timeBase: videoStream.pointee.time_base, frameRate: rate,
            globalHeader: output.wantsGlobalHeader)
        let videoOut = try output.addStream(for: videoEncoder)
        lectern_copy_display_matrix(videoStream, videoOut)
        var audio: AudioPath?
        if let audioIndex, let audioStream = input.stream(audioIndex) {
            let encoder = try Encoder(aacWithGlobalHeader: output.wantsGlobalHeader)
            audio = try AudioPath(
                decoder: AudioDecoder(stream: audioStream, index: audioIndex), input: audioStream, encoder: encoder,
                stream: try output.addStream(for: encoder))
        }
        try output.start()

        let scaler = try PictureConverter(width: width, height: height)
        let packet = try Packet(), frame = try Frame(), outPacket = try Packet()
        var lastPTS = Int64.min
        var pictures = 0
        let videoTB = videoEncoder.context.pointee.time_base
        // Both streams from the file's start (a broadcast recording starts at 1.4 s, say).
        let start = input.context.pointee.start_time == noPTS ? 0 : input.context.pointee.start_time
        let videoStart = av_rescale_q(start, lectern_av_time_base_q(), videoTB)
        audio?.start = start
        func writeVideo(_ p: Packet) throws(MediaError) { try output.write(p, from: videoTB, to: videoOut) }
        func drainVideo() throws(MediaError) {
            while decoder.receive(frame) == 0 {
                let picture = try scaler.convert(frame)
                var pts = frame.pointer.pointee.best_effort_timestamp
                pts = pts == noPTS ? (lastPTS == .min ? 0 : lastPTS + 1) : max(0, pts - videoStart)
                if pts <= lastPTS { pts = lastPTS + 1 }  // a repeated timestamp would stop the muxer
                lastPTS = pts
                picture.pointer.pointee.pts = pts
                pictures += 1
                try videoEncoder.encode(picture, into: outPacket, writeVideo)
                frame.unref()
            }
        }
        while true {
            try input.deadline.check(file: path)
            let read = av_read_frame(input.context, packet.pointer)
            if read < 0 {
                if read == FFmpegError.exit, input.deadline.hasPassed {
                    throw MediaError.timedOut(seconds: timeoutSeconds)
                }
                break
            }
            defer { packet.unref() }
            let index = Int(packet.pointer.pointee.stream_index)
            if index == videoIndex {
                _ = decoder.send(packet)
                try drainVideo()
            } else if let audio, index == audio.decoder.streamIndex {
                try audio.feed(packet, output: output)
            }
        }
        _ = decoder.send(nil)
        try drainVideo()
        // A file whose picture never decodes would make an MP4 of nothing that plays as nothing.
        guard pictures > 0 else { throw MediaError(.corrupt, "无法解码任何视频画面（文件可能已损坏），没有写出") }
        try videoEncoder.encode(nil, into: outPacket, writeVideo)
        try audio?.finish(output: output)
        try output.finish()
        guard rename(tmp, destination) == 0 else { throw MediaError.io("无法写入 \(destination)", errno) }
        done = true
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value ?? 0
        return TranscodeResult(path: destination, sizeBytes: size, width: width, height: height)
    }

    /// The picture's size, at most 1080 lines (and 1920 columns), both sides even.
    static func size(_ w: Int, _ h: Int) -> (Int, Int) {
        let scale = min(1, 1080 / Double(max(1, min(w, h))), 1920 / Double(max(1, max(w, h))))
        let even = { (x: Double) in max(2, Int((x * scale / 2).rounded()) * 2) }
        return (even(Double(w)), even(Double(h)))
    }
}

/// Decoded pictures of any format and size → yuv420p at the encoder's size: owns the
/// `SwsContext` and the frame it writes into.
final class PictureConverter {
    let width: Int, height: Int
    private var context: OpaquePointer?
    private var source: (Int32, Int32, Int32) = (0, 0, -1)
    let out: Frame

    init(width: Int, height: Int) throws(MediaError) {
        self.width = width
        self.height = height
        out = try Frame()
    }

    deinit { sws_freeContext(context) }

    func convert(_ frame: Frame) throws(MediaError) -> Frame {
        let f = frame.pointer.pointee
        let shape = (f.width, f.height, f.format)
        if context == nil || shape != source {
            sws_freeContext(context)
            context = sws_getContext(
                f.width, f.height, AVPixelFormat(f.format), Int32(width), Int32(height), AV_PIX_FMT_YUV420P,
                Int32(SWS_BICUBIC), nil, nil, nil)
            guard context != nil else { throw MediaError(.corrupt, "无法转换画面格式（sws_getContext）") }
            source = shape
        }
        // A fresh buffer each time: the encoder may still hold the last one.
        out.unref()
        out.pointer.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        out.pointer.pointee.width = Int32(width)
        out.pointer.pointee.height = Int32(height)
        guard av_frame_get_buffer(out.pointer, 0) >= 0 else { throw MediaError(.corrupt, "内存不足（av_frame_get_buffer）") }
        let src = UnsafeRawPointer(frame.pointer).assumingMemoryBound(to: AVFrame.self)
        let scaled = withUnsafePointer(to: src.pointee.data) { data in
            withUnsafePointer(to: src.pointee.linesize) { lines in
                withUnsafeMutablePointer(to: &out.pointer.pointee.data) { dst in
                    withUnsafeMutablePointer(to: &out.pointer.pointee.linesize) { dstLines in
                        sws_scale(
                            context,
                            UnsafeRawPointer(data).assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
                            UnsafeRawPointer(lines).assumingMemoryBound(to: Int32.self), 0, f.height,
                            UnsafeMutableRawPointer(dst).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
                            UnsafeMutableRawPointer(dstLines).assumingMemoryBound(to: Int32.self))
                    }
                }
            }
        }
        guard scaled > 0 else { throw MediaError(.corrupt, "无法转换画面格式（sws_scale）") }
        return out
    }
}
