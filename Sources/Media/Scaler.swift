import CFFmpeg

/// Converts decoded frames of any pixel format to full-range YUV 4:2:0 of a given size with
/// libswscale. Owns its `SwsContext` (`sws_getContext` / `sws_freeContext`) and makes a new
/// one when the source's size or format changes (damaged streams do that mid-file).
final class Scaler {
    private var context: OpaquePointer?
    private var key: (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, -1, 0, 0, -1)
    private let output: Frame

    init() throws(MediaError) {
        output = try Frame()
    }

    deinit { sws_freeContext(context) }

    /// Scales `frame` to `width`×`height` (even numbers) and copies the planes out.
    func scale(_ frame: Frame, width: Int, height: Int, smooth: Bool = true) throws(MediaError) -> YUVImage {
        let src = frame.pointer.pointee
        guard src.width > 0, src.height > 0, src.format >= 0, width > 0, height > 0 else {
            throw MediaError(.corrupt, "解码得到的画面无效（\(src.width)×\(src.height)）")
        }
        let k = (
            src.width, src.height, src.format, Int32(width), Int32(height), Int32(bitPattern: src.color_range.rawValue)
        )
        if context == nil || k != key {
            sws_freeContext(context)
            let flags = smooth ? SWS_BICUBIC : SWS_AREA
            context = sws_getContext(
                src.width, src.height, AVPixelFormat(src.format), Int32(width), Int32(height),
                AV_PIX_FMT_YUV420P, Int32(flags), nil, nil, nil)
            guard let context else {
                throw MediaError(.corrupt, "无法转换画面格式（\(src.width)×\(src.height)，像素格式 \(src.format)）")
            }
            key = k
            // Output full range: the MJPEG encoder wants it, and luma statistics read it as 0–255.
            let fullRangeSource = src.color_range == AVCOL_RANGE_JPEG || Self.isJPEGFormat(AVPixelFormat(src.format))
            let coefficients = sws_getCoefficients(SWS_CS_DEFAULT)
            sws_setColorspaceDetails(
                context, coefficients, fullRangeSource ? 1 : 0, coefficients, 1, 0, 1 << 16, 1 << 16)
        }
        output.unref()
        output.pointer.pointee.width = Int32(width)
        output.pointer.pointee.height = Int32(height)
        output.pointer.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        output.pointer.pointee.color_range = AVCOL_RANGE_JPEG
        do {
            try check(av_frame_get_buffer(output.pointer, 0), "av_frame_get_buffer")
            try check(sws_scale_frame(context, output.pointer, frame.pointer), "sws_scale_frame")
        } catch {
            throw MediaError(.corrupt, "画面尺寸异常，无法生成缩略图，请让上传单位重新导出", cause: error)
        }
        let o = output.pointer.pointee
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        return YUVImage(
            width: width, height: height,
            y: Self.copyPlane(o.data.0, Int(o.linesize.0), width, height),
            u: Self.copyPlane(o.data.1, Int(o.linesize.1), cw, ch),
            v: Self.copyPlane(o.data.2, Int(o.linesize.2), cw, ch)
        )
    }

    static func copyPlane(_ data: UnsafeMutablePointer<UInt8>?, _ linesize: Int, _ w: Int, _ h: Int) -> [UInt8] {
        guard let data else { return [UInt8](repeating: 128, count: w * h) }
        var out = [UInt8](repeating: 0, count: w * h)
        out.withUnsafeMutableBufferPointer { dst in
            guard let base = dst.baseAddress else { return }
            for row in 0..<h {
                (base + row * w).update(from: data + row * linesize, count: w)
            }
        }
        return out
    }

    static func isJPEGFormat(_ f: AVPixelFormat) -> Bool {
        [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P, AV_PIX_FMT_YUVJ440P, AV_PIX_FMT_YUVJ411P]
            .contains(f)
    }
}

/// Writes JPEG files with libavcodec's MJPEG encoder.
enum JPEGEncoder {
    /// Encodes `image` (full-range YUV 4:2:0) at quality `qscale` (2 best … 31 worst).
    static func encode(_ image: YUVImage, qscale: Int32 = 3) throws(MediaError) -> [UInt8] {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else {
            throw MediaError(.corrupt, "FFmpeg 缺少 MJPEG 编码器")
        }
        guard let allocated = avcodec_alloc_context3(codec) else {
            throw MediaError(.corrupt, "内存不足（avcodec_alloc_context3）")
        }
        var ctx: UnsafeMutablePointer<AVCodecContext>? = allocated
        defer { avcodec_free_context(&ctx) }
        allocated.pointee.width = Int32(image.width)
        allocated.pointee.height = Int32(image.height)
        allocated.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        allocated.pointee.color_range = AVCOL_RANGE_JPEG
        allocated.pointee.time_base = AVRational(num: 1, den: 25)
        allocated.pointee.flags |= AV_CODEC_FLAG_QSCALE
        allocated.pointee.global_quality = FF_QP2LAMBDA * qscale

        let frame = try Frame()
        let packet = try Packet()
        do {
            try check(avcodec_open2(allocated, codec, nil), "avcodec_open2")
            let f = frame.pointer
            f.pointee.width = Int32(image.width)
            f.pointee.height = Int32(image.height)
            f.pointee.format = AV_PIX_FMT_YUV420P.rawValue
            f.pointee.color_range = AVCOL_RANGE_JPEG
            f.pointee.quality = FF_QP2LAMBDA * qscale
            f.pointee.pts = 0
            try check(av_frame_get_buffer(f, 0), "av_frame_get_buffer")
            try check(av_frame_make_writable(f), "av_frame_make_writable")
            fill(f.pointee.data.0, Int(f.pointee.linesize.0), image.y, image.width, image.height)
            fill(f.pointee.data.1, Int(f.pointee.linesize.1), image.u, image.chromaWidth, image.chromaHeight)
            fill(f.pointee.data.2, Int(f.pointee.linesize.2), image.v, image.chromaWidth, image.chromaHeight)
            try check(avcodec_send_frame(allocated, f), "avcodec_send_frame")
            try check(avcodec_send_frame(allocated, nil), "avcodec_send_frame")
            try check(avcodec_receive_packet(allocated, packet.pointer), "avcodec_receive_packet")
        } catch {
            throw MediaError(.internal, "Lectern 内部错误：生成缩略图失败，请联系管理员", cause: error)
        }
        defer { packet.unref() }
        let p = packet.pointer.pointee
        return Array(UnsafeBufferPointer(start: p.data, count: Int(p.size)))
    }

    private static func fill(_ dst: UnsafeMutablePointer<UInt8>?, _ linesize: Int, _ plane: [UInt8], _ w: Int, _ h: Int)
    {
        guard let dst else { return }
        plane.withUnsafeBufferPointer { src in
            guard let base = src.baseAddress else { return }
            for row in 0..<h { (dst + row * linesize).update(from: base + row * w, count: w) }
        }
    }
}
