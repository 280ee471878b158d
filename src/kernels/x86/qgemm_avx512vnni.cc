// qgemm_avx512vnni.cc - the c4 GEMM micro-kernels (see qgemm.h) for AVX-512 VNNI: uint8 A rows
// against int8 weight quads with vpdpbusd, then requant_avx512.h's exact requantization on 16
// lanes.
//
// vpdpbusd issues two per cycle and its result feeds the next one of its chain only 4 cycles
// later (measured on Zen 5), so a tile needs at least 8 independent accumulators; the tiles here
// keep MR rows x NB 16-channel blocks of them (up to 28 zmm, see kC4TileRows), with NB weight
// vectors loaded once per k quad and one broadcast per row and quad. The tile shape is the
// layer's (Conv2DGemm picks it at prepare from its rows, channels and k); narrower tiles serve the
// last panel and fewer rows the last tile. A direct convolution's rows are read in place as
// filter_h runs each (qgemm.h's segments), from the row cache Conv2DGemm keeps.
//
// Requantization (kFast) runs in 64-bit lanes: two vpmuludq per 16 outputs, the rounding, zero
// point and sign folded into per-channel constants loaded once per tile column, the outputs
// narrowed four vectors at a time. At small k on 32-channel panels the full tiles run pipelined
// (tile_c4_pipelined): 4-row steps whose vpdpbusd are interleaved with the previous step's
// requantization, since the out-of-order window cannot overlap a whole tile's requantization with
// the next tile's multiplies (measured on Zen 5: 112x112x16->96 44 -> 48% of the MAC peak,
// 28x28x32->192 61 -> 68%). Everything else (the +128 and zero-point folds, packing,
// padding, tails) is the ISA-independent code that q8_gemm_c4_emulated runs on every CPU.
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "kernels/x86/im2col.h"
#include "kernels/x86/qgemm.h"
#include "kernels/x86/requant_avx512.h"

