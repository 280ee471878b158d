// conv2d_gemm.h - CONV_2D (and FULLY_CONNECTED, as a 1x1 convolution over rows) on the quantized
// GEMM of qgemm.h. ISA-independent: prepare packs the weights once and folds the bias for the
// chosen route; run converts a chunk of output rows' input patches into GEMM rows (im2col; for a
// 1x1 stride-1 unpadded conv a row is just an input pixel) in per-task scratch and calls the ISA's
// micro-kernel driver on them. A KxK convolution without horizontal dilation skips im2col (the
// direct route): it converts each input row once into a small row cache (as the depthwise kernel
// does; c2 int16, c4 bytes) and the micro-kernel reads each GEMM row as filter_h runs in place. The
// scratch is elastic: run() packs as many rows per chunk as it is given room for. Int8 and uint8
// (asymmetric weights) layers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "kernels/x86/qgemm.h"

namespace octet::x86 {

struct WinogradWeights;

// NHWC input, OHWI filter, NHWC output.
struct ConvGeometry {
  int32_t batches = 1;
  int32_t in_h = 1, in_w = 1, in_c = 1;
  int32_t out_h = 1, out_w = 1, out_c = 1;
  int32_t filter_h = 1, filter_w = 1;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t pad_top = 0, pad_left = 0;
};

struct ConvQuant {
  bool is_unsigned = false;  // uint8 input, weights and output (else int8)
  int32_t input_zero_point = 0;
  int32_t weight_zero_point = 0;        // uint8 only
  const int32_t* multiplier = nullptr;  // [out_c]
  const int32_t* shift = nullptr;       // [out_c]
  int32_t output_zero_point = 0;
  int32_t act_min = -128, act_max = 127;
};

// Which micro-kernel runs; the portable ones serve tests (they run the same packing).
enum class GemmKernel : uint8_t { kAvx2C2, kAvx512VnniC4, kPortableC2, kEmulatedC4 };

// Routes a Conv2DGemm may take besides its kernel's default; tests and benchmarks set them.
struct GemmRouteOptions {
  bool winograd = true;  // AVX2: 3x3 stride 1 as Winograd F(2x2, 3x3) (winograd.h)
  // c4: KxK layers read their GEMM rows in place from a cache of converted input rows (the direct
  // route) rather than from an im2col copy.
  bool c4_direct = true;
  // AVX-512 VNNI, int8 pointwise layers with k a multiple of 4: the GEMM reads its full tiles' A
  // rows straight from the input and flips them as it broadcasts them, instead of converting
  // every row into the scratch first (QGemmArgs::a_int8).
  bool c4_int8_in_place = true;
  // AVX2, pointwise: the q4 kernel (qgemm.h) when its residual quads are at most this fraction of
  // its dense ones (each costs about a dense quad; the dense loop runs ~1.5x the c2 loop's rate);
  // < 0: never.
  double q4_max_residual = 0.25;
  // c4 (AVX-512 VNNI and its emulation): the tile, rows x channels (a multiple of 16, at most
  // 64); 0: chosen from the layer's shape (choose_c4_tile).
  int32_t c4_tile_rows = 0;
  int32_t c4_tile_channels = 0;
};

// The c4 tile for a GEMM of m rows, n channels and k: rows and channels (the weights' panel
// width), from a cost model of the VNNI tile (MAC and load cycles per k quad, requantization per
// 16 outputs) that counts the partial tiles at the edges.
struct C4Tile {
  int32_t rows = 0, channels = 0;
};
// pipelined: the layer can run the pipelined small-k tile (qgemm.h's c4_pipelined_fits).
C4Tile choose_c4_tile(int32_t m, int32_t n, int32_t k, bool pipelined);

class Conv2DGemm {
 public:
  Conv2DGemm() = default;
  Conv2DGemm(const ConvGeometry& g, const uint8_t* filter, const int32_t* bias, const ConvQuant& q,
             GemmKernel kernel, const GemmRouteOptions& options = {});

