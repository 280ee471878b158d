// mul_avx2.cc - mul_q8_avx2 (see mul.h): 16 elements per step on int32 lanes, offsets added after
// widening (|x + offset| <= 255, the product fits int32), one exact requantization.
#include <immintrin.h>

#include "kernels/x86/mul.h"
#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

namespace {

template <bool kUnsigned>
inline __m256i widen8(__m128i v) {
  return kUnsigned ? _mm256_cvtepu8_epi32(v) : _mm256_cvtepi8_epi32(v);
}

template <bool kUnsigned, bool kScalarB>
void mul_vectors(const octet_mul_params* p, const uint8_t* a, const uint8_t* b, uint8_t* out,
                 int64_t n) {
  const UniformQuantizedMultiplier q(p->output_multiplier, p->output_shift);
  const __m256i off1 = _mm256_set1_epi32(p->input1_offset);
  const __m256i off2 = _mm256_set1_epi32(p->input2_offset);
  const OutputLanes lanes(p->output_offset, p->act_min, p->act_max);
  // A scalar second input: its offset value once, for every lane.
  const __m256i y_scalar =
      kScalarB
          ? _mm256_set1_epi32((kUnsigned ? int32_t{b[0]} : int32_t{static_cast<int8_t>(b[0])}) +
                              p->input2_offset)
          : _mm256_setzero_si256();
  auto half = [&](__m128i x8, __m128i y8) {
    const __m256i x = _mm256_add_epi32(widen8<kUnsigned>(x8), off1);
    const __m256i y = kScalarB ? y_scalar : _mm256_add_epi32(widen8<kUnsigned>(y8), off2);
    return _mm256_add_epi32(q.apply(_mm256_mullo_epi32(x, y)), lanes.zero_point);
  };
  for (int64_t i = 0; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i));
    const __m128i y =
        kScalarB ? _mm_setzero_si128() : _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    const __m256i lo = half(x, y);
    const __m256i hi = half(_mm_srli_si128(x, 8), _mm_srli_si128(y, 8));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     narrow16_avx2<kUnsigned>(lo, hi, lanes.act_min, lanes.act_max));
  }
}

}  // namespace

void mul_q8_avx2(const octet_mul_params* p, bool is_unsigned, const uint8_t* a, const uint8_t* b,
                 int64_t b_stride, uint8_t* out, int64_t n) {
  if (b_stride == 0) {
    is_unsigned ? mul_vectors<true, true>(p, a, b, out, n)
                : mul_vectors<false, true>(p, a, b, out, n);
  } else {
    is_unsigned ? mul_vectors<true, false>(p, a, b, out, n)
                : mul_vectors<false, false>(p, a, b, out, n);
  }
  const int64_t done = n / 16 * 16;
  mul_q8_portable(p, is_unsigned, a + done, b_stride == 0 ? b : b + done, b_stride, out + done,
                  n - done);
}

}  // namespace octet::x86
