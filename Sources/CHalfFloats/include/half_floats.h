#ifndef NM_HALF_FLOATS_H
#define NM_HALF_FLOATS_H
#include <stdint.h>

/// Converts count IEEE binary16 values (host byte order) to binary32, exactly: with the F16C
/// instruction where the CPU has it, else one value at a time (the same values).
void nm_half_to_float(const uint16_t *half, long count, float *out);

/// 1 if nm_half_to_float uses F16C on this machine, 0 if it converts one value at a time.
int nm_half_to_float_vectorised(void);

/// nm_half_to_float without the instruction chosen at run time (same values; for tests).
void nm_half_to_float_portable(const uint16_t *half, long count, float *out);

#endif
