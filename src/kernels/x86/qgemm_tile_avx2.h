// qgemm_tile_avx2.h - the pieces of the c2 AVX2 GEMM tile that other AVX2 kernels reuse (the
// Winograd convolution runs its 16 small GEMMs through the same MAC loop): the 6x16 MAC loops
// with their registers fixed, pair broadcasts, and narrowing two requantized rows to bytes.
// Included only by *_avx2.cc files (needs -mavx2).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

inline __m256i broadcast_pair(const int16_t* a) {
  int32_t v;
  std::memcpy(&v, a, sizeof(v));
  return _mm256_set1_epi32(v);
}

inline __m256i load8(const int32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// Two rows of 16 requantized channels -> one vector of 32 bytes (row 0 then row 1), saturated
// and clamped. Lane-wise packs leave 4-channel groups as r0{0 2} r1{0 2} | r0{1 3} r1{1 3};
// vpermd restores the order.
template <bool kUnsigned>
inline __m256i narrow_two_rows(__m256i r0_lo, __m256i r0_hi, __m256i r1_lo, __m256i r1_hi,
                               const OutputLanes& out) {
  const __m256i w0 = _mm256_packs_epi32(r0_lo, r0_hi), w1 = _mm256_packs_epi32(r1_lo, r1_hi);
  __m256i b = kUnsigned ? _mm256_packus_epi16(w0, w1) : _mm256_packs_epi16(w0, w1);
  b = _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  const __m256i lo = _mm256_broadcastsi128_si256(out.act_min);
  const __m256i hi = _mm256_broadcastsi128_si256(out.act_max);
  return kUnsigned ? _mm256_min_epu8(_mm256_max_epu8(b, lo), hi)
                   : _mm256_min_epi8(_mm256_max_epi8(b, lo), hi);
}

// One k pair of the full 6-row tile: accumulators in ymm0-11 (operands c00..c51), the two
// weight vectors, the broadcast and the product in ymm12-15; A row i at a_i + k, weights at w.
#define OCTET_MAC_6X16_PAIR                \
  "vmovdqu (%[w]), %%ymm12\n\t"            \
  "vmovdqu 32(%[w]), %%ymm13\n\t"          \
  "vpbroadcastd (%[a0],%[k]), %%ymm14\n\t" \
  "vpmaddwd %%ymm12, %%ymm14, %%ymm15\n\t" \
  "vpaddd %%ymm15, %[c00], %[c00]\n\t"     \
  "vpmaddwd %%ymm13, %%ymm14, %%ymm14\n\t" \
  "vpaddd %%ymm14, %[c01], %[c01]\n\t"     \
  "vpbroadcastd (%[a1],%[k]), %%ymm14\n\t" \
  "vpmaddwd %%ymm12, %%ymm14, %%ymm15\n\t" \
  "vpaddd %%ymm15, %[c10], %[c10]\n\t"     \
  "vpmaddwd %%ymm13, %%ymm14, %%ymm14\n\t" \
  "vpaddd %%ymm14, %[c11], %[c11]\n\t"     \
  "vpbroadcastd (%[a2],%[k]), %%ymm14\n\t" \
  "vpmaddwd %%ymm12, %%ymm14, %%ymm15\n\t" \
  "vpaddd %%ymm15, %[c20], %[c20]\n\t"     \
  "vpmaddwd %%ymm13, %%ymm14, %%ymm14\n\t" \
  "vpaddd %%ymm14, %[c21], %[c21]\n\t"     \
  "vpbroadcastd (%[a3],%[k]), %%ymm14\n\t" \
  "vpmaddwd %%ymm12, %%ymm14, %%ymm15\n\t" \
  "vpaddd %%ymm15, %[c30], %[c30]\n\t"     \
  "vpmaddwd %%ymm13, %%ymm14, %%ymm14\n\t" \
  "vpaddd %%ymm14, %[c31], %[c31]\n\t"     \
  "vpbroadcastd (%[a4],%[k]), %%ymm14\n\t" \
  "vpmaddwd %%ymm12, %%ymm14, %%ymm15\n\t" \
  "vpaddd %%ymm15, %[c40], %[c40]\n\t"     \
  "vpmaddwd %%ymm13, %%ymm14, %%ymm14\n\t" \
  "vpaddd %%ymm14, %[c41], %[c41]\n\t"     \
  "vpbroadcastd (%[a5],%[k]), %%ymm14\n\t" \
  "vpmaddwd %%ymm12, %%ymm14, %%ymm15\n\t" \
  "vpaddd %%ymm15, %[c50], %[c50]\n\t"     \
  "vpmaddwd %%ymm13, %%ymm14, %%ymm14\n\t" \
  "vpaddd %%ymm14, %[c51], %[c51]\n\t"

// The outputs, inputs and clobbers every MAC loop below shares.
#define OCTET_MAC_6X16_ACC                                                                        \
  [c00] "+x"(acc[0][0]), [c01] "+x"(acc[0][1]), [c10] "+x"(acc[1][0]), [c11] "+x"(acc[1][1]),     \
      [c20] "+x"(acc[2][0]), [c21] "+x"(acc[2][1]), [c30] "+x"(acc[3][0]), [c31] "+x"(acc[3][1]), \
      [c40] "+x"(acc[4][0]), [c41] "+x"(acc[4][1]), [c50] "+x"(acc[5][0]), [c51] "+x"(acc[5][1]), \
      [w] "+r"(w), [k] "+r"(k)
#define OCTET_MAC_6X16_ROWS                                                            \
  [a0] "r"(ar[0]), [a1] "r"(ar[1]), [a2] "r"(ar[2]), [a3] "r"(ar[3]), [a4] "r"(ar[4]), \
      [a5] "r"(ar[5])

// The MAC loop of the full 6-row tile with its registers fixed. Compilers keep a hoisted constant
// of the requantization in one register across this loop and spill an accumulator, which puts a
// store-to-load round trip into every iteration. (Unrolling by two k pairs measured no faster.)
// kp >= 2.
inline void mac_loop_6x16(int32_t kp, const int16_t* const ar[6], const int16_t* w,
                          __m256i (&acc)[6][2]) {
  size_t k = 0;
  const size_t end = static_cast<size_t>(kp) * 2;  // bytes of one A row
  asm volatile("1:\n\t" OCTET_MAC_6X16_PAIR
               "add $64, %[w]\n\t"
               "add $4, %[k]\n\t"
               "cmp %[end], %[k]\n\t"
               "jb 1b\n\t"
               : OCTET_MAC_6X16_ACC
               : OCTET_MAC_6X16_ROWS, [end] "r"(end)
               : "xmm12", "xmm13", "xmm14", "xmm15", "cc", "memory");
}

// The same over `pairs` k pairs whose A offsets (bytes from each row's a_i) come from a table:
// the runs of a direct convolution in one loop. Short runs (a 3-channel first layer's are 5
// pairs) would otherwise end a loop, and mispredict its exit, every few pairs.
inline void mac_loop_6x16_table(int32_t pairs, const int64_t* offsets, const int16_t* const ar[6],
                                const int16_t* w, __m256i (&acc)[6][2]) {
  int64_t k = 0;
  size_t i = 0;
  const size_t end = static_cast<size_t>(pairs);
  asm volatile(
      "1:\n\t"
      "mov (%[tab],%[i],8), %[k]\n\t" OCTET_MAC_6X16_PAIR
      "add $64, %[w]\n\t"
      "add $1, %[i]\n\t"
      "cmp %[end], %[i]\n\t"
      "jb 1b\n\t"
      : OCTET_MAC_6X16_ACC, [i] "+r"(i)
      : OCTET_MAC_6X16_ROWS, [end] "r"(end), [tab] "r"(offsets)
      : "xmm12", "xmm13", "xmm14", "xmm15", "cc", "memory");
}

#undef OCTET_MAC_6X16_PAIR
// OCTET_MAC_6X16_ACC and OCTET_MAC_6X16_ROWS stay defined: the q4 loops use the same operands.

inline void store16(uint8_t* dst, __m128i v, int32_t nc) {
  if (nc >= 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), v);
  } else {
    store_partial16(dst, v, nc);
  }
}

