// arithmetic.h - prepare-time parameters of SQUARED_DIFFERENCE, DIV, PRELU, ABS and RSQRT, as
// TFLite Micro's Prepare functions compute them (MAXIMUM and MINIMUM need none: they compare raw
// values).
// Also the 8-bit sums' parameters, shared by ADD_N and CUMSUM.
#pragma once

#include "core/dtype.h"
#include "core/fixed_point.h"
#include "core/status.h"
#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

// TFLM's SquaredDifferencePrepare: left shift 7 (int8) or 0 (int16, zero points 0); input ratios
// s_i / (2 max(s1, s2)) in double (QuantizeMultiplierSmallerThanOneExp), the output ratio
// (2 max)^2 / ((1 << 2 left_shift) * s_out) with that denominator a float product, as TFLM writes
// it; clamp to the type's range.
Result<octet_squared_difference_params> prepare_squared_difference(DType dtype,
                                                                   const TensorQuant& input1,
                                                                   const TensorQuant& input2,
                                                                   const TensorQuant& output);

// TFLM's CalculateOpDataDiv (int8; uint8 as TFLite): the output multiplier
// s1 / (s2 * s_out), evaluated in float then widened, and the fused activation's clamp.
Result<octet_div_params> prepare_div(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation);

// TFLM's CalculatePreluParams: multipliers s_in / s_out and s_in * s_alpha / s_out in double.
// input int8 with int8 alpha, or int16 with int8 alpha (TFLM requires it).
Result<octet_prelu_params> prepare_prelu(DType input_type, DType alpha_type,
                                         const TensorQuant& input, const TensorQuant& alpha,
                                         const TensorQuant& output);

// TFLM's PrepareAbsRsqrt for ABS: int8, or int16 with zero points 0; a multiplier s_in / s_out
// only when the scales differ.
Result<octet_abs_params> prepare_abs(DType dtype, const TensorQuant& input,
                                     const TensorQuant& output);

// TFLM's PrepareAbsRsqrt for RSQRT (int8): the multiplier 1 / (sqrt(s_in) * s_out) in double.
Result<octet_rsqrt_params> prepare_rsqrt(DType dtype, const TensorQuant& input,
                                         const TensorQuant& output);

// TFLM's ADD_N and CUMSUM Prepare (int8): left shift 20, the input ratio s_in / (2 s_in) = 1/2 and
// the output ratio 2 s_in / (2^20 s_out), both as multipliers below one; clamp to the type.
Result<octet_sum_params> prepare_sum(const char* op, DType dtype, const TensorQuant& input,
                                     const TensorQuant& output);

}  // namespace octet
