#include "pair_sums.h"
#include "half_floats.h"

// No fused multiply-add and no reassociation: every lane must round exactly as the Swift
// reference does, whatever the target, so layouts are the same bytes on every machine.
#pragma STDC FP_CONTRACT OFF

static void portable_one(nm_pair_term term, const float *a, const float *b, long lo, long hi, float *sum) {
    for (long i = lo; i < hi; i += 16) {
        for (int l = 0; l < 16; l++) {
            float t;
            if (term == nm_product) {
                t = a[i + l] * b[i + l];
            } else {
                float d = a[i + l] - b[i + l];
                t = d * d;
            }
            sum[l] += t;
        }
    }
}

void nm_pair_sums_portable(nm_pair_term term, const float *a, const float *b, const float *c,
                           long lo, long hi, float *sum_b, float *sum_c) {
    portable_one(term, a, b, lo, hi, sum_b);
    if (c) portable_one(term, a, c, lo, hi, sum_c);
}

void nm_pair_sums_half_portable(nm_pair_term term, const uint16_t *a, const uint16_t *b, const uint16_t *c,
                                long lo, long hi, float *sum_b, float *sum_c) {
    // 16 elements at a time widened into place, then the float loop on them.
    float wa[16], wb[16], wc[16];
    for (long i = lo; i < hi; i += 16) {
        nm_half_to_float_portable(a + i, 16, wa);
        nm_half_to_float_portable(b + i, 16, wb);
        portable_one(term, wa, wb, 0, 16, sum_b);
        if (c) {
            nm_half_to_float_portable(c + i, 16, wc);
            portable_one(term, wa, wc, 0, 16, sum_c);
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

// At thousands of dimensions the sums wait on memory: each 16 elements are one cache line of
// the other row, so the same line of the next pair's row is prefetched per step; measuring two
// pairs that share a loads a once for both.
__attribute__((target("avx")))
static inline __m256 avx_term(nm_pair_term term, __m256 x, __m256 y) {
    if (term == nm_product) return _mm256_mul_ps(x, y);
    __m256 d = _mm256_sub_ps(x, y);
    return _mm256_mul_ps(d, d);
}

// The loops below, written once for both element types: ELEM is a row's element type, LOAD(p)
// loads 8 of them as floats (a plain load for float rows; F16C widening for binary16 rows, so
// those are widened as they are loaded and never stored wide).
#define NM_PAIR_KERNELS(PREFIX, ELEM, LOAD, TARGET)                                                          \
    __attribute__((target(TARGET)))                                                                          \
    static inline void PREFIX##_one(nm_pair_term term, const ELEM *a, const ELEM *b, const ELEM *next_b,      \
                                    long lo, long hi, float *sum_b) {                                        \
        __m256 low = _mm256_loadu_ps(sum_b), high = _mm256_loadu_ps(sum_b + 8);                              \
        for (long i = lo; i < hi; i += 16) {                                                                 \
            _mm_prefetch((const char *)(next_b + i), _MM_HINT_T0);                                           \
            low = _mm256_add_ps(low, avx_term(term, LOAD(a + i), LOAD(b + i)));                              \
            high = _mm256_add_ps(high, avx_term(term, LOAD(a + i + 8), LOAD(b + i + 8)));                    \
        }                                                                                                    \
        _mm256_storeu_ps(sum_b, low);                                                                        \
        _mm256_storeu_ps(sum_b + 8, high);                                                                   \
    }                                                                                                        \
                                                                                                             \
    __attribute__((target(TARGET)))                                                                          \
    static inline void PREFIX##_two(nm_pair_term term, const ELEM *a, const ELEM *b, const ELEM *c,          \
                                    const ELEM *next_b, const ELEM *next_c, long lo, long hi, float *sum_b,  \
                                    float *sum_c) {                                                          \
        __m256 bl = _mm256_loadu_ps(sum_b), bh = _mm256_loadu_ps(sum_b + 8);                                 \
        __m256 cl = _mm256_loadu_ps(sum_c), ch = _mm256_loadu_ps(sum_c + 8);                                 \
        for (long i = lo; i < hi; i += 16) {                                                                 \
            _mm_prefetch((const char *)(next_b + i), _MM_HINT_T0);                                           \
            _mm_prefetch((const char *)(next_c + i), _MM_HINT_T0);                                           \
            __m256 a0 = LOAD(a + i), a1 = LOAD(a + i + 8);                                                   \
            bl = _mm256_add_ps(bl, avx_term(term, a0, LOAD(b + i)));                                         \
            bh = _mm256_add_ps(bh, avx_term(term, a1, LOAD(b + i + 8)));                                     \
            cl = _mm256_add_ps(cl, avx_term(term, a0, LOAD(c + i)));                                         \
            ch = _mm256_add_ps(ch, avx_term(term, a1, LOAD(c + i + 8)));                                     \
        }                                                                                                    \
        _mm256_storeu_ps(sum_b, bl);                                                                         \
        _mm256_storeu_ps(sum_b + 8, bh);                                                                     \
        _mm256_storeu_ps(sum_c, cl);                                                                         \
        _mm256_storeu_ps(sum_c + 8, ch);                                                                     \
    }                                                                                                        \
                                                                                                             \
    /* Constant terms, so each loop is compiled without the branch. */                                       \
    __attribute__((target(TARGET)))                                                                          \
    static void PREFIX##_sums(nm_pair_term term, const ELEM *a, const ELEM *b, const ELEM *c,                \
                              const ELEM *next_b, const ELEM *next_c, long lo, long hi, float *sum_b,        \
                              float *sum_c) {                                                                \
        if (term == nm_product) {                                                                            \
            if (c) PREFIX##_two(nm_product, a, b, c, next_b, next_c, lo, hi, sum_b, sum_c);                  \
            else PREFIX##_one(nm_product, a, b, next_b, lo, hi, sum_b);                                      \
        } else {                                                                                             \
            if (c) PREFIX##_two(nm_squared_difference, a, b, c, next_b, next_c, lo, hi, sum_b, sum_c);       \
            else PREFIX##_one(nm_squared_difference, a, b, next_b, lo, hi, sum_b);                           \
        }                                                                                                    \
    }

