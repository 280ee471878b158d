// activation.h - LOGISTIC, TANH, HARD_SWISH, ELU and L2_NORMALIZATION prepare, as TFLite (Micro)
// computes them.
#pragma once

#include <cstdint>

#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

// TFLite's CalculateInputRadius: the largest |input - zero_point| whose rescaled value
// (times multiplier * 2^left_shift) still fits `integer_bits` integer bits of a Q31 value:
// floor((2^integer_bits - 1) * 2^(total_signed_bits - integer_bits) / 2^left_shift).
int32_t calculate_input_radius(int integer_bits, int left_shift, int total_signed_bits = 31);

// s8 (TFLM) and u8 (TFLite legacy): the input rescaled to Q4.27 by input_scale * 2^27 as a Q31
// multiplier and left shift; the output must be scale 1/256 with zero point -128 (s8) or 0 (u8).
Result<octet_sigmoid_params> prepare_logistic(DType type, TensorQuant input, TensorQuant output);
// As logistic; the output must be scale 1/128 with zero point 0 (s8) or 128 (u8).
// s16 (both, as TFLM prepares them): zero points 0, an output scale of 2^-15 (TFLite's CheckedLog2:
// within 0.1% of a power of two in log2); an input scale of 2^-12 (TANH also 2^-11) is the
// power-of-two case, multiplier 0 and left shift 0 (1); any other scale becomes
// scale * 4096 * 3 doubled up past 32767 / 2 (truncated), with that many left shifts.
Result<octet_sigmoid_params> prepare_tanh(DType type, TensorQuant input, TensorQuant output);

// TFLite's HardSwishPrepare, all in float: hires_input_scale = input_scale / 128; the output
// multiplier hires_input_scale / output_scale and the relu-ish multiplier hires_input_scale /
// (3 / 32768), each quantized to Q31 and rounded down to Q15 (DownScaleInt32ToInt16Multiplier).
// Fails when the output multiplier's exponent is positive (TFLite does too).
Result<octet_hard_swish_params> prepare_hard_swish(DType type, TensorQuant input,
                                                   TensorQuant output);

// TFLM's ELU Prepare (int8): the 256 outputs quantize(elu(dequantize(q))), computed in float as
// TFLite's LUTPopulate does (expf, round half away from zero), indexed by the input's byte.
Result<octet_lut_s8_params> prepare_elu(DType type, TensorQuant input, TensorQuant output);

// L2_NORMALIZATION (int8): the output must be scale 1/128, zero point 0 (what the kernel
// produces); the input zero point is the kernel's only parameter.
Result<octet_l2_normalization_params> prepare_l2_normalization(DType type, TensorQuant input,
                                                               TensorQuant output);

}  // namespace octet
