import CChromaprint
import CFFmpeg
import LecternCore

/// The sound's fingerprint of a file: its main audio stream decoded (libavcodec), turned into
/// 16-bit mono at Chromaprint's rate (libswresample) and fed to Chromaprint; alongside, which
/// stretches are louder than silence. The other streams are discarded by the demuxer.
public enum SoundPrinter {
    /// Mean square of a block at about −50 dBFS: quieter is silence (a pause, a fade).
    static let silence = 10_000.0
    /// Longer recordings are fingerprinted on their first three hours.
    static let maximumSeconds = 3 * 3600.0

    /// The fingerprint, or nil when the file has no audio stream (a silent video).
    public static func fingerprint(path: String, timeoutSeconds: Double = 60) throws(MediaError) -> SoundFingerprint? {
        let input = try InputFile(path: path, timeoutSeconds: timeoutSeconds)
        return try fingerprint(input)
    }

    static func fingerprint(_ input: InputFile) throws(MediaError) -> SoundFingerprint? {
        guard let index = input.mainAudioStreamIndex, let stream = input.stream(index) else { return nil }
        for i in 0..<input.streamCount where i != index { input.stream(i)?.pointee.discard = AVDISCARD_ALL }
        let decoder = try AudioDecoder(stream: stream, index: index)
        let printer = try Chromaprinter()
        let resampler = Resampler(rate: printer.sampleRate)
        var loudness = Loudness(block: printer.itemSamples)
        let packet = try Packet()
        let frame = try Frame()
        let limit = Int(maximumSeconds * Double(printer.sampleRate))
        var fed = 0
        var ended = false
        func drain() throws(MediaError) {
            while decoder.receive(frame) == 0 {
                defer { frame.unref() }
                guard fed < limit else { continue }
                try resampler.convert(frame) { samples in
                    printer.feed(samples)
                    loudness.add(samples)
                    fed += samples.count
                }
            }
        }
        while !ended && fed < limit {
            try input.deadline.check(file: input.path)
            let read = av_read_frame(input.context, packet.pointer)
            if read < 0 {
                if read == FFmpegError.exit, input.deadline.hasPassed {
                    throw MediaError.timedOut(seconds: input.deadline.seconds)
                }
                _ = decoder.send(nil)  // the end, or a damaged tail: drain what the decoder holds
                ended = true
            } else {
                defer { packet.unref() }
                if packet.pointer.pointee.stream_index != Int32(index) { continue }
                _ = decoder.send(packet)  // a damaged packet is skipped
            }
            try drain()
        }
        guard fed > 0 else { return nil }
        let items = try printer.finish()
        let delay = printer.delayItems
        let loud = items.indices.map { loudness.isLoud(from: $0, count: delay) }
        return SoundFingerprint(step: printer.itemSeconds, items: items, loud: loud)
    }
}

/// Mean square per block of samples (one block per fingerprint item).
struct Loudness {
    let block: Int
    private var sum: Int64 = 0
    private var count = 0
    private(set) var blocks: [Double] = []

    init(block: Int) { self.block = max(1, block) }

    mutating func add(_ samples: UnsafeBufferPointer<Int16>) {
        for s in samples {
            let v = Int64(s)
            sum += v * v
            count += 1
            if count == block {
                blocks.append(Double(sum) / Double(block))
                sum = 0
                count = 0
            }
        }
    }

    /// Whether the `count` blocks an item looks at, from block `i`, hold sound.
    func isLoud(from i: Int, count: Int) -> Bool {
        let end = min(blocks.count, i + max(1, count))
        guard i < end else { return false }
        return blocks[i..<end].contains { $0 >= SoundPrinter.silence }
    }
}

/// Owns one Chromaprint context (`chromaprint_new` / `chromaprint_free`).
final class Chromaprinter {
    let context: OpaquePointer
    let sampleRate: Int32

    init() throws(MediaError) {
        guard let ctx = chromaprint_new(Int32(CHROMAPRINT_ALGORITHM_DEFAULT.rawValue)) else {
            throw MediaError(.corrupt, "内存不足（chromaprint_new）")
        }
        context = ctx
        sampleRate = chromaprint_get_sample_rate(ctx)
        if chromaprint_start(ctx, sampleRate, 1) != 1 {
            chromaprint_free(ctx)
            throw MediaError(.corrupt, "无法开始计算声音指纹（chromaprint_start）")
        }
    }

    deinit { chromaprint_free(context) }

    /// Samples per fingerprint item, and seconds.
    var itemSamples: Int { Int(chromaprint_get_item_duration(context)) }
    var itemSeconds: Double { Double(itemSamples) / Double(sampleRate) }
    /// How many items' worth of sound the first item looks at.
    var delayItems: Int { max(1, Int(chromaprint_get_delay(context)) / max(1, itemSamples)) }

    func feed(_ samples: UnsafeBufferPointer<Int16>) {
        _ = chromaprint_feed(context, samples.baseAddress, Int32(samples.count))
    }

    /// The raw fingerprint of everything fed.
    func finish() throws(MediaError) -> [UInt32] {
        guard chromaprint_finish(context) == 1 else {
            throw MediaError(.corrupt, "无法计算声音指纹（chromaprint_finish）")
        }
        var raw: UnsafeMutablePointer<UInt32>?
        var size: Int32 = 0
        guard chromaprint_get_raw_fingerprint(context, &raw, &size) == 1, let raw else { return [] }
        defer { chromaprint_dealloc(raw) }
        return Array(UnsafeBufferPointer(start: raw, count: Int(size)))
    }
}
