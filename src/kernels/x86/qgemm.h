// qgemm.h - the quantized GEMM that conv2d (1x1 and im2col) and fully connected run on:
//   C[m, n] = requant(bias'[n] + row_term[m] + sum_k A[m, k] * W[n, k]),
// with C int8/uint8 rows. This header is ISA-independent: the packed layouts, their packing, and
// the micro-kernel interface. Each ISA's micro-kernel lives in qgemm_<isa>.cc.
//
// Two exact routes, by what the ISA multiplies:
//   - c2 (AVX2, vpmaddwd): A = x - zp_in and W = w - zp_w as int16, k in pairs. Products and pair
//     sums are exact in int32, and a padded tap is A = 0, exactly the reference's skipped tap; the
//     bias is the model's bias unchanged.
//   - c4 (AVX-512 VNNI, vpdpbusd: u8 x s8 in quads): A is an unsigned byte and W a signed one, so
//     int8 activations are stored as x + 128 and uint8 weights as w - 128; the constant terms
//     this adds are folded into bias' per channel and, for uint8 weights, row_term[m] =
//     (128 - zp_w) * sum_k A[m, k]. A padded tap holds the input zero point (A = zp_in + 128 or
//     zp_in), whose contribution the fold cancels.
// The c4 layout has a portable scalar model of the VNNI kernel (q8_gemm_c4_emulated) so that
// the packing and the folded terms are tested on every CPU.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/aligned_vector.h"
#include "kernels/x86/requant.h"

