#ifndef NM_PAIR_SUMS_H
#define NM_PAIR_SUMS_H
#include <stdint.h>

/// The term summed over a pair of rows.
typedef enum {
    /// (a_i - b_i)^2: squared euclidean distance.
    nm_squared_difference = 0,
    /// a_i * b_i: dot product.
    nm_product = 1,
} nm_pair_term;

/// Adds the terms of elements lo ..< hi (multiples of 16) of the pair (a, b) to sum_b and, when
/// c is not NULL, of the pair (a, c) to sum_c. A sum is 16 floats: element i + l of each 16 goes
/// to lane l, each lane adding in ascending i, so the result is bit-identical to the Swift
/// SurrogateSum (lanes 0-7 its low half, 8-15 its high half) on every machine. Elements
/// lo ..< hi of next_b and next_c (the pairs measured next) are prefetched meanwhile.
void nm_pair_sums(nm_pair_term term, const float *a, const float *b, const float *c,
                  const float *next_b, const float *next_c, long lo, long hi, float *sum_b, float *sum_c);

/// nm_pair_sums without the vector instructions chosen at run time (same bits; for tests).
void nm_pair_sums_portable(nm_pair_term term, const float *a, const float *b, const float *c,
                           long lo, long hi, float *sum_b, float *sum_c);

/// 1 if nm_pair_sums uses 8-lane AVX on this machine, 0 if it uses the portable loop.
int nm_pair_sums_vectorised(void);

/// nm_pair_sums on rows stored as IEEE binary16 bit patterns (host byte order), each element
/// widened to binary32 (exactly) before the same arithmetic: the very sums nm_pair_sums gives
/// on the widened rows, from half the bytes (the re-ranking of wide rows waits on memory).
void nm_pair_sums_half(nm_pair_term term, const uint16_t *a, const uint16_t *b, const uint16_t *c,
                       const uint16_t *next_b, const uint16_t *next_c, long lo, long hi, float *sum_b, float *sum_c);

/// nm_pair_sums_half without the instructions chosen at run time (same bits; for tests).
void nm_pair_sums_half_portable(nm_pair_term term, const uint16_t *a, const uint16_t *b, const uint16_t *c,
                                long lo, long hi, float *sum_b, float *sum_c);

/// 1 if nm_pair_sums_half uses AVX and F16C on this machine, 0 if it uses the portable loop.
int nm_pair_sums_half_vectorised(void);

#endif
