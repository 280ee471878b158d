// depthwise_conv2d.cc - see depthwise_conv2d.h.
#include "kernels/x86/depthwise_conv2d.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace octet::x86 {

namespace {

// Scratch layout of one task: row tags, row pointers, then filter_h cached rows and a zero row.
struct RowCache {
  int64_t* tags;
  const int16_t** window;
  int16_t* slots;
  int16_t* zero_row;
};

RowCache carve(uint8_t* scratch, int32_t filter_h, int32_t row_elems) {
  uint8_t* p = align_to_cache_line<uint8_t>(scratch);
  RowCache c;
  c.tags = reinterpret_cast<int64_t*>(p);
  c.window = reinterpret_cast<const int16_t**>(p + 8 * static_cast<size_t>(filter_h));
  c.slots = reinterpret_cast<int16_t*>(p + 64 * ((16 * static_cast<size_t>(filter_h) + 63) / 64));
  c.zero_row = c.slots + static_cast<size_t>(filter_h) * row_elems;
  return c;
}

// int16 elements of one widened row: pad_left zeros, the row, then zeros up to the rightmost tap
// of the last output; a block of elements of slack lets the last partial channel block load a
// full vector.
int32_t widened_row_elems(const DepthwiseGeometry& g, int32_t block_channels) {
  const int32_t right = std::max(
      0, (g.out_w - 1) * g.stride_w + (g.filter_w - 1) * g.dilation_w + 1 - g.pad_left - g.in_w);
  return (g.pad_left + g.in_w + right) * g.channels + block_channels;
}

// Scratch of the row cache: row tags and pointers, filter_h widened rows and a zero row.
size_t row_cache_bytes(int32_t filter_h, int32_t row_elems) {
  return 64 + 64 * ((16 * static_cast<size_t>(filter_h) + 63) / 64) +
         (static_cast<size_t>(filter_h) + 1) * row_elems * sizeof(int16_t);
}

// The input columns that `pixels` consecutive output pixels of a row read.
int32_t segment_columns(const DepthwiseGeometry& g, int32_t pixels) {
  return (pixels - 1) * g.stride_w + (g.filter_w - 1) * g.dilation_w + 1;
}

// int16 elements of a segment of `pixels` output pixels: their widened input columns and a block
// of slack (as a widened row's).
int32_t segment_elems(const DepthwiseGeometry& g, int32_t pixels, int32_t block_channels) {
  return segment_columns(g, pixels) * g.channels + block_channels;
}

// Scratch of such a segment, 64-byte aligned.
size_t segment_bytes(int32_t elems) { return 64 + static_cast<size_t>(elems) * sizeof(int16_t); }

// A layer over a single column (in_w = out_w = filter_w = 1: a 1-D convolution along H, as
// audio and sensor models have) as a single row: NHWC with W = 1 lays [N, H, 1, C] out as
// [N, 1, H, C], and its kh x 1 filter as a 1 x kh one, so the swap is free. (Run by rows, such a
// layer makes one kernel call per output pixel.)
bool column_as_row(const DepthwiseGeometry& g, DepthwiseGeometry* t) {
  if (g.in_w != 1 || g.out_w != 1 || g.filter_w != 1 || g.pad_left != 0 || g.in_h == 1) {
    return false;
  }
  *t = g;
  std::swap(t->in_h, t->in_w);
  std::swap(t->out_h, t->out_w);
  std::swap(t->filter_h, t->filter_w);
  std::swap(t->stride_h, t->stride_w);
  std::swap(t->dilation_h, t->dilation_w);
  std::swap(t->pad_top, t->pad_left);
  return true;
}

}  // namespace

