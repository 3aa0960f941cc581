import CChromaprint
import CFFmpeg
import LecternCore

/// An audio decoder for one stream of an open `InputFile`: owns the `AVCodecContext`
/// (`avcodec_alloc_context3` / `avcodec_free_context`).
final class AudioDecoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let streamIndex: Int

    init(stream: UnsafeMutablePointer<AVStream>, index: Int) throws(MediaError) {
        context = try openDecoder(
            stream, threads: 1, kind: "音频", unusable: "无法解码声音（编码方式不受支持或文件已损坏）")
        streamIndex = index
    }

    deinit {
        var ctx: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&ctx)
    }

    /// `avcodec_send_packet`; nil sends the end-of-stream flush.
    func send(_ packet: Packet?) -> Int32 { avcodec_send_packet(context, packet?.pointer) }

    /// `avcodec_receive_frame`.
    func receive(_ frame: Frame) -> Int32 { avcodec_receive_frame(context, frame.pointer) }
}

/// Turns decoded audio of any layout, format and rate into signed 16-bit mono at `rate`.
/// Owns the `SwrContext` (`swr_alloc_set_opts2` / `swr_free`), made again when the stream's
/// format changes mid-way (a broadcast recording that switches from stereo to 5.1).
final class Resampler {
    let rate: Int32
    private var context: OpaquePointer?
    private var input: (format: Int32, rate: Int32, channels: Int32) = (-1, 0, 0)
    /// Reused from frame to frame: a fingerprint is a long run of small conversions.
    private var out: [Int16] = []

    init(rate: Int32) { self.rate = rate }

    deinit { swr_free(&context) }

    /// Converts `frame` and hands the samples to `body` (valid only during the call).
    func convert(_ frame: Frame, _ body: (UnsafeBufferPointer<Int16>) -> Void) throws(MediaError) {
        let f = frame.pointer.pointee
        guard f.nb_samples > 0, f.sample_rate > 0, f.ch_layout.nb_channels > 0 else { return }
        let shape = (f.format, f.sample_rate, f.ch_layout.nb_channels)
        if context == nil || shape != input {
            try open(frame)
            input = shape
        }
        let capacity = Int(swr_get_out_samples(context, f.nb_samples)) + 32
        if out.count < capacity { out = [Int16](repeating: 0, count: capacity) }
        let got = out.withUnsafeMutableBytes { raw -> Int32 in
            var plane: UnsafeMutablePointer<UInt8>? = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            let data = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data)?
                .assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
            return swr_convert(context, &plane, Int32(capacity), data, f.nb_samples)
        }
        guard got >= 0 else { throw MediaError(.corrupt, "无法转换声音的采样格式（swr_convert）") }
        out.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<Int(got)])) }
    }

    private func open(_ frame: Frame) throws(MediaError) {
        swr_free(&context)
        // A short filter: the fingerprint looks at chroma below 5 kHz, not at hi-fi (the default
        // 32-tap filter was a fifth of the whole fingerprint's time).
        context = try makeResampler(from: frame, to: AV_SAMPLE_FMT_S16, rate: rate, channels: 1) { ctx in
            av_opt_set_int(UnsafeMutableRawPointer(ctx), "filter_size", 8, 0)
            av_opt_set_int(UnsafeMutableRawPointer(ctx), "phase_shift", 6, 0)
        }
    }
}

/// A `SwrContext` from `frame`'s layout, format and rate to `format` at `rate` with `channels`
/// (`configure` may set options before it is initialised); the caller owns it (`swr_free`).
/// A frame whose layout is unspecified is taken as the default layout of its channel count.
func makeResampler(
    from frame: Frame, to format: AVSampleFormat, rate: Int32, channels: Int32,
    configure: (OpaquePointer) -> Void = { _ in }
) throws(MediaError) -> OpaquePointer {
    var inLayout = AVChannelLayout()
    var outLayout = AVChannelLayout()
    defer {
        av_channel_layout_uninit(&inLayout)
        av_channel_layout_uninit(&outLayout)
    }
    let f = frame.pointer
    if f.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC
        || av_channel_layout_copy(&inLayout, &f.pointee.ch_layout) < 0
    {
        av_channel_layout_default(&inLayout, f.pointee.ch_layout.nb_channels)
    }
    av_channel_layout_default(&outLayout, channels)
    var ctx: OpaquePointer?
    let made = swr_alloc_set_opts2(
        &ctx, &outLayout, format, rate, &inLayout, AVSampleFormat(f.pointee.format), f.pointee.sample_rate, 0, nil)
    if let ctx { configure(ctx) }
    guard made >= 0, let ctx, swr_init(ctx) >= 0 else {
        var failed = ctx
        swr_free(&failed)
        throw MediaError(.corrupt, "无法转换声音的采样格式（swr_init）")
    }
    return ctx
}
