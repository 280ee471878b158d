// elementwise_avx512vnni.cc - add_q8_avx512 (see elementwise.h): the AVX2 kernel's arithmetic on
// 16 int32 lanes, 64 elements per step (four vectors per input, narrowed together).
#include <immintrin.h>

#include <cstring>

#include "kernels/x86/elementwise.h"
#include "kernels/x86/requant_avx512.h"

namespace octet::x86 {

namespace {

// RDBPOT(SRDHM(x, m), e) with one multiplier and exponent for all lanes (elementwise_avx2.cc's
// UniformRequant on zmm: m may be negative for uint8 SUB; multiplier 2^30 with shift 0 is
// floor((x + 1) / 2)).
struct UniformRequant512 {
  __m512i m, e, mask, half;
  bool halves;
  UniformRequant512(int32_t multiplier, int32_t shift) {
    halves = multiplier == (1 << 30) && shift == 0;
    const int32_t exponent = shift < 0 ? -shift : 0;
    m = _mm512_set1_epi32(multiplier);
    e = _mm512_set1_epi32(exponent);
    const int32_t mk = static_cast<int32_t>((int64_t{1} << exponent) - 1);
    mask = _mm512_set1_epi32(mk);
    half = _mm512_set1_epi32(mk >> 1);
  }
  __m512i apply(__m512i x) const {
    if (halves) return _mm512_srai_epi32(_mm512_add_epi32(x, _mm512_set1_epi32(1)), 1);
    const __m512i r = srdhm_avx512(x, m, m);
    const __m512i remainder = _mm512_and_si512(r, mask);
    const __m512i threshold = _mm512_sub_epi32(half, _mm512_srai_epi32(r, 31));
    const __m512i q = _mm512_srav_epi32(r, e);
    return _mm512_mask_add_epi32(q, _mm512_cmpgt_epi32_mask(remainder, threshold), q,
                                 _mm512_set1_epi32(1));
  }
};

template <bool kUnsigned>
inline __m512i widen8(__m128i v) {
  return kUnsigned ? _mm512_cvtepu8_epi32(v) : _mm512_cvtepi8_epi32(v);
}

// a and b advance by `step` (64, or 0 for a broadcast value's 64 copies); n / 64 blocks.
template <bool kUnsigned, AddOp kOp>
void add_blocks(const octet_add_params* p, const uint8_t* a, int64_t a_step, const uint8_t* b,
                int64_t b_step, uint8_t* out, int64_t n) {
  const UniformRequant512 r1(p->input1_multiplier, p->input1_shift);
  const UniformRequant512 r2(p->input2_multiplier, p->input2_shift);
  const UniformRequant512 ro(p->output_multiplier, p->output_shift);
  const __m512i off1 = _mm512_set1_epi32(p->input1_offset);
  const __m512i off2 = _mm512_set1_epi32(p->input2_offset);
  const __m128i ls = _mm_cvtsi32_si128(p->left_shift);
  const OutputBytes bytes(OutputStage{p->output_offset, p->act_min, p->act_max, kUnsigned});
  auto quarter = [&](__m128i x8, __m128i y8) {
    const __m512i s1 =
        r1.apply(_mm512_sll_epi32(_mm512_add_epi32(widen8<kUnsigned>(x8), off1), ls));
    const __m512i s2 =
        r2.apply(_mm512_sll_epi32(_mm512_add_epi32(widen8<kUnsigned>(y8), off2), ls));
    const __m512i raw = kOp == AddOp::kSub ? _mm512_sub_epi32(s1, s2) : _mm512_add_epi32(s1, s2);
    return _mm512_add_epi32(ro.apply(raw), bytes.zero_point);
  };
  for (int64_t i = 0; i + 64 <= n; i += 64, a += a_step, b += b_step) {
    const __m512i x = _mm512_loadu_si512(a);
    const __m512i y = _mm512_loadu_si512(b);
    const __m512i v0 = quarter(_mm512_extracti32x4_epi32(x, 0), _mm512_extracti32x4_epi32(y, 0));
    const __m512i v1 = quarter(_mm512_extracti32x4_epi32(x, 1), _mm512_extracti32x4_epi32(y, 1));
    const __m512i v2 = quarter(_mm512_extracti32x4_epi32(x, 2), _mm512_extracti32x4_epi32(y, 2));
    const __m512i v3 = quarter(_mm512_extracti32x4_epi32(x, 3), _mm512_extracti32x4_epi32(y, 3));
    _mm512_storeu_si512(out + i, narrow4(v0, v1, v2, v3, bytes));
  }
}

}  // namespace

void add_q8_avx512(const octet_add_params* p, bool is_unsigned, AddOp op, const uint8_t* a,
                   int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n) {
  // A broadcast value is read as 64 copies of itself.
  // (Only a broadcast input's first byte is read here: the other may be empty, n = 0.)
  uint8_t a64[64], b64[64];
  if (a_stride == 0) std::memset(a64, a[0], sizeof(a64));
  if (b_stride == 0) std::memset(b64, b[0], sizeof(b64));
  const uint8_t* va = a_stride == 0 ? a64 : a;
  const uint8_t* vb = b_stride == 0 ? b64 : b;
  const int64_t a_step = a_stride == 0 ? 0 : 64, b_step = b_stride == 0 ? 0 : 64;
  if (is_unsigned) {  // uint8 SUB is TFLite's ADD with a negated input-2 multiplier
    add_blocks<true, AddOp::kAdd>(p, va, a_step, vb, b_step, out, n);
  } else {
    op == AddOp::kSub ? add_blocks<false, AddOp::kSub>(p, va, a_step, vb, b_step, out, n)
                      : add_blocks<false, AddOp::kAdd>(p, va, a_step, vb, b_step, out, n);
  }
  const int64_t done = n / 64 * 64;  // the rest, 16 at a time and then one by one
  add_q8_avx2(p, is_unsigned, op, a + done * a_stride, a_stride, b + done * b_stride, b_stride,
              out + done, n - done);
}

}  // namespace octet::x86