__attribute__((target("avx")))
static inline __m256 loaded(const float *p) {
    return _mm256_loadu_ps(p);
}

__attribute__((target("avx,f16c")))
static inline __m256 widened(const uint16_t *h) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)h));
}

NM_PAIR_KERNELS(avx, float, loaded, "avx")
NM_PAIR_KERNELS(half, uint16_t, widened, "avx,f16c")
#undef NM_PAIR_KERNELS
#endif

int nm_pair_sums_vectorised(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx") ? 1 : 0;
#else
    return 0;
#endif
}

void nm_pair_sums(nm_pair_term term, const float *a, const float *b, const float *c,
                  const float *next_b, const float *next_c, long lo, long hi, float *sum_b, float *sum_c) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx")) {
        avx_sums(term, a, b, c, next_b ? next_b : b, next_c ? next_c : (c ? c : b), lo, hi, sum_b, sum_c);
        return;
    }
#endif
    (void)next_b;
    (void)next_c;
    nm_pair_sums_portable(term, a, b, c, lo, hi, sum_b, sum_c);
}

int nm_pair_sums_half_vectorised(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c") ? 1 : 0;
#else
    return 0;
#endif
}

void nm_pair_sums_half(nm_pair_term term, const uint16_t *a, const uint16_t *b, const uint16_t *c,
                       const uint16_t *next_b, const uint16_t *next_c, long lo, long hi, float *sum_b, float *sum_c) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c")) {
        half_sums(term, a, b, c, next_b ? next_b : b, next_c ? next_c : (c ? c : b), lo, hi, sum_b, sum_c);
        return;
    }
#endif
    (void)next_b;
    (void)next_c;
    nm_pair_sums_half_portable(term, a, b, c, lo, hi, sum_b, sum_c);
}
