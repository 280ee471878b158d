// elementwise_avx2.cc - add_q8_avx2 (see elementwise.h): 16 elements per step, three exact
// requantizations on int32 lanes (both inputs, then the sum) with per-tensor constants.
#include <immintrin.h>

#include <cstring>

#include "kernels/x86/elementwise.h"
#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

namespace {

// RDBPOT(SRDHM(x, m), e) with one multiplier and exponent for all lanes (m may be negative for
// uint8 SUB: SRDHM only saturates for m == INT32_MIN, which QuantizeMultiplier never gives).
struct UniformRequant {
  __m256i m, e, mask, half;
  // The input with the larger scale always gets multiplier 0.5 (2^30, shift 0): SRDHM(x, 2^30) is
  // floor((x + 1) / 2) and RDBPOT by 0 is the identity, two instructions instead of twelve.
  bool halves;
  UniformRequant(int32_t multiplier, int32_t shift) {
    halves = multiplier == (1 << 30) && shift == 0;
    const int32_t exponent = shift < 0 ? -shift : 0;
    m = _mm256_set1_epi32(multiplier);
    e = _mm256_set1_epi32(exponent);
    const int32_t mk = static_cast<int32_t>((int64_t{1} << exponent) - 1);
    mask = _mm256_set1_epi32(mk);
    half = _mm256_set1_epi32(mk >> 1);
  }
  __m256i apply(__m256i x) const {
    if (halves) return _mm256_srai_epi32(_mm256_add_epi32(x, _mm256_set1_epi32(1)), 1);
    const __m256i r = srdhm_avx2(x, m, m);
    const __m256i remainder = _mm256_and_si256(r, mask);
    const __m256i threshold = _mm256_sub_epi32(half, _mm256_srai_epi32(r, 31));
    return _mm256_sub_epi32(_mm256_srav_epi32(r, e), _mm256_cmpgt_epi32(remainder, threshold));
  }
};

template <bool kUnsigned>
inline __m256i widen8(__m128i v) {
  return kUnsigned ? _mm256_cvtepu8_epi32(v) : _mm256_cvtepi8_epi32(v);
}

// a and b advance by `step` (16, or 0 for a broadcast value's 16 copies).
template <bool kUnsigned, AddOp kOp>
void add_vectors(const octet_add_params* p, const uint8_t* a, int64_t a_step, const uint8_t* b,
                 int64_t b_step, uint8_t* out, int64_t n) {
  const UniformRequant r1(p->input1_multiplier, p->input1_shift);
  const UniformRequant r2(p->input2_multiplier, p->input2_shift);
  const UniformRequant ro(p->output_multiplier, p->output_shift);
  const __m256i off1 = _mm256_set1_epi32(p->input1_offset);
  const __m256i off2 = _mm256_set1_epi32(p->input2_offset);
  const __m128i ls = _mm_cvtsi32_si128(p->left_shift);
  const OutputLanes lanes(p->output_offset, p->act_min, p->act_max);
  auto half = [&](__m128i x8, __m128i y8) {
    const __m256i s1 =
        r1.apply(_mm256_sll_epi32(_mm256_add_epi32(widen8<kUnsigned>(x8), off1), ls));
    const __m256i s2 =
        r2.apply(_mm256_sll_epi32(_mm256_add_epi32(widen8<kUnsigned>(y8), off2), ls));
    const __m256i raw = kOp == AddOp::kSub ? _mm256_sub_epi32(s1, s2) : _mm256_add_epi32(s1, s2);
    return _mm256_add_epi32(ro.apply(raw), lanes.zero_point);
  };
  for (int64_t i = 0; i + 16 <= n; i += 16, a += a_step, b += b_step) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
    const __m256i lo = half(x, y);
    const __m256i hi = half(_mm_srli_si128(x, 8), _mm_srli_si128(y, 8));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     narrow16_avx2<kUnsigned>(lo, hi, lanes.act_min, lanes.act_max));
  }
}

}  // namespace

void add_q8_avx2(const octet_add_params* p, bool is_unsigned, AddOp op, const uint8_t* a,
                 int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n) {
  // A broadcast value is read as 16 copies of itself.
  // (Only a broadcast input's first byte is read here: the other may be empty, n = 0.)
  uint8_t a16[16], b16[16];
  if (a_stride == 0) std::memset(a16, a[0], sizeof(a16));
  if (b_stride == 0) std::memset(b16, b[0], sizeof(b16));
  const uint8_t* va = a_stride == 0 ? a16 : a;
  const uint8_t* vb = b_stride == 0 ? b16 : b;
  const int64_t a_step = a_stride == 0 ? 0 : 16, b_step = b_stride == 0 ? 0 : 16;
  if (is_unsigned) {  // uint8 SUB is TFLite's ADD with a negated input-2 multiplier
    add_vectors<true, AddOp::kAdd>(p, va, a_step, vb, b_step, out, n);
  } else {
    op == AddOp::kSub ? add_vectors<false, AddOp::kSub>(p, va, a_step, vb, b_step, out, n)
                      : add_vectors<false, AddOp::kAdd>(p, va, a_step, vb, b_step, out, n);
  }
  const int64_t done = n / 16 * 16;
  add_q8_portable(p, is_unsigned, op, a + done * a_stride, a_stride, b + done * b_stride, b_stride,
                  out + done, n - done);
}

}  // namespace octet::x86
