// qgemm_q4_avx2.cc - the q4 GEMM micro-kernel (see qgemm.h) for AVX2: unsigned A bytes times
// signed weight bytes with vpmaddubsw, whose int16 pair sums cannot saturate for the weights
// pack_weights_q4 leaves in each part; vpmaddwd by ones widens the pair sums of a k quad into
// int32, vpaddd accumulates. 3 operations per 32 MACs against the c2 kernel's 4, measured 1.5x
// the c2 loop's rate on Zen 3. Then the residual quads of the block, and the requantization.
#include <immintrin.h>

#include <algorithm>

#include "kernels/x86/qgemm.h"
#include "kernels/x86/qgemm_tile_avx2.h"
#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

namespace {

// One k quad of row A of the 6-row tile into accumulators C0, C1: weights as memory operands,
// ones in ymm13, the broadcast and the products in ymm14/15.
// clang-format off
#define OCTET_Q4_ROW(A, C0, C1)                   \
  "vpbroadcastd (" A ",%[k]), %%ymm14\n\t"        \
  "vpmaddubsw (%[w]), %%ymm14, %%ymm15\n\t"      \
  "vpmaddwd %%ymm13, %%ymm15, %%ymm15\n\t"       \
  "vpaddd %%ymm15, " C0 ", " C0 "\n\t"           \
  "vpmaddubsw 32(%[w]), %%ymm14, %%ymm14\n\t"    \
  "vpmaddwd %%ymm13, %%ymm14, %%ymm14\n\t"       \
  "vpaddd %%ymm14, " C1 ", " C1 "\n\t"
#define OCTET_Q4_6ROWS                              \
  OCTET_Q4_ROW("%[a0]", "%[c00]", "%[c01]")         \
  OCTET_Q4_ROW("%[a1]", "%[c10]", "%[c11]")         \
  OCTET_Q4_ROW("%[a2]", "%[c20]", "%[c21]")         \
  OCTET_Q4_ROW("%[a3]", "%[c30]", "%[c31]")         \
  OCTET_Q4_ROW("%[a4]", "%[c40]", "%[c41]")         \
  OCTET_Q4_ROW("%[a5]", "%[c50]", "%[c51]")
// clang-format on

// The dense MAC loop of the full tile over kp bytes (kp a multiple of 4, >= 4) with its registers
// fixed, as the c2 loop (qgemm_tile_avx2.h).
inline void q4_loop_6x16(int32_t kp, const uint8_t* const ar[6], const int8_t* w,
                         __m256i (&acc)[6][2]) {
  size_t k = 0;
  const size_t end = static_cast<size_t>(kp);
  const __m256i ones = _mm256_set1_epi16(1);
  asm volatile(
      "vmovdqu %[ones], %%ymm13\n\t"
      "1:\n\t" OCTET_Q4_6ROWS
      "add $64, %[w]\n\t"
      "add $4, %[k]\n\t"
      "cmp %[end], %[k]\n\t"
      "jb 1b\n\t"
      : OCTET_MAC_6X16_ACC
      : OCTET_MAC_6X16_ROWS, [end] "r"(end), [ones] "m"(ones)
      : "xmm13", "xmm14", "xmm15", "cc", "memory");
}

// The residual quads of a block: `count` entries, entry e multiplying the A quad at byte offset
// offsets[e] of each row by the 64 weight bytes at w + 64 e.
inline void q4_table_6x16(int32_t count, const int64_t* offsets, const uint8_t* const ar[6],
                          const int8_t* w, __m256i (&acc)[6][2]) {
  int64_t k = 0;
  size_t i = 0;
  const size_t end = static_cast<size_t>(count);
  const __m256i ones = _mm256_set1_epi16(1);
  asm volatile(
      "vmovdqu %[ones], %%ymm13\n\t"
      "1:\n\t"
      "mov (%[tab],%[i],8), %[k]\n\t" OCTET_Q4_6ROWS
      "add $64, %[w]\n\t"
      "add $1, %[i]\n\t"
      "cmp %[end], %[i]\n\t"
      "jb 1b\n\t"
      : OCTET_MAC_6X16_ACC, [i] "+r"(i)
      : OCTET_MAC_6X16_ROWS, [end] "r"(end), [tab] "r"(offsets), [ones] "m"(ones)
      : "xmm13", "xmm14", "xmm15", "cc", "memory");
}

#undef OCTET_Q4_6ROWS
#undef OCTET_Q4_ROW

inline __m256i broadcast_quad(const uint8_t* a) {
  int32_t v;
  std::memcpy(&v, a, sizeof(v));
  return _mm256_set1_epi32(v);
}

// acc += the quad at a (broadcast) times the 16-lane weight quad at w.
inline void mac_quad(__m256i (&acc)[2], __m256i av, const int8_t* w, __m256i ones) {
  const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
  const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 32));
  acc[0] = _mm256_add_epi32(acc[0], _mm256_madd_epi16(_mm256_maddubs_epi16(av, w0), ones));
  acc[1] = _mm256_add_epi32(acc[1], _mm256_madd_epi16(_mm256_maddubs_epi16(av, w1), ones));
}

