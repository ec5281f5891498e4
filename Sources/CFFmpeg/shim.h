#ifndef NM_CFFMPEG_SHIM_H
#define NM_CFFMPEG_SHIM_H
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
#include <libavutil/avutil.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/error.h>
#include <errno.h>

/* Swift cannot import function-like or compound-literal macros; these re-export them. */
static inline int nm_averror(int posix_errno) { return AVERROR(posix_errno); }
static inline int nm_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int nm_averror_eof(void) { return AVERROR_EOF; }
static inline int64_t nm_nopts_value(void) { return AV_NOPTS_VALUE; }
#endif