namespace octet::x86 {

namespace {

// A rows as runs (qgemm.h's segments): row i's run s starts at a + i * a_stride + delta[s] and
// multiplies the weights from quad quad[s] on, len elements (a multiple of 4). Contiguous rows are
// one run of kp.
struct TileRuns {
  int32_t count;
  int32_t len;
  int64_t delta[kMaxGemmSegments];
  int32_t quad[kMaxGemmSegments];
};

// One call's operands: `tiles` row tiles of MR rows, one after another, each against `panels`
// consecutive panels (row tile outer). Rows [0, rows) of the first tile's A start at a (rows <= MR:
// the tile's rows past them are computed from the slack past the last row and not stored; rows <
// MR only with one tile), read as runs; the first panel's weights at w, nr lanes (w_step bytes)
// per k quad, the next ones w_panel bytes apart; rq is the requantization table of the first
// panel's first 16-channel block (the next panels' rq_panel int32s apart), and nc (> 16 * (NB -
// 1)) the channels that exist in each panel (all NB blocks whenever panels > 1). One call over
// many tiles keeps the loop and the constants' set-up out of the per-tile cost, which matters
// when k is small (k = 16: a tile's MACs take ~60 cycles).
struct TileArgs {
  const TileRuns* runs;
  int32_t rows;
  int32_t tiles;
  int32_t panels;
  const uint8_t* a;
  size_t a_stride;
  const int32_t* row_terms;  // the first tile's rows' terms, or null
  const int8_t* w;
  size_t w_step;
  size_t w_panel;
  const int32_t* rq;
  size_t rq_panel;
  int32_t nc;
  OutputBytes out;
  uint8_t* c;
  size_t c_stride;
};

// kUnsigned: uint8 outputs (flipped when narrowed) and row terms (when t.row_terms is set); kSign:
// kFast's sign term (see sign_matters()); kInt8A: A holds int8 bytes, flipped to x + 128 as each
// quad is broadcast (one vpxord with a broadcast operand, on a port vpdpbusd leaves free).
// One tile: rows of A from a (row terms from row_terms) against the panel at w (requantization
// table rq), stored at c.
template <int MR, int NB, RequantMode kMode, bool kUnsigned, bool kSign, bool kInt8A>
__attribute__((always_inline)) inline void tile_c4_one(const TileArgs& t, const uint8_t* a0,
                                                       const int32_t* row_terms, const int8_t* w0,
                                                       const int32_t* rq, uint8_t* c) {
  constexpr size_t kBlockFields = size_t{kRequantFields} * kChannelBlock;
  const int32_t rows = t.rows;
  __m512i bias[NB], acc[MR][NB];
#pragma unroll
  for (int j = 0; j < NB; ++j) {
    bias[j] = field16(rq + j * kBlockFields, BlockRequant<kMode>::bias_field());
  }
#pragma unroll
  for (int i = 0; i < MR; ++i) {
    if (kUnsigned && row_terms) {
      const __m512i term = _mm512_set1_epi32(row_terms[i]);
#pragma unroll
      for (int j = 0; j < NB; ++j) acc[i][j] = _mm512_add_epi32(bias[j], term);
    } else {
#pragma unroll
      for (int j = 0; j < NB; ++j) acc[i][j] = bias[j];
    }
  }
  const size_t s = t.a_stride;
  const TileRuns& runs = *t.runs;
  const __m512i flip = _mm512_set1_epi32(static_cast<int32_t>(0x80808080u));
  for (int32_t r = 0; r < runs.count; ++r) {
    const int8_t* w = w0 + static_cast<size_t>(runs.quad[r]) * t.w_step;
    const uint8_t* a = a0 + runs.delta[r];
    for (int32_t k = 0; k < runs.len; k += 4) {
      __m512i wv[NB];
#pragma unroll
      for (int j = 0; j < NB; ++j) wv[j] = _mm512_loadu_si512(w + 64 * j);
      w += t.w_step;
#pragma unroll
      for (int i = 0; i < MR; ++i) {
        int32_t quad;
        std::memcpy(&quad, a + i * s + k, sizeof(quad));
        const __m512i av =
            kInt8A ? _mm512_xor_si512(_mm512_set1_epi32(quad), flip) : _mm512_set1_epi32(quad);
#pragma unroll
        for (int j = 0; j < NB; ++j) acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], av, wv[j]);
      }
    }
  }
  // Locals: the byte stores below may alias t as far as the compiler knows.
  const OutputBytes out = t.out;
  const size_t c_stride = t.c_stride;
  const int32_t nc = t.nc;
  const bool full = nc >= 16 * NB;
  // Requantized in place, block by block (each block's constants loaded once).
#pragma unroll
  for (int j = 0; j < NB; ++j) {
    const BlockRequant<kMode> requant(rq + j * kBlockFields, out.zero_point);
#pragma unroll
    for (int i = 0; i < MR; ++i) {
      if constexpr (kMode == RequantMode::kFast) {
        acc[i][j] = requant.template apply<kSign>(acc[i][j]);
      } else {
        acc[i][j] = requant(acc[i][j]);
      }
    }
  }
  auto narrow = [&](__m512i v0, __m512i v1, __m512i v2, __m512i v3) {
    return narrow4<kUnsigned>(v0, v1, v2, v3, out);
  };
  // Four vectors per narrowing: a row's blocks (NB 3 and 4; the missing fourth repeats one),
  // two rows' (NB 2) or four rows' (NB 1); rows past MR repeat the last.
  if constexpr (NB >= 3) {
    const __mmask64 mask = first_bytes(nc);
#pragma unroll
    for (int i = 0; i < MR; ++i) {
      const __m512i b = narrow(acc[i][0], acc[i][1], acc[i][2], acc[i][NB - 1]);
      if (i >= rows) continue;  // (not break: the loop must unroll fully to keep acc in registers)
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
      const int i1 = std::min(i + 1, MR - 1);
      const __m512i b = narrow(acc[i][0], acc[i][1], acc[i1][0], acc[i1][1]);
      if (i >= rows) continue;
      const __m256i b0 = _mm512_castsi512_si256(b), b1 = _mm512_extracti64x4_epi64(b, 1);
      if (full) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + i * c_stride), b0);
        if (i + 1 < rows) {
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + (i + 1) * c_stride), b1);
        }
      } else {
        _mm256_mask_storeu_epi8(c + i * c_stride, mask, b0);
        if (i + 1 < rows) _mm256_mask_storeu_epi8(c + (i + 1) * c_stride, mask, b1);
      }
    }
  } else {
    const __mmask16 mask = static_cast<__mmask16>(first_bytes(nc));
#pragma unroll
    for (int i = 0; i < MR; i += 4) {
      const __m512i b = narrow(acc[i][0], acc[std::min(i + 1, MR - 1)][0],
                               acc[std::min(i + 2, MR - 1)][0], acc[std::min(i + 3, MR - 1)][0]);
      if (i >= rows) continue;
      _mm_mask_storeu_epi8(c + i * c_stride, mask, _mm512_castsi512_si128(b));
      if (i + 1 < rows) {
        _mm_mask_storeu_epi8(c + (i + 1) * c_stride, mask, _mm512_extracti32x4_epi32(b, 1));
      }
      if (i + 2 < rows) {
        _mm_mask_storeu_epi8(c + (i + 2) * c_stride, mask, _mm512_extracti32x4_epi32(b, 2));
      }
      if (i + 3 < rows) {
        _mm_mask_storeu_epi8(c + (i + 3) * c_stride, mask, _mm512_extracti32x4_epi32(b, 3));
      }
    }
  }
}

