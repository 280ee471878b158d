// qgemm_avx2.cc - the c2 GEMM micro-kernel (see qgemm.h) for AVX2: int16 A and W, vpmaddwd into
// int32, the exact requantization of requant_avx2.h. Also the row conversion to int16.
//
// Tile: 6 rows x 16 channels. Per k pair each row's two A values are broadcast (one vpbroadcastd
// from memory) and multiplied with the block's two weight vectors. The weights of a block stay in
// L1 while the rows of an A chunk (in L2) stream past them.
#include <immintrin.h>

#include <algorithm>

#include "kernels/x86/im2col.h"
#include "kernels/x86/qgemm.h"
#include "kernels/x86/qgemm_tile_avx2.h"
#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

void convert_row_c2_avx2(const RowPacking& p, const uint8_t* src, int32_t n, void* dst) {
  int16_t* d = static_cast<int16_t*>(dst);
  const __m256i zp = _mm256_set1_epi16(static_cast<int16_t>(p.input_zero_point));
  int32_t i = 0;
  if (p.input_unsigned) {
    for (; i + 16 <= n; i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i),
                          _mm256_sub_epi16(_mm256_cvtepu8_epi16(x), zp));
    }
    for (; i < n; ++i) d[i] = static_cast<int16_t>(int32_t{src[i]} - p.input_zero_point);
  } else {
    for (; i + 16 <= n; i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i),
                          _mm256_sub_epi16(_mm256_cvtepi8_epi16(x), zp));
    }
    for (; i < n; ++i) {
      d[i] = static_cast<int16_t>(int32_t{static_cast<int8_t>(src[i])} - p.input_zero_point);
    }
  }
}

namespace {

template <bool kUnsigned>
inline __m256i widen16(const uint8_t* src, __m256i zp) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
  return _mm256_sub_epi16(kUnsigned ? _mm256_cvtepu8_epi16(x) : _mm256_cvtepi8_epi16(x), zp);
}

// The generic im2col loop for rows [m, m + n), with the AVX2 conversion inlined.
template <bool kUnsigned>
void im2col_generic_c2(const ConvGeometry& g, const RowPacking& p, const uint8_t* input, int32_t m,
                       int32_t n, uint8_t* a, __m256i zp) {
  const uint8_t* input_end = input + static_cast<size_t>(g.batches) * g.in_h * g.in_w * g.in_c;
  // short_runs_widen = false: the conversion below decides about widening itself.
  im2col_rows(
      g, p, input, m, n, a, false,
      [&](const uint8_t* src, int32_t len, uint8_t* dst) {
        // Inline 16-element steps; a tail is widened too (im2col_rows allows up to 16 extra
        // elements of output) when the input has the bytes, else it goes element by element.
        int16_t* d = reinterpret_cast<int16_t*>(dst);
        int32_t i = 0;
        for (; i + 16 <= len; i += 16) {
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), widen16<kUnsigned>(src + i, zp));
        }
        if (i < len) {
          if (src + i + 16 <= input_end) {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), widen16<kUnsigned>(src + i, zp));
          } else {
            convert_row_c2_avx2(p, src + i, len - i, d + i);
          }
        }
      },
      [&](int32_t len, bool, uint8_t* dst) {  // c2: padded taps and the k tail are both 0
        int16_t* d = reinterpret_cast<int16_t*>(dst);
        int32_t i = 0;
        for (; i + 16 <= len; i += 16) {
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), _mm256_setzero_si256());
        }
        for (; i < len; ++i) d[i] = 0;
      });
}

