// depthwise_conv2d.h - DEPTHWISE_CONV_2D (depth multiplier 1) with the channel dimension
// vectorized: ISA-independent preparation (weight packing, requantization table, row cache) and
// the row-kernel interface; the kernels live in depthwise_conv2d_avx2.cc (16 channels per block,
// two ymm) and depthwise_conv2d_avx512vnni.cc (32 per block, two zmm). Int8 and uint8 (asymmetric
// weights) layers, any filter size, stride, dilation and padding; 3x3 and 5x5 get unrolled tap
// loops.
//
// Arithmetic: each input row a filter row touches is widened once to int16 x - zp_in in a small
// per-task cache, with zero columns for the left/right padding; a row above or below the image is
// a row of zeros. So a padded tap contributes 0, exactly the reference's skipped tap, and the
// bias needs no fold. Taps go in pairs (t, t+1): the 16 channels of the two taps are interleaved
// (vpunpck{l,h}wd) and one vpmaddwd gives x_t * w_t + x_t+1 * w_t+1 per channel (an odd last
// tap pairs with weight 0). The interleave works within 128-bit lanes, so accumulator "lo" holds
// channels 8L..8L+3 of each lane L of a block and "hi" 8L+4..8L+7 (16-channel blocks: 0-3, 8-11
// and 4-7, 12-15); weights and the requantization table are packed in that order
// (depthwise_lane), and narrowing lo/hi with packssdw puts the channels back in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/aligned_vector.h"
#include "kernels/x86/conv2d_gemm.h"
#include "kernels/x86/requant.h"

namespace octet::x86 {

struct DepthwiseGeometry {
  int32_t batches = 1;
  int32_t in_h = 1, in_w = 1, channels = 1;
  int32_t out_h = 1, out_w = 1;
  int32_t filter_h = 1, filter_w = 1;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t pad_top = 0, pad_left = 0;
};

// kPortable runs the AVX2 kernel's packing (16-channel blocks), kPortableWide the AVX-512 one's.
enum class DepthwiseKernel : uint8_t { kAvx2, kAvx512Vnni, kPortable, kPortableWide };

// Channels per packed block of the AVX-512 kernel.
constexpr int32_t kDepthwiseWideBlock = 32;

// The channel of a block of `block` (16 or 32) channels that packed position j holds: the first
// half are the lo accumulator's lanes, the second half hi's.
constexpr int32_t depthwise_lane(int32_t j, int32_t block) {
  const int32_t half = block / 2, q = j % half;
  return 8 * (q / 4) + q % 4 + (j < half ? 0 : 4);
}

// One output row for a kernel.
struct DepthwiseRow {
  const int16_t* const* rows;  // [filter_h] widened input rows; column 0 = first padded column
  int32_t filter_h, filter_w;
  int32_t stride_w, dilation_w;
  int32_t out_w, channels;
  int32_t pairs;                // (filter_h * filter_w + 1) / 2
  int32_t block_channels;       // 16 or 32
  const int16_t* weights;       // [block][pair][block_channels positions][2 taps]
  const RequantTable* requant;  // in packed position order
  uint8_t* output;              // channel 0 of output pixel 0 of the row
  bool is_unsigned;
};
using DepthwiseRowFn = void (*)(const DepthwiseRow& row);

void depthwise_row_avx2(const DepthwiseRow& row);
void depthwise_row_3x3_avx2(const DepthwiseRow& row);
void depthwise_row_5x5_avx2(const DepthwiseRow& row);
void depthwise_row_avx512vnni(const DepthwiseRow& row);
void depthwise_row_3x3_avx512vnni(const DepthwiseRow& row);
void depthwise_row_5x5_avx512vnni(const DepthwiseRow& row);
void depthwise_row_portable(const DepthwiseRow& row);

// The AVX-512 VNNI route for int8 3x3 layers without dilation: no widening. A 64-byte vector of
// quads holds, for 16 channels, the bytes (x + 128) of filter rows 0, 1, 2 at one input column
// and a 0, so one vpdpbusd per filter column and 16 channels does three taps; each input column's
// quads are built once per output row (vpunpck{l,h}bw, vpunpck{l,h}wd) and shared by the output
// pixels whose window covers it. Padded taps hold zp_in + 128, and the bias is folded as
// bias - (zp_in + 128) * sum(w), so they contribute nothing. The unpacks leave quad vector i's
// 128-bit lane L with channels 16L + 4i .. 16L + 4i + 3 (depthwise_quad_channel), which the
// narrowing packs put back in order.
constexpr int32_t kDepthwiseQuadBlock = 64;
constexpr int32_t depthwise_quad_channel(int32_t position) {  // within a block of 64
  const int32_t i = position / 16, lane = position % 16;
  return 16 * (lane / 4) + 4 * i + lane % 4;
}
struct DepthwiseQuadRow {
  const uint8_t* rows[3];  // input rows of filter rows 0..2 (column 0); pad for rows outside
  size_t row_step[3];      // bytes per input column: channels, or 0 for pad
  const uint8_t* pad;      // channels bytes of zp_in (raw), then a block of slack
  int32_t in_w, pad_left, stride_w, out_w, channels;
  const int8_t* weights;        // [block][kx][quad vector i][64 positions][4 filter rows]
  const RequantTable* requant;  // in position order
  uint8_t* output;
};
void depthwise_row_3x3_quad_avx512vnni(const DepthwiseQuadRow& row);

// Widens n input bytes to int16 x - zero_point (the AVX2 one is qgemm's c2 row conversion).
using WidenFn = void (*)(const RowPacking& p, const uint8_t* src, int32_t n, void* dst);

// Output pixels per kernel call, at most, of a single column run as one row.
constexpr int32_t kDepthwiseMaxSegment = 64;

// Filters up to this many rows and taps (the kernels keep per-row and per-tap arrays on the stack).
constexpr int32_t kDepthwiseMaxFilterRows = 64;
constexpr int32_t kDepthwiseMaxTaps = 127;

class DepthwiseConv2D {
 public:
  DepthwiseConv2D() = default;
  // filter: 1HWC bytes; q as for Conv2DGemm (per-channel multiplier/shift over `channels`).
  DepthwiseConv2D(const DepthwiseGeometry& g, const uint8_t* filter, const int32_t* bias,
                  const ConvQuant& q, DepthwiseKernel kernel);

