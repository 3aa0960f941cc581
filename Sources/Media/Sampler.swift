import CFFmpeg
import LecternCore

/// Reaches frames at given times of one video stream, as cheaply as the file allows:
/// seek to the keyframe before the time and decode only keyframes (AVDISCARD_NONKEY); when
/// that keyframe is too far before the time (a screen recording with one keyframe a minute),
/// decode forward from it. Times are seconds from the stream's start, asked in increasing order.
final class Sampler {
    private let input: InputFile
    let decoder: VideoDecoder
    private let stream: UnsafeMutablePointer<AVStream>
    private let packet: Packet
    /// The last decoded frame; valid until the next call.
    let frame: Frame
    /// What the decoder writes into: `avcodec_receive_frame` unrefs its frame even when it
    /// has nothing to give, so `frame` changes only when a new picture really arrived.
    private let scratch: Frame
    private let startOffset: Double
    private var lastTime: Double?
    private var flushed = false
    private var seekable = true
    /// True while every frame since the last seek was decoded (not keyframes only).
    private var decodingAll = false
    /// Set when at least one sample had to be decoded forward.
    private(set) var decodedForward = false
    /// Upper bound of frames decoded forward for one sample (about a minute at 25 fps).
    var forwardLimit = 1500

    init(input: InputFile, streamIndex: Int) throws(MediaError) {
        guard let st = input.stream(streamIndex) else { throw MediaError(.noVideo, "文件中没有视频画面") }
        self.input = input
        stream = st
        decoder = try VideoDecoder(stream: st, index: streamIndex)
        packet = try Packet()
        frame = try Frame()
        scratch = try Frame()
        startOffset = seconds(st.pointee.start_time, st.pointee.time_base) ?? 0
    }

    /// Decodes the frame for time `t` into `frame` and returns its time, or nil when the
    /// stream has nothing at or after the last position.
    ///
    /// - Parameter tolerance: how far before `t` a keyframe may be and still serve; nil
    ///   accepts any keyframe (fingerprints), a number decodes forward from farther ones.
    func frame(at t: Double, tolerance: Double?) throws(MediaError) -> Double? {
        try input.deadline.check(file: input.path)
        if let last = lastTime, last <= t + 1e-6, let kf = keyframeTime(atOrBefore: t), kf <= last + 1e-3 {
            // No keyframe between the last frame and `t`: no seek needed.
            guard let tolerance, last < t - tolerance else { return last }  // the same frame serves
            if decodingAll { return try decodeForward(to: t) }  // every frame so far decoded: go on
        }
        guard let first = try seekAndDecodeKeyframe(near: t, tolerance: tolerance) else { return nil }
        if let tolerance, first < t - tolerance, seek(to: first) {
            // Keyframes are sparse here. The keyframe-only pass has already consumed and
            // dropped the frames behind it, so go back to the keyframe and decode them all.
            return try decodeForward(to: t)
        }
        return first
    }

    /// Seeks to the keyframe before `t` and decodes it. A demuxer without an index (MPEG-TS)
    /// searches by timestamp and can land after `t`, or past the last keyframe: then seek
    /// again from earlier points, 1, 2, 4 and 8 s before.
    private func seekAndDecodeKeyframe(near t: Double, tolerance: Double?) throws(MediaError) -> Double? {
        var back = 0.0
        var best: Double?
        for _ in 0..<5 {
            if !seek(to: max(0, t - back)), let last = lastTime, last > t {
                return nil  // cannot go back in a stream that does not seek
            }
            decoder.keyframesOnly = true
            decodingAll = false
            let first = try nextFrame()
            if let first {
                best = first
                if first <= t + max(tolerance ?? 0, 0.5) { return first }
            }
            if !seekable || t - back <= 0 { break }
            back = back == 0 ? 1 : back * 2
        }
        return best
    }

    /// Decodes every frame from the current position (a keyframe, or the last fully decoded
    /// frame) until one reaches `t`.
    private func decodeForward(to t: Double) throws(MediaError) -> Double? {
        decodedForward = true
        decoder.keyframesOnly = false
        decodingAll = true
        var decoded = 0
        var time: Double?
        repeat {
            guard let next = try nextFrame() else { break }
            time = next
            decoded += 1
        } while (time ?? -.infinity) < t - 1e-3 && decoded < forwardLimit
        return time ?? lastTime
    }

    /// The time of the index's keyframe at or before `t`, when the demuxer keeps an index.
    private func keyframeTime(atOrBefore t: Double) -> Double? {
        let ts = timestamp(t)
        guard let entry = avformat_index_get_entry_from_timestamp(stream, ts, AVSEEK_FLAG_BACKWARD) else { return nil }
        return seconds(entry.pointee.timestamp, stream.pointee.time_base).map { $0 - startOffset }
    }

    private func timestamp(_ t: Double) -> Int64 {
        let tb = stream.pointee.time_base
        return Int64(((t + startOffset) / av_q2d(tb)).rounded(.down))
    }

    /// `av_seek_frame` to the keyframe at or before `t`; false when the file cannot seek
    /// (then reading simply goes on from where it is).
    private func seek(to t: Double) -> Bool {
        guard seekable else { return false }
        // The very start by byte where the demuxer allows it: MPEG-TS's timestamp search may
        // land a second in. Demuxers that cannot seek by byte (MP4) refuse; the timestamp seek serves.
        let byByte = t <= 0 && av_seek_frame(input.context, -1, 0, AVSEEK_FLAG_BYTE) >= 0
        if !byByte, av_seek_frame(input.context, Int32(decoder.streamIndex), timestamp(t), AVSEEK_FLAG_BACKWARD) < 0 {
            seekable = false
            return false
        }
        decoder.flush()
        flushed = false
        return true
    }

    /// Reads and decodes until the decoder gives a frame; its time, or nil at the end.
    private func nextFrame() throws(MediaError) -> Double? {
        while true {
            let received = decoder.receive(scratch)
            if received == 0 {
                if scratch.width > 0, scratch.height > 0, scratch.pointer.pointee.format >= 0 {
                    frame.unref()
                    av_frame_move_ref(frame.pointer, scratch.pointer)
                    let time = (frame.timestamp(decoder.timeBase) ?? ((lastTime ?? 0) + 0.04)) - startOffset
                    lastTime = time
                    return time
                }
                continue
            }
            if received == FFmpegError.eof { return nil }
            if received != FFmpegError.again { return nil }  // a decoder in error: nothing more to get
            if flushed { return nil }

            try input.deadline.check(file: input.path)
            let read = av_read_frame(input.context, packet.pointer)
            if read < 0 {
                if read == FFmpegError.exit, input.deadline.hasPassed {
                    throw MediaError.timedOut(seconds: input.deadline.seconds)
                }
                // End of file, or a damaged tail: drain what the decoder holds.
                _ = decoder.send(nil)
                flushed = true
                continue
            }
            defer { packet.unref() }
            if packet.pointer.pointee.stream_index != Int32(decoder.streamIndex) { continue }
            // A damaged packet is skipped: the next keyframe may well decode.
            _ = decoder.send(packet)
        }
    }
}
