#ifndef NM_CCAIRO_SHIM_H
#define NM_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#endif