DepthwiseConv2D::DepthwiseConv2D(const DepthwiseGeometry& geometry, const uint8_t* filter,
                                 const int32_t* bias, const ConvQuant& q, DepthwiseKernel kernel)
    : g_(geometry), is_unsigned_(q.is_unsigned) {
  const DepthwiseGeometry& g = g_;
  const int32_t c = g.channels;
  const int32_t taps = g.filter_h * g.filter_w;
  pairs_ = (taps + 1) / 2;
  // (Layers of at most 32 channels stay on the row kernel: one halved block ran 20-25% slower
  // on 112x112x32.)
  quad_ = kernel == DepthwiseKernel::kAvx512Vnni && !q.is_unsigned && g.filter_h == 3 &&
          g.filter_w == 3 && g.dilation_h == 1 && g.dilation_w == 1 && c > kDepthwiseQuadBlock / 2;
  if (quad_) {
    prepare_quad(filter, bias, q);
    return;
  }
  const bool wide =
      kernel == DepthwiseKernel::kAvx512Vnni || kernel == DepthwiseKernel::kPortableWide;
  block_channels_ = wide ? kDepthwiseWideBlock : kChannelBlock;
  const int32_t bc = block_channels_;
  // A single column runs as one row, in segments of output pixels whose widened columns take no
  // more scratch than the row cache would (tiny_str_ww_ref_model's layers: 3 to 5 pixels a call
  // instead of 1, 3-4x faster).
  DepthwiseGeometry row_g;
  if (column_as_row(g, &row_g)) {
    const size_t budget = row_cache_bytes(g.filter_h, widened_row_elems(g, bc));
    int32_t pixels = 0;
    while (pixels < kDepthwiseMaxSegment && pixels < row_g.out_w &&
           segment_bytes(segment_elems(row_g, pixels + 1, bc)) <= budget) {
      ++pixels;
    }
    if (pixels >= 2 ||
        (pixels == 1 && row_g.out_w == 1)) {  // (one pixel a call: only if that is all)
      g_ = row_g;
      segment_ = pixels;
    }
  }
  const int32_t blocks = (c + bc - 1) / bc;
  weights_.assign(static_cast<size_t>(blocks) * pairs_ * bc * 2, 0);
  // Per packed position: the channel's bias, multiplier and shift (0 past the last channel).
  const size_t positions = static_cast<size_t>(blocks) * bc;
  std::vector<int32_t> p_bias(positions, 0), p_mult(positions, 0), p_shift(positions, 0);
  std::vector<int64_t> bound(static_cast<size_t>(c));
  const int64_t x_max = max_input_magnitude(q.input_zero_point, q.is_unsigned);
  for (size_t pos = 0; pos < positions; ++pos) {
    const int32_t ch =
        static_cast<int32_t>(pos / bc) * bc + depthwise_lane(static_cast<int32_t>(pos % bc), bc);
    if (ch >= c) continue;
    int64_t sum_abs = 0;
    for (int32_t t = 0; t < taps; ++t) {
      const uint8_t raw = filter[static_cast<size_t>(t) * c + ch];  // 1HWC: tap-major
      const int32_t w = (q.is_unsigned ? int32_t{raw} : int32_t{static_cast<int8_t>(raw)}) -
                        (q.is_unsigned ? q.weight_zero_point : 0);
      weights_[((pos / bc * pairs_ + t / 2) * bc + pos % bc) * 2 + t % 2] = static_cast<int16_t>(w);
      sum_abs += std::abs(w);
    }
    p_bias[pos] = bias ? bias[ch] : 0;
    p_mult[pos] = q.multiplier[ch];
    p_shift[pos] = q.shift[ch];
    bound[static_cast<size_t>(ch)] = std::abs(int64_t{p_bias[pos]}) + sum_abs * x_max;
  }
  OutputStage out;
  out.zero_point = q.output_zero_point;
  out.act_min = q.act_min;
  out.act_max = q.act_max;
  out.is_unsigned = q.is_unsigned;
  out.mode = choose_requant_mode(std::span<const int32_t>(q.shift, static_cast<size_t>(c)), bound,
                                 q.output_zero_point, q.is_unsigned);
  requant_ = RequantTable(p_bias, p_mult, p_shift, out);
  widen_params_ = RowPacking{GemmRoute::kC2, q.is_unsigned, q.input_zero_point, 0};
  row_elems_ = segment_ > 0 ? segment_elems(g, segment_, bc) : widened_row_elems(g, bc);
  const bool f3 = g.filter_h == 3 && g.filter_w == 3, f5 = g.filter_h == 5 && g.filter_w == 5;
  widen_ = convert_row_c2_avx2;
  switch (kernel) {
    case DepthwiseKernel::kAvx2:
      row_fn_ = f3 ? depthwise_row_3x3_avx2 : f5 ? depthwise_row_5x5_avx2 : depthwise_row_avx2;
      break;
    case DepthwiseKernel::kAvx512Vnni:
      widen_ = convert_row_c2_avx512vnni;
      row_fn_ = f3   ? depthwise_row_3x3_avx512vnni
                : f5 ? depthwise_row_5x5_avx512vnni
                     : depthwise_row_avx512vnni;
      break;
    case DepthwiseKernel::kPortable:
    case DepthwiseKernel::kPortableWide:
      widen_ = convert_row_portable;
      row_fn_ = depthwise_row_portable;
      break;
  }
}