template <int MR, int NB, RequantMode kMode, bool kUnsigned, bool kSign, bool kInt8A>
void tile_c4(const TileArgs& t) {
  const uint8_t* a = t.a;
  const int32_t* row_terms = t.row_terms;
  uint8_t* c = t.c;
  const size_t a_tile = MR * t.a_stride, c_tile = MR * t.c_stride;
  for (int32_t i = 0; i < t.tiles; ++i) {
    const int8_t* w = t.w;
    const int32_t* rq = t.rq;
    for (int32_t p = 0; p < t.panels; ++p) {
      tile_c4_one<MR, NB, kMode, kUnsigned, kSign, kInt8A>(t, a, row_terms, w, rq,
                                                           c + p * (16 * NB));
      w += t.w_panel;
      rq += t.rq_panel;
    }
    a += a_tile;
    c += c_tile;
    if (row_terms) row_terms += MR;
  }
}

// The pipelined small-k tile (qgemm.h's c4_pipelined_fits): full 32-channel panels, kFast, A
// rows contiguous (one run of kp = 4 * KQ bytes). A call's tiles run as steps of H =
// kC4PipelinedRows rows x one panel, rows outer and panels inner (the plain tile's order); each
// step's k quads are interleaved in program order with the previous step's requantization, rows
// spread over the quads, and its pairs of rows narrowed and stored as soon as both are done. The
// plain tile leaves the overlap to the out-of-order window, which holds only part of a tile:
// at k = 16 the multiply ports then idle through much of each requantization.
// One step's operands: A's rows and row terms, the panel's weights and table, the output.
struct PipelinedOperands {
  const uint8_t* a;
  const int32_t* terms;
  const int8_t* w;
  const int32_t* rq;
  uint8_t* c;
};

// The steps of a call in order, rows outer and panels inner.
class PipelinedSteps {
 public:
  explicit PipelinedSteps(const TileArgs& t)
      : t_(t), op_{t.a, t.row_terms, t.w, t.rq, t.c}, panel_(0) {}
  const PipelinedOperands& operands() const { return op_; }
  void next() {
    if (++panel_ < t_.panels) {
      op_.w += t_.w_panel;
      op_.rq += t_.rq_panel;
      op_.c += kC4PipelinedChannels;
      return;
    }
    panel_ = 0;
    op_.a += kC4PipelinedRows * t_.a_stride;
    if (op_.terms) op_.terms += kC4PipelinedRows;
    op_.w = t_.w;
    op_.rq = t_.rq;
    op_.c += kC4PipelinedRows * t_.c_stride - (t_.panels - 1) * kC4PipelinedChannels;
  }

 private:
  const TileArgs& t_;
  PipelinedOperands op_;
  int32_t panel_;
};

