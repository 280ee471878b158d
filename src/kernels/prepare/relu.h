// relu.h - prepare-time parameters of the standalone RELU, RELU6, RELU_N1_TO_1 and LEAKY_RELU ops.
//
// One kernel (octet_ref_relu_*) requantizes and clamps. What feeds it follows the reference of
// each dtype:
//   - int8/int16 RELU (TFLM): multiplier s_in / s_out in double, clamp [zp_out + round(0/s_out),
//     type max].
//   - int8/int16 RELU6 (TFLM): no requantization at all; TFLM clamps the input to
//     [zp_in, zp_in + round(6 / s_in)] in the input's own scale (the output's quantization is
//     ignored). octet expresses that with the identity multiplier, which is exact.
//   - uint8 (all three) and int8/int16 RELU_N1_TO_1 (TFLM has none): TFLite's ReluX, multiplier
//     s_in / s_out evaluated in float, clamp [zp_out + roundf(lo / s_out), zp_out + roundf(hi /
//     s_out)] intersected with the type.
// LEAKY_RELU (TFLM and TFLite agree): identity multiplier s_in / s_out and alpha multiplier
// s_in * alpha / s_out, both evaluated in float; int16 needs zero points 0.
#pragma once

#include "core/dtype.h"
#include "core/status.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {

enum class ReluKind { kRelu, kRelu6, kReluN1To1 };

// dtype: int8, uint8 or int16 (int16 needs zero points 0).
Result<octet_relu_params> prepare_relu(ReluKind kind, DType dtype, const TensorQuant& input,
                                       const TensorQuant& output);
// The float kernel's clamp range.
octet_float_activation prepare_relu_f32(ReluKind kind);

Result<octet_leaky_relu_params> prepare_leaky_relu(DType dtype, const TensorQuant& input,
                                                   const TensorQuant& output, float alpha);

}  // namespace octet
