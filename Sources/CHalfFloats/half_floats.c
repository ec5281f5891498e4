#include "half_floats.h"

#if defined(__x86_64__)
#include <immintrin.h>

// binary16 -> binary32 is exact, so the instruction gives the very values of the portable
// conversion (NaNs stay NaN; a layout rejects them either way), eight at a time.
__attribute__((target("avx,f16c")))
static void f16c_to_float(const uint16_t *half, long count, float *out) {
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(half + i))));
    }
    if (i < count) {
        uint16_t rest[8] = {0};
        float converted[8];
        for (long j = i; j < count; j++) rest[j - i] = half[j];
        _mm256_storeu_ps(converted, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)rest)));
        for (long j = i; j < count; j++) out[j] = converted[j - i];
    }
}
#endif

int nm_half_to_float(const uint16_t *half, long count, float *out) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c")) {
        f16c_to_float(half, count, out);
        return 1;
    }
#endif
    (void)half;
    (void)count;
    (void)out;
    return 0;
}
