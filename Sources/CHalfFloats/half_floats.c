#include "half_floats.h"
#include <string.h>

// binary16 -> binary32 is exact: shift exponent and mantissa into place and rebias the
// exponent by 127 - 15 = 112; Inf and NaN get another 112 so their exponent is all ones;
// subnormals are renormalised by subtracting 2^-14 after adding it as an implicit one
// (F. Giesen, "half_to_float_fast").
static inline float portable_one(uint16_t h) {
    const uint32_t exponent_mask = 0x7C00u << 13;
    uint32_t shifted = (uint32_t)(h & 0x7FFF) << 13;
    uint32_t exponent = shifted & exponent_mask;
    uint32_t bits = shifted + ((127u - 15u) << 23);
    float value;
    if (exponent == exponent_mask) bits += (128u - 16u) << 23;
    if (exponent == 0) {
        const uint32_t magic_bits = 113u << 23;  // 2^-14
        float magic;
        bits += 1u << 23;
        memcpy(&value, &bits, 4);
        memcpy(&magic, &magic_bits, 4);
        value -= magic;
        memcpy(&bits, &value, 4);
    }
    bits |= (uint32_t)(h & 0x8000) << 16;
    memcpy(&value, &bits, 4);
    return value;
}

void nm_half_to_float_portable(const uint16_t *half, long count, float *out) {
    for (long i = 0; i < count; i++) out[i] = portable_one(half[i]);
}

#if defined(__x86_64__)
#include <immintrin.h>

// The instruction gives the very values of the portable conversion, eight at a time.
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

int nm_half_to_float_vectorised(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c") ? 1 : 0;
#else
    return 0;
#endif
}

void nm_half_to_float(const uint16_t *half, long count, float *out) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c")) {
        f16c_to_float(half, count, out);
        return;
    }
#endif
    nm_half_to_float_portable(half, count, out);
}
