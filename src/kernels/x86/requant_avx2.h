// requant_avx2.h - the exact requantization of requant.h on eight int32 lanes, and narrowing to
// 8-bit outputs with the activation clamp. Included only by *_avx2.cc files (needs -mavx2).
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "kernels/x86/requant.h"

namespace octet::x86 {

// The parameter fields of eight channels: `block` is a RequantTable block, `half` 0 or 8.
struct RequantLanes8 {
  const int32_t* block;
  int half;
  __m256i field(RequantField f) const {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + f * kChannelBlock + half));
  }
};

// round(x * m / 2^31) with ties up (SRDHM; m >= 0, so it never saturates), from 64-bit products:
// the result is bits 31..62 of x*m + 2^30. Even lanes shift those bits down, odd lanes shift them
// up into the high half, and a blend joins them.
inline __m256i srdhm_avx2(__m256i x, __m256i m, __m256i m_odd) {
  const __m256i nudge = _mm256_set1_epi64x(int64_t{1} << 30);
  const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, m), nudge);
  const __m256i odd = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), m_odd), nudge);
  return _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
}

// int32 accumulators -> requantized int32 including the output zero point (not yet clamped).
template <RequantMode kMode>
inline __m256i requantize_avx2(__m256i acc, const RequantLanes8& p, __m256i zero_point) {
  if constexpr (kMode == RequantMode::kFast) {
    const __m256i r = srdhm_avx2(acc, p.field(kFieldMultiplier), p.field(kFieldMultiplierOdd));
    // -1 for negative r; a compare, not a shift: Zen 3 runs shifts on two pipes, compares on four.
    const __m256i negative = _mm256_cmpgt_epi32(_mm256_setzero_si256(), r);
    const __m256i t = _mm256_add_epi32(_mm256_add_epi32(r, p.field(kFieldRounding)), negative);
    return _mm256_srav_epi32(t, p.field(kFieldRightShift));
  } else {
    const __m256i x = _mm256_sllv_epi32(acc, p.field(kFieldLeftShift));
    const __m256i r = srdhm_avx2(x, p.field(kFieldMultiplier), p.field(kFieldMultiplierOdd));
    const __m256i remainder = _mm256_and_si256(r, p.field(kFieldRoundMask));
    // threshold = mask / 2 + (r < 0); the compare gives -1 for negative r.
    const __m256i threshold =
        _mm256_sub_epi32(p.field(kFieldRoundHalf), _mm256_cmpgt_epi32(_mm256_setzero_si256(), r));
    __m256i q = _mm256_srav_epi32(r, p.field(kFieldRightShift));
    q = _mm256_sub_epi32(q, _mm256_cmpgt_epi32(remainder, threshold));
    (void)zero_point;
    return _mm256_add_epi32(q, zero_point);
  }
}

// TFLite's MultiplyByQuantizedMultiplier (octet_mul_by_quantized_mul) with one multiplier and
// shift for all lanes: wrapping left shift, SRDHM (srdhm_avx2 rounds as the reference for either
// sign of x; m >= 0), rounding right shift with ties away from zero. shift in [-31, 30].
struct UniformQuantizedMultiplier {
  __m128i left_shift, right_shift;
  __m256i multiplier, mask, half;
  UniformQuantizedMultiplier(int32_t m, int32_t shift)
      : left_shift(_mm_cvtsi32_si128(shift > 0 ? shift : 0)),
        right_shift(_mm_cvtsi32_si128(shift > 0 ? 0 : -shift)),
        multiplier(_mm256_set1_epi32(m)) {
    const int32_t mk = static_cast<int32_t>((int64_t{1} << (shift > 0 ? 0 : -shift)) - 1);
    mask = _mm256_set1_epi32(mk);
    half = _mm256_set1_epi32(mk >> 1);
  }
  __m256i apply(__m256i x) const {
    const __m256i r = srdhm_avx2(_mm256_sll_epi32(x, left_shift), multiplier, multiplier);
    // threshold = mask / 2 + (r < 0); the compare gives -1 for negative r.
    const __m256i threshold = _mm256_sub_epi32(half, _mm256_cmpgt_epi32(_mm256_setzero_si256(), r));
    const __m256i up = _mm256_cmpgt_epi32(_mm256_and_si256(r, mask), threshold);
    return _mm256_sub_epi32(_mm256_sra_epi32(r, right_shift), up);
  }
};

// Sixteen requantized int32 (channels 0-7 in lo, 8-15 in hi) -> sixteen 8-bit outputs in order,
// saturated to the type and clamped to [act_min, act_max] (given as replicated bytes).
template <bool kUnsigned>
inline __m128i narrow16_avx2(__m256i lo, __m256i hi, __m128i act_min, __m128i act_max) {
  // packs works within 128-bit lanes: [0-3 8-11 | 4-7 12-15]; permute to [0-7 | 8-15].
  const __m256i w = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
  const __m128i a = _mm256_castsi256_si128(w), b = _mm256_extracti128_si256(w, 1);
  if constexpr (kUnsigned) {
    return _mm_min_epu8(_mm_max_epu8(_mm_packus_epi16(a, b), act_min), act_max);
  } else {
    return _mm_min_epi8(_mm_max_epi8(_mm_packs_epi16(a, b), act_min), act_max);
  }
}

// Stores the first n (< 16) bytes of v.
inline void store_partial16(void* dst, __m128i v, int n) {
  alignas(16) uint8_t tmp[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(tmp), v);
  std::memcpy(dst, tmp, static_cast<size_t>(n));
}

// The output stage of a layer, broadcast once.
struct OutputLanes {
  __m256i zero_point;
  __m128i act_min, act_max;
  OutputLanes(int32_t zp, int32_t min, int32_t max)
      : zero_point(_mm256_set1_epi32(zp)),
        act_min(_mm_set1_epi8(static_cast<char>(min))),
        act_max(_mm_set1_epi8(static_cast<char>(max))) {}
  explicit OutputLanes(const OutputStage& o) : OutputLanes(o.zero_point, o.act_min, o.act_max) {}
};

// Requantizes, narrows and stores the 16 channels of one output row (nc valid).
template <RequantMode kMode, bool kUnsigned>
inline void store_requantized16_avx2(__m256i acc_lo, __m256i acc_hi, const int32_t* block,
                                     const OutputLanes& out, uint8_t* dst, int nc) {
  const __m256i lo = requantize_avx2<kMode>(acc_lo, RequantLanes8{block, 0}, out.zero_point);
  const __m256i hi = requantize_avx2<kMode>(acc_hi, RequantLanes8{block, 8}, out.zero_point);
  const __m128i v = narrow16_avx2<kUnsigned>(lo, hi, out.act_min, out.act_max);
  if (nc >= 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), v);
  } else {
    store_partial16(dst, v, nc);
  }
}

}  // namespace octet::x86
