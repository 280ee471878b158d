// activation.cc - see activation.h.
#include "kernels/prepare/activation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/fixed_point.h"

namespace octet {
namespace {

constexpr int kSigmoidInputIntegerBits = 4;

bool near(float value, float expected) { return std::fabs(value - expected) <= 0.001f * expected; }

// TFLM computes frexp + round directly and TFLite uses QuantizeMultiplierGreaterThanOne; both
// equal quantize_multiplier except when the mantissa rounds up to 2^31, which only
// quantize_multiplier handles (by halving), so it is used for both.
Result<octet_sigmoid_params> prepare_sigmoid_like(const char* op, DType type, TensorQuant input,
                                                  TensorQuant output, float output_scale,
                                                  int32_t output_zero_point) {
  if (type != DType::kInt8 && type != DType::kUInt8) {
    return Status::Error(fmt::format("{}: no integer kernel for {}", op, kernel_type_name(type)));
  }
  if (output.zero_point != output_zero_point || !near(output.scale, output_scale)) {
    return Status::Error(fmt::format(
        "{}: {} output must have scale {} and zero point {}, got {} and {}", op,
        kernel_type_name(type), output_scale, output_zero_point, output.scale, output.zero_point));
  }
  if (!(input.scale > 0.0f)) {
    return Status::Error(fmt::format("{}: input scale {}", op, input.scale));
  }
  const double real =
      static_cast<double>(input.scale) * static_cast<double>(1 << (31 - kSigmoidInputIntegerBits));
  const QuantizedMultiplier q = quantize_multiplier(real);
  if (q.shift < 0) {
    return Status::Error(fmt::format("{}: input scale {} is too small", op, input.scale));
  }
  if (q.shift > 30) {  // the kernel's x * 2^shift in int32 (TFLite's limit)
    return Status::Error(fmt::format("{}: input scale {} is too large (a left shift of {})", op,
                                     input.scale, q.shift));
  }
  octet_sigmoid_params p{};
  p.input_zero_point = input.zero_point;
  p.input_multiplier = q.multiplier;
  p.input_left_shift = q.shift;
  p.input_range_radius = calculate_input_radius(kSigmoidInputIntegerBits, q.shift);
  return p;
}

// TFLite's CheckedLog2, in float as TFLite writes it.
bool checked_log2(float x, int* log2_result) {
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = std::round(x_log2);
  *log2_result = static_cast<int>(rounded);
  return std::fabs(x_log2 - rounded) < 1e-3f;
}

// TFLM's int16 LOGISTIC/TANH Prepare (input_multiplier 0 marks the power-of-two case, which the
// kernel turns into 3 << input_left_shift).
Result<octet_sigmoid_params> prepare_sigmoid_s16(const char* op, TensorQuant input,
                                                 TensorQuant output, int max_pot_left_shift) {
  constexpr int kInputIntegerBits = 3;
  constexpr int kOutputFractionalBits = 15;
  if (input.zero_point != 0 || output.zero_point != 0) {
    return error("{}: int16 needs zero points 0, got input {} and output {}", op, input.zero_point,
                 output.zero_point);
  }
  if (!(input.scale > 0.0f) || !(output.scale > 0.0f)) {
    return error("{}: scales must be positive, got input {} and output {}", op, input.scale,
                 output.scale);
  }
  int output_log2 = 0;
  if (!checked_log2(output.scale, &output_log2) || output_log2 != -kOutputFractionalBits) {
    return error("{}: int16 output scale must be 2^-15, got {}", op, output.scale);
  }
  int input_log2 = 0;
  const bool pot = checked_log2(input.scale, &input_log2);
  octet_sigmoid_params p{};
  p.input_left_shift = (15 - kInputIntegerBits) + input_log2;
  if (pot && p.input_left_shift >= 0 && p.input_left_shift <= max_pot_left_shift) {
    p.input_multiplier = 0;
    return p;
  }
  // The input scale in units of 1 / (3 * 4096), doubled while it stays at most 32767 / 2.
  double multiplier = static_cast<double>(input.scale) * 4096.0 * 3.0;
  p.input_left_shift = 0;
  while (multiplier <= 32767.0 / 2.0 && p.input_left_shift <= 30) {
    ++p.input_left_shift;
    multiplier *= 2.0;
  }
  if (multiplier > 32767.0) {
    return error("{}: input scale {} is too large for the int16 kernel", op, input.scale);
  }
  p.input_multiplier = static_cast<int32_t>(multiplier);
  if (p.input_multiplier == 0) {
    // Below about 3.8e-14 the doubling stops at a left shift of 31 with a multiplier under 1: its
    // zero would select the kernel's power-of-two case, 3 << 31 (TFLite computes the same).
    return error("{}: input scale {} is too small for the int16 kernel", op, input.scale);
  }
  return p;
}

// TFLite's DownScaleInt32ToInt16Multiplier: round a Q31 multiplier to Q15, saturating.
int16_t downscale_multiplier_to_q15(int32_t multiplier) {
  constexpr int32_t kRoundingOffset = 1 << 15;
  if (multiplier >= std::numeric_limits<int32_t>::max() - kRoundingOffset) {
    return std::numeric_limits<int16_t>::max();
  }
  return static_cast<int16_t>((multiplier + kRoundingOffset) >> 16);
}

}  // namespace

int32_t calculate_input_radius(int integer_bits, int left_shift, int total_signed_bits) {
  // TFLite's ((1 << integer_bits) - 1) * 2^(total - integer_bits) / 2^left_shift, the powers of
  // two by ldexp (exact, and defined for any left shift).
  const double max_input_rescaled = std::ldexp(static_cast<double>((1 << integer_bits) - 1),
                                               total_signed_bits - integer_bits - left_shift);
  return static_cast<int32_t>(std::floor(max_input_rescaled));
}

Result<octet_sigmoid_params> prepare_logistic(DType type, TensorQuant input, TensorQuant output) {
  if (type == DType::kInt16) return prepare_sigmoid_s16("LOGISTIC", input, output, 0);
  return prepare_sigmoid_like("LOGISTIC", type, input, output, 1.0f / 256.0f,
                              type == DType::kInt8 ? -128 : 0);
}

Result<octet_sigmoid_params> prepare_tanh(DType type, TensorQuant input, TensorQuant output) {
  if (type == DType::kInt16) return prepare_sigmoid_s16("TANH", input, output, 1);
  return prepare_sigmoid_like("TANH", type, input, output, 1.0f / 128.0f,
                              type == DType::kInt8 ? 0 : 128);
}

Result<octet_hard_swish_params> prepare_hard_swish(DType type, TensorQuant input,
                                                   TensorQuant output) {
  if (type != DType::kInt8 && type != DType::kUInt8) {
    return Status::Error(
        fmt::format("HARD_SWISH: no integer kernel for {}", kernel_type_name(type)));
  }
  if (!(input.scale > 0.0f) || !(output.scale > 0.0f)) {
    return Status::Error(fmt::format("HARD_SWISH: scales must be positive, input {} output {}",
                                     input.scale, output.scale));
  }
  const float hires_input_scale = (1.0f / 128.0f) * input.scale;
  const float reluish_scale = 3.0f / 32768.0f;
  const float output_multiplier = hires_input_scale / output.scale;
  const float reluish_multiplier = hires_input_scale / reluish_scale;
  if (!std::isfinite(output_multiplier) || !std::isfinite(reluish_multiplier)) {
    return Status::Error(fmt::format(  // divided in float, as TFLite does
        "HARD_SWISH: multipliers {} (output) and {} (reluish) from input scale {} and output "
        "scale {} are not finite",
        output_multiplier, reluish_multiplier, input.scale, output.scale));
  }
  const QuantizedMultiplier out_q = quantize_multiplier(static_cast<double>(output_multiplier));
  const QuantizedMultiplier relu_q = quantize_multiplier(static_cast<double>(reluish_multiplier));
  if (out_q.shift > 0) {
    return Status::Error(fmt::format(
        "HARD_SWISH: output multiplier {} (input scale {} / 128 / output scale {}) exceeds 1",
        output_multiplier, input.scale, output.scale));
  }
  octet_hard_swish_params p{};
  p.input_zero_point = input.zero_point;
  p.output_zero_point = output.zero_point;
  p.output_multiplier_fixedpoint_int16 = downscale_multiplier_to_q15(out_q.multiplier);
  p.output_multiplier_exponent = out_q.shift;
  p.reluish_multiplier_fixedpoint_int16 = downscale_multiplier_to_q15(relu_q.multiplier);
  p.reluish_multiplier_exponent = relu_q.shift;
  return p;
}

Result<octet_lut_s8_params> prepare_elu(DType type, TensorQuant input, TensorQuant output) {
  if (type != DType::kInt8) {
    return error("ELU: the quantized kernel takes int8 (TFLite Micro), not {}", dtype_name(type));
  }
  if (!(input.scale > 0.0f) || !(output.scale > 0.0f)) {
    return error("ELU: scales must be positive, got input {} and output {}", input.scale,
                 output.scale);
  }
  octet_lut_s8_params p{};
  const float inverse_scale = 1 / output.scale;
  for (int32_t q = -128; q <= 127; ++q) {
    const float x = input.scale * static_cast<float>(q - input.zero_point);
    const float y = x < 0.0f ? std::exp(x) - 1.0f : x;
    const float rescaled = std::round(y * inverse_scale);
    // Saturated: a tiny output scale takes the value past int32 (undefined as TFLite writes it).
    const int32_t quantized = saturate_to_int32(rescaled + static_cast<float>(output.zero_point));
    p.table[static_cast<uint8_t>(static_cast<int8_t>(q))] =
        static_cast<int8_t>(std::clamp(quantized, -128, 127));
  }
  return p;
}

Result<octet_l2_normalization_params> prepare_l2_normalization(DType type, TensorQuant input,
                                                               TensorQuant output) {
  if (type != DType::kInt8) {
    return error("L2_NORMALIZATION: the quantized kernel takes int8, not {}", dtype_name(type));
  }
  if (output.zero_point != 0 || !near(output.scale, 1.0f / 128)) {
    return error(
        "L2_NORMALIZATION: int8 output must have scale 1/128 and zero point 0, got {} and {}",
        output.scale, output.zero_point);
  }
  if (input.zero_point < -128 || input.zero_point > 127) {
    return error("L2_NORMALIZATION: input zero point {} outside int8", input.zero_point);
  }
  return octet_l2_normalization_params{input.zero_point};
}

}  // namespace octet
