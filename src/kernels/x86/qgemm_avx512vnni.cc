// qgemm_avx512vnni.cc - the c4 GEMM micro-kernels (see qgemm.h) for AVX-512 VNNI: uint8 A rows
// against int8 weight quads with vpdpbusd, then requant.h's exact requantization on 16 lanes.
//
// vpdpbusd issues two per cycle and its result feeds the next one of its chain only 4 cycles
// later (measured on Zen 5), so a tile needs at least 8 independent accumulators; the tiles here
// keep MR rows x NB 16-channel blocks of them (up to 28 zmm, see max_c4_tile_rows), with NB
// weight vectors loaded once per k quad and one broadcast per row and quad. The tile shape is the
// layer's (Conv2DGemm picks it at prepare from its rows and channels); narrower tiles serve the
// last panel and fewer rows the last tile.
//
// Requantization (kFast) runs in 64-bit lanes (requant.h): two vpmuludq per 16 outputs, the
// rounding, zero point and sign folded into per-channel constants, so the ALU work per output is
// small next to a short k's MACs. Everything else (the +128 and zero-point folds, packing,
// padding, tails) is the ISA-independent code that q8_gemm_c4_emulated runs on every CPU.
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

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

// One 16-channel block's requantization constants, loaded once per tile for all its rows.
template <RequantMode kMode>
struct BlockRequant;

template <>
struct BlockRequant<RequantMode::kFast> {
  __m512i mul, mul_odd, nudge, nudge_odd, shift;
  BlockRequant(const int32_t* rq, __m512i)
      : mul(field16(rq, kFieldMul2)),
        mul_odd(field16(rq, kFieldMul2Odd)),
        nudge(field16(rq, kFieldNudgeEven)),
        nudge_odd(field16(rq, kFieldNudgeOdd)),
        shift(field16(rq, kFieldRightShift)) {}
  // acc is x_u (the accumulator + 2^31, see requant.h); returns the requantized values with the
  // zero point, not yet clamped.
  __m512i operator()(__m512i acc) const {
    const __m512i even = _mm512_add_epi64(_mm512_mul_epu32(acc, mul), nudge);
    const __m512i odd =
        _mm512_add_epi64(_mm512_mul_epu32(_mm512_srli_epi64(acc, 32), mul_odd), nudge_odd);
    // High halves: odd lanes' in place, even lanes' moved down; + (x_u >> 31); >> e.
    __m512i t = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
    t = _mm512_add_epi32(t, _mm512_srli_epi32(acc, 31));
    return _mm512_srav_epi32(t, shift);
  }
};

// kGeneral: the reference step by step, from the accumulator itself (rare: the table is read as
// needed).
template <>
struct BlockRequant<RequantMode::kGeneral> {
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

// Four vectors of 16 requantized int32 -> 64 bytes v0 | v1 | v2 | v3, saturated, then clamped.
// The lane-wise packs leave 4-byte groups as v0{0} v1{0} v2{0} v3{0} | v0{1} ...; vpermd restores
// the order.
template <bool kUnsigned>
inline __m512i narrow4(const __m512i (&v)[4], __m512i act_min, __m512i act_max) {
  const __m512i w01 = _mm512_packs_epi32(v[0], v[1]), w23 = _mm512_packs_epi32(v[2], v[3]);
  __m512i b = kUnsigned ? _mm512_packus_epi16(w01, w23) : _mm512_packs_epi16(w01, w23);
  b = _mm512_permutexvar_epi32(
      _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), b);
  return kUnsigned ? _mm512_min_epu8(_mm512_max_epu8(b, act_min), act_max)
                   : _mm512_min_epi8(_mm512_max_epi8(b, act_min), act_max);
}

inline __mmask64 first_bytes(int32_t n) {
  return n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
}

// One tile's operands. Rows [0, MR) of A start at a; the panel's weights at w, nr lanes (w_step
// bytes) per k quad; rq is the requantization table of the panel's first 16-channel block, and
// nc (> 16 * (NB - 1)) the panel's channels that exist.
struct TileArgs {
  int32_t kp;
  const uint8_t* a;
  size_t a_stride;
  const int32_t* row_terms;  // the tile's rows' terms, or null
  const int8_t* w;
  size_t w_step;
  const int32_t* rq;
  int32_t nc;
  __m512i zero_point;
  __m512i act_min, act_max;  // bytes
  uint8_t* c;
  size_t c_stride;
};

