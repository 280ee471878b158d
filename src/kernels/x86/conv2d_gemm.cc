// conv2d_gemm.cc - see conv2d_gemm.h.
#include "kernels/x86/conv2d_gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/aligned_vector.h"
#include "kernels/x86/im2col.h"
#include "kernels/x86/winograd.h"

namespace octet::x86 {

namespace {

// A chunk of GEMM rows stays in L2 while every weight block passes over it.
constexpr size_t kChunkBytes = 96 * 1024;

GemmRoute route_of(GemmKernel k) {
  return k == GemmKernel::kAvx2C2 || k == GemmKernel::kPortableC2 ? GemmRoute::kC2 : GemmRoute::kC4;
}

// The c4 direct route runs one output row of pixels per GEMM call, so it streams the weights once
// per output row, where im2col streams them once per chunk; past this size they come from beyond L2
// and that costs more than im2col saves (AVX-512 VNNI on Zen 5, bench/conv2d_bench.cc: 7x7x512->512
// 3x3, 2.4 MB of weights, 57% of the VNNI peak on the direct route against 93% on im2col;
// 14x14x256->256, 590 KB, 84% either way; below, the direct route is ahead).
constexpr int64_t kC4DirectMaxWeightBytes = 512 * 1024;

bool c4_direct_pays(const ConvGeometry& g) {
  return int64_t{g.out_c} * g.filter_h * round_up(g.filter_w * g.in_c, 4) <=
         kC4DirectMaxWeightBytes;
}

// The c4 direct route stores uint8 weights as w - zp_w in int8 (int8 weights always fit).
bool centered_weights_fit_int8(const uint8_t* filter, const ConvGeometry& g, const ConvQuant& q) {
  if (!q.is_unsigned) return true;
  const size_t n = static_cast<size_t>(g.out_c) * g.filter_h * g.filter_w * g.in_c;
  return std::all_of(filter, filter + n, [&](uint8_t w) {
    const int32_t v = int32_t{w} - q.weight_zero_point;
    return v >= -128 && v <= 127;
  });
}

}  // namespace

namespace {

// Cycles of one c4 tile of mr rows and nb 16-channel blocks over kp / 4 quads, fitted to the
// tiles measured on Zen 5 (every tile on MobileNetV2's pointwise shapes, conv2d_bench.cc): two
// vpdpbusd per cycle (one 16-channel block leaves them waiting on its loads: a weight vector and a
// broadcast per row and quad), ~4 cycles per 16 outputs to requantize, narrow and store (one
// block narrows four rows at a time and stores each in 16-byte pieces: ~5.5; past 20
// accumulators some spill while it runs: ~0.5 more), and a small fixed cost (the kernel loops
// over a layer's tiles itself). The pipelined small-k tile (qgemm.h, when `pipelined`) overlaps
// its requantization with the next step's vpdpbusd: ~3.5 cycles per 16 outputs, and it keeps 8
// accumulators and the previous step's 8 sums whatever mr (no spills).
double c4_tile_cycles(int32_t mr, int32_t nb, int32_t kp, bool pipelined) {
  const double mac_cycles = kp / 4 * mr * nb / 2.0 * (nb == 1 ? 1.4 : 1.08);
  const double per_output = pipelined && c4_pipelined_fits(kp, nb * kGemmNr, mr)
                                ? 3.5
                                : (nb == 1 ? 5.5 : 4.0) + (mr * nb > 20 ? 0.5 : 0.0);
  return mac_cycles + mr * nb * per_output + 4.0;
}

// Whether tiles of tile.rows rows read no row past their last, in full panels and in the last,
// narrower one: the kernel runs each on the smallest compiled row count that holds its rows
// (kC4TileRows), which reads the slack rows past them when it is larger (7x7x576->160 on 5x64
// tiles: its last panel of 32 channels runs 6-row tiles). Rows read in place from the input
// (int8_in_place_) have no slack after the last.
bool c4_tiles_read_no_slack(const C4Tile& tile, int32_t out_c) {
  const int32_t last = out_c - (out_c - 1) / tile.channels * tile.channels;
  const int32_t last_nr = (last + kChannelBlock - 1) / kChannelBlock * kChannelBlock;
  return c4_tile_rows_for(tile.rows, tile.channels) == tile.rows &&
         c4_tile_rows_for(tile.rows, last_nr) == tile.rows;
}

}  // namespace

C4Tile choose_c4_tile(int32_t m, int32_t n, int32_t k, bool pipelined) {
  const int32_t kp = round_up(k, 4);
  C4Tile best;
  double best_cycles = 0;
  for (int32_t nb = 1; nb <= kMaxC4PanelBlocks; ++nb) {
    const int32_t nr = nb * kGemmNr;
    const int32_t full_panels = n / nr, last_nb = (n % nr + kGemmNr - 1) / kGemmNr;
    for (int32_t mr : kC4TileRows[nb - 1]) {
      if (mr == 0) break;
      const int32_t full_tiles = m / mr, last_mr = m % mr;
      // A panel of b blocks: its tiles run on the compiled tile that holds their rows.
      auto column = [&](int32_t b) {
        const int32_t nr_b = b * kGemmNr;
        return full_tiles * c4_tile_cycles(c4_tile_rows_for(mr, nr_b), b, kp, pipelined) +
               (last_mr > 0 ? c4_tile_cycles(c4_tile_rows_for(last_mr, nr_b), b, kp, false) : 0.0);
      };
      const double cycles = full_panels * column(nb) + (last_nb > 0 ? column(last_nb) : 0.0);
      if (best.rows == 0 || cycles < best_cycles) {
        best = {mr, nr};
        best_cycles = cycles;
      }
    }
  }
  return best;
}

Conv2DGemm::Conv2DGemm(const ConvGeometry& g, const uint8_t* filter, const int32_t* bias,
                       const ConvQuant& q, GemmKernel kernel, const GemmRouteOptions& options)
    : g_(g), kernel_(kernel) {
  // One GEMM row (batch-1 dense, 1x1 output): a GEMV over 8-bit weights, half the bytes of the
  // int16 packing, since such a layer only streams its weights once. AVX-512 VNNI takes it too (its
  // own kernel, int16 A pairs with vpdpwssd): it reads its row in k chunks, so its scratch fits
  // where the arena leaves little room (a c4 row would need all of k at once), and a 4-row tile
  // would compute the one row four times.
  const bool gemv = rows() == 1 && kernel != GemmKernel::kEmulatedC4;
  const GemmRoute route = gemv ? GemmRoute::kC2 : route_of(kernel);
  const bool c2 = route == GemmRoute::kC2;
  const int32_t wzp = q.is_unsigned ? q.weight_zero_point : 0;
  pointwise_ = g.filter_h == 1 && g.filter_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
               g.pad_top == 0 && g.pad_left == 0 && g.out_h == g.in_h && g.out_w == g.in_w;
  // Direct convolution: a filter row of a pixel is a contiguous run of filter_w * in_c converted
  // input elements, read where the row cache holds it. The kernels take runs in whole k pairs (c2)
  // or quads (c4), so a run of another length (a 3-channel first layer: 9 elements) gets more
  // weights per filter row, equal to the weight zero point (w - zp_w = 0): the elements they meet
  // are the next cached ones, multiplied by 0. On c4 the weights are stored as w - zp_w (the
  // direct route has no row term), so uint8 layers take it when those all fit int8.
  const int32_t run = g.filter_w * g.in_c;
  direct_ =
      rows() > 1 && !pointwise_ && g.dilation_w == 1 && g.filter_h <= kMaxGemmSegments &&
      (c2 || (options.c4_direct && c4_direct_pays(g) && centered_weights_fit_int8(filter, g, q)));
  seg_len_ = direct_ ? round_up(run, gemm_kr(route)) : run;
  std::vector<uint8_t> padded;
  const uint8_t* weights = filter;
  if (seg_len_ != run) {
    padded.assign(static_cast<size_t>(g.out_c) * g.filter_h * seg_len_, static_cast<uint8_t>(wzp));
    for (int32_t n = 0; n < g.out_c * g.filter_h; ++n) {
      std::memcpy(padded.data() + static_cast<size_t>(n) * seg_len_,
                  filter + static_cast<size_t>(n) * run, static_cast<size_t>(run));
    }
    weights = padded.data();
  }
  const WeightMatrix w{weights, q.is_unsigned, wzp, g.out_c, g.filter_h * seg_len_};
  const GemmFold fold = fold_gemm_bias(w, bias, q.input_zero_point, q.is_unsigned, route);
  // Winograd F(2x2, 3x3) (AVX2) where its transformed sums, 4 times the accumulator without the
  // bias, provably fit int32 (winograd.h).
  bool winograd_fits = options.winograd && kernel == GemmKernel::kAvx2C2 && winograd_applies(g);
  for (size_t c = 0; c < fold.acc_bound.size() && winograd_fits; ++c) {
    const int64_t sum_bound = fold.acc_bound[c] + (bias ? std::abs(int64_t{bias[c]}) : 0);
    winograd_fits = 4 * sum_bound <= int64_t{INT32_MAX};
  }
  // q4 for pointwise layers whose weights leave few residual quads (per-tensor uint8 models
  // mostly: their weights rarely have a pair that could saturate).
  if (kernel == GemmKernel::kAvx2C2 && pointwise_ && rows() > 1 && options.q4_max_residual >= 0) {
    if (auto packed =
            pack_weights_q4(w, bias, q.input_zero_point, q.is_unsigned, options.q4_max_residual)) {
      q4_ = std::make_shared<const PackedWeightsQ4>(std::move(*packed));
    }
  }
  if (winograd_fits) {
    winograd_ = std::make_shared<const WinogradWeights>(
        pack_winograd_weights(filter, g.out_c, g.in_c, q.is_unsigned, wzp));
    direct_ = false;
  } else if (q4_) {
    // weights_ stays empty: the q4 packing replaces it.
  } else if (gemv) {
    gemv_weights_ = pack_gemv_weights(w);
    gemv_ = kernel == GemmKernel::kPortableC2     ? q8_gemv_16c2_portable
            : kernel == GemmKernel::kAvx512VnniC4 ? q8_gemv_16c2_avx512vnni
                                                  : q8_gemv_16c2_avx2;
  } else if (route == GemmRoute::kC4) {
    // The direct route runs one output row of pixels per GEMM call.
    c4_tile_ = choose_c4_tile(direct_ ? std::min(g.out_w, rows()) : rows(), g.out_c, w.k,
                              kernel == GemmKernel::kAvx512VnniC4 && !direct_);
    if (options.c4_tile_rows > 0) c4_tile_.rows = options.c4_tile_rows;
    if (options.c4_tile_channels > 0) c4_tile_.channels = options.c4_tile_channels;
    if (direct_ && q.is_unsigned) {  // w - zp_w as int8 weights: no row term
      std::vector<uint8_t> centered(static_cast<size_t>(w.n) * w.k);
      for (int32_t n = 0; n < w.n; ++n) {
        for (int32_t k = 0; k < w.k; ++k) {
          centered[static_cast<size_t>(n) * w.k + k] = static_cast<uint8_t>(w.value(n, k));
        }
      }
      weights_ =
          pack_weights(WeightMatrix{centered.data(), false, 0, w.n, w.k}, route, c4_tile_.channels);
    } else {
      weights_ = pack_weights(w, route, c4_tile_.channels);
    }
    panels_ = weights_.panels();
    chunk_multiple_ = c4_tile_.rows;
    slack_rows_ = kC4SlackRows;
  } else {
    weights_ = pack_weights(w, route);
  }
  if (panels_ == 0) panels_ = (g.out_c + kGemmNr - 1) / kGemmNr;
  row_term_scale_ = direct_ ? 0 : fold.row_term_scale;
  const std::span<const int32_t> shift(q.shift, static_cast<size_t>(g.out_c));
  OutputStage out;
  out.zero_point = q.output_zero_point;
  out.act_min = q.act_min;
  out.act_max = q.act_max;
  out.is_unsigned = q.is_unsigned;
  out.mode = choose_requant_mode(shift, fold.acc_bound, q.output_zero_point, q.is_unsigned);
  requant_ = RequantTable(q4_ ? q4_->bias : fold.bias,
                          std::span<const int32_t>(q.multiplier, shift.size()), shift, out);
  const GemmRoute a_route = q4_ ? GemmRoute::kC4 : route;  // q4 reads A in the c4 format
  rows_ = RowPacking{a_route, q.is_unsigned, q.input_zero_point, round_up(w.k, gemm_kr(a_route))};
  c4_pipelined_ = kernel == GemmKernel::kAvx512VnniC4 && route == GemmRoute::kC4 && !q4_ &&
                  !winograd_ && !direct_ && out.mode == RequantMode::kFast &&
                  c4_pipelined_fits(rows_.kp, c4_tile_.channels, c4_tile_.rows);
  // q4 over uint8 input rows whose length is a whole number of quads: A is the input itself.
  a_in_place_ = q4_ && pointwise_ && q.is_unsigned && g.in_c == rows_.kp;
  // The in-place flip costs one vpxord per row, k quad and panel where the conversion costs one
  // per 64 bytes and a pass over A: it pays where k is large and the panels few (measured on Zen
  // 5, % of the MAC peak: 28x28x192->32 79 -> 87, 56x56x144->24 57 -> 62, 7x7x576->160 88 -> 92;
  // but 112x112x32->16 47 -> 42, 14x14x64->384 73 -> 70, and 7x7x160->960 even).
  int8_in_place_ = options.c4_int8_in_place && kernel == GemmKernel::kAvx512VnniC4 && !gemv &&
                   !q4_ && !winograd_ && !direct_ && pointwise_ && !q.is_unsigned &&
                   g.in_c == rows_.kp && row_term_scale_ == 0 && g.in_c >= 96 && panels_ <= 3;
  in_place_slack_ = int8_in_place_ && !c4_tiles_read_no_slack(c4_tile_, g.out_c);
  if (direct_) {
    const int32_t right =
        std::max(0, (g.out_w - 1) * g.stride_w + g.filter_w - g.pad_left - g.in_w);
    // + seg_len_ - run: the elements a short run's last pair or quad reads past the last pixel's
    // run; + the slack rows a c4 tile shorter than its compiled rows reads past the last pixel.
    cache_row_elems_ = round_up(
        (g.pad_left + g.in_w + right + slack_rows_ * g.stride_w) * g.in_c + seg_len_ - run, 32);
  }
  const size_t row_bytes = rows_.row_bytes();
  chunk_rows_ = static_cast<int32_t>(kChunkBytes / row_bytes) / chunk_multiple_ * chunk_multiple_;
  chunk_rows_ = std::min(std::max(chunk_rows_, chunk_multiple_), rows());
  switch (kernel) {
    case GemmKernel::kAvx2C2:
      convert_ = q4_ ? convert_row_portable : convert_row_c2_avx2;
      im2col_ = q4_ ? im2col_rows_portable : im2col_rows_c2_avx2;
      gemm_ = q4_ ? q8_gemm_6x16q4_avx2 : q8_gemm_6x16c2_avx2;
      break;
    case GemmKernel::kAvx512VnniC4:
      convert_ = gemv ? convert_row_c2_avx2 : convert_row_c4_avx512vnni;
      im2col_ = gemv ? im2col_rows_c2_avx2 : im2col_rows_c4_avx512vnni;
      gemm_ = q8_gemm_c4_avx512vnni;
      break;
    case GemmKernel::kPortableC2:
      convert_ = convert_row_portable;
      im2col_ = im2col_rows_portable;
      gemm_ = q8_gemm_c2_portable;
      break;
    case GemmKernel::kEmulatedC4:
      convert_ = convert_row_portable;
      im2col_ = im2col_rows_portable;
      gemm_ = q8_gemm_c4_emulated;
      break;
  }
}

// 64 bytes to align A, and 16 elements of slack for a widened short run at the end of the last
// row.
constexpr size_t kScratchSlack = 64 + 32;

// The GEMV (one row) takes its k range in chunks of at least this many elements when the whole
// row does not fit the scratch; each chunk adds 16 int32 partial sums per channel block.
constexpr int32_t kGemvMinChunk = 256;

std::string_view Conv2DGemm::isa_name() const {
  switch (kernel_) {
    case GemmKernel::kAvx2C2:
      return "avx2";
    case GemmKernel::kAvx512VnniC4:
      return "avx512vnni";
    case GemmKernel::kPortableC2:
    case GemmKernel::kEmulatedC4:
      break;
  }
  return "portable";
}

// The least chunk is kGemmRowAlign rows whatever the tile: the arena grants at least that.
int32_t Conv2DGemm::min_chunk_rows() const { return std::min(kGemmRowAlign, rows()); }

int64_t Conv2DGemm::packed_bytes() const {
  return weights_.bytes() + gemv_weights_.bytes() + requant_.bytes() +
         (winograd_ ? winograd_->bytes() : 0) + (q4_ ? q4_->bytes() : 0);
}

size_t Conv2DGemm::scratch_bytes_for(int32_t chunk_rows) const {
  if (winograd_) return winograd_scratch_bytes(*winograd_);
  if (direct_) return direct_scratch_bytes();
  return static_cast<size_t>(chunk_rows + slack_rows_) * (rows_.row_bytes() + sizeof(int32_t)) +
         kScratchSlack;
}

// Direct route: alignment, the row tags, then filter_h cached rows and a row of padded taps.
size_t Conv2DGemm::direct_scratch_bytes() const {
  return 64 + 64 * ((sizeof(int64_t) * static_cast<size_t>(g_.filter_h) + 63) / 64) +
         (static_cast<size_t>(g_.filter_h) + 1) * cache_row_elems_ * rows_.elem_bytes();
}

void Conv2DGemm::run_direct(const uint8_t* input, uint8_t* output, int32_t m_begin, int32_t m_end,
                            int32_t block_begin, int32_t block_end, uint8_t* scratch) const {
  const int32_t fh = g_.filter_h, c = g_.in_c;
  const size_t es = rows_.elem_bytes();
  uint8_t* base = align_to_cache_line<uint8_t>(scratch);
  int64_t* tags = reinterpret_cast<int64_t*>(base);
  uint8_t* slots = base + 64 * ((sizeof(int64_t) * static_cast<size_t>(fh) + 63) / 64);
  const size_t slot_bytes = static_cast<size_t>(cache_row_elems_) * es;
  const uint8_t* pad_row = slots + static_cast<size_t>(fh) * slot_bytes;
  // Padding columns and the padded row keep the padded-tap value (c2 0, c4 the pad byte):
  // converting only writes a row's middle.
  std::memset(slots, rows_.route == GemmRoute::kC2 ? 0 : rows_.pad_byte(),
              (static_cast<size_t>(fh) + 1) * slot_bytes);
  for (int32_t s = 0; s < fh; ++s) tags[s] = -1;
  const size_t in_row = static_cast<size_t>(g_.in_w) * c;
  const int32_t per_image = g_.out_h * g_.out_w;
  QGemmArgs args;
  args.segments = fh;
  args.seg_len = seg_len_;
  args.seg_row_stride = static_cast<size_t>(g_.stride_w) * c * es;
  args.w = &weights_;
  args.requant = &requant_;
  args.block_begin = block_begin;
  args.block_end = block_end;
  args.c_stride = static_cast<size_t>(g_.out_c);
  args.tile_rows = c4_tile_.rows;
  for (int32_t r = m_begin; r < m_end;) {
    const int32_t bt = r / per_image, oy = (r % per_image) / g_.out_w, ox = r % g_.out_w;
    const int32_t n = std::min(g_.out_w - ox, m_end - r);  // pixels of this output row
    // The window's input rows (key = batch * in_h + y, or -1 outside the image): keep the cached
    // ones, widen the others into slots no row of this window needs.
    int64_t keys[kMaxGemmSegments];
    bool needed[kMaxGemmSegments] = {};
    for (int32_t ky = 0; ky < fh; ++ky) {
      const int32_t iy = oy * g_.stride_h - g_.pad_top + ky * g_.dilation_h;
      keys[ky] = iy < 0 || iy >= g_.in_h ? -1 : int64_t{bt} * g_.in_h + iy;
    }
    for (int32_t s = 0; s < fh; ++s) {
      for (int32_t ky = 0; ky < fh; ++ky) needed[s] |= keys[ky] >= 0 && tags[s] == keys[ky];
    }
    for (int32_t ky = 0; ky < fh; ++ky) {
      const uint8_t* row = pad_row;
      if (keys[ky] >= 0) {
        int32_t slot = -1;
        for (int32_t s = 0; s < fh && slot < 0; ++s) {
          if (tags[s] == keys[ky]) slot = s;
        }
        if (slot < 0) {
          for (int32_t s = 0; s < fh && slot < 0; ++s) {
            if (!needed[s]) slot = s;
          }
          convert_(rows_, input + static_cast<size_t>(keys[ky]) * in_row,
                   static_cast<int32_t>(in_row),
                   slots + static_cast<size_t>(slot) * slot_bytes +
                       static_cast<size_t>(g_.pad_left) * c * es);
          tags[slot] = keys[ky];
          needed[slot] = true;
        }
        row = slots + static_cast<size_t>(slot) * slot_bytes;
      }
      // Column 0 of a cached row is the first padded column: pixel ox starts at ox * stride.
      args.seg_a[ky] = row + static_cast<size_t>(ox) * g_.stride_w * c * es;
      args.seg_k[ky] = ky * seg_len_;
    }
    args.m = n;
    args.c = output + static_cast<size_t>(r) * g_.out_c;
    gemm_(args);
    r += n;
  }
}

void Conv2DGemm::run_winograd(const uint8_t* input, uint8_t* output, int32_t m_begin, int32_t m_end,
                              int32_t block_begin, int32_t block_end, uint8_t* scratch) const {
  WinogradArgs args;
  args.g = &g_;
  args.input_unsigned = rows_.input_unsigned;
  args.input_zero_point = rows_.input_zero_point;
  args.input = input;
  args.output = output;
  args.tile_begin = winograd_tiles_before(g_, m_begin);
  args.tile_end = m_end >= rows() ? winograd_tiles(g_) : winograd_tiles_before(g_, m_end);
  args.block_begin = block_begin;
  args.block_end = block_end;
  args.w = winograd_.get();
  args.requant = &requant_;
  args.scratch = scratch;
  winograd_f2x3_avx2(args);
}

size_t Conv2DGemm::gemv_partial_bytes() const {
  return static_cast<size_t>(blocks()) * kGemmNr * sizeof(int32_t);
}

// A one-row convolution that is not pointwise packs its row with im2col in one piece.
size_t Conv2DGemm::min_scratch_bytes() const {
  if (!gemv_ || !pointwise_ || rows_.kp <= kGemvMinChunk) {
    return scratch_bytes_for(min_chunk_rows());
  }
  return kScratchSlack + gemv_partial_bytes() + kGemvMinChunk * sizeof(int16_t);
}

int32_t Conv2DGemm::gemv_chunk_for(size_t scratch_size) const {
  if (scratch_size >= scratch_bytes_for(1) || !pointwise_ || rows_.kp <= kGemvMinChunk) {
    return rows_.kp;
  }
  const size_t room = scratch_size - kScratchSlack - gemv_partial_bytes();
  return std::max(kGemvMinChunk, static_cast<int32_t>(room / sizeof(int16_t)) / 16 * 16);
}

void Conv2DGemm::run_gemv(const uint8_t* input, uint8_t* output, int32_t block_begin,
                          int32_t block_end, uint8_t* scratch, size_t scratch_size) const {
  const RowPacking& p = rows_;
  const int32_t k = g_.filter_h * g_.filter_w * g_.in_c;
  const int32_t chunk = gemv_chunk_for(scratch_size);
  uint8_t* a = align_to_cache_line<uint8_t>(scratch);
  int32_t* partial = reinterpret_cast<int32_t*>(a + static_cast<size_t>(chunk) * sizeof(int16_t));
  for (int32_t k0 = 0; k0 < p.kp; k0 += chunk) {
    const int32_t k1 = std::min(p.kp, k0 + chunk), real_end = std::min(k1, k);
    if (!pointwise_) {  // chunk == kp
      im2col_(g_, p, input, 0, 1, a);
    } else {
      convert_(p, input + k0, real_end - k0, a);
      if (k1 > real_end) fill_row(p, k1 - real_end, false, a + (real_end - k0) * p.elem_bytes());
    }
    QGemvArgs args;
    args.a = reinterpret_cast<const int16_t*>(a);
    args.k_begin = k0;
    args.k_end = k1;
    args.partial = partial;
    args.first = k0 == 0;
    args.last = k1 == p.kp;
    args.w = &gemv_weights_;
    args.requant = &requant_;
    args.block_begin = block_begin;
    args.block_end = block_end;
    args.c = output;
    gemv_(args);
  }
}

int32_t Conv2DGemm::chunk_rows_for(size_t scratch_size) const {
  const size_t per_row = rows_.row_bytes() + sizeof(int32_t);
  int64_t n = scratch_size > kScratchSlack
                  ? static_cast<int64_t>((scratch_size - kScratchSlack) / per_row) - slack_rows_
                  : 0;
  if (n >= chunk_multiple_) n = n / chunk_multiple_ * chunk_multiple_;
  return static_cast<int32_t>(
      std::clamp<int64_t>(n, min_chunk_rows(), std::max(chunk_rows_, min_chunk_rows())));
}

void im2col_rows_portable(const ConvGeometry& g, const RowPacking& p, const uint8_t* input,
                          int32_t m0, int32_t count, uint8_t* a) {
  im2col_rows(
      g, p, input, m0, count, a, false,
      [&](const uint8_t* src, int32_t n, uint8_t* dst) { convert_row_portable(p, src, n, dst); },
      [&](int32_t n, bool pad, uint8_t* dst) { fill_row(p, n, pad, dst); });
}

void Conv2DGemm::pack_rows(const uint8_t* input, int32_t m0, int32_t count, uint8_t* a,
                           int32_t* row_terms) const {
  const RowPacking& p = rows_;
  const size_t es = p.elem_bytes(), row_bytes = p.row_bytes();
  const int32_t k = g_.filter_h * g_.filter_w * g_.in_c;
  if (pointwise_) {
    const uint8_t* src = input + static_cast<size_t>(m0) * g_.in_c;
    if (k == p.kp) {  // rows are contiguous on both sides: one conversion
      convert_(p, src, count * k, a);
    } else {
      for (int32_t r = 0; r < count; ++r) {
        convert_(p, src + static_cast<size_t>(r) * k, k, a + r * row_bytes);
        fill_row(p, p.kp - k, false, a + r * row_bytes + k * es);
      }
    }
  } else {
    im2col_(g_, p, input, m0, count, a);
  }
  if (row_term_scale_ != 0) {  // c4 with uint8 weights: (128 - zp_w) * sum of the row's bytes
    for (int32_t r = 0; r < count; ++r) {
      const uint8_t* row = a + r * row_bytes;
      int32_t sum = 0;
      for (int32_t i = 0; i < p.kp; ++i) sum += row[i];
      row_terms[r] = sum * row_term_scale_;
    }
  }
}

void Conv2DGemm::run(const uint8_t* input, uint8_t* output, int32_t m_begin, int32_t m_end,
                     int32_t block_begin, int32_t block_end, uint8_t* scratch,
                     size_t scratch_size) const {
  if (gemv_) {  // one row (m_begin = 0, m_end = 1)
    run_gemv(input, output, block_begin, block_end, scratch, scratch_size);
    return;
  }
  if (winograd_) {
    run_winograd(input, output, m_begin, m_end, block_begin, block_end, scratch);
    return;
  }
  if (direct_) {
    run_direct(input, output, m_begin, m_end, block_begin, block_end, scratch);
    return;
  }
  const int32_t chunk_rows = chunk_rows_for(scratch_size);
  // 64-byte aligned A rows, then the row terms.
  uint8_t* a = align_to_cache_line<uint8_t>(scratch);
  // Both with slack_rows_ more rows: a c4 tile shorter than its compiled rows reads past the last.
  int32_t* row_terms = reinterpret_cast<int32_t*>(
      a + static_cast<size_t>(chunk_rows + slack_rows_) * rows_.row_bytes());
  QGemmArgs args;
  args.a_stride = rows_.row_bytes();
  args.w = &weights_;
  args.w4 = q4_.get();
  args.requant = &requant_;
  args.block_begin = block_begin;
  args.block_end = block_end;
  args.tile_rows = c4_tile_.rows;
  args.c4_pipelined = c4_pipelined_;
  args.c_stride = static_cast<size_t>(g_.out_c);
  const auto gemm_rows = [&](const uint8_t* a_rows, int32_t first, int32_t n) {
    args.m = n;
    args.a = a_rows;
    args.c = output + static_cast<size_t>(first) * g_.out_c;
    gemm_(args);
  };
  for (int32_t chunk = m_begin; chunk < m_end; chunk += chunk_rows) {
    int32_t m0 = chunk, count = std::min(chunk_rows, m_end - chunk);
    if (int8_in_place_) {
      // The chunk's full tiles from the input itself; the rows left over (fewer than a tile),
      // converted as below, since a short tile reads rows past its last.
      int32_t whole = count / c4_tile_.rows * c4_tile_.rows;
      // Tiles that run on a larger compiled row count read up to kC4SlackRows rows past their
      // last: the input's last tiles are converted instead (the scratch has the slack).
      while (in_place_slack_ && whole > 0 && m0 + whole + kC4SlackRows > rows()) {
        whole -= c4_tile_.rows;
      }
      if (whole > 0) {
        args.a_int8 = true;
        args.row_terms = nullptr;
        gemm_rows(input + static_cast<size_t>(m0) * g_.in_c, m0, whole);
        args.a_int8 = false;
      }
      if (whole == count) continue;
      m0 += whole;
      count -= whole;
    }
    if (!a_in_place_) pack_rows(input, m0, count, a, row_terms);
    args.row_terms = row_term_scale_ != 0 ? row_terms : nullptr;
    gemm_rows(a_in_place_ ? input + static_cast<size_t>(m0) * g_.in_c : a, m0, count);
  }
}

}  // namespace octet::x86