template <bool kUnsigned>
void im2col_c2(const ConvGeometry& geometry, const RowPacking& packing, const uint8_t* input,
               int32_t m0, int32_t count, uint8_t* a) {
  const ConvGeometry g = geometry;  // locals: the stores below may alias a referenced struct
  const RowPacking p = packing;
  const __m256i zp = _mm256_set1_epi16(static_cast<int16_t>(p.input_zero_point));
  const int32_t run = g.filter_w * g.in_c;  // elements of one filter row
  const int32_t k = g.filter_h * run;
  im2col_rows_short_runs(
      g, p, input, m0, count, a,
      [&](int32_t m, int32_t n, uint8_t* dst) {
        im2col_generic_c2<kUnsigned>(g, p, input, m, n, dst, zp);
      },
      [&](const uint8_t* src, size_t y_step, uint8_t* row) {
        int16_t* dst = reinterpret_cast<int16_t*>(row);
        if (g.filter_h == 3) {  // loads first, then the overlapping stores
          const __m256i v0 = widen16<kUnsigned>(src, zp);
          const __m256i v1 = widen16<kUnsigned>(src + y_step, zp);
          const __m256i v2 = widen16<kUnsigned>(src + 2 * y_step, zp);
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), v0);
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + run), v1);
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 2 * run), v2);
        } else {
          const uint8_t* s = src;
          for (int32_t ky = 0; ky < g.filter_h; ++ky, s += y_step, dst += run) {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), widen16<kUnsigned>(s, zp));
          }
        }
        for (int32_t i = k; i < p.kp; ++i) reinterpret_cast<int16_t*>(row)[i] = 0;
      });
}

}  // namespace

void im2col_rows_c2_avx2(const ConvGeometry& g, const RowPacking& p, const uint8_t* input,
                         int32_t m0, int32_t count, uint8_t* a) {
  p.input_unsigned ? im2col_c2<true>(g, p, input, m0, count, a)
                   : im2col_c2<false>(g, p, input, m0, count, a);
}

namespace {

// Where a tile's A rows are: `count` runs per row (one for contiguous rows), run s of row i at
// base[s] + i * row_stride bytes, len elements multiplying weights from k[s] on.
struct ARuns {
  int32_t count;
  const uint8_t* const* base;
  const int32_t* k;
  int32_t len;
  size_t row_stride;
  // Runs whose weights follow each other (k[s] = k[0] + s * len) as one loop over `pairs` k
  // pairs: pair p of row i at base[0] + i * row_stride + pair_offsets[p] (null: run by run).
  const int64_t* pair_offsets = nullptr;
  int32_t pairs = 0;
};

// The most k pairs a pair-offset table holds; longer runs go run by run (their loops are long).
constexpr int32_t kMaxTablePairs = 256;

// A tile of MR rows x 16 channels; mr <= MR rows are valid and the missing ones repeat the last
// row so every load stays inside A. Per k pair: two weight loads, MR broadcasts, 2 * MR vpmaddwd
// and as many vpaddd. At MR = 6 the 12 accumulators, two weight vectors, the broadcast and the
// product fill the 16 ymm registers exactly (measured on Zen 3: ~80% of the vpmaddwd peak in
// the loop, where 3 x 32 tiles that read weights as memory operands reach ~74%).
template <int MR, RequantMode kMode, bool kUnsigned, bool kRuns>
inline void tile_c2(int32_t mr, int32_t nc, const ARuns& runs, const int16_t* w_block,
                    const int32_t* rq, const OutputLanes& out, uint8_t* c, size_t c_stride) {
  __m256i acc[MR][2];
  for (int i = 0; i < MR; ++i) {
    acc[i][0] = load8(rq);
    acc[i][1] = load8(rq + 8);
  }
  if constexpr (kRuns && MR == 6) {
    if (runs.pair_offsets != nullptr) {
      const int16_t* ar[MR];
      for (int i = 0; i < MR; ++i) {
        ar[i] = reinterpret_cast<const int16_t*>(
            runs.base[0] + static_cast<size_t>(std::min(i, mr - 1)) * runs.row_stride);
      }
      mac_loop_6x16_table(runs.pairs, runs.pair_offsets, ar,
                          w_block + static_cast<size_t>(runs.k[0]) * kGemmNr, acc);
    }
  }
  // Contiguous rows (kRuns false) are one run from k = 0, with no loop around it.
  const int32_t count = kRuns ? (runs.pair_offsets != nullptr && MR == 6 ? 0 : runs.count) : 1;
  for (int32_t s = 0; s < count; ++s) {
    const int16_t* ar[MR];
    for (int i = 0; i < MR; ++i) {
      ar[i] = reinterpret_cast<const int16_t*>(
          runs.base[s] + static_cast<size_t>(std::min(i, mr - 1)) * runs.row_stride);
    }
    // Weights of k pair g start at element 32 g of the block.
    const int16_t* w = kRuns ? w_block + static_cast<size_t>(runs.k[s]) * kGemmNr : w_block;
    if constexpr (MR == 6) {
      mac_loop_6x16(runs.len, ar, w, acc);
    } else {
      for (int32_t k = 0; k < runs.len; k += 2) {
        const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
        const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 16));
        w += 32;
        for (int i = 0; i < MR; ++i) {
          const __m256i av = broadcast_pair(ar[i] + k);
          acc[i][0] = _mm256_add_epi32(acc[i][0], _mm256_madd_epi16(av, w0));
          acc[i][1] = _mm256_add_epi32(acc[i][1], _mm256_madd_epi16(av, w1));
        }
      }
    }
  }
  store_tile<MR, kMode, kUnsigned>(acc, mr, nc, rq, out, c, c_stride);
}

