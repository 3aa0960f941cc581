#ifndef LECTERN_CFFMPEG_SHIM_H
#define LECTERN_CFFMPEG_SHIM_H

#include <string.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libavutil/dict.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/opt.h>
#include <libavutil/channel_layout.h>

// Function-like and compound macros that Swift cannot import, as functions.

static inline int lectern_averror(int e) { return AVERROR(e); }
static inline int lectern_averror_eof(void) { return AVERROR_EOF; }
static inline int lectern_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int lectern_averror_exit(void) { return AVERROR_EXIT; }
static inline int lectern_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int lectern_averror_demuxer_not_found(void) { return AVERROR_DEMUXER_NOT_FOUND; }
static inline int lectern_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int64_t lectern_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational lectern_av_time_base_q(void) { return AV_TIME_BASE_Q; }

/// The rotation in degrees counter-clockwise that the stream's display matrix asks for,
/// as ffprobe prints it, or NAN when the stream has no display matrix.
static inline double lectern_stream_rotation(const AVStream *st) {
    size_t size = 0;
    const uint8_t *sd = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!sd || size < 9 * sizeof(int32_t)) return NAN;
    return av_display_rotation_get((const int32_t *)sd);
}

/// Formats one av_log call into `line` (the va_list can't be handled from Swift on Linux portably).
static inline int lectern_format_log_line(void *avcl, int level, const char *fmt, va_list vl,
                                          char *line, int size) {
    int print_prefix = 1;
    return av_log_format_line2(avcl, level, fmt, vl, line, size, &print_prefix);
}


/// Copies the input stream's display matrix (a phone video's rotation) to an output stream.
static inline void lectern_copy_display_matrix(const AVStream *in, AVStream *out) {
    size_t size = 0;
    const uint8_t *sd = av_stream_get_side_data(in, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!sd || size == 0) return;
    uint8_t *copy = av_stream_new_side_data(out, AV_PKT_DATA_DISPLAYMATRIX, size);
    if (copy) memcpy(copy, sd, size);
}

/// AVFMT_GLOBALHEADER of an output format (mp4 keeps the codec headers once, not in-band).
static inline int lectern_wants_global_header(const AVFormatContext *ctx) {
    return (ctx->oformat->flags & AVFMT_GLOBALHEADER) != 0;
}
static inline int lectern_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }

#endif