namespace octet::x86 {

// Row counts that are whole tiles of every micro-kernel (AVX2 6 rows, AVX-512 4): tasks and
// chunks split rows at multiples of it.
constexpr int kGemmRowAlign = 12;
constexpr int kGemmNr = kChannelBlock;

enum class GemmRoute : uint8_t { kC2, kC4 };

inline int32_t gemm_kr(GemmRoute r) { return r == GemmRoute::kC2 ? 2 : 4; }
inline int32_t round_up(int32_t x, int32_t m) { return (x + m - 1) / m * m; }

// A weight matrix as the model stores it: n rows of k 8-bit values with a zero point (0 for int8).
struct WeightMatrix {
  const uint8_t* data = nullptr;  // int8 or uint8 bytes
  bool is_unsigned = false;
  int32_t zero_point = 0;
  int32_t n = 0;
  int32_t k = 0;
  int32_t value(int32_t row, int32_t col) const {  // w - zero_point
    const uint8_t b = data[static_cast<size_t>(row) * k + col];
    return (is_unsigned ? int32_t{b} : int32_t{static_cast<int8_t>(b)}) - zero_point;
  }
};

// Weights packed for one route, in panels of nr channels (a multiple of 16: the micro-kernel's
// tile width; c2 always 16). Panel p holds kp / kr groups; group g holds, for each of the nr
// lanes, kr consecutive k values:
//   c2: int16 (w - zp_w) at w16[((p * kp/2 + g) * nr + lane) * 2 + i]
//   c4: int8 (w for int8 weights, w - 128 for uint8) at w8[((p * kp/4 + g) * nr + lane) * 4 + i]
// Channels past n and k past k are 0.
struct PackedWeights {
  GemmRoute route = GemmRoute::kC2;
  int32_t n = 0, k = 0, kp = 0;
  int32_t nr = kGemmNr;
  AlignedVector<int16_t> w16;
  AlignedVector<int8_t> w8;
  int64_t bytes() const { return static_cast<int64_t>(w16.size() * sizeof(int16_t) + w8.size()); }
  int32_t panels() const { return (n + nr - 1) / nr; }
  const void* panel(int32_t p) const {
    const size_t off = static_cast<size_t>(p) * kp * nr;
    return route == GemmRoute::kC2 ? static_cast<const void*>(w16.data() + off)
                                   : static_cast<const void*>(w8.data() + off);
  }
  const void* block(int32_t b) const { return panel(b); }  // nr = 16
};

PackedWeights pack_weights(const WeightMatrix& w, GemmRoute route, int32_t nr = kGemmNr);

// The q4 route (AVX2, vpmaddubsw: unsigned A bytes times signed weight bytes, adjacent products
// summed into an int16 that SATURATES). Exact only because no weight pair can saturate: for A in
// [0, 255], |a0 w0 + a1 w1| fits int16 whenever the positive weights of the pair sum to at most
// 128 and the negative ones to at least -128. The weights w - zp_w (int8, or uint8 with a zero
// point: [-255, 255]) are split per pair into a dense part whose pairs all have that property
// (the pair itself when it has it, else each weight clamped to [-64, 64]) and residual parts that
// have it too, one per k quad of a 16-channel block that still has a remainder (at most 3 levels);
// all are summed in int32 (vpmaddwd by ones, vpaddd). A is the c4 row format (uint8 x, int8 x +
// 128; padded taps hold that of the zero point), and the fold bias' = bias - c * sum_k (w - zp_w)
// with c = zp_in (+ 128 for int8) makes the sum the reference's accumulator.
//   dense: block b, quad q, lane, i at w8[((b * kp/4 + q) * 16 + lane) * 4 + i]
//   residual entries of block b: [extra_begin[b], extra_begin[b + 1]); entry e multiplies the A
//   quad at byte offset extra_offset[e] by extra_w[e * 64 + lane * 4 + i].
struct PackedWeightsQ4 {
  int32_t n = 0, k = 0, kp = 0;  // kp: k rounded up to 4
  AlignedVector<int8_t> w8;
  std::vector<int32_t> extra_begin;
  std::vector<int64_t> extra_offset;
  AlignedVector<int8_t> extra_w;
  std::vector<int32_t> bias;  // bias' per channel
  int64_t bytes() const {
    return static_cast<int64_t>(w8.size() + extra_w.size() + extra_offset.size() * sizeof(int64_t) +
                                (extra_begin.size() + bias.size()) * sizeof(int32_t));
  }
  const int8_t* block(int32_t b) const { return w8.data() + static_cast<size_t>(b) * kp * kGemmNr; }
};
// Null when the residual quads would pass max_residual times the dense ones (packing stops as soon
// as they do, so a per-channel int8 layer that misses by far costs only part of a packing).
std::optional<PackedWeightsQ4> pack_weights_q4(const WeightMatrix& w, const int32_t* bias,
                                               int32_t input_zero_point, bool input_unsigned,
                                               double max_residual);

// Weights for the one-row GEMV (batch-1 fully connected): memory-bound, so the raw 8-bit values
// stay 8-bit (widened in registers) in the c2 order: block b, pair g, lane, i at
// w8[((b * kp/2 + g) * 16 + lane) * 2 + i]. The zero point is not subtracted; the kernel adds
// -zp_w * sum_k A[k] instead.
struct GemvWeights {
  int32_t n = 0, k = 0, kp = 0;
  bool is_unsigned = false;
  int32_t zero_point = 0;
  AlignedVector<uint8_t> w8;
  int64_t bytes() const { return static_cast<int64_t>(w8.size()); }
  const uint8_t* block(int32_t b) const {
    return w8.data() + static_cast<size_t>(b) * kp * kGemmNr;
  }
};
GemvWeights pack_gemv_weights(const WeightMatrix& w);

// One row A (int16, x - zp_in, kp elements with a zero tail) against all blocks of the GEMV
// weights: c[n] = requant(bias[n] + sum_k A[k] * (w[n][k] - zp_w)). The k range may come in
// chunks (a row too long for the scratch the arena grants): every chunk but the last leaves its
// int32 sums in `partial`, and every chunk but the first starts from them.
struct QGemvArgs {
  const int16_t* a = nullptr;      // A[k_begin, k_end)
  int32_t k_begin = 0, k_end = 0;  // even, k_end <= kp; k_end = 0: the whole row
  int32_t* partial = nullptr;      // 16 int32 per block of [block_begin, block_end)
  bool first = true, last = true;
  const GemvWeights* w = nullptr;
  const RequantTable* requant = nullptr;
  int32_t block_begin = 0, block_end = 0;
  uint8_t* c = nullptr;
};
// sum_k A[k] * (w - zp) = sum_k A[k] * w - zp * sum_k A[k]: the GEMV kernels add the second term
// (for this call's k range) to every channel, wrapping as the accumulator does.
inline int32_t gemv_zero_point_term(const QGemvArgs& g) {
  const GemvWeights& w = *g.w;
  if (w.zero_point == 0) return 0;
  const int32_t kn = (g.k_end > 0 ? g.k_end : w.kp) - g.k_begin;
  int32_t sum = 0;
  for (int32_t k = 0; k < kn; ++k) sum += g.a[k];
  return static_cast<int32_t>(0u -
                              static_cast<uint32_t>(w.zero_point) * static_cast<uint32_t>(sum));
}
void q8_gemv_16c2_avx2(const QGemvArgs& args);
void q8_gemv_16c2_avx512vnni(const QGemvArgs& args);  // zmm, vpdpwssd
void q8_gemv_16c2_portable(const QGemvArgs& args);

// What the GEMM needs besides the weights: the bias fold of the route and the bound on every
// accumulator (for choose_requant_mode). bias may be null.
struct GemmFold {
  std::vector<int32_t> bias;       // bias' per channel
  std::vector<int64_t> acc_bound;  // max |bias + sum_k (x - zp_in)(w - zp_w)| over all inputs
  int32_t row_term_scale = 0;      // c4 with uint8 weights: 128 - zp_w (0: no row term)
};
GemmFold fold_gemm_bias(const WeightMatrix& w, const int32_t* bias, int32_t input_zero_point,
                        bool input_unsigned, GemmRoute route);

// A rows as each route stores them (value of input byte x, of a padded tap, of k past k).
//   c2: int16 x - zp_in; pad 0; tail 0.        c4: uint8 x (+128 for int8); pad zp likewise.
struct RowPacking {
  GemmRoute route = GemmRoute::kC2;
  bool input_unsigned = false;
  int32_t input_zero_point = 0;
  int32_t kp = 0;
  size_t elem_bytes() const { return route == GemmRoute::kC2 ? 2 : 1; }
  size_t row_bytes() const { return static_cast<size_t>(kp) * elem_bytes(); }
  uint8_t pad_byte() const {  // c4 padded tap
    return static_cast<uint8_t>(input_unsigned ? input_zero_point : input_zero_point + 128);
  }
};

// Converts n input bytes to the route's A elements at dst (element offset 0).
using ConvertRowFn = void (*)(const RowPacking& p, const uint8_t* src, int32_t n, void* dst);
void convert_row_portable(const RowPacking& p, const uint8_t* src, int32_t n, void* dst);
void convert_row_c2_avx2(const RowPacking& p, const uint8_t* src, int32_t n, void* dst);
void convert_row_c2_avx512vnni(const RowPacking& p, const uint8_t* src, int32_t n, void* dst);
void convert_row_c4_avx512vnni(const RowPacking& p, const uint8_t* src, int32_t n, void* dst);
// Fills n A elements with the padded-tap value (pad = true) or with zeros (the k tail).
void fill_row(const RowPacking& p, int32_t n, bool pad, void* dst);

// Most segments an A row can have (see QGemmArgs).
constexpr int kMaxGemmSegments = 16;

// One call of a GEMM micro-kernel driver: rows [0, m) of A against the weights' column panels
// [block_begin, block_end) (16-channel blocks, except for the c4 kernels' wider panels), writing
// C. A rows are a_stride bytes apart.
//
// c2 and c4 (not q4): with segments > 0, A is not stored as rows but read in place (a direct
// convolution over a cache of converted input rows, no im2col copy): row r is the concatenation of
// segments runs of seg_len elements (seg_len a multiple of the route's kr), run s starting at
// seg_a[s] + r * seg_row_stride bytes and multiplying weights k in [seg_k[s], seg_k[s] + seg_len).
// k values no run covers contribute nothing: a padded tap on c2 (A = 0), never on c4, whose bias
// fold counts every k (a filter row above or below the image is a row of padded taps there).
struct QGemmArgs {
  int32_t m = 0;
  const uint8_t* a = nullptr;
  size_t a_stride = 0;
  int32_t segments = 0;
  const uint8_t* seg_a[kMaxGemmSegments] = {};
  int32_t seg_k[kMaxGemmSegments] = {};
  int32_t seg_len = 0;
  size_t seg_row_stride = 0;
  const int32_t* row_terms = nullptr;  // c4 uint8: per row, added to every channel (may be null)
  // c4 int8 (the AVX-512 VNNI kernel only): A rows are the int8 input bytes themselves, which the
  // kernel turns into c4's uint8 x + 128 as it broadcasts them (no conversion pass). Every tile
  // must then be full (m a multiple of tile_rows): no slack rows are read past row m - 1.
  bool a_int8 = false;
  const PackedWeights* w = nullptr;
  const PackedWeightsQ4* w4 = nullptr;  // the q4 kernel's weights (instead of w)
  const RequantTable* requant = nullptr;
  int32_t block_begin = 0, block_end = 0;
  int32_t tile_rows = 0;  // c4 (AVX-512 VNNI): rows of a full tile, at most kMaxC4TileRows(nr)
  // c4 (AVX-512 VNNI), kFast: full tiles run software-pipelined (c4_pipelined_fits; the caller
  // checks the requantization mode and that A is contiguous rows, segments == 0).
  bool c4_pipelined = false;
  uint8_t* c = nullptr;  // row 0, channel 0
  size_t c_stride = 0;   // bytes between output rows
};
using QGemmFn = void (*)(const QGemmArgs&);

// The c4 tiles: rows x nr channels (nr = 16, 32, 48 or 64) keep rows * nr / 16 zmm accumulators,
// at most 24 of the 32 registers: more spill while a block's requantization constants are loaded
// (measured: 8x32, 4x48 and 4x64 tiles reach 91-93% of the MAC peak at k = 512, 14x32 87%). The
// kernel is compiled for these row counts only (each one is a fully unrolled function); fewer rows
// run on the smallest that holds them, which reads (and computes, but does not store) up to
// kC4SlackRows rows of A and row terms past the last one: the caller makes them readable.
constexpr int32_t kMaxC4PanelBlocks = 4;
inline constexpr int32_t kC4TileRows[kMaxC4PanelBlocks][8] = {
    {1, 2, 4, 8, 12, 16}, {1, 2, 4, 6, 8, 10, 12}, {1, 2, 3, 4, 6}, {1, 2, 4, 5}};
// The compiled row count that runs `rows` rows of a panel of nr channels (0: more than any).
constexpr int32_t c4_tile_rows_for(int32_t rows, int32_t nr) {
  for (int32_t r : kC4TileRows[nr / 16 - 1]) {
    if (r >= rows) return r;
  }
  return 0;
}
inline constexpr int32_t kC4SlackRows = 3;
constexpr bool c4_slack_suffices() {
  for (const auto& list : kC4TileRows) {
    if (list[0] != 1) return false;
    for (int i = 1; i < 8 && list[i] > 0; ++i) {
      if (list[i] - list[i - 1] - 1 > kC4SlackRows) return false;
    }
  }
  return true;
}
static_assert(c4_slack_suffices(), "a tile can read more than kC4SlackRows rows past the last");
constexpr int32_t max_c4_tile_rows(int32_t nr) {
  int32_t most = 0;
  for (int32_t r : kC4TileRows[nr / 16 - 1]) most = std::max(most, r);
  return most;
}

// Small k on 32-channel panels: the AVX-512 VNNI kernel runs full tiles as steps of
// kC4PipelinedRows rows, each step's vpdpbusd interleaved with the previous step's requantization
// and stores, so that the multiply ports never idle while a tile requantizes (at k = 16 the
// requantization is a third of the tile's multiply-port work, and the plain tile runs it after
// its vpdpbusd with little overlap). Needs full tiles of a multiple of kC4PipelinedRows rows.
// Past k = 32 only k a multiple of 8: the tile is unrolled over k, each k its own compiled
// functions (k = 64: 14x14x64->384 74 -> 80% of the MAC peak).
inline constexpr int32_t kC4PipelinedRows = 4;
inline constexpr int32_t kC4PipelinedChannels = 32;  // the panel width it runs on
inline constexpr int32_t kC4PipelinedMaxK = 64;
constexpr bool c4_pipelined_k(int32_t kp) {
  return kp <= 32 || (kp <= kC4PipelinedMaxK && kp % 8 == 0);
}
constexpr bool c4_pipelined_fits(int32_t kp, int32_t nr, int32_t tile_rows) {
  return c4_pipelined_k(kp) && nr == kC4PipelinedChannels && tile_rows > 0 &&
         tile_rows % kC4PipelinedRows == 0;
}

// Weights of the requested panels up to this size are read row tile by row tile (they stay in
// L1 and each output row is written whole); larger ones panel by panel (one panel's weights stay
// in L1 while the A chunk streams from L2, at the price of writing output rows in strips).
constexpr size_t kRowOrderWeightBytes = 24 * 1024;

// Calls tile(p, m0, rows) for the tiles of tile_rows rows of [0, m) against panels [p0, p1), in
// the order the size of those panels' weights favours.
template <typename F>
inline void for_each_tile(int32_t m, int32_t tile_rows, int32_t p0, int32_t p1, size_t weight_bytes,
                          F&& tile) {
  if (weight_bytes <= kRowOrderWeightBytes) {
    for (int32_t m0 = 0; m0 < m; m0 += tile_rows) {
      for (int32_t p = p0; p < p1; ++p) tile(p, m0, std::min(tile_rows, m - m0));
    }
  } else {
    for (int32_t p = p0; p < p1; ++p) {
      for (int32_t m0 = 0; m0 < m; m0 += tile_rows) tile(p, m0, std::min(tile_rows, m - m0));
    }
  }
}

// AVX2 (c2, vpmaddwd): 6 rows x 16 channels per tile.
void q8_gemm_6x16c2_avx2(const QGemmArgs& args);
// AVX2 (q4, vpmaddubsw with pairs that cannot saturate; A in the c4 format): 6 rows x 16
// channels per tile.
void q8_gemm_6x16q4_avx2(const QGemmArgs& args);
// AVX-512 VNNI (c4, vpdpbusd): tiles of tile_rows x nr channels (the weights' panel width).
void q8_gemm_c4_avx512vnni(const QGemmArgs& args);
// The c4 kernel's arithmetic in portable C++ (tests the c4 packing and folds on any CPU).
void q8_gemm_c4_emulated(const QGemmArgs& args);
// The c2 kernel's arithmetic in portable C++ (documents the layout; used by tests).
void q8_gemm_c2_portable(const QGemmArgs& args);

}  // namespace octet::x86
