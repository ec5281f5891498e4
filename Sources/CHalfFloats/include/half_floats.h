#ifndef NM_HALF_FLOATS_H
#define NM_HALF_FLOATS_H
#include <stdint.h>

/// Converts count IEEE binary16 values (host byte order) to binary32, exactly: with the F16C
/// instruction where the CPU has it, else returns 0 having converted nothing (the caller then
/// uses its portable conversion). Returns 1 when converted.
int nm_half_to_float(const uint16_t *half, long count, float *out);

#endif