  int32_t rows() const { return g_.batches * g_.out_h * g_.out_w; }
  int64_t macs() const { return int64_t{rows()} * g_.out_c * g_.filter_h * g_.filter_w * g_.in_c; }
  // Column panels: the unit run() splits channels by (16 channels, or the c4 tile's width).
  int32_t blocks() const { return panels_; }
  int64_t packed_bytes() const;
  // Scratch of one concurrently running task: run() packs as many GEMM rows per chunk as its
  // scratch holds, from min_scratch_bytes() (one chunk of kGemmRowAlign rows) up to
  // scratch_bytes() (the chunk that stays in L2; more gains nothing).
  // A one-row GEMV takes the row's k range in chunks when its scratch is short.
  size_t scratch_bytes() const { return scratch_bytes_for(chunk_rows_); }
  size_t min_scratch_bytes() const;
  RequantMode requant_mode() const { return requant_.output().mode; }
  // True when GEMM rows are the input's pixels (1x1, stride 1, no padding).
  bool pointwise() const { return pointwise_; }
  // True when a KxK convolution reads its GEMM rows in place from a cache of converted input rows
  // (no horizontal dilation; c4: uint8 weights whose w - zp_w fit int8) instead of an im2col copy.
  bool direct() const { return direct_; }
  // True when a 3x3 stride-1 convolution runs as Winograd F(2x2, 3x3) (winograd.h; AVX2).
  bool winograd() const { return winograd_ != nullptr; }
  // True when a pointwise layer runs on the q4 kernel (vpmaddubsw, proven not to saturate).
  bool q4() const { return q4_ != nullptr; }
  bool int8_in_place() const { return int8_in_place_; }
  // True when c4 full tiles run pipelined (qgemm.h's QGemmArgs::c4_pipelined).
  bool c4_pipelined() const { return c4_pipelined_; }
  // The c4 tile (0 x 0 on the other routes).
  C4Tile c4_tile() const { return c4_tile_; }
  // The instruction set of the kernel that runs ("avx2", "avx512vnni", "portable"): a one-row
  // layer takes the AVX2 GEMV under AVX-512 VNNI as well.
  std::string_view isa_name() const;

  // Computes output rows [m_begin, m_end) (row = (batch, y, x) of the output) for channel blocks
  // [block_begin, block_end). Tasks that split the work use disjoint scratch; scratch_size >=
  // min_scratch_bytes().
  void run(const uint8_t* input, uint8_t* output, int32_t m_begin, int32_t m_end,
           int32_t block_begin, int32_t block_end, uint8_t* scratch, size_t scratch_size) const;

 private:
  int32_t min_chunk_rows() const;
  size_t scratch_bytes_for(int32_t chunk_rows) const;
  int32_t chunk_rows_for(size_t scratch_size) const;
  size_t gemv_partial_bytes() const;
  int32_t gemv_chunk_for(size_t scratch_size) const;
  size_t direct_scratch_bytes() const;
  void run_direct(const uint8_t* input, uint8_t* output, int32_t m_begin, int32_t m_end,
                  int32_t block_begin, int32_t block_end, uint8_t* scratch) const;
  void run_winograd(const uint8_t* input, uint8_t* output, int32_t m_begin, int32_t m_end,
                    int32_t block_begin, int32_t block_end, uint8_t* scratch) const;
  void run_gemv(const uint8_t* input, uint8_t* output, int32_t block_begin, int32_t block_end,
                uint8_t* scratch, size_t scratch_size) const;
  void pack_rows(const uint8_t* input, int32_t m0, int32_t count, uint8_t* a,
                 int32_t* row_terms) const;

  ConvGeometry g_;
  GemmKernel kernel_ = GemmKernel::kPortableC2;
  RowPacking rows_;
  PackedWeights weights_;
  GemvWeights gemv_weights_;  // instead of weights_ when there is one row (batch-1 dense)
  RequantTable requant_;
  std::shared_ptr<const WinogradWeights> winograd_;  // instead of weights_ on that route
  std::shared_ptr<const PackedWeightsQ4> q4_;        // likewise
  int32_t row_term_scale_ = 0;
  int32_t chunk_rows_ = 1;                  // the preferred chunk
  int32_t chunk_multiple_ = kGemmRowAlign;  // chunks are whole tiles
  int32_t slack_rows_ = 0;                  // readable A rows past a chunk (kC4SlackRows)
  int32_t panels_ = 0;
  C4Tile c4_tile_;
  bool pointwise_ = false;
  bool direct_ = false;
  bool a_in_place_ = false;      // q4: the GEMM reads A rows straight from the input
  bool int8_in_place_ = false;   // c4 int8: full tiles read A from the input (a_int8)
  bool c4_pipelined_ = false;    // c4: full tiles on the pipelined small-k tile
  bool in_place_slack_ = false;  // ... and some read rows past their last (the input's last are
                                 // converted)
  int32_t cache_row_elems_ = 0;  // direct: A elements of one cached (padded) input row
  int32_t seg_len_ = 0;  // direct: weights per filter row (filter_w * in_c rounded up to kr)
  ConvertRowFn convert_ = nullptr;
  void (*im2col_)(const ConvGeometry&, const RowPacking&, const uint8_t*, int32_t, int32_t,
                  uint8_t*) = nullptr;
  QGemmFn gemm_ = nullptr;
  void (*gemv_)(const QGemvArgs&) = nullptr;
};

}  // namespace octet::x86