size_t DepthwiseConv2D::scratch_bytes() const {
  if (segment_ > 0) return segment_bytes(row_elems_);
  return row_cache_bytes(g_.filter_h, row_elems_);
}

void DepthwiseConv2D::run(const uint8_t* input, uint8_t* output, int32_t row_begin, int32_t row_end,
                          uint8_t* scratch) const {
  if (quad_) {
    run_quad(input, output, row_begin, row_end);
    return;
  }
  if (segment_ > 0) {
    run_segments(input, output, row_begin, row_end, scratch);
    return;
  }
  const int32_t c = g_.channels, fh = g_.filter_h;
  const RowCache cache = carve(scratch, fh, row_elems_);
  const size_t in_row = static_cast<size_t>(g_.in_w) * c;
  // Padding columns stay zero: widening only ever writes a row's middle, so only the columns
  // around it and the zero row are cleared (the whole cache was ~70 KB a call on 7x7x960).
  const size_t left = static_cast<size_t>(g_.pad_left) * c, right = left + in_row;
  for (int32_t s = 0; s < fh; ++s) {
    int16_t* slot = cache.slots + static_cast<size_t>(s) * row_elems_;
    std::memset(slot, 0, left * sizeof(int16_t));
    std::memset(slot + right, 0, (static_cast<size_t>(row_elems_) - right) * sizeof(int16_t));
    cache.tags[s] = -1;
  }
  std::memset(cache.zero_row, 0, static_cast<size_t>(row_elems_) * sizeof(int16_t));
  DepthwiseRow row{cache.window, fh,      g_.filter_w, g_.stride_w,     g_.dilation_w,
                   g_.out_w,     c,       pairs_,      block_channels_, weights_.data(),
                   &requant_,    nullptr, is_unsigned_};
  int64_t keys[64];
  for (int32_t r = row_begin; r < row_end; ++r) {
    const int32_t b = r / g_.out_h, oy = r % g_.out_h;
    // The window's input rows (key = batch * in_h + y, or -1 outside the image).
    bool in_window[64] = {};
    for (int32_t ky = 0; ky < fh; ++ky) {
      const int32_t iy = oy * g_.stride_h - g_.pad_top + ky * g_.dilation_h;
      keys[ky] = iy < 0 || iy >= g_.in_h ? -1 : int64_t{b} * g_.in_h + iy;
    }
    for (int32_t s = 0; s < fh; ++s) {
      for (int32_t ky = 0; ky < fh; ++ky)
        in_window[s] |= cache.tags[s] == keys[ky] && keys[ky] >= 0;
    }
    for (int32_t ky = 0; ky < fh; ++ky) {
      if (keys[ky] < 0) {
        cache.window[ky] = cache.zero_row;
        continue;
      }
      int32_t slot = -1;
      for (int32_t s = 0; s < fh && slot < 0; ++s) {
        if (cache.tags[s] == keys[ky]) slot = s;
      }
      if (slot < 0) {  // a slot no row of this window needs
        for (int32_t s = 0; s < fh && slot < 0; ++s) {
          if (!in_window[s]) slot = s;
        }
        int16_t* dst = cache.slots + static_cast<size_t>(slot) * row_elems_;
        widen_(widen_params_, input + static_cast<size_t>(keys[ky]) * in_row,
               static_cast<int32_t>(in_row), dst + static_cast<size_t>(g_.pad_left) * c);
        cache.tags[slot] = keys[ky];
        in_window[slot] = true;
      }
      cache.window[ky] = cache.slots + static_cast<size_t>(slot) * row_elems_;
    }
    row.output = output + static_cast<size_t>(r) * g_.out_w * c;
    row_fn_(row);
  }
}

