// transpose_conv.h - int8 TRANSPOSE_CONV on the quantized GEMM (conv2d_gemm.h), byte-identical
// with octet_ref_transpose_conv_s8. ISA-independent: the ISA is the Conv2DGemm's kernel.
//
// The reference scatters every input pixel into a filter-sized window of the output. Gathered
// per output pixel instead, output (oy, ox) receives input (y, x) through tap
// (fy, fx) = (oy + pad_top - y * stride_h, ...), so only taps congruent to oy + pad_top modulo the
// stride contribute: the outputs of one phase (ry, rx) = ((oy + pad_top) % stride_h, ...) form a
// stride-1 convolution over the input with the sub-filter of those taps, flipped. Each of the
// stride_h x stride_w phases is a Conv2DGemm (its own packed sub-filter, the op's per-channel
// requantization and bias); its output rows are interleaved into the output. The accumulators
// hold the same integer sums (every input-tap product once), so the bytes are the reference's.
// Phases without taps (filter smaller than the stride) output the requantized bias.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/x86/conv2d_gemm.h"

namespace octet::x86 {

// NHWC input, OHWI filter, NHWC output; pads as prepare_transpose_conv computes them.
struct TransposeConvGeometry {
  int32_t batches = 1;
  int32_t in_h = 1, in_w = 1, in_c = 1;
  int32_t out_h = 1, out_w = 1, out_c = 1;
  int32_t filter_h = 1, filter_w = 1;
  int32_t stride_h = 1, stride_w = 1;
  int32_t pad_top = 0, pad_left = 0;
};

class TransposeConvGemm {
 public:
  // Whether the phase decomposition applies: positive sizes and a first tap of every phase that
  // does not lie before the input (which Conv2DGemm's padding cannot express).
  static bool applies(const TransposeConvGeometry& g);

  // q: int8 (is_unsigned false), per-channel multiplier/shift as for CONV_2D.
  TransposeConvGemm(const TransposeConvGeometry& g, const int8_t* filter, const int32_t* bias,
                    const ConvQuant& q, GemmKernel kernel);

  int64_t macs() const;
  int64_t packed_bytes() const;
  std::string_view isa_name() const;
  // Scratch run() needs: a phase's output (unless the stride is 1) and the largest phase GEMM's
  // minimum; preferred: with the GEMMs' preferred scratch.
  size_t min_scratch_bytes() const { return phase_bytes_ + gemm_min_scratch_; }
  size_t scratch_bytes() const { return phase_bytes_ + gemm_scratch_; }

  void run(const int8_t* input, int8_t* output, uint8_t* scratch, size_t scratch_size) const;

 private:
  struct Phase {
    int32_t oy0 = 0, ox0 = 0;                // its first output row and column
    int32_t rows = 0, cols = 0;              // its outputs per image
    std::shared_ptr<const Conv2DGemm> conv;  // null: no taps, the output is bias_out_
  };
  TransposeConvGeometry g_;
  std::vector<Phase> phases_;
  std::vector<int8_t> bias_out_;  // per channel: the output of an accumulator of 0 + bias
  size_t phase_bytes_ = 0;
  size_t gemm_min_scratch_ = 0, gemm_scratch_ = 0;
};

}  // namespace octet::x86