// Rows [m0, m0 + rows) (rows <= 6) against channel block b.
template <RequantMode kMode, bool kUnsigned, bool kRuns>
inline void tile_rows(const QGemmArgs& g, int32_t b, int32_t m0, int32_t rows,
                      const OutputLanes& out, const int64_t* pair_offsets) {
  const PackedWeights& w = *g.w;
  const int16_t* wb = static_cast<const int16_t*>(w.block(b));
  const int32_t* rq = g.requant->block(b);
  const int32_t nc = std::min(kGemmNr, w.n - b * kGemmNr);
  uint8_t* c = g.c + static_cast<size_t>(b) * kGemmNr + m0 * g.c_stride;
  const uint8_t* base[kMaxGemmSegments];
  ARuns runs;
  if constexpr (kRuns) {
    for (int32_t s = 0; s < g.segments; ++s) base[s] = g.seg_a[s] + m0 * g.seg_row_stride;
    runs = ARuns{g.segments,
                 base,
                 g.seg_k,
                 g.seg_len,
                 g.seg_row_stride,
                 pair_offsets,
                 g.segments * g.seg_len / 2};
  } else {
    base[0] = g.a + m0 * g.a_stride;
    runs = ARuns{1, base, nullptr, w.kp, g.a_stride};
  }
  with_tile_rows(rows, [&]<int MR>() {
    tile_c2<MR, kMode, kUnsigned, kRuns>(MR, nc, runs, wb, rq, out, c, g.c_stride);
  });
}

template <RequantMode kMode, bool kUnsigned, bool kRuns>
void gemm_c2(const QGemmArgs& g) {
  const OutputLanes out(g.requant->output());
  const size_t weight_bytes =
      static_cast<size_t>(g.block_end - g.block_begin) * g.w->kp * kGemmNr * sizeof(int16_t);
  int64_t table[kMaxTablePairs];
  const int64_t* pair_offsets = nullptr;
  if constexpr (kRuns) {
    bool contiguous = g.segments * g.seg_len / 2 <= kMaxTablePairs;
    for (int32_t s = 1; s < g.segments && contiguous; ++s) {
      contiguous = g.seg_k[s] == g.seg_k[0] + s * g.seg_len;
    }
    if (contiguous) {
      int32_t p = 0;
      for (int32_t s = 0; s < g.segments; ++s) {
        const int64_t delta = g.seg_a[s] - g.seg_a[0];
        for (int32_t j = 0; j < g.seg_len / 2; ++j) table[p++] = delta + 4 * j;
      }
      pair_offsets = table;
    }
  }
  for_each_tile(g.m, 6, g.block_begin, g.block_end, weight_bytes,
                [&](int32_t b, int32_t m0, int32_t rows) {
                  tile_rows<kMode, kUnsigned, kRuns>(g, b, m0, rows, out, pair_offsets);
                });
}

