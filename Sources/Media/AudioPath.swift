import CChromaprint
import CFFmpeg
import LecternCore

/// The sound of a transcode: decoded, resampled to the AAC encoder's planar float stereo at
/// 48 kHz, gathered into the encoder's frame size, encoded and written. Owns the
/// `SwrContext` (`swr_free`) and the `AVAudioFifo` (`av_audio_fifo_free`).
final class AudioPath {
    let decoder: AudioDecoder
    let encoder: Encoder
    let stream: UnsafeMutablePointer<AVStream>
    private var resampler: OpaquePointer?
    private var shape: (Int32, Int32, Int32) = (-1, 0, 0)
    private let fifo: OpaquePointer
    private let decoded: Frame, chunk: Frame, packet: Packet
    private var samplesWritten: Int64 = 0
    /// The file's start (AV_TIME_BASE): the first sound is placed after it as in the original.
    var start: Int64 = 0
    private var placed = false

    /// The input stream's time base, for the first sound's place.
    private let inputTimeBase: AVRational

    init(
        decoder: AudioDecoder, input: UnsafeMutablePointer<AVStream>, encoder: Encoder,
        stream: UnsafeMutablePointer<AVStream>
    )
        throws(MediaError)
    {
        inputTimeBase = input.pointee.time_base
        self.decoder = decoder
        self.encoder = encoder
        self.stream = stream
        decoded = try Frame()
        chunk = try Frame()
        packet = try Packet()
        // Last: once it is set every property is, and deinit frees it whatever happens.
        guard let fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, 2, Int32(encoder.frameSize) * 4) else {
            throw MediaError(.corrupt, "内存不足（av_audio_fifo_alloc）")
        }
        self.fifo = fifo
    }

    deinit {
        swr_free(&resampler)
        av_audio_fifo_free(fifo)
    }

    func feed(_ input: Packet, output: OutputFile) throws(MediaError) {
        _ = decoder.send(input)
        try drain(output: output)
    }

    func finish(output: OutputFile) throws(MediaError) {
        _ = decoder.send(nil)
        try drain(output: output)
        try emit(output: output, all: true)
        try encoder.encode(nil, into: packet) { p throws(MediaError) in try write(p, output) }
    }

    private func write(_ p: Packet, _ output: OutputFile) throws(MediaError) {
        try output.write(p, from: encoder.context.pointee.time_base, to: stream)
    }

    private func drain(output: OutputFile) throws(MediaError) {
        while decoder.receive(decoded) == 0 {
            defer { decoded.unref() }
            if !placed {
                placed = true
                let pts = decoded.pointer.pointee.best_effort_timestamp
                if pts != noPTS {
                    let at =
                        av_rescale_q(pts, inputTimeBase, AVRational(num: 1, den: 48_000))
                        - av_rescale_q(start, lectern_av_time_base_q(), AVRational(num: 1, den: 48_000))
                    samplesWritten = max(0, at)
                }
            }
            try resample(decoded)
            try emit(output: output, all: false)
        }
    }

    private func resample(_ frame: Frame) throws(MediaError) {
        let f = frame.pointer.pointee
        guard f.nb_samples > 0, f.sample_rate > 0 else { return }
        let now = (f.format, f.sample_rate, f.ch_layout.nb_channels)
        if resampler == nil || now != shape {
            try open(frame)
            shape = now
        }
        let capacity = swr_get_out_samples(resampler, f.nb_samples) + 32
        var planes: [UnsafeMutablePointer<UInt8>?] = [nil, nil]
        guard av_samples_alloc(&planes, nil, 2, capacity, AV_SAMPLE_FMT_FLTP, 0) >= 0 else {
            throw MediaError(.corrupt, "内存不足（av_samples_alloc）")
        }
        defer { av_freep(&planes[0]) }
        let data = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data)?
            .assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        let got = swr_convert(resampler, &planes, capacity, data, f.nb_samples)
        guard got >= 0 else { throw MediaError(.corrupt, "无法转换声音的采样格式（swr_convert）") }
        let written = planes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return base.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: 2) {
                av_audio_fifo_write(fifo, $0, got)
            }
        }
        guard written >= 0 else { throw MediaError(.corrupt, "内存不足（av_audio_fifo_write）") }
    }

    /// Encodes whole frames from the fifo (and at the end, what is left).
    private func emit(output: OutputFile, all: Bool) throws(MediaError) {
        let size = Int32(encoder.frameSize)
        while av_audio_fifo_size(fifo) >= size || (all && av_audio_fifo_size(fifo) > 0) {
            let n = min(size, av_audio_fifo_size(fifo))
            chunk.unref()
            chunk.pointer.pointee.nb_samples = n
            chunk.pointer.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
            chunk.pointer.pointee.sample_rate = 48_000
            av_channel_layout_default(&chunk.pointer.pointee.ch_layout, 2)
            guard av_frame_get_buffer(chunk.pointer, 0) >= 0 else {
                throw MediaError(.corrupt, "内存不足（av_frame_get_buffer）")
            }
            let read = withUnsafeMutablePointer(to: &chunk.pointer.pointee.data) { data in
                UnsafeMutableRawPointer(data).withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: 8) {
                    av_audio_fifo_read(fifo, $0, n)
                }
            }
            guard read == n else { throw MediaError(.corrupt, "读取声音缓冲失败（av_audio_fifo_read）") }
            chunk.pointer.pointee.pts = samplesWritten
            samplesWritten += Int64(n)
            try encoder.encode(chunk, into: packet) { p throws(MediaError) in try write(p, output) }
        }
    }

    private func open(_ frame: Frame) throws(MediaError) {
        swr_free(&resampler)
        resampler = try makeResampler(from: frame, to: AV_SAMPLE_FMT_FLTP, rate: 48_000, channels: 2)
    }
}