  // The unit tasks split by: output rows (row = batch * out_h + y), or whole images for a layer
  // over a single column (in_w = out_w = filter_w = 1), which runs as one row.
  int32_t rows() const { return g_.batches * g_.out_h; }
  int64_t macs() const {
    return int64_t{rows()} * g_.out_w * g_.channels * g_.filter_h * g_.filter_w;
  }
  size_t scratch_bytes() const;
  int64_t packed_bytes() const {
    return static_cast<int64_t>(weights_.size() * sizeof(int16_t) + quad_weights_.size() +
                                quad_pad_.size()) +
           requant_.bytes();
  }
  RequantMode requant_mode() const { return requant_.output().mode; }

  // Output rows [row_begin, row_end) of rows().
  void run(const uint8_t* input, uint8_t* output, int32_t row_begin, int32_t row_end,
           uint8_t* scratch) const;

 private:
  DepthwiseGeometry g_;
  RowPacking widen_params_;
  int32_t pairs_ = 0;
  int32_t block_channels_ = kChannelBlock;
  int32_t row_elems_ = 0;  // int16 elements of one widened row (padded columns and slack)
  AlignedVector<int16_t> weights_;
  RequantTable requant_;
  bool is_unsigned_ = false;
  WidenFn widen_ = nullptr;
  DepthwiseRowFn row_fn_ = nullptr;
  // A single column run as one row (in_w = out_w = filter_w = 1, H and W swapped), this many
  // output pixels a call (0: rows through the row cache).
  int32_t segment_ = 0;
  void run_segments(const uint8_t* input, uint8_t* output, int32_t row_begin, int32_t row_end,
                    uint8_t* scratch) const;
  // The quad route (depthwise_row_3x3_quad_avx512vnni) instead of the row cache.
  bool quad_ = false;
  AlignedVector<int8_t> quad_weights_;
  AlignedVector<uint8_t> quad_pad_;
  void prepare_quad(const uint8_t* filter, const int32_t* bias, const ConvQuant& q);
  void run_quad(const uint8_t* input, uint8_t* output, int32_t row_begin, int32_t row_end) const;
};

}  // namespace octet::x86
