// weighted_sum.cc - see weighted_sum.h.
#include "kernels/prepare/weighted_sum.h"

#include <fmt/format.h>

#include <cmath>

namespace octet {

bool prepare_weighted_sum(const char* op, DType type, FusedActivation activation, int32_t channels,
                          const WeightedSumQuant& quant, EffectiveScaleRule rule,
                          WeightedSumRequant* out, std::string* error) {
  *out = WeightedSumRequant{};
  if (channels <= 0) {
    *error = fmt::format("{}: {} output channels", op, channels);
    return false;
  }
  if (activation == FusedActivation::kTanh || activation == FusedActivation::kSignBit) {
    *error =
        fmt::format("{}: fused activation {} is not supported", op, static_cast<int>(activation));
    return false;
  }
  out->float_act = fused_activation_range_f32(activation);
  if (type == DType::kFloat32) {
    out->multiplier.assign(static_cast<size_t>(channels), 0);
    out->shift.assign(static_cast<size_t>(channels), 0);
    return true;
  }
  const size_t n_scales = quant.weight_scales.size();
  if (n_scales != 1 && n_scales != static_cast<size_t>(channels)) {
    *error = fmt::format("{}: {} weight scales for {} output channels", op, n_scales, channels);
    return false;
  }
  if (!(quant.input.scale > 0.0f) || !(quant.output.scale > 0.0f)) {
    *error = fmt::format("{}: input scale {} and output scale {} must be positive", op,
                         quant.input.scale, quant.output.scale);
    return false;
  }
  for (float s : quant.weight_scales) {
    if (!(s >= 0.0f)) {
      *error = fmt::format("{}: weight scale {} is negative", op, s);
      return false;
    }
  }
  if (type != DType::kUInt8 && quant.weight_zero_point != 0) {
    *error = fmt::format("{}: {} weights must be symmetric, weight zero point is {}", op,
                         kernel_type_name(type), quant.weight_zero_point);
    return false;
  }
  if (type == DType::kInt16 && (quant.input.zero_point != 0 || quant.output.zero_point != 0)) {
    *error = fmt::format("{}: s16 activations need zero points 0, got input {} output {}", op,
                         quant.input.zero_point, quant.output.zero_point);
    return false;
  }
  const ActivationRange range = kernel_type_range(type);
  if (quant.input.zero_point < range.min || quant.input.zero_point > range.max ||
      quant.output.zero_point < range.min || quant.output.zero_point > range.max) {
    *error = fmt::format("{}: zero points {} (input) and {} (output) outside the {} range", op,
                         quant.input.zero_point, quant.output.zero_point, kernel_type_name(type));
    return false;
  }
  out->multiplier.resize(static_cast<size_t>(channels));
  out->shift.resize(static_cast<size_t>(channels));
  for (int32_t c = 0; c < channels; ++c) {
    const float s_w = quant.weight_scales[n_scales == 1 ? 0 : static_cast<size_t>(c)];
    double effective = 0.0;
    if (rule == EffectiveScaleRule::kFloatProduct) {
      const float product = quant.input.scale * s_w;
      effective = static_cast<double>(product) / static_cast<double>(quant.output.scale);
    } else {
      effective = static_cast<double>(quant.input.scale) * static_cast<double>(s_w) /
                  static_cast<double>(quant.output.scale);
    }
    if (!std::isfinite(effective)) {  // a float product of two huge scales overflows
      *error =
          fmt::format("{}: effective scale {} (input {} * weight {} / output {}) is not finite", op,
                      effective, quant.input.scale, s_w, quant.output.scale);
      return false;
    }
    const QuantizedMultiplier q = quantize_multiplier(effective);
    // TFLite's MultiplyByQuantizedMultiplier takes shifts up to 30 (int32 accumulators: the left
    // shift of `x * (1 << shift)`) and below 8 (int64, the 16x8 kernels); past them the shifts
    // are undefined in C, so such a model is refused here rather than computed differently per
    // ISA.
    const int32_t max_shift = type == DType::kInt16 ? 7 : 30;
    if (q.shift > max_shift) {
      *error = fmt::format(
          "{}: output channel {}: effective scale {:g} (input x weight / output scale) needs a "
          "left shift of {}; the {} kernels take at most {}",
          op, c, effective, q.shift, kernel_type_name(type), max_shift);
      return false;
    }
    out->multiplier[static_cast<size_t>(c)] = q.multiplier;
    out->shift[static_cast<size_t>(c)] = q.shift;
  }
  out->input_offset = -quant.input.zero_point;
  out->weights_offset = -quant.weight_zero_point;
  out->output_offset = quant.output.zero_point;
  out->act = *fused_activation_range(activation, type, quant.output);
  return true;
}

}  // namespace octet
