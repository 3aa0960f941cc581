import CFFmpeg
import Foundation
import LecternCore

/// Reads what a file holds, as ffprobe's `-show_format -show_streams` would, into a `MediaInfo`.
public enum Prober {
    /// Probes one file. Throws `MediaError` with a kind from CLI.md; audio-only files are fine here.
    public static func probe(path: String, timeoutSeconds: Double = 30) throws(MediaError) -> MediaInfo {
        let input = try InputFile(path: path, timeoutSeconds: timeoutSeconds)
        return try probe(input)
    }

    static func probe(_ input: InputFile) throws(MediaError) -> MediaInfo {
        let ctx = input.context.pointee
        let videoIndex = input.mainVideoStreamIndex
        let audioIndex = input.mainAudioStreamIndex
        if videoIndex == nil && audioIndex == nil {
            throw MediaError(.notMedia, "文件中没有音频或视频（容器：\(cString(ctx.iformat?.pointee.name) ?? "未知")）")
        }

        var info = MediaInfo(
            file: input.path, sizeBytes: input.sizeBytes,
            container: cString(ctx.iformat?.pointee.name) ?? "unknown",
            containerLongName: cString(ctx.iformat?.pointee.long_name),
            containerDurationSeconds: ctx.duration == noPTS || ctx.duration <= 0
                ? nil : Double(ctx.duration) / Double(AV_TIME_BASE),
            startTimeSeconds: ctx.start_time == noPTS ? nil : Double(ctx.start_time) / Double(AV_TIME_BASE),
            bitRate: ctx.bit_rate > 0 ? ctx.bit_rate : nil,
            tags: dictionary(ctx.metadata)
        )

        var longestStream: Double?
        for i in 0..<input.streamCount {
            guard let st = input.stream(i), let par = st.pointee.codecpar else { continue }
            let type = par.pointee.codec_type
            let streamDuration = seconds(st.pointee.duration, st.pointee.time_base).flatMap { $0 > 0 ? $0 : nil }
            if (type == AVMEDIA_TYPE_VIDEO && !InputFile.isAttachedPicture(st)) || type == AVMEDIA_TYPE_AUDIO,
                let d = streamDuration
            {
                longestStream = max(longestStream ?? 0, d)
            }
            if i == videoIndex {
                info.video = videoInfo(st, index: i, duration: streamDuration)
            } else if i == audioIndex {
                info.audio = audioInfo(st, index: i, duration: streamDuration)
            } else {
                count(st, in: &info.otherStreams)
            }
        }
        info.streamDurationSeconds = longestStream
        info.durationSeconds = info.containerDurationSeconds ?? longestStream
        info.chapters = chapters(input.context)
        info.warnings = warnings(for: info)
        return info
    }

    // MARK: - Streams

    static func videoInfo(_ st: UnsafeMutablePointer<AVStream>, index: Int, duration: Double?) -> VideoStreamInfo {
        let par = st.pointee.codecpar.pointee
        let sar = par.sample_aspect_ratio
        let rate = st.pointee.avg_frame_rate.value ?? st.pointee.r_frame_rate.value
        let rotation = lectern_stream_rotation(st)
        return VideoStreamInfo(
            index: index,
            codec: String(cString: avcodec_get_name(par.codec_id)),
            profile: cString(avcodec_profile_name(par.codec_id, par.profile)),
            width: Int(par.width), height: Int(par.height),
            sampleAspectRatio: sar.num > 0 && sar.den > 0 ? "\(sar.num):\(sar.den)" : nil,
            frameRate: rate,
            rotation: rotation.isNaN ? 0 : Int(rotation.rounded()),
            pixelFormat: par.format >= 0 ? cString(av_get_pix_fmt_name(AVPixelFormat(par.format))) : nil,
            bitRate: par.bit_rate > 0 ? par.bit_rate : nil,
            durationSeconds: duration,
            tags: dictionary(st.pointee.metadata)
        )
    }

    static func audioInfo(_ st: UnsafeMutablePointer<AVStream>, index: Int, duration: Double?) -> AudioStreamInfo {
        let par = st.pointee.codecpar.pointee
        return AudioStreamInfo(
            index: index,
            codec: String(cString: avcodec_get_name(par.codec_id)),
            profile: cString(avcodec_profile_name(par.codec_id, par.profile)),
            sampleRate: par.sample_rate > 0 ? Int(par.sample_rate) : nil,
            channels: par.ch_layout.nb_channels > 0 ? Int(par.ch_layout.nb_channels) : nil,
            bitRate: par.bit_rate > 0 ? par.bit_rate : nil,
            durationSeconds: duration,
            tags: dictionary(st.pointee.metadata)
        )
    }

