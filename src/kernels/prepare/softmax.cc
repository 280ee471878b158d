// softmax.cc - see softmax.h.
#include "kernels/prepare/softmax.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kernels/prepare/activation.h"

namespace octet {
namespace {

constexpr int kScaledDiffIntegerBits = 5;

bool near(float value, float expected) { return std::fabs(value - expected) <= 0.001f * expected; }

float exp_f32(float x) { return std::exp(x); }
float one_over_one_plus_x_f32(float x) { return 1.0f / (1.0f + x); }

}  // namespace

std::optional<QuantizedMultiplier> preprocess_softmax_scaling(double beta, double input_scale,
                                                              int integer_bits) {
  const double real = std::min(beta * input_scale * static_cast<double>(1 << (31 - integer_bits)),
                               static_cast<double>((1LL << 31) - 1));
  if (!(real > 0.0)) return std::nullopt;  // zero, negative or NaN (a NaN beta, 0 * inf)
  const QuantizedMultiplier q = quantize_multiplier(real);
  if (q.shift < 0) return std::nullopt;
  return q;
}

Result<octet_log_softmax_params> prepare_log_softmax(DType type, TensorQuant input,
                                                     TensorQuant output) {
  if (type != DType::kInt8) {
    return error("LOG_SOFTMAX: the quantized kernel takes int8 (TFLite Micro), not {}",
                 dtype_name(type));
  }
  // TFLM insists on exactly these.
  if (output.scale != 16.0f / 256 || output.zero_point != 127) {
    return error(
        "LOG_SOFTMAX: int8 output must have scale 16/256 and zero point 127, got {} and {}",
        output.scale, output.zero_point);
  }
  const std::optional<QuantizedMultiplier> scaled =
      preprocess_softmax_scaling(1.0, static_cast<double>(input.scale), kScaledDiffIntegerBits);
  if (!scaled) {
    return error("LOG_SOFTMAX: input scale {} is too small for the fixed-point kernel",
                 input.scale);
  }
  // TFLite's PreprocessLogSoftmaxScalingExp: the reverse multiplier 2^(31 - shift) / multiplier,
  // below one.
  const double reverse =
      std::ldexp(1.0, 31 - scaled->shift) / static_cast<double>(scaled->multiplier);
  if (!(reverse > 0.0 && reverse < 1.0)) {  // also inf (a multiplier of 0) and NaN
    return error("LOG_SOFTMAX: input scale {} is too large for the fixed-point kernel",
                 input.scale);
  }
  const QuantizedMultiplier r = quantize_multiplier(reverse);
  octet_log_softmax_params p{};
  p.input_multiplier = scaled->multiplier;
  p.input_left_shift = scaled->shift;
  p.reverse_scaling_divisor = r.multiplier;
  p.reverse_scaling_right_shift = -r.shift;
  p.diff_min = -calculate_input_radius(kScaledDiffIntegerBits, scaled->shift);
  return p;
}

void generate_int16_lut(float (*func)(float), float input_min, float input_max, float output_min,
                        float output_max, int16_t* lut) {
  constexpr int kSteps = 512;
  const float step = (input_max - input_min) / kSteps;
  const float half_step = step / 2;
  const float output_scaling_inv = 65536.0f / (output_max - output_min);
  const float table_min = -32768.0f;
  const float table_max = 32767.0f;
  for (int i = 0; i < kSteps; ++i) {
    const float val = func(input_min + static_cast<float>(i) * step);
    const float val_midpoint = func(input_min + static_cast<float>(i) * step + half_step);
    const float val_next = func(input_min + static_cast<float>(i + 1) * step);
    const float sample_val = std::round(val * output_scaling_inv);
    const float midpoint_interp_val =
        std::round((val_next * output_scaling_inv + std::round(val * output_scaling_inv)) / 2);
    const float midpoint_val = std::round(val_midpoint * output_scaling_inv);
    const float midpoint_err = midpoint_interp_val - midpoint_val;
    const float bias = std::round(midpoint_err / 2);
    lut[i] = static_cast<int16_t>(std::min(std::max(sample_val - bias, table_min), table_max));
  }
  lut[kSteps] = static_cast<int16_t>(
      std::min(std::max(std::round(func(input_max) * output_scaling_inv), table_min), table_max));
}

octet_softmax_params SoftmaxPlan::params() const {
  octet_softmax_params p = scalars;
  p.exp_lut = exp_lut.empty() ? nullptr : exp_lut.data();
  p.one_over_one_plus_x_lut =
      one_over_one_plus_x_lut.empty() ? nullptr : one_over_one_plus_x_lut.data();
  return p;
}

Result<SoftmaxPlan> prepare_softmax(DType input_type, DType output_type, float beta,
                                    TensorQuant input, TensorQuant output) {
  SoftmaxPlan plan;
  plan.scalars.beta = beta;
  auto bad_output = [&](float scale, int32_t zero_point) {
    return Status::Error(
        fmt::format("SOFTMAX: {} -> {} needs output scale {} and zero point {}, got {} and {}",
                    kernel_type_name(input_type), kernel_type_name(output_type), scale, zero_point,
                    output.scale, output.zero_point));
  };
  switch (input_type) {
    case DType::kFloat32:
      if (output_type != DType::kFloat32) break;
      return plan;
    case DType::kInt8:
      if (output_type == DType::kInt8) {
        // TFLM insists on exactly 1/256 here (and only "near" for the other outputs).
        if (output.zero_point != -128 || output.scale != 1.0f / 256.0f) {
          return bad_output(1.0f / 256.0f, -128);
        }
      } else if (output_type == DType::kInt16) {
        if (output.zero_point != -32768 || !near(output.scale, 1.0f / 65536.0f)) {
          return bad_output(1.0f / 65536.0f, -32768);
        }
      } else {
        break;
      }
      [[fallthrough]];
    case DType::kUInt8: {
      if (input_type == DType::kUInt8) {
        if (output_type != DType::kUInt8) break;
        if (output.zero_point != 0 || !near(output.scale, 1.0f / 256.0f)) {
          return bad_output(1.0f / 256.0f, 0);
        }
      }
      if (!std::isfinite(static_cast<double>(beta) * static_cast<double>(input.scale))) {
        return Status::Error(
            fmt::format("SOFTMAX: beta {} * input scale {} is not finite", beta, input.scale));
      }
      const std::optional<QuantizedMultiplier> scaled = preprocess_softmax_scaling(
          static_cast<double>(beta), static_cast<double>(input.scale), kScaledDiffIntegerBits);
      if (!scaled) {
        return Status::Error(
            fmt::format("SOFTMAX: beta {} * input scale {} is too small for the fixed-point kernel",
                        beta, input.scale));
      }
      plan.scalars.input_multiplier = scaled->multiplier;
      plan.scalars.input_left_shift = scaled->shift;
      plan.scalars.diff_min = -calculate_input_radius(kScaledDiffIntegerBits, scaled->shift);
      return plan;
    }
    case DType::kInt16: {
      if (output_type != DType::kInt16) break;
      if (input.zero_point != 0 || output.zero_point != 0 || !near(output.scale, 1.0f / 32768.0f)) {
        return Status::Error(fmt::format(
            "SOFTMAX: s16 needs zero points 0 and output scale 1/32768, got input zero point {}, "
            "output scale {} and zero point {}",
            input.zero_point, output.scale, output.zero_point));
      }
      // Scale differences so that [-65535, 0] covers [-10, 0], the exp table's domain.
      const double real =
          static_cast<double>(input.scale) * static_cast<double>(beta) / (10.0 / 65535.0);
      if (!std::isfinite(real)) {
        return Status::Error(
            fmt::format("SOFTMAX: beta {} * input scale {} is not finite", beta, input.scale));
      }
      const QuantizedMultiplier q = quantize_multiplier(real);
      plan.scalars.input_multiplier = q.multiplier;
      plan.scalars.input_left_shift = q.shift;
      plan.exp_lut.resize(OCTET_SOFTMAX_S16_LUT_SIZE);
      plan.one_over_one_plus_x_lut.resize(OCTET_SOFTMAX_S16_LUT_SIZE);
      generate_int16_lut(exp_f32, -10.0f, 0.0f, -1.0f, 1.0f, plan.exp_lut.data());
      generate_int16_lut(one_over_one_plus_x_f32, 0.0f, 1.0f, -1.0f, 1.0f,
                         plan.one_over_one_plus_x_lut.data());
      return plan;
    }
    default:
      break;
  }
  return Status::Error(fmt::format("SOFTMAX: no kernel for {} -> {}", kernel_type_name(input_type),
                                   kernel_type_name(output_type)));
}

}  // namespace octet