// A tile of MR rows x 16 channels of block b; mr <= MR rows valid, missing ones repeat the last.
template <int MR, RequantMode kMode, bool kUnsigned>
inline void tile_q4(const QGemmArgs& g, int32_t b, int32_t m0, int32_t mr, const OutputLanes& out) {
  const PackedWeightsQ4& w = *g.w4;
  const int32_t* rq = g.requant->block(b);
  const int32_t nc = std::min(kGemmNr, w.n - b * kGemmNr);
  const __m256i ones = _mm256_set1_epi16(1);
  __m256i acc[MR][2];
  const uint8_t* ar[MR];
  for (int i = 0; i < MR; ++i) {
    acc[i][0] = load8(rq);
    acc[i][1] = load8(rq + 8);
    ar[i] = g.a + static_cast<size_t>(m0 + std::min(i, mr - 1)) * g.a_stride;
  }
  const int8_t* wb = w.block(b);
  if constexpr (MR == 6) {
    q4_loop_6x16(w.kp, ar, wb, acc);
  } else {
    for (int32_t k = 0; k < w.kp; k += 4, wb += 64) {
      for (int i = 0; i < MR; ++i) mac_quad(acc[i], broadcast_quad(ar[i] + k), wb, ones);
    }
  }
  const int32_t e0 = w.extra_begin[b], e1 = w.extra_begin[b + 1];
  if constexpr (MR == 6) {
    if (e1 > e0) {
      q4_table_6x16(e1 - e0, w.extra_offset.data() + e0, ar,
                    w.extra_w.data() + static_cast<size_t>(e0) * 64, acc);
    }
  } else {
    for (int32_t e = e0; e < e1; ++e) {
      const int8_t* we = w.extra_w.data() + static_cast<size_t>(e) * 64;
      const int64_t off = w.extra_offset[e];
      for (int i = 0; i < MR; ++i) mac_quad(acc[i], broadcast_quad(ar[i] + off), we, ones);
    }
  }
  uint8_t* c = g.c + static_cast<size_t>(b) * kGemmNr + static_cast<size_t>(m0) * g.c_stride;
  store_tile<MR, kMode, kUnsigned>(acc, mr, nc, rq, out, c, g.c_stride);
}

template <RequantMode kMode, bool kUnsigned>
void gemm_q4(const QGemmArgs& g) {
  const OutputLanes out(g.requant->output());
  const size_t weight_bytes = static_cast<size_t>(g.block_end - g.block_begin) * g.w4->kp * kGemmNr;
  for_each_tile(
      g.m, 6, g.block_begin, g.block_end, weight_bytes, [&](int32_t b, int32_t m0, int32_t rows) {
        with_tile_rows(rows, [&]<int MR>() { tile_q4<MR, kMode, kUnsigned>(g, b, m0, MR, out); });
      });
}

}  // namespace

void q8_gemm_6x16q4_avx2(const QGemmArgs& args) {
  with_output_stage(args.requant->output(),
                    [&]<RequantMode kMode, bool kUnsigned>() { gemm_q4<kMode, kUnsigned>(args); });
}

}  // namespace octet::x86