// One step: kMac (this step's vpdpbusd into acc, from the bias of mac.rq) and kRequant (the
// previous step's sums in prev, with its table prev.rq, stored at prev.c).
template <int KQ, bool kUnsigned, bool kSign, bool kClampMax, bool kMac, bool kRequant>
__attribute__((always_inline)) inline void pipelined_step(const TileArgs& t, const OutputBytes& out,
                                                          const PipelinedOperands& mac,
                                                          __m512i (&acc)[kC4PipelinedRows][2],
                                                          const PipelinedOperands& prev_op,
                                                          __m512i (&prev)[kC4PipelinedRows][2]) {
  constexpr int H = kC4PipelinedRows;
  constexpr size_t kBlockFields = size_t{kRequantFields} * kChannelBlock;
  constexpr size_t kWeightStep = kC4PipelinedChannels * 4;  // one k quad of a panel
  const size_t s = t.a_stride, cs = t.c_stride;
  if constexpr (kMac) {
    const __m512i bias0 = field16(mac.rq, kFieldBiasOffset);
    const __m512i bias1 = field16(mac.rq + kBlockFields, kFieldBiasOffset);
#pragma unroll
    for (int i = 0; i < H; ++i) {
      if (kUnsigned && mac.terms) {
        const __m512i term = _mm512_set1_epi32(mac.terms[i]);
        acc[i][0] = _mm512_add_epi32(bias0, term);
        acc[i][1] = _mm512_add_epi32(bias1, term);
      } else {
        acc[i][0] = bias0;
        acc[i][1] = bias1;
      }
    }
  }
  // The previous step's constants (unused loads, dropped, in the first step).
  const int32_t* rq0 = kRequant ? prev_op.rq : mac.rq;
  const BlockRequant<RequantMode::kFast> r0(rq0, out.zero_point);
  const BlockRequant<RequantMode::kFast> r1(rq0 + kBlockFields, out.zero_point);
#pragma unroll
  for (int q = 0; q < KQ; ++q) {
    if constexpr (kMac) {
      const __m512i w0 = _mm512_loadu_si512(mac.w + q * kWeightStep);
      const __m512i w1 = _mm512_loadu_si512(mac.w + q * kWeightStep + 64);
#pragma unroll
      for (int i = 0; i < H; ++i) {
        int32_t quad;
        std::memcpy(&quad, mac.a + i * s + 4 * q, sizeof(quad));
        const __m512i av = _mm512_set1_epi32(quad);
        acc[i][0] = _mm512_dpbusd_epi32(acc[i][0], av, w0);
        acc[i][1] = _mm512_dpbusd_epi32(acc[i][1], av, w1);
      }
    }
    if constexpr (kRequant) {
#pragma unroll
      for (int i = q * H / KQ; i < (q + 1) * H / KQ; ++i) {
        prev[i][0] = r0.template apply<kSign>(prev[i][0]);
        prev[i][1] = r1.template apply<kSign>(prev[i][1]);
        if (i % 2 == 1) {
          const __m512i b = narrow4<kUnsigned, kClampMax>(prev[i - 1][0], prev[i - 1][1],
                                                          prev[i][0], prev[i][1], out);
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(prev_op.c + (i - 1) * cs),
                              _mm512_castsi512_si256(b));
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(prev_op.c + i * cs),
                              _mm512_extracti64x4_epi64(b, 1));
        }
      }
    }
  }
}

// Two sets of accumulators, x and y, take turns: one sums a step while the other's previous step
// is requantized (no copies between them).
template <int KQ, bool kUnsigned, bool kSign, bool kClampMax>
void tile_c4_pipelined(const TileArgs& t) {
  constexpr int H = kC4PipelinedRows;
  static_assert(H % 2 == 0, "rows are narrowed in pairs");
  const OutputBytes out = t.out;
  const int32_t steps = t.tiles * t.rows / H * t.panels;
  if (steps == 0) return;
  __m512i x[H][2], y[H][2];
  PipelinedSteps cursor(t);
  PipelinedOperands prev = cursor.operands();
  pipelined_step<KQ, kUnsigned, kSign, kClampMax, true, false>(t, out, prev, x, prev, y);
  int32_t done = 1;
  for (; done + 2 <= steps; done += 2) {
    cursor.next();
    const PipelinedOperands first = cursor.operands();
    pipelined_step<KQ, kUnsigned, kSign, kClampMax, true, true>(t, out, first, y, prev, x);
    cursor.next();
    prev = cursor.operands();
    pipelined_step<KQ, kUnsigned, kSign, kClampMax, true, true>(t, out, prev, x, first, y);
  }
  if (done < steps) {
    cursor.next();
    const PipelinedOperands last = cursor.operands();
    pipelined_step<KQ, kUnsigned, kSign, kClampMax, true, true>(t, out, last, y, prev, x);
    pipelined_step<KQ, kUnsigned, kSign, kClampMax, false, true>(t, out, last, x, last, y);
  } else {
    pipelined_step<KQ, kUnsigned, kSign, kClampMax, false, true>(t, out, prev, y, prev, x);
  }
}

using TileFn = void (*)(const TileArgs&);

