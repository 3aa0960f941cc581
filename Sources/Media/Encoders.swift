import CFFmpeg
import LecternCore

/// An encoder: owns the `AVCodecContext` (`avcodec_alloc_context3` / `avcodec_free_context`).
/// H.264 through libavcodec's libx264, AAC through libavcodec's own encoder.
final class Encoder {
    let context: UnsafeMutablePointer<AVCodecContext>

    /// H.264 (yuv420p, the profile every player takes) at `width`×`height`, `timeBase` the
    /// input stream's, `frameRate` for the rate control.
    init(h264 width: Int, height: Int, timeBase: AVRational, frameRate: AVRational, globalHeader: Bool)
        throws(MediaError)
    {
        guard let codec = avcodec_find_encoder_by_name("libx264") ?? avcodec_find_encoder(AV_CODEC_ID_H264) else {
            throw MediaError(.internal, "没有 H.264 编码器（libavcodec 未带 libx264）")
        }
        context = try Self.allocate(codec)
        let c = context
        c.pointee.width = Int32(width)
        c.pointee.height = Int32(height)
        c.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        c.pointee.time_base = timeBase
        c.pointee.framerate = frameRate
        c.pointee.gop_size = 250
        c.pointee.thread_count = 0
        if globalHeader { c.pointee.flags |= lectern_codec_flag_global_header() }
        av_opt_set(c.pointee.priv_data, "preset", "veryfast", 0)
        av_opt_set(c.pointee.priv_data, "crf", "23", 0)
        av_opt_set(c.pointee.priv_data, "profile", "high", 0)
        try open(codec, "H.264")
    }

    /// AAC-LC, stereo, 48 kHz, planar float (what the encoder takes).
    init(aacWithGlobalHeader globalHeader: Bool) throws(MediaError) {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_AAC) else {
            throw MediaError(.internal, "没有 AAC 编码器")
        }
        context = try Self.allocate(codec)
        let c = context
        c.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        c.pointee.sample_rate = 48_000
        av_channel_layout_default(&c.pointee.ch_layout, 2)
        c.pointee.bit_rate = 128_000
        c.pointee.time_base = AVRational(num: 1, den: 48_000)
        if globalHeader { c.pointee.flags |= lectern_codec_flag_global_header() }
        try open(codec, "AAC")
    }

    private static func allocate(_ codec: UnsafePointer<AVCodec>) throws(MediaError) -> UnsafeMutablePointer<
        AVCodecContext
    > {
        guard let ctx = avcodec_alloc_context3(codec) else {
            throw MediaError(.corrupt, "内存不足（avcodec_alloc_context3）")
        }
        return ctx
    }

    private func open(_ codec: UnsafePointer<AVCodec>, _ name: String) throws(MediaError) {
        do { _ = try check(avcodec_open2(context, codec, nil), "avcodec_open2") } catch {
            throw MediaError(.internal, "无法打开 \(name) 编码器", cause: error)
        }
    }

    deinit {
        var ctx: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&ctx)
    }

    /// Number of samples per frame the audio encoder takes.
    var frameSize: Int { max(1, Int(context.pointee.frame_size)) }

    /// Sends `frame` (nil: the end) and hands every packet that comes out to `write`.
    func encode(_ frame: Frame?, into packet: Packet, _ write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        let sent = avcodec_send_frame(context, frame?.pointer)
        if sent < 0 && sent != FFmpegError.eof {
            throw MediaError(.corrupt, "编码失败", cause: FFmpegError(code: sent, function: "avcodec_send_frame"))
        }
        while true {
            let got = avcodec_receive_packet(context, packet.pointer)
            if got == FFmpegError.again || got == FFmpegError.eof { return }
            if got < 0 {
                throw MediaError(.corrupt, "编码失败", cause: FFmpegError(code: got, function: "avcodec_receive_packet"))
            }
            try write(packet)
            packet.unref()
        }
    }
}

/// The MP4 being written: owns the output `AVFormatContext` and its `AVIOContext`.
final class OutputFile {
    let context: UnsafeMutablePointer<AVFormatContext>
    private var opened = false

    init(path: String) throws(MediaError) {
        var ctx: UnsafeMutablePointer<AVFormatContext>?
        guard avformat_alloc_output_context2(&ctx, nil, "mp4", path) >= 0, let ctx else {
            throw MediaError(.internal, "无法建立 MP4 输出（avformat_alloc_output_context2）")
        }
        context = ctx
        let code = avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE)
        guard code >= 0 else {
            // Every stored property is set: deinit runs and frees the context (its one owner).
            throw MediaError(
                MediaFailure(.notReadable, "无法写入 \(path)", cause: .ffmpeg(code)),
                cause: FFmpegError(code: code, function: "avio_open"))
        }
        opened = true
    }

    var wantsGlobalHeader: Bool { lectern_wants_global_header(context) != 0 }

    /// A stream for `encoder`'s output.
    func addStream(for encoder: Encoder) throws(MediaError) -> UnsafeMutablePointer<AVStream> {
        guard let st = avformat_new_stream(context, nil) else { throw MediaError(.internal, "无法添加输出流") }
        guard avcodec_parameters_from_context(st.pointee.codecpar, encoder.context) >= 0 else {
            throw MediaError(.internal, "无法设置输出流（avcodec_parameters_from_context）")
        }
        st.pointee.time_base = encoder.context.pointee.time_base
        return st
    }

    /// The header, with the index at the front (`+faststart`) so that a player starts at once.
    func start() throws(MediaError) {
        var options: OpaquePointer?
        av_dict_set(&options, "movflags", "+faststart", 0)
        defer { av_dict_free(&options) }
        let code = avformat_write_header(context, &options)
        if code < 0 {
            throw MediaError(
                .notReadable, "无法写入 MP4 文件头", cause: FFmpegError(code: code, function: "avformat_write_header"))
        }
    }

    func write(_ packet: Packet, from timeBase: AVRational, to stream: UnsafeMutablePointer<AVStream>)
        throws(MediaError)
    {
        av_packet_rescale_ts(packet.pointer, timeBase, stream.pointee.time_base)
        packet.pointer.pointee.stream_index = stream.pointee.index
        let code = av_interleaved_write_frame(context, packet.pointer)
        if code < 0 {
            throw MediaError(
                MediaFailure(.notReadable, "写入失败（磁盘满了？）", cause: .ffmpeg(code)),
                cause: FFmpegError(code: code, function: "av_interleaved_write_frame"))
        }
    }

    func finish() throws(MediaError) {
        let code = av_write_trailer(context)
        if code < 0 {
            throw MediaError(.notReadable, "无法写完 MP4 文件", cause: FFmpegError(code: code, function: "av_write_trailer"))
        }
    }

    deinit {
        if opened { avio_closep(&context.pointee.pb) }
        avformat_free_context(context)
    }
}