template <bool kRuns>
void dispatch_gemm_c2(const QGemmArgs& args) {
  with_output_stage(args.requant->output(), [&]<RequantMode kMode, bool kUnsigned>() {
    gemm_c2<kMode, kUnsigned, kRuns>(args);
  });
}

}  // namespace

void q8_gemm_6x16c2_avx2(const QGemmArgs& args) {
  args.segments > 0 ? dispatch_gemm_c2<true>(args) : dispatch_gemm_c2<false>(args);
}

}  // namespace octet::x86

// ---- GEMV: one row against 8-bit weights widened in registers (see qgemm.h). -------------------

namespace octet::x86 {

namespace {

template <RequantMode kMode, bool kUnsigned>
void gemv_c2(const QGemvArgs& g) {
  const GemvWeights& w = *g.w;
  const OutputLanes out(g.requant->output());
  const int32_t kn = (g.k_end > 0 ? g.k_end : w.kp) - g.k_begin;  // this chunk's A elements
  const int32_t correction = gemv_zero_point_term(g);
  const __m256i corr = _mm256_set1_epi32(correction);
  for (int32_t b = g.block_begin; b < g.block_end; ++b) {
    const uint8_t* wb = w.block(b) + static_cast<size_t>(g.k_begin) * kGemmNr;
    const int32_t* rq = g.requant->block(b);
    int32_t* partial = g.partial + static_cast<size_t>(b - g.block_begin) * kGemmNr;
    const int32_t* start = g.first ? rq : partial;
    // Two accumulator pairs (even and odd k pairs) halve the dependency chains.
    __m256i acc0 = _mm256_add_epi32(load8(start), corr);
    __m256i acc1 = _mm256_add_epi32(load8(start + 8), corr);
    __m256i acc2 = _mm256_setzero_si256(), acc3 = _mm256_setzero_si256();
    auto widen = [](const uint8_t* p) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      return kUnsigned ? _mm256_cvtepu8_epi16(v) : _mm256_cvtepi8_epi16(v);
    };
    int32_t k = 0;
    for (; k + 4 <= kn; k += 4) {
      // A layer's weights are read once per inference, usually from DRAM: ask 4 KiB ahead
      // (measured ~15% faster on MobileNetV2's classifier; no fault past the end).
      _mm_prefetch(reinterpret_cast<const char*>(wb) + 4096, _MM_HINT_T0);
      const __m256i a0 = broadcast_pair(g.a + k), a1 = broadcast_pair(g.a + k + 2);
      acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(a0, widen(wb)));
      acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(a0, widen(wb + 16)));
      acc2 = _mm256_add_epi32(acc2, _mm256_madd_epi16(a1, widen(wb + 32)));
      acc3 = _mm256_add_epi32(acc3, _mm256_madd_epi16(a1, widen(wb + 48)));
      wb += 64;
    }
    if (k < kn) {
      const __m256i a0 = broadcast_pair(g.a + k);
      acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(a0, widen(wb)));
      acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(a0, widen(wb + 16)));
    }
    acc0 = _mm256_add_epi32(acc0, acc2);
    acc1 = _mm256_add_epi32(acc1, acc3);
    if (!g.last) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(partial), acc0);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(partial + 8), acc1);
      continue;
    }
    store_requantized16_avx2<kMode, kUnsigned>(acc0, acc1, rq, out, g.c + b * kGemmNr,
                                               std::min(kGemmNr, w.n - b * kGemmNr));
  }
}

}  // namespace

void q8_gemv_16c2_avx2(const QGemvArgs& args) {
  with_output_stage(args.requant->output(),
                    [&]<RequantMode kMode, bool kUnsigned>() { gemv_c2<kMode, kUnsigned>(args); });
}

}  // namespace octet::x86