// kPipelined<...>[kClampMax][kp / 4 - 1]: the pipelined tile for kp (kClampMax: narrow4's; past
// k = 32 always clamped, and null where c4_pipelined_k is false, to compile fewer functions).
template <int KQ, bool kUnsigned, bool kSign, bool kClampMax>
constexpr TileFn pipelined_tile() {
  if constexpr (c4_pipelined_k(4 * KQ)) {
    return &tile_c4_pipelined<KQ, kUnsigned, kSign, (kClampMax || 4 * KQ > 32)>;
  } else {
    return nullptr;
  }
}
template <bool kUnsigned, bool kSign, bool kClampMax, size_t... I>
constexpr std::array<TileFn, sizeof...(I)> pipelined_tiles(std::index_sequence<I...>) {
  return {pipelined_tile<static_cast<int>(I) + 1, kUnsigned, kSign, kClampMax>()...};
}
template <bool kUnsigned, bool kSign>
constexpr std::array<std::array<TileFn, kC4PipelinedMaxK / 4>, 2> kPipelined = {
    pipelined_tiles<kUnsigned, kSign, false>(std::make_index_sequence<kC4PipelinedMaxK / 4>()),
    pipelined_tiles<kUnsigned, kSign, true>(std::make_index_sequence<kC4PipelinedMaxK / 4>())};

// kTiles<...>[NB - 1][i]: the tile of kC4TileRows[NB - 1][i] rows (null past the list).
template <int NB, RequantMode kMode, bool kUnsigned, bool kSign, bool kInt8A, size_t... I>
constexpr std::array<TileFn, 8> tile_row(std::index_sequence<I...>) {
  constexpr auto& rows = kC4TileRows[NB - 1];
  return {(rows[I] > 0 ? &tile_c4<std::max(rows[I], 1), NB, kMode, kUnsigned, kSign, kInt8A>
                       : nullptr)...};
}

template <RequantMode kMode, bool kUnsigned, bool kSign, bool kInt8A>
constexpr std::array<std::array<TileFn, 8>, kMaxC4PanelBlocks> kTiles = {
    tile_row<1, kMode, kUnsigned, kSign, kInt8A>(std::make_index_sequence<8>()),
    tile_row<2, kMode, kUnsigned, kSign, kInt8A>(std::make_index_sequence<8>()),
    tile_row<3, kMode, kUnsigned, kSign, kInt8A>(std::make_index_sequence<8>()),
    tile_row<4, kMode, kUnsigned, kSign, kInt8A>(std::make_index_sequence<8>())};

template <RequantMode kMode, bool kUnsigned, bool kSign, bool kInt8A>
TileFn tile_for(int32_t rows, int32_t nb) {
  const auto& list = kC4TileRows[nb - 1];
  for (size_t i = 0; i < 8; ++i) {
    if (list[i] >= rows) return kTiles<kMode, kUnsigned, kSign, kInt8A>[nb - 1][i];
  }
  return nullptr;  // never: rows <= the tile's rows, which the list holds
}