    static func count(_ st: UnsafeMutablePointer<AVStream>, in counts: inout OtherStreamCounts) {
        switch st.pointee.codecpar.pointee.codec_type {
        case AVMEDIA_TYPE_VIDEO:
            if InputFile.isAttachedPicture(st) { counts.attachedPictures += 1 } else { counts.video += 1 }
        case AVMEDIA_TYPE_AUDIO: counts.audio += 1
        case AVMEDIA_TYPE_SUBTITLE: counts.subtitle += 1
        case AVMEDIA_TYPE_ATTACHMENT: counts.attachment += 1
        default: counts.data += 1
        }
    }

    static func chapters(_ ctx: UnsafeMutablePointer<AVFormatContext>) -> [Chapter] {
        guard let list = ctx.pointee.chapters else { return [] }
        return (0..<Int(ctx.pointee.nb_chapters)).compactMap { i in
            guard let ch = list[i]?.pointee else { return nil }
            return Chapter(
                startSeconds: seconds(ch.start, ch.time_base) ?? 0,
                endSeconds: seconds(ch.end, ch.time_base) ?? 0,
                title: dictionary(ch.metadata)["title"]
            )
        }
    }

    static func warnings(for info: MediaInfo) -> [MediaWarning] {
        var out: [MediaWarning] = []
        if let c = info.containerDurationSeconds, let s = info.streamDurationSeconds, abs(c - s) > 1 {
            out.append(
                MediaWarning(
                    code: .durationMismatch,
                    message:
                        "容器标称时长 \(String(format: "%.2f", c)) 秒，与音视频流时长 \(String(format: "%.2f", s)) 秒不一致（文件头可能被改写或文件损坏）"
                ))
        }
        // A video file averaging under 512 b/s over its claimed length does not hold that much video
        // (a still slide at 1 fps with silent audio still needs about 1.3 kb/s).
        if info.video != nil, let d = info.durationSeconds, d > 10, Double(info.sizeBytes) * 8 / d < 512 {
            let rate = Double(info.sizeBytes) * 8 / d
            out.append(
                MediaWarning(
                    code: .durationImplausible,
                    message:
                        "标称时长 \(String(format: "%.0f", d)) 秒，但按文件大小平均码率只有 \(String(format: "%.0f", rate)) b/s，时长不可信（文件头可能被改写或文件损坏）"
                ))
        }
        if info.durationSeconds == nil {
            out.append(MediaWarning(code: .durationUnknown, message: "文件没有标明时长"))
        }
        if let a = info.audio, a.sampleRate == nil || a.channels == nil {
            out.append(MediaWarning(code: .audioParametersUnknown, message: "无法读出音频的采样率或声道数"))
        }
        return out
    }

    // MARK: - Text

    /// All entries of an AVDictionary. Values that are not valid UTF-8 (GBK tags written by
    /// old Chinese software) are read as GB 18030 rather than mangled.
    static func dictionary(_ dict: OpaquePointer?) -> [String: String] {
        var out: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>?
        while let e = av_dict_get(dict, "", entry, AV_DICT_IGNORE_SUFFIX) {
            entry = e
            if let key = cString(e.pointee.key), let value = cString(e.pointee.value) { out[key] = value }
        }
        return out
    }
}

/// A C string as Swift text: UTF-8 when valid, else GB 18030, else UTF-8 with replacement characters.
func cString(_ p: UnsafePointer<CChar>?) -> String? {
    guard let p else { return nil }
    let bytes = Data(bytes: p, count: strlen(p))
    if let s = String(validating: bytes, as: UTF8.self) { return s }
    if let s = String(data: bytes, encoding: gb18030) { return s }
    return String(decoding: bytes, as: UTF8.self)
}

/// GB 18030-2000 (kCFStringEncodingGB_18030_2000 as an NSStringEncoding): Foundation on Linux
/// decodes it, though it has no named constant.
let gb18030 = String.Encoding(rawValue: 0x8000_0632)
