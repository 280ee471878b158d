// weighted_sum.h - the quantization shared by the weighted-sum ops (conv, depthwise conv, fully
// connected): per-output-channel multipliers and shifts, offsets and the activation clamp.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kernels/prepare/types.h"

namespace octet {

struct WeightedSumQuant {
  TensorQuant input;
  TensorQuant output;
  // One scale per output channel, or a single per-tensor scale.
  std::span<const float> weight_scales;
  // u8 weights are asymmetric; s8 weights (also under s16 activations) must have zero point 0.
  int32_t weight_zero_point = 0;
};

// How the effective scale input_scale * weight_scale / output_scale is computed. Which rule
// applies is decided by the op (see each prepare function), not by the caller.
enum class EffectiveScaleRule : uint8_t {
  // double(s_in) * double(s_w[c]) / double(s_out): TFLite's PopulateConvolutionQuantizationParams.
  kDoublePerChannel,
  // double(s_in * s_w) / double(s_out) with the product rounded to float first: TFLite's
  // GetQuantizedConvolutionMultipler, used for u8 and for per-tensor fully connected. Using
  // double throughout changes some multipliers by one unit.
  kFloatProduct,
};

struct WeightedSumRequant {
  std::vector<int32_t> multiplier;  // [channels]
  std::vector<int32_t> shift;       // [channels]
  int32_t input_offset = 0;
  int32_t weights_offset = 0;
  int32_t output_offset = 0;
  ActivationRange act;
  FloatRange float_act{0.0f, 0.0f};
};

// Checks the quantization against the type's rules (op names the op in the message) and computes
// the requantization for `channels` output channels; on failure returns false and sets *error.
bool prepare_weighted_sum(const char* op, DType type, FusedActivation activation, int32_t channels,
                          const WeightedSumQuant& quant, EffectiveScaleRule rule,
                          WeightedSumRequant* out, std::string* error);

}  // namespace octet
