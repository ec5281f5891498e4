#ifndef NM_CZLIB_SHIM_H
#define NM_CZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 is a macro; Swift cannot import it. Raw deflate (no zlib header) is what ZIP stores. */
static inline int nm_inflate_init_raw(z_stream *strm) {
    return inflateInit2(strm, -MAX_WBITS);
}
#endif