template <RequantMode kMode, bool kUnsigned, bool kSign, bool kInt8A>
void gemm_c4(const QGemmArgs& g) {
  const PackedWeights& w = *g.w;
  const OutputStage& o = g.requant->output();
  TileRuns runs{.count = 1, .len = w.kp, .delta = {}, .quad = {}};
  const uint8_t* a = g.a;
  size_t a_stride = g.a_stride;
  if (g.segments > 0) {  // a direct convolution's runs, in place
    runs.count = g.segments;
    runs.len = g.seg_len;
    for (int32_t s = 0; s < g.segments; ++s) {
      runs.delta[s] = g.seg_a[s] - g.seg_a[0];
      runs.quad[s] = g.seg_k[s] / 4;
    }
    a = g.seg_a[0];
    a_stride = g.seg_row_stride;
  }
  const int32_t full_nb = w.nr / kChannelBlock;
  TileArgs t{.runs = &runs,
             .rows = 0,
             .tiles = 1,
             .panels = 1,
             .a = nullptr,
             .a_stride = a_stride,
             .row_terms = nullptr,
             .w = nullptr,
             .w_step = static_cast<size_t>(w.nr) * 4,
             .w_panel = static_cast<size_t>(w.kp) * w.nr,
             .rq = nullptr,
             .rq_panel = static_cast<size_t>(full_nb) * kRequantFields * kChannelBlock,
             .nc = 0,
             .out = OutputBytes(o),
             .c = nullptr,
             .c_stride = g.c_stride};
  // The full tile's function, found once (tile_for searches the row list), and the one that runs
  // the calls of many full tiles of full panels.
  const TileFn full = tile_for<kMode, kUnsigned, kSign, kInt8A>(g.tile_rows, full_nb);
  TileFn bulk = full;
  if constexpr (kMode == RequantMode::kFast && !kInt8A) {
    if (g.c4_pipelined && g.segments == 0 && c4_pipelined_fits(w.kp, w.nr, g.tile_rows)) {
      bulk = kPipelined<kUnsigned, kSign>[clamps_max(o)][w.kp / 4 - 1];
    }
  }
  auto call = [&](TileFn f, int32_t p, int32_t m0, int32_t rows, int32_t tiles, int32_t panels) {
    t.nc = std::min(w.nr, w.n - p * w.nr);
    t.rows = rows;
    t.tiles = tiles;
    t.panels = panels;
    t.a = a + static_cast<size_t>(m0) * a_stride;
    t.row_terms = g.row_terms ? g.row_terms + m0 : nullptr;
    t.w = static_cast<const int8_t*>(w.panel(p));
    t.rq = g.requant->block(p * full_nb);
    t.c = g.c + static_cast<size_t>(m0) * g.c_stride + static_cast<size_t>(p) * w.nr;
    f(t);
  };
  // A tile that is short of rows or channels, alone.
  auto edge = [&](int32_t p, int32_t m0, int32_t rows) {
    const int32_t nb = (std::min(w.nr, w.n - p * w.nr) + kChannelBlock - 1) / kChannelBlock;
    call(rows == g.tile_rows && nb == full_nb ? full
                                              : tile_for<kMode, kUnsigned, kSign, kInt8A>(rows, nb),
         p, m0, rows, 1, 1);
  };
  const int32_t tile_rows = g.tile_rows, full_tiles = g.m / tile_rows;
  const int32_t m_full = full_tiles * tile_rows;
  // Panels [block_begin, p_full) have all nr channels.
  const int32_t p_full = std::clamp(w.n / w.nr, g.block_begin, g.block_end);
  const size_t weight_bytes = static_cast<size_t>(g.block_end - g.block_begin) * w.kp * w.nr;
  if (weight_bytes <= kRowOrderWeightBytes) {  // row tile by row tile (see for_each_tile)
    if (full_tiles > 0 && p_full > g.block_begin) {
      call(bulk, g.block_begin, 0, tile_rows, full_tiles, p_full - g.block_begin);
    }
    for (int32_t p = p_full; p < g.block_end; ++p) {
      for (int32_t m0 = 0; m0 < m_full; m0 += tile_rows) edge(p, m0, tile_rows);
    }
    if (m_full < g.m) {
      for (int32_t p = g.block_begin; p < g.block_end; ++p) edge(p, m_full, g.m - m_full);
    }
  } else {  // panel by panel
    for (int32_t p = g.block_begin; p < g.block_end; ++p) {
      if (p < p_full && full_tiles > 0) {
        call(bulk, p, 0, tile_rows, full_tiles, 1);
      } else {
        for (int32_t m0 = 0; m0 < m_full; m0 += tile_rows) edge(p, m0, tile_rows);
      }
      if (m_full < g.m) edge(p, m_full, g.m - m_full);
    }
  }
}

}  // namespace