// A one-row layer (filter_h 1, out_h 1: a single column swapped) segment_ output pixels at a
// time: each segment's input columns widened into the scratch (zeros for padding), then one row
// kernel call.
void DepthwiseConv2D::run_segments(const uint8_t* input, uint8_t* output, int32_t row_begin,
                                   int32_t row_end, uint8_t* scratch) const {
  const int32_t c = g_.channels;
  int16_t* buf = align_to_cache_line<int16_t>(scratch);
  const int16_t* rows[1] = {buf};
  DepthwiseRow row{rows,      1,       g_.filter_w, g_.stride_w,     g_.dilation_w,
                   0,         c,       pairs_,      block_channels_, weights_.data(),
                   &requant_, nullptr, is_unsigned_};
  for (int32_t r = row_begin; r < row_end; ++r) {  // r: the image (out_h = 1)
    const uint8_t* image = input + static_cast<size_t>(r) * g_.in_w * c;
    for (int32_t x0 = 0; x0 < g_.out_w; x0 += segment_) {
      const int32_t n = std::min(segment_, g_.out_w - x0);
      const int32_t first = x0 * g_.stride_w - g_.pad_left;
      const int32_t cols = segment_columns(g_, n);
      // Columns [first, first + cols): `lead` of left padding, `inside` of the image, then right
      // padding (a segment can lie wholly in padding that a folded PAD made wider than the
      // filter).
      const int32_t lo = std::clamp(first, 0, g_.in_w), hi = std::clamp(first + cols, 0, g_.in_w);
      const int32_t inside = std::max(hi - lo, 0), lead = inside > 0 ? lo - first : cols;
      const size_t filled = static_cast<size_t>(lead + inside) * c;
      std::memset(buf, 0, static_cast<size_t>(lead) * c * sizeof(int16_t));
      if (inside > 0) {
        widen_(widen_params_, image + static_cast<size_t>(lo) * c, inside * c,
               buf + static_cast<size_t>(lead) * c);
      }
      std::memset(buf + filled, 0, (static_cast<size_t>(row_elems_) - filled) * sizeof(int16_t));
      row.out_w = n;
      row.output = output + (static_cast<size_t>(r) * g_.out_w + x0) * c;
      row_fn_(row);
    }
  }
}

// The quad route's packing (depthwise_conv2d.h): weights as [block][kx][i][position][ky] int8
// quads (the fourth byte 0), the bias folded with -(zp_in + 128) * sum(w), the requantization
// table in position order.
void DepthwiseConv2D::prepare_quad(const uint8_t* filter, const int32_t* bias, const ConvQuant& q) {
  const int32_t c = g_.channels;
  constexpr int32_t kB = kDepthwiseQuadBlock;
  const int32_t blocks = (c + kB - 1) / kB;
  const size_t positions = static_cast<size_t>(blocks) * kB;
  quad_weights_.assign(positions * 3 * 4, 0);
  std::vector<int32_t> p_bias(positions, 0), p_mult(positions, 0), p_shift(positions, 0);
  std::vector<int64_t> bound(static_cast<size_t>(c));
  const int64_t x_max = max_input_magnitude(q.input_zero_point, false);
  const int64_t pad_value = int64_t{q.input_zero_point} + 128;  // a padded tap's byte
  for (size_t pos = 0; pos < positions; ++pos) {
    const int32_t b = static_cast<int32_t>(pos / kB), in_block = static_cast<int32_t>(pos % kB);
    // A block of at most 32 channels holds them twice (two output pixels per vector).
    const bool half = c - b * kB <= kB / 2;
    const int32_t ch = b * kB + depthwise_quad_channel(in_block) % (half ? kB / 2 : kB);
    if (ch >= c) continue;
    int64_t sum = 0, sum_abs = 0;
    for (int32_t t = 0; t < 9; ++t) {
      const int32_t ky = t / 3, kx = t % 3;
      const int8_t w = static_cast<int8_t>(filter[static_cast<size_t>(t) * c + ch]);  // 1HWC
      const size_t i = in_block / 16, lane = in_block % 16;
      quad_weights_[(((static_cast<size_t>(b) * 3 + kx) * 4 + i) * 16 + lane) * 4 + ky] = w;
      sum += w;
      sum_abs += std::abs(int32_t{w});
    }
    const int64_t b0 = bias ? bias[ch] : 0;
    p_bias[pos] = static_cast<int32_t>(static_cast<uint32_t>(b0 - pad_value * sum));
    p_mult[pos] = q.multiplier[ch];
    p_shift[pos] = q.shift[ch];
    bound[static_cast<size_t>(ch)] = std::abs(b0) + sum_abs * x_max;
  }
  OutputStage out;
  out.zero_point = q.output_zero_point;
  out.act_min = q.act_min;
  out.act_max = q.act_max;
  out.is_unsigned = false;
  out.mode = choose_requant_mode(std::span<const int32_t>(q.shift, static_cast<size_t>(c)), bound,
                                 q.output_zero_point, false);
  requant_ = RequantTable(p_bias, p_mult, p_shift, out);
  quad_pad_.assign(static_cast<size_t>(c) + kB, static_cast<uint8_t>(q.input_zero_point));
}

