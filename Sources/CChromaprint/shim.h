#ifndef LECTERN_CCHROMAPRINT_SHIM_H
#define LECTERN_CCHROMAPRINT_SHIM_H

// Chromaprint (the library behind AcoustID) and libswresample, which turns any decoded
// audio into what Chromaprint reads: signed 16-bit mono at its own sample rate.
#include <chromaprint.h>
#include <libswresample/swresample.h>
#include <libavutil/channel_layout.h>
#include <libavutil/samplefmt.h>
#include <libavutil/opt.h>

#endif
