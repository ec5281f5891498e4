#ifndef NM_CCAIRO_SHIM_H
#define NM_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

/* Asks for the cache line at p ahead of a write to it (the splatter's coming discs); only a
   hint, so it cannot change what is drawn. */
static inline void nm_prefetch_for_write(const void *p) { __builtin_prefetch(p, 1, 3); }
#endif
