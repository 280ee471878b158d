// gemm_op.h - runs a prepared x86::Conv2DGemm (CONV_2D, FULLY_CONNECTED) as a plan step: the GEMM
// kernel per kernel level, per-task scratch, and the split of one op over the thread pool (by
// output rows when there are enough of them, else by 16-channel blocks).
#pragma once

#include <algorithm>
#include <memory>
#include <string>

#include "kernels/x86/conv2d_gemm.h"
#include "runtime/kernel_table.h"
#include "runtime/prepared_op.h"
#include "runtime/thread_pool.h"

namespace octet {

// The GEMM micro-kernel of a kernel level.
constexpr x86::GemmKernel gemm_kernel_for(KernelLevel level) {
  return level == KernelLevel::kAvx512Vnni ? x86::GemmKernel::kAvx512VnniC4
                                           : x86::GemmKernel::kAvx2C2;
}

// The x86 kernels' view of a conv/depthwise/dense step's requantization (any of the three C
// params structs; the pointers refer into the step's params).
template <typename P>
x86::ConvQuant conv_quant(DType t, const P& p) {
  x86::ConvQuant q;
  q.is_unsigned = t == DType::kUInt8;
  q.input_zero_point = -p.input_offset;
  q.weight_zero_point = -p.weights_offset;
  q.multiplier = p.output_multiplier;
  q.shift = p.output_shift;
  q.output_zero_point = p.output_offset;
  q.act_min = p.act_min;
  q.act_max = p.act_max;
  return q;
}

// Constant weights (input 1) and bias (input 2, when present): what the optimized kernels pack at
// prepare.
inline bool constant_weights(const PrepareContext& ctx) {
  return ctx.in_value(1).is_constant() && (!ctx.has_in(2) || ctx.in_value(2).is_constant());
}

inline const int32_t* const_bias(const PrepareContext& ctx) {
  return ctx.has_in(2) ? ctx.in_value(2).as<int32_t>().data() : nullptr;
}

// A step running on the GEMM: the prepared conv and how invoke splits it.
struct GemmStep {
  std::shared_ptr<const x86::Conv2DGemm> conv;
  int32_t rows = 0, blocks = 0;
  int tasks = 1;
  bool by_rows = true;
};

// Makes step run conv (constructed at prepare) on input tensors[0] and output tensors.back().
void bind_gemm_step(PrepareContext& ctx, Step& step, std::string name,
                    std::shared_ptr<const x86::Conv2DGemm> conv);
Status run_gemm_step(const Step& step, const StepIo& io);

}  // namespace octet