template <int MR, int NB, RequantMode kMode, bool kUnsigned, bool kRowTerms>
void tile_c4(const TileArgs& t) {
  constexpr size_t kBlockFields = size_t{kRequantFields} * kChannelBlock;
  constexpr RequantField kBias = kMode == RequantMode::kFast ? kFieldBiasOffset : kFieldBias;
  __m512i acc[MR][NB];
#pragma unroll
  for (int j = 0; j < NB; ++j) {
    const __m512i bias = field16(t.rq + j * kBlockFields, kBias);
#pragma unroll
    for (int i = 0; i < MR; ++i) {
      acc[i][j] = kRowTerms ? _mm512_add_epi32(bias, _mm512_set1_epi32(t.row_terms[i])) : bias;
    }
  }
  const int8_t* w = t.w;
  const uint8_t* a = t.a;
  const size_t s = t.a_stride;
  for (int32_t k = 0; k < t.kp; k += 4) {
    __m512i wv[NB];
#pragma unroll
    for (int j = 0; j < NB; ++j) wv[j] = _mm512_loadu_si512(w + 64 * j);
    w += t.w_step;
#pragma unroll
    for (int i = 0; i < MR; ++i) {
      int32_t quad;
      std::memcpy(&quad, a + i * s + k, sizeof(quad));
      const __m512i av = _mm512_set1_epi32(quad);
#pragma unroll
      for (int j = 0; j < NB; ++j) acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], av, wv[j]);
    }
  }
  // Locals: the byte stores below may alias t as far as the compiler knows.
  const int32_t* rq = t.rq;
  const __m512i zero_point = t.zero_point, act_min = t.act_min, act_max = t.act_max;
  uint8_t* c = t.c;
  const size_t c_stride = t.c_stride;
  const int32_t nc = t.nc;
  const bool full = nc >= 16 * NB;
  // Requantized in place, block by block (each block's constants loaded once).
#pragma unroll
  for (int j = 0; j < NB; ++j) {
    const BlockRequant<kMode> requant(rq + j * kBlockFields, zero_point);
#pragma unroll
    for (int i = 0; i < MR; ++i) acc[i][j] = requant(acc[i][j]);
  }
  // Four vectors per narrowing: a row's blocks (NB 3 and 4; the missing fourth repeats one),
  // two rows' (NB 2) or four rows' (NB 1); rows past MR repeat the last.
  auto narrow = [&](int i0, int j0, int i1, int j1, int i2, int j2, int i3, int j3) {
    const __m512i v[4] = {acc[i0][j0], acc[i1][j1], acc[i2][j2], acc[i3][j3]};
    return narrow4<kUnsigned>(v, act_min, act_max);
  };
  if constexpr (NB >= 3) {
    const __mmask64 mask = first_bytes(nc);
#pragma unroll
    for (int i = 0; i < MR; ++i) {
      const __m512i b = narrow(i, 0, i, 1, i, 2, i, NB - 1);
      if (NB == 4 && full) {
        _mm512_storeu_si512(c + i * c_stride, b);
      } else {
        _mm512_mask_storeu_epi8(c + i * c_stride, mask, b);
      }
    }
  } else if constexpr (NB == 2) {
    const __mmask32 mask = static_cast<__mmask32>(first_bytes(nc));
#pragma unroll
    for (int i = 0; i < MR; i += 2) {
      const int i1 = i + 1 < MR ? i + 1 : i;
      const __m512i b = narrow(i, 0, i, 1, i1, 0, i1, 1);
      if (full) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + i * c_stride),
                            _mm512_castsi512_si256(b));
        if (i + 1 < MR) {
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + (i + 1) * c_stride),
                              _mm512_extracti64x4_epi64(b, 1));
        }
      } else {
        _mm256_mask_storeu_epi8(c + i * c_stride, mask, _mm512_castsi512_si256(b));
        if (i + 1 < MR) {
          _mm256_mask_storeu_epi8(c + (i + 1) * c_stride, mask, _mm512_extracti64x4_epi64(b, 1));
        }
      }
    }
  } else {
    const __mmask16 mask = static_cast<__mmask16>(first_bytes(nc));
#pragma unroll
    for (int i = 0; i < MR; i += 4) {
      const int i1 = std::min(i + 1, MR - 1), i2 = std::min(i + 2, MR - 1),
                i3 = std::min(i + 3, MR - 1);
      const __m512i b = narrow(i, 0, i1, 0, i2, 0, i3, 0);
      _mm_mask_storeu_epi8(c + i * c_stride, mask, _mm512_castsi512_si128(b));
      if (i + 1 < MR) {
        _mm_mask_storeu_epi8(c + (i + 1) * c_stride, mask, _mm512_extracti32x4_epi32(b, 1));
      }
      if (i + 2 < MR) {
        _mm_mask_storeu_epi8(c + (i + 2) * c_stride, mask, _mm512_extracti32x4_epi32(b, 2));
      }
      if (i + 3 < MR) {
        _mm_mask_storeu_epi8(c + (i + 3) * c_stride, mask, _mm512_extracti32x4_epi32(b, 3));
      }
    }
  }
}