namespace {

// The one-row GEMV (qgemm.h's GemvWeights, c2 order: 16 lanes x 2 k per 32 bytes) on zmm: each k
// pair's 32 weight bytes widened to int16 in one vpmovsxbw/vpmovzxbw and multiplied and
// accumulated with the broadcast A pair in one vpdpwssd (exact int16 pairs into int32): two
// operations per 32 MACs where the AVX2 kernel needs three per 16. Four accumulator chains.
template <RequantMode kMode, bool kUnsigned, bool kSign>
void gemv_c2(const QGemvArgs& g) {
  const GemvWeights& w = *g.w;
  const OutputBytes out(g.requant->output());
  const int32_t kn = (g.k_end > 0 ? g.k_end : w.kp) - g.k_begin;  // this chunk's A elements
  const int32_t correction = gemv_zero_point_term(g);
  const __m512i corr = _mm512_set1_epi32(correction);
  const auto widen = [](const uint8_t* p) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return kUnsigned ? _mm512_cvtepu8_epi16(v) : _mm512_cvtepi8_epi16(v);
  };
  const auto pair = [&](int32_t k) {
    int32_t v;
    std::memcpy(&v, g.a + k, sizeof(v));
    return _mm512_set1_epi32(v);
  };
  for (int32_t b = g.block_begin; b < g.block_end; ++b) {
    const uint8_t* wb = w.block(b) + static_cast<size_t>(g.k_begin) * kGemmNr;
    const int32_t* rq = g.requant->block(b);
    int32_t* partial = g.partial + static_cast<size_t>(b - g.block_begin) * kGemmNr;
    // The first chunk starts from the bias (kFast: the bias + B, requant.h), later ones from the
    // partial sums.
    const int32_t* start =
        g.first ? rq + BlockRequant<kMode>::bias_field() * kChannelBlock : partial;
    __m512i acc0 = _mm512_add_epi32(_mm512_loadu_si512(start), corr);
    __m512i acc1 = _mm512_setzero_si512(), acc2 = acc1, acc3 = acc1;
    int32_t k = 0;
    for (; k + 8 <= kn; k += 8) {
      // Read once per inference, usually from beyond L2: ask 4 KiB ahead (as the AVX2 kernel).
      _mm_prefetch(reinterpret_cast<const char*>(wb) + 4096, _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(wb) + 4096 + 64, _MM_HINT_T0);
      acc0 = _mm512_dpwssd_epi32(acc0, pair(k), widen(wb));
      acc1 = _mm512_dpwssd_epi32(acc1, pair(k + 2), widen(wb + 32));
      acc2 = _mm512_dpwssd_epi32(acc2, pair(k + 4), widen(wb + 64));
      acc3 = _mm512_dpwssd_epi32(acc3, pair(k + 6), widen(wb + 96));
      wb += 128;
    }
    for (; k < kn; k += 2, wb += 32) acc0 = _mm512_dpwssd_epi32(acc0, pair(k), widen(wb));
    const __m512i acc =
        _mm512_add_epi32(_mm512_add_epi32(acc0, acc1), _mm512_add_epi32(acc2, acc3));
    if (!g.last) {
      _mm512_storeu_si512(partial, acc);
      continue;
    }
    __m512i v;
    if constexpr (kMode == RequantMode::kFast) {
      v = BlockRequant<kMode>(rq, out.zero_point).template apply<kSign>(acc);
    } else {
      v = BlockRequant<kMode>(rq, out.zero_point)(acc);
    }
    const __m512i bytes = narrow4<kUnsigned>(v, v, v, v, out);
    const int32_t nc = std::min(kGemmNr, w.n - b * kGemmNr);
    _mm_mask_storeu_epi8(g.c + b * kGemmNr, static_cast<__mmask16>(first_bytes(nc)),
                         _mm512_castsi512_si128(bytes));
  }
}

}  // namespace

void q8_gemv_16c2_avx512vnni(const QGemvArgs& args) {
  const OutputStage& o = args.requant->output();
  if (o.mode == RequantMode::kFast && !sign_matters(o)) {
    o.is_unsigned ? gemv_c2<RequantMode::kFast, true, false>(args)
                  : gemv_c2<RequantMode::kFast, false, false>(args);
    return;
  }
  with_output_stage(
      o, [&]<RequantMode kMode, bool kUnsigned>() { gemv_c2<kMode, kUnsigned, true>(args); });
}

// The depthwise kernel's row widening (c2: int16 x - zero point), 32 elements at a time.
void convert_row_c2_avx512vnni(const RowPacking& p, const uint8_t* src, int32_t n, void* dst) {
  int16_t* d = static_cast<int16_t*>(dst);
  const __m512i zp = _mm512_set1_epi16(static_cast<int16_t>(p.input_zero_point));
  const auto widen = [&](__m256i x) {
    return _mm512_sub_epi16(p.input_unsigned ? _mm512_cvtepu8_epi16(x) : _mm512_cvtepi8_epi16(x),
                            zp);
  };
  int32_t i = 0;
  for (; i + 32 <= n; i += 32) {
    _mm512_storeu_si512(d + i,
                        widen(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i))));
  }
  if (i < n) {
    const __mmask32 m = static_cast<__mmask32>(first_bytes(n - i));
    _mm512_mask_storeu_epi16(d + i, m, widen(_mm256_maskz_loadu_epi8(m, src + i)));
  }
}

