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

/* The POSIX errno behind an AVERROR code, or 0 when the code is an FFmpeg tag (AVERROR_EOF, ...):
   AVERROR(e) is -e on every platform FFmpeg supports, tags are large negative FourCCs. */
static inline int nm_averror_to_errno(int averror) {
    return (averror < 0 && averror > -4096) ? -averror : 0;
}
#endif
