import CFFmpeg
import LecternCore

/// Owns one `AVPacket` (`av_packet_alloc` / `av_packet_free`).
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws(MediaError) {
        guard let p = av_packet_alloc() else { throw MediaError(.corrupt, "内存不足（av_packet_alloc）") }
        pointer = p
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&p)
    }

    func unref() { av_packet_unref(pointer) }
}

/// Owns one `AVFrame` (`av_frame_alloc` / `av_frame_free`).
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws(MediaError) {
        guard let f = av_frame_alloc() else { throw MediaError(.corrupt, "内存不足（av_frame_alloc）") }
        pointer = f
    }

    deinit {
        var f: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&f)
    }

    func unref() { av_frame_unref(pointer) }

    var width: Int { Int(pointer.pointee.width) }
    var height: Int { Int(pointer.pointee.height) }
}

/// A video decoder for one stream of an open `InputFile`: owns the `AVCodecContext`
/// (`avcodec_alloc_context3` / `avcodec_free_context`).
final class VideoDecoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let streamIndex: Int
    let timeBase: AVRational

    /// Opens the decoder for `stream`. `threads` 1 suits a worker that runs beside others.
    init(stream: UnsafeMutablePointer<AVStream>, index: Int, threads: Int = 1) throws(MediaError) {
        context = try openDecoder(
            stream, threads: threads, kind: "视频",
            unusable: "无法解码视频画面（编码方式不受支持或文件已损坏），请让上传单位用常见格式（H.264 MP4）重新导出")
        streamIndex = index
        timeBase = stream.pointee.time_base
    }

    deinit {
        var ctx: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&ctx)
    }

    /// Decode keyframes only (AVDISCARD_NONKEY), or every frame.
    var keyframesOnly: Bool {
        get { context.pointee.skip_frame == AVDISCARD_NONKEY }
        set { context.pointee.skip_frame = newValue ? AVDISCARD_NONKEY : AVDISCARD_DEFAULT }
    }

    /// Skips the deblocking filter: faster, and good enough for a fingerprint.
    var fast: Bool {
        get { context.pointee.skip_loop_filter == AVDISCARD_ALL }
        set { context.pointee.skip_loop_filter = newValue ? AVDISCARD_ALL : AVDISCARD_DEFAULT }
    }

    /// `avcodec_send_packet`; nil sends the end-of-stream flush.
    func send(_ packet: Packet?) -> Int32 { avcodec_send_packet(context, packet?.pointer) }

    /// `avcodec_receive_frame`.
    func receive(_ frame: Frame) -> Int32 { avcodec_receive_frame(context, frame.pointer) }

    /// `avcodec_flush_buffers`, after a seek.
    func flush() { avcodec_flush_buffers(context) }
}

/// Finds, configures and opens the decoder for `stream`, or frees what it made and throws:
/// `kind` names the stream in the message (视频, 音频), `unusable` is said when it will not open.
/// The context returned is the caller's to free (`avcodec_free_context` in its `deinit`).
func openDecoder(_ stream: UnsafeMutablePointer<AVStream>, threads: Int, kind: String, unusable: String)
    throws(MediaError) -> UnsafeMutablePointer<AVCodecContext>
{
    let par = stream.pointee.codecpar
    guard let par, let codec = avcodec_find_decoder(par.pointee.codec_id) else {
        let name = par.map { String(cString: avcodec_get_name($0.pointee.codec_id)) } ?? "?"
        throw MediaError(.corrupt, "没有可用的解码器（\(kind)编码：\(name)）")
    }
    guard let ctx = avcodec_alloc_context3(codec) else {
        throw MediaError(.corrupt, "内存不足（avcodec_alloc_context3）")
    }
    do {
        try check(avcodec_parameters_to_context(ctx, par), "avcodec_parameters_to_context")
        ctx.pointee.pkt_timebase = stream.pointee.time_base
        ctx.pointee.thread_count = Int32(threads)
        try check(avcodec_open2(ctx, codec, nil), "avcodec_open2")
        return ctx
    } catch {
        var failed: UnsafeMutablePointer<AVCodecContext>? = ctx
        avcodec_free_context(&failed)
        throw MediaError(.corrupt, unusable, cause: error)
    }
}

extension Frame {
    /// The frame's presentation time in `timeBase` (best effort), or nil.
    func timestamp(_ timeBase: AVRational) -> Double? {
        let ts =
            pointer.pointee.best_effort_timestamp != noPTS ? pointer.pointee.best_effort_timestamp : pointer.pointee.pts
        return seconds(ts, timeBase)
    }
}