using TileFn = void (*)(const TileArgs&);

template <int MR, int NB, RequantMode kMode, bool kUnsigned, bool kRowTerms>
constexpr TileFn tile_fn() {
  if constexpr (MR <= max_c4_tile_rows(16 * NB)) {
    return &tile_c4<MR, NB, kMode, kUnsigned, kRowTerms>;
  } else {
    return nullptr;
  }
}

constexpr int kMaxTileRows = max_c4_tile_rows(16);

template <int NB, RequantMode kMode, bool kUnsigned, bool kRowTerms, int... I>
constexpr std::array<TileFn, kMaxTileRows> tile_row(std::integer_sequence<int, I...>) {
  return {tile_fn<I + 1, NB, kMode, kUnsigned, kRowTerms>()...};
}

// kTiles<...>[NB - 1][MR - 1].
template <RequantMode kMode, bool kUnsigned, bool kRowTerms>
constexpr std::array<std::array<TileFn, kMaxTileRows>, kMaxC4PanelBlocks> kTiles = {
    tile_row<1, kMode, kUnsigned, kRowTerms>(std::make_integer_sequence<int, kMaxTileRows>()),
    tile_row<2, kMode, kUnsigned, kRowTerms>(std::make_integer_sequence<int, kMaxTileRows>()),
    tile_row<3, kMode, kUnsigned, kRowTerms>(std::make_integer_sequence<int, kMaxTileRows>()),
    tile_row<4, kMode, kUnsigned, kRowTerms>(std::make_integer_sequence<int, kMaxTileRows>())};

template <RequantMode kMode, bool kUnsigned, bool kRowTerms>
void gemm_c4(const QGemmArgs& g) {
  const PackedWeights& w = *g.w;
  const OutputStage& o = g.requant->output();
  TileArgs t;
  t.kp = w.kp;
  t.a_stride = g.a_stride;
  t.w_step = static_cast<size_t>(w.nr) * 4;
  t.zero_point = _mm512_set1_epi32(o.zero_point);
  t.act_min = _mm512_set1_epi8(static_cast<char>(o.act_min));
  t.act_max = _mm512_set1_epi8(static_cast<char>(o.act_max));
  t.c_stride = g.c_stride;
  const size_t weight_bytes = static_cast<size_t>(g.block_end - g.block_begin) * w.kp * w.nr;
  for_each_tile(g.m, g.tile_rows, g.block_begin, g.block_end, weight_bytes,
                [&](int32_t p, int32_t m0, int32_t rows) {
                  t.nc = std::min(w.nr, w.n - p * w.nr);
                  const int32_t nb = (t.nc + kChannelBlock - 1) / kChannelBlock;
                  t.a = g.a + static_cast<size_t>(m0) * g.a_stride;
                  t.row_terms = kRowTerms ? g.row_terms + m0 : nullptr;
                  t.w = static_cast<const int8_t*>(w.panel(p));
                  t.rq = g.requant->block(p * (w.nr / kChannelBlock));
                  t.c = g.c + static_cast<size_t>(m0) * g.c_stride + static_cast<size_t>(p) * w.nr;
                  kTiles<kMode, kUnsigned, kRowTerms>[nb - 1][rows - 1](t);
                });
}

}  // namespace

void q8_gemm_c4_avx512vnni(const QGemmArgs& args) {
  with_output_stage(args.requant->output(), [&]<RequantMode kMode, bool kUnsigned>() {
    args.row_terms ? gemm_c4<kMode, kUnsigned, true>(args) : gemm_c4<kMode, kUnsigned, false>(args);
  });
}

}  // namespace octet::x86
