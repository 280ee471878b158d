// elementwise_avx512vbmi.cc - add_q8_tables_avx512vbmi (see elementwise.h): ADD/SUB with each
// input's rescaled term looked up in prepare-time tables, 64 elements per step.
//
// Per input and 64 elements: one vpmovb2m (the bytes' top bits), then for each of the term's four
// bytes two vpermi2b (entries 0-127 and 128-255, selected by the index's low 7 bits) and a byte
// blend by the top bit; four unpacks of bytes and four of words assemble the int32 terms. The
// unpacks work within 128-bit lanes, so the four int32 vectors hold elements 16L + 0..3, 4..7,
// 8..11 and 12..15 of each lane L, which is the order the narrowing packs (also per lane) turn
// back into 0..63: no cross-lane permute.
#include <immintrin.h>

#include "kernels/x86/elementwise.h"
#include "kernels/x86/requant_avx512.h"

namespace octet::x86 {

namespace {

// One input's four term-byte tables (4 x 256 bytes), as 16 vectors.
struct TermTables {
  __m512i t[4][4];  // [byte][quarter of the 256 entries]
  explicit TermTables(const uint8_t (&terms)[4][256]) {
    for (int b = 0; b < 4; ++b) {
      for (int q = 0; q < 4; ++q) t[b][q] = _mm512_load_si512(terms[b] + 64 * q);
    }
  }
  // The int32 terms of 64 bytes x, as four vectors in the lane order above.
  void lookup(__m512i x, __m512i (&v)[4]) const {
    const __mmask64 high = _mm512_movepi8_mask(x);
    __m512i p[4];
    for (int b = 0; b < 4; ++b) {
      const __m512i lo = _mm512_permutex2var_epi8(t[b][0], x, t[b][1]);
      const __m512i hi = _mm512_permutex2var_epi8(t[b][2], x, t[b][3]);
      p[b] = _mm512_mask_blend_epi8(high, lo, hi);
    }
    const __m512i w01l = _mm512_unpacklo_epi8(p[0], p[1]), w01h = _mm512_unpackhi_epi8(p[0], p[1]);
    const __m512i w23l = _mm512_unpacklo_epi8(p[2], p[3]), w23h = _mm512_unpackhi_epi8(p[2], p[3]);
    v[0] = _mm512_unpacklo_epi16(w01l, w23l);
    v[1] = _mm512_unpackhi_epi16(w01l, w23l);
    v[2] = _mm512_unpacklo_epi16(w01h, w23h);
    v[3] = _mm512_unpackhi_epi16(w01h, w23h);
  }
};

inline __m512i load64(const uint8_t* p, int64_t stride, __mmask64 m) {
  return stride == 0 ? _mm512_set1_epi8(static_cast<char>(p[0])) : _mm512_maskz_loadu_epi8(m, p);
}

template <bool kSign, bool kUnsigned>
void add_tables(const AddTables& t, const uint8_t* a, int64_t a_stride, const uint8_t* b,
                int64_t b_stride, uint8_t* out, int64_t n) {
  const TermTables t1(t.terms[0]), t2(t.terms[1]);
  const BlockRequant<RequantMode::kFast> requant(t.out.block(0), _mm512_setzero_si512());
  const OutputBytes bytes(t.out.output());
  for (int64_t i = 0; i < n; i += 64) {
    const __mmask64 m = first_bytes(static_cast<int32_t>(std::min<int64_t>(n - i, 64)));
    __m512i s1[4], s2[4], r[4];
    t1.lookup(load64(a + i * a_stride, a_stride, m), s1);
    t2.lookup(load64(b + i * b_stride, b_stride, m), s2);
    for (int j = 0; j < 4; ++j) {
      r[j] = requant.template apply<kSign>(_mm512_add_epi32(s1[j], s2[j]));
    }
    __m512i v = _mm512_packs_epi16(_mm512_packs_epi32(r[0], r[1]), _mm512_packs_epi32(r[2], r[3]));
    v = _mm512_min_epi8(_mm512_max_epi8(v, bytes.act_min), bytes.act_max);
    if constexpr (kUnsigned) v = _mm512_xor_si512(v, bytes.flip);
    _mm512_mask_storeu_epi8(out + i, m, v);
  }
}

}  // namespace

void add_q8_tables_avx512vbmi(const AddTables& t, const uint8_t* a, int64_t a_stride,
                              const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n) {
  if (t.sign) {
    t.is_unsigned ? add_tables<true, true>(t, a, a_stride, b, b_stride, out, n)
                  : add_tables<true, false>(t, a, a_stride, b, b_stride, out, n);
  } else {
    t.is_unsigned ? add_tables<false, true>(t, a, a_stride, b, b_stride, out, n)
                  : add_tables<false, false>(t, a, a_stride, b, b_stride, out, n);
  }
}

}  // namespace octet::x86