void DepthwiseConv2D::run_quad(const uint8_t* input, uint8_t* output, int32_t row_begin,
                               int32_t row_end) const {
  const int32_t c = g_.channels;
  const size_t in_row = static_cast<size_t>(g_.in_w) * c;
  DepthwiseQuadRow row{};
  row.pad = quad_pad_.data();
  row.in_w = g_.in_w;
  row.pad_left = g_.pad_left;
  row.stride_w = g_.stride_w;
  row.out_w = g_.out_w;
  row.channels = c;
  row.weights = quad_weights_.data();
  row.requant = &requant_;
  for (int32_t r = row_begin; r < row_end; ++r) {
    const int32_t b = r / g_.out_h, oy = r % g_.out_h;
    for (int32_t ky = 0; ky < 3; ++ky) {
      const int32_t iy = oy * g_.stride_h - g_.pad_top + ky;
      const bool inside = iy >= 0 && iy < g_.in_h;
      row.rows[ky] =
          inside ? input + (static_cast<size_t>(b) * g_.in_h + iy) * in_row : quad_pad_.data();
      row.row_step[ky] = inside ? static_cast<size_t>(c) : 0;
    }
    row.output = output + static_cast<size_t>(r) * g_.out_w * c;
    depthwise_row_3x3_quad_avx512vnni(row);
  }
}

void depthwise_row_portable(const DepthwiseRow& row) {
  const OutputStage& o = row.requant->output();
  const int32_t taps = row.filter_h * row.filter_w;
  for (int32_t ox = 0; ox < row.out_w; ++ox) {
    for (int32_t ch = 0; ch < row.channels; ++ch) {
      const int32_t bc = row.block_channels, block = ch / bc;
      int32_t pos = 0;
      while (block * bc + depthwise_lane(pos, bc) != ch) ++pos;
      // The requantization table holds the packed positions in 16-lane blocks.
      const int32_t* rq = row.requant->block((block * bc + pos) / kChannelBlock);
      const int32_t lane = (block * bc + pos) % kChannelBlock;
      uint32_t acc = static_cast<uint32_t>(rq[kFieldBias * kChannelBlock + lane]);
      for (int32_t t = 0; t < taps; ++t) {
        const int32_t ky = t / row.filter_w, kx = t % row.filter_w;
        const int32_t x = ox * row.stride_w + kx * row.dilation_w;
        const int32_t v = row.rows[ky][static_cast<size_t>(x) * row.channels + ch];
        const int32_t w =
            row.weights[((static_cast<size_t>(block) * row.pairs + t / 2) * bc + pos) * 2 + t % 2];
        acc += static_cast<uint32_t>(v * w);
      }
      const int32_t shift =
          rq[kFieldLeftShift * kChannelBlock + lane] - rq[kFieldRightShift * kChannelBlock + lane];
      row.output[static_cast<size_t>(ox) * row.channels + ch] =
          static_cast<uint8_t>(requantize_scalar(
              static_cast<int32_t>(acc), rq[kFieldMultiplier * kChannelBlock + lane], shift, o));
    }
  }
}

}  // namespace octet::x86
