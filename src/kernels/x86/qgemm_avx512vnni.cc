// qgemm_avx512vnni.cc - the c4 GEMM micro-kernel (see qgemm.h) for AVX-512 VNNI: uint8 A rows
// against int8 weight quads with vpdpbusd, then requant.h's exact requantization on 16 lanes.
// Everything else (the +128 and zero-point folds, packing, padding, tails) is the ISA-independent
// code that q8_gemm_c4_emulated runs on every CPU; this file is only the inner loop and the
// vector requantization, kept as plain as the AVX2 one.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/qgemm.h"

namespace octet::x86 {

namespace {

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

template <RequantMode kMode>
inline __m512i requantize_avx512(__m512i acc, const int32_t* rq, __m512i zero_point) {
  if constexpr (kMode == RequantMode::kFast) {
    const __m512i r =
        srdhm_avx512(acc, field16(rq, kFieldMultiplier), field16(rq, kFieldMultiplierOdd));
    __m512i t = _mm512_add_epi32(r, field16(rq, kFieldRounding));
    t = _mm512_add_epi32(t, _mm512_srai_epi32(r, 31));
    return _mm512_srav_epi32(t, field16(rq, kFieldRightShift));
  } else {
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
}

template <int MR, RequantMode kMode>
inline void tile_4x16c4(int32_t mr, int32_t nc, int32_t kp, const uint8_t* a, size_t a_stride,
                        const int32_t* row_terms, const int8_t* w, const int32_t* rq,
                        const OutputStage& o, uint8_t* c, size_t c_stride) {
  const uint8_t* ar[MR];
  for (int i = 0; i < MR; ++i) ar[i] = a + static_cast<size_t>(std::min(i, mr - 1)) * a_stride;
  const __m512i bias = field16(rq, kFieldBias);
  __m512i acc[MR];
  for (int i = 0; i < MR; ++i) {
    acc[i] = row_terms ? _mm512_add_epi32(bias, _mm512_set1_epi32(row_terms[std::min(i, mr - 1)]))
                       : bias;
  }
  for (int32_t k = 0; k < kp; k += 4) {
    const __m512i wv = _mm512_loadu_si512(w);
    w += 64;
    for (int i = 0; i < MR; ++i) {
      int32_t quad;
      std::memcpy(&quad, ar[i] + k, sizeof(quad));
      acc[i] = _mm512_dpbusd_epi32(acc[i], _mm512_set1_epi32(quad), wv);
    }
  }
  const __m512i zp = _mm512_set1_epi32(o.zero_point);
  const __m512i lo = _mm512_set1_epi32(o.act_min), hi = _mm512_set1_epi32(o.act_max);
  const __mmask16 store_mask = static_cast<__mmask16>((1u << nc) - 1);
  for (int i = 0; i < MR && i < mr; ++i) {
    __m512i v = requantize_avx512<kMode>(acc[i], rq, zp);
    v = _mm512_min_epi32(_mm512_max_epi32(v, lo),
                         hi);  // inside the 8-bit range: truncation is exact
    _mm_mask_storeu_epi8(c + static_cast<size_t>(i) * c_stride, store_mask,
                         _mm512_cvtepi32_epi8(v));
  }
}

template <RequantMode kMode>
void gemm_c4(const QGemmArgs& g) {
  constexpr int kMr = 4;
  const PackedWeights& w = *g.w;
  const OutputStage& o = g.requant->output();
  for (int32_t b = g.block_begin; b < g.block_end; ++b) {
    const int8_t* wb = static_cast<const int8_t*>(w.block(b));
    const int32_t* rq = g.requant->block(b);
    const int32_t nc = std::min(kGemmNr, w.n - b * kGemmNr);
    uint8_t* cb = g.c + static_cast<size_t>(b) * kGemmNr;
    for (int32_t m = 0; m < g.m; m += kMr) {
      const int32_t mr = std::min(kMr, g.m - m);
      tile_4x16c4<kMr, kMode>(mr, nc, w.kp, g.a + m * g.a_stride, g.a_stride,
                              g.row_terms ? g.row_terms + m : nullptr, wb, rq, o,
                              cb + m * g.c_stride, g.c_stride);
    }
  }
}

}  // namespace

void q8_gemm_4x16c4_avx512vnni(const QGemmArgs& args) {
  if (args.requant->output().mode == RequantMode::kFast) {
    gemm_c4<RequantMode::kFast>(args);
  } else {
    gemm_c4<RequantMode::kGeneral>(args);
  }
}

}  // namespace octet::x86
