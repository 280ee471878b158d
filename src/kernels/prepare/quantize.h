// quantize.h - prepare-time parameters of QUANTIZE (float -> int, int -> int) and DEQUANTIZE.
// Requantization follows TFLM's quantize_common.cc: multiplier = double(s_in) / double(s_out)
// via QuantizeMultiplier, applied with double rounding, clamped to the output type.
#pragma once

#include "core/dtype.h"
#include "core/status.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {

// float32 -> output_dtype (int8, uint8 or int16).
Result<octet_quantize_params> prepare_quantize(DType output_dtype, const TensorQuant& output);

// input_dtype -> output_dtype, both in {int8, uint8, int16, int32}: the kernel is
// octet_ref_requantize_<in>_<out>.
Result<octet_requantize_params> prepare_requantize(DType input_dtype, const TensorQuant& input,
                                                   DType output_dtype, const TensorQuant& output);

// input_dtype (int8, uint8 or int16) -> float32.
Result<octet_dequantize_params> prepare_dequantize(DType input_dtype, const TensorQuant& input);

}  // namespace octet