// Requantizes a tile's accumulators (bias included) and stores its first mr rows of nc channels.
template <int MR, RequantMode kMode, bool kUnsigned>
inline void store_tile(__m256i (&acc)[MR][2], int32_t mr, int32_t nc, const int32_t* rq,
                       const OutputLanes& out, uint8_t* c, size_t c_stride) {
  for (int i = 0; i < MR; ++i) {
    acc[i][0] = requantize_avx2<kMode>(acc[i][0], RequantLanes8{rq, 0}, out.zero_point);
    acc[i][1] = requantize_avx2<kMode>(acc[i][1], RequantLanes8{rq, 8}, out.zero_point);
  }
  for (int i = 0; i + 1 < MR; i += 2) {
    if (i >= mr) return;
    const __m256i b =
        narrow_two_rows<kUnsigned>(acc[i][0], acc[i][1], acc[i + 1][0], acc[i + 1][1], out);
    store16(c + static_cast<size_t>(i) * c_stride, _mm256_castsi256_si128(b), nc);
    if (i + 1 < mr) {
      store16(c + static_cast<size_t>(i + 1) * c_stride, _mm256_extracti128_si256(b, 1), nc);
    }
  }
  if constexpr (MR % 2 == 1) {
    if (MR - 1 < mr) {
      const __m128i v =
          narrow16_avx2<kUnsigned>(acc[MR - 1][0], acc[MR - 1][1], out.act_min, out.act_max);
      store16(c + static_cast<size_t>(MR - 1) * c_stride, v, nc);
    }
  }
}

// Calls f.template operator()<MR>() for a tile of rows (1 to 6) rows: the row count as a template
// argument, so each tile size gets its own register allocation.
template <typename F>
inline void with_tile_rows(int32_t rows, F&& f) {
  switch (rows) {
    case 6:
      return f.template operator()<6>();
    case 5:
      return f.template operator()<5>();
    case 4:
      return f.template operator()<4>();
    case 3:
      return f.template operator()<3>();
    case 2:
      return f.template operator()<2>();
    case 1:
      return f.template operator()<1>();
    default:
      return;
  }
}

}  // namespace octet::x86
