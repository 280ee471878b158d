// softmax.h - SOFTMAX prepare: input scaling (and, for s16, the exp and reciprocal tables), as
// TFLM's CalculateSoftmaxParams computes them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

struct SoftmaxPlan {
  octet_softmax_params scalars{};
  std::vector<int16_t> exp_lut;                  // s16 only
  std::vector<int16_t> one_over_one_plus_x_lut;  // s16 only
  octet_softmax_params params() const;           // points into this plan
};

// Supported: f32 -> f32; s8 -> s8 (output scale exactly 1/256, zero point -128); s8 -> s16
// (scale 1/65536, zero point -32768); u8 -> u8 (scale 1/256, zero point 0); s16 -> s16 (input zero
// point 0, output scale 1/32768, zero point 0).
// 8-bit inputs: PreprocessSoftmaxScaling(beta, input_scale, 5 integer bits) and diff_min =
// -CalculateInputRadius(5, left_shift). s16: input_scale * beta / (10 / 65535) as a multiplier
// plus the two 513-entry tables.
Result<SoftmaxPlan> prepare_softmax(DType input_type, DType output_type, float beta,
                                    TensorQuant input, TensorQuant output);

// TFLite's PreprocessSoftmaxScaling: beta * input_scale in Q(integer_bits).(31 - integer_bits),
// capped below 2^31, as a multiplier with a left shift >= 0; nullopt when it is zero or below one.
std::optional<QuantizedMultiplier> preprocess_softmax_scaling(double beta, double input_scale,
                                                              int integer_bits);

// LOG_SOFTMAX int8 (TFLM): output scale exactly 16/256, zero point 127; the input scaling of
// SOFTMAX with beta 1 and 5 integer bits, its inverse (PreprocessLogSoftmaxScalingExp) and
// diff_min = -CalculateInputRadius(5, left_shift).
Result<octet_log_softmax_params> prepare_log_softmax(DType type, TensorQuant input,
                                                     TensorQuant output);

// TFLite's gen_lut for int16 tables (float arithmetic throughout): 512 samples of func over
// [input_min, input_max] plus the end point, scaled so that [output_min, output_max] spans the
// int16 range, each sample corrected by half the error of linear interpolation at its midpoint.
void generate_int16_lut(float (*func)(float), float input_min, float input_max, float output_min,
                        float output_max, int16_t* lut);

}  // namespace octet
