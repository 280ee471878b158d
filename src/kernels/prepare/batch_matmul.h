// batch_matmul.h - BATCH_MATMUL prepare, as TFLM's batch_matmul.cc computes it: the broadcast of
// the batch dimensions, the adjoint flags, and one requantization for the whole tensor.
#pragma once

#include <cstdint>

#include "core/tensor_type.h"
#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

struct BatchMatMulPlan {
  octet_batch_matmul_params params;
  Shape output_shape;  // broadcast batch dimensions + [rows, cols]
};

// lhs and rhs have rank 2 to 5 and the same dtype (s8, s16 with zero points 0, or f32); their
// batch dimensions (all but the last two, aligned at the back) broadcast. Multiplier:
// double(s_lhs * s_rhs) / double(s_out), the product rounded to float first (TFLite's
// GetQuantizedConvolutionMultipler). The rhs zero point may be anything: it is an activation or
// a constant on its own scale, not a symmetric weight.
Result<BatchMatMulPlan> prepare_batch_matmul(DType type, const Shape& lhs, const Shape& rhs,
                                             bool adj_x, bool adj_y, TensorQuant lhs_quant,
                                             TensorQuant rhs_quant, TensorQuant output_quant);

}  // namespace octet
