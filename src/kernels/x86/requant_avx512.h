// requant_avx512.h - the exact requantization of requant.h on 16 int32 lanes (one zmm), and
// narrowing four such vectors to 64 bytes with the activation clamp. Included only by
// *_avx512vnni.cc files (needs AVX-512 F/BW/DQ).
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "kernels/x86/requant.h"

namespace octet::x86 {

inline __m512i field16(const int32_t* block, RequantField f) {
  return _mm512_loadu_si512(block + f * kChannelBlock);
}

// SRDHM on 16 lanes: bits 31..62 of x*m + 2^30, even lanes shifted down, odd lanes up, blended.
inline __m512i srdhm_avx512(__m512i x, __m512i m, __m512i m_odd) {
  const __m512i nudge = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, m), nudge);
  const __m512i odd = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), m_odd), nudge);
  return _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
}

// One 16-channel block's requantization constants, loaded once and applied to many vectors of
// accumulators (a tile's rows, a row's pixels); the results have the zero point of OutputBytes
// (requant.h: uint8 outputs - 128). The kernels start their accumulators from bias_field(): kFast
// works on x_u, the accumulator + 2^31.
template <RequantMode kMode>
struct BlockRequant;

template <>
struct BlockRequant<RequantMode::kFast> {
  static constexpr RequantField bias_field() { return kFieldBiasOffset; }
  __m512i mul, mul_odd, high, offset, shift;
  BlockRequant(const int32_t* rq, __m512i)
      : mul(field16(rq, kFieldMul2)),
        mul_odd(field16(rq, kFieldMul2Odd)),
        high(field16(rq, kFieldHighOffset)),
        offset(field16(rq, kFieldOffset)),
        shift(field16(rq, kFieldRightShift)) {}
  // The requantized values with the zero point, not yet clamped, from a = x + B (requant.h):
  // t = hi32(a * 2m) + K - [a < B], out = t >> e. kSign = false leaves out - [a < B] (-[x < 0],
  // RDBPOT's rounding of negative ties): exact only for outputs that the activation clamp takes
  // to act_min whenever x < 0 (sign_matters() false).
  template <bool kSign = true>
  __m512i apply(__m512i a) const {
    const __m512i even = _mm512_mul_epu32(a, mul);
    // The odd lanes moved down for vpmuludq by vpsrlq, which runs only on the two of Zen 5's four
    // vector ports that vpdpbusd and vpmuludq leave free (a vpshufd there may take one of theirs:
    // 112x112x16->96 48 -> 50% of the MAC peak). Then the high halves gathered, odd lanes' in
    // place and even lanes' moved down by a merge-masked vpshufd (a vpsrlq and a vpternlogq
    // instead measured slower; vpermt2d competes with vpdpbusd for its ports).
    const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), mul_odd);
    __m512i t = odd;
    // In asm: the compiler turns a merge-masked shuffle of one vector into another into a
    // two-source vpermt2d, the permute this avoids.
    asm("vpshufd $0xb1, %[even], %[t]%{%[k]%}"
        : [t] "+v"(t)
        : [even] "v"(even), [k] "Yk"(__mmask16{0x5555}));
    t = _mm512_add_epi32(t, high);
    if constexpr (kSign) {
      // - [x < 0]: a - B is x itself (|x| < 2^30), its sign spread by vpsrad (a compare into a
      // mask register would take a slot on the multiply ports).
      t = _mm512_add_epi32(t, _mm512_srai_epi32(_mm512_sub_epi32(a, offset), 31));
    }
    return _mm512_srav_epi32(t, shift);
  }
  __m512i operator()(__m512i a) const { return apply<true>(a); }
};

// kGeneral: the reference step by step, from the accumulator itself (rare: the table is read as
// needed).
template <>
struct BlockRequant<RequantMode::kGeneral> {
  static constexpr RequantField bias_field() { return kFieldBias; }
  const int32_t* rq;
  __m512i zero_point;
  BlockRequant(const int32_t* table, __m512i zp) : rq(table), zero_point(zp) {}
  __m512i operator()(__m512i acc) const {
    const __m512i x = _mm512_sllv_epi32(acc, field16(rq, kFieldLeftShift));
    const __m512i r =
        srdhm_avx512(x, field16(rq, kFieldMultiplier), field16(rq, kFieldMultiplierOdd));
    const __m512i remainder = _mm512_and_si512(r, field16(rq, kFieldRoundMask));
    const __m512i threshold =
        _mm512_sub_epi32(field16(rq, kFieldRoundHalf), _mm512_srai_epi32(r, 31));
    __m512i q = _mm512_srav_epi32(r, field16(rq, kFieldRightShift));
    const __mmask16 up = _mm512_cmpgt_epi32_mask(remainder, threshold);
    q = _mm512_mask_add_epi32(q, up, q, _mm512_set1_epi32(1));
    return _mm512_add_epi32(q, zero_point);
  }
};

// A layer's output stage for narrowing to bytes. Outputs are narrowed as int8 whatever their type:
// uint8 ones as their value - 128 (zero point and clamp shifted alike, the same saturation), the
// top bit of each byte flipped at the end.
struct OutputBytes {
  __m512i zero_point;  // int32 lanes, for kGeneral
  __m512i act_min, act_max, flip;
  explicit OutputBytes(const OutputStage& o) {
    const int32_t offset = o.is_unsigned ? 128 : 0;
    zero_point = _mm512_set1_epi32(o.zero_point - offset);
    act_min = _mm512_set1_epi8(static_cast<char>(o.act_min - offset));
    act_max = _mm512_set1_epi8(static_cast<char>(o.act_max - offset));
    flip = _mm512_set1_epi8(static_cast<char>(offset));
  }
};

// Four vectors of 16 requantized int32 -> 64 bytes v0 | v1 | v2 | v3, saturated, clamped and
// flipped to the output type. The lane-wise packs leave 4-byte groups as v0{0} v1{0} v2{0} v3{0}
// | v0{1} ...; vpermd restores the order. kFlip = false: for int8 outputs only (no flip).
// kClampMax = false: for act_max at the type's top (clamps_max() false), which the saturation
// already gives.
template <bool kFlip = true, bool kClampMax = true>
inline __m512i narrow4(__m512i v0, __m512i v1, __m512i v2, __m512i v3, const OutputBytes& out) {
  __m512i b = _mm512_packs_epi16(_mm512_packs_epi32(v0, v1), _mm512_packs_epi32(v2, v3));
  b = _mm512_permutexvar_epi32(
      _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), b);
  b = _mm512_max_epi8(b, out.act_min);
  if constexpr (kClampMax) b = _mm512_min_epi8(b, out.act_max);
  return kFlip ? _mm512_xor_si512(b, out.flip) : b;
}

// Whether the activation clamp's top is below the output type's (ReLU6 and the like): otherwise
// the byte saturation is the clamp.
inline bool clamps_max(const OutputStage& o) { return o.act_max < (o.is_unsigned ? 255 : 127); }

inline __mmask64 first_bytes(int32_t n) {
  return n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
}

}  // namespace octet::x86