namespace {

// n c4 A bytes from n input bytes (int8: x + 128, the top bit flipped; uint8: as is), 64 at a
// time; the tail with a masked load and store (nothing read or written past n).
inline void convert_c4(const uint8_t* src, int32_t n, uint8_t* dst, __m512i flip) {
  int32_t i = 0;
  for (; i + 64 <= n; i += 64) {
    _mm512_storeu_si512(dst + i, _mm512_xor_si512(_mm512_loadu_si512(src + i), flip));
  }
  if (i < n) {
    const __mmask64 m = first_bytes(n - i);
    _mm512_mask_storeu_epi8(dst + i, m,
                            _mm512_xor_si512(_mm512_maskz_loadu_epi8(m, src + i), flip));
  }
}

inline __m512i c4_flip(const RowPacking& p) {
  return _mm512_set1_epi8(static_cast<char>(p.input_unsigned ? 0 : 0x80));
}

}  // namespace

void convert_row_c4_avx512vnni(const RowPacking& p, const uint8_t* src, int32_t n, void* dst) {
  convert_c4(src, n, static_cast<uint8_t*>(dst), c4_flip(p));
}

// im2col with the c4 conversion and fill inlined; a 3-channel first layer's rows inside the image
// are one 16-byte load, xor and store per filter row.
void im2col_rows_c4_avx512vnni(const ConvGeometry& g, const RowPacking& p, const uint8_t* input,
                               int32_t m0, int32_t count, uint8_t* a) {
  const __m512i flip = c4_flip(p);
  const __m128i flip16 = _mm512_castsi512_si128(flip);
  const __m512i pad = _mm512_set1_epi8(static_cast<char>(p.pad_byte()));
  const int32_t run = g.filter_w * g.in_c, k = g.filter_h * run, kp = p.kp, fh = g.filter_h;
  auto load16 = [&](const uint8_t* src) {
    return _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src)), flip16);
  };
  im2col_rows_short_runs(
      g, p, input, m0, count, a,
      [&](int32_t m, int32_t n, uint8_t* dst) {
        im2col_rows(
            g, p, input, m, n, dst, true,
            [&](const uint8_t* src, int32_t len, uint8_t* d) {
              if (len == 16) {  // (a short run widened: im2col_rows checked the input has it)
                _mm_storeu_si128(reinterpret_cast<__m128i*>(d), load16(src));
              } else {
                convert_c4(src, len, d, flip);
              }
            },
            [&](int32_t len, bool padded, uint8_t* d) {
              const __m512i v = padded ? pad : _mm512_setzero_si512();
              int32_t i = 0;
              for (; i + 64 <= len; i += 64) _mm512_storeu_si512(d + i, v);
              if (i < len) _mm512_mask_storeu_epi8(d + i, first_bytes(len - i), v);
            });
      },
      [&](const uint8_t* src, size_t y_step, uint8_t* row) {
        if (fh == 3) {  // loads first, then the overlapping stores
          const __m128i v0 = load16(src), v1 = load16(src + y_step), v2 = load16(src + 2 * y_step);
          _mm_storeu_si128(reinterpret_cast<__m128i*>(row), v0);
          _mm_storeu_si128(reinterpret_cast<__m128i*>(row + run), v1);
          _mm_storeu_si128(reinterpret_cast<__m128i*>(row + 2 * run), v2);
        } else {
          for (int32_t ky = 0; ky < fh; ++ky) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(row + ky * run), load16(src + ky * y_step));
          }
        }
        // The k tail (kp - k < 4 bytes): one 4-byte store, its excess landing where the next
        // row is written (or in the slack), as the loads' excess does.
        if (kp > k) std::memset(row + k, 0, 4);
      });
}

void q8_gemm_c4_avx512vnni(const QGemmArgs& args) {
  const OutputStage& o = args.requant->output();
  if (o.mode == RequantMode::kFast && !sign_matters(o)) {
    if (o.is_unsigned) {
      gemm_c4<RequantMode::kFast, true, false, false>(args);
    } else if (args.a_int8) {
      gemm_c4<RequantMode::kFast, false, false, true>(args);
    } else {
      gemm_c4<RequantMode::kFast, false, false, false>(args);
    }
    return;
  }
  // kGeneral has no sign term to leave out (kSign true). int8 A only with int8 outputs.
  with_output_stage(o, [&]<RequantMode kMode, bool kUnsigned>() {
    if constexpr (!kUnsigned) {
      if (args.a_int8) {
        gemm_c4<kMode, false, true, true>(args);
        return;
      }
    }
    gemm_c4<kMode, kUnsigned, true, false>(args);
  });
}

}  // namespace octet::x86
