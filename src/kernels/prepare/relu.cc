// relu.cc - see relu.h.
#include "kernels/prepare/relu.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/fixed_point.h"

namespace octet {
namespace {

Status check_operands(const char* op, DType dtype, const TensorQuant& input,
                      const TensorQuant& output) {
  if (dtype != DType::kInt8 && dtype != DType::kUInt8 && dtype != DType::kInt16) {
    return error("{}: quantized kernels take int8, uint8 or int16, not {}", op, dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, input, "input").with_context(op));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, output, "output").with_context(op));
  if (dtype == DType::kInt16 && (input.zero_point != 0 || output.zero_point != 0)) {
    return error("{}: int16 needs zero points 0, got {} and {}", op, input.zero_point,
                 output.zero_point);
  }
  return Status::Ok();
}

const char* relu_name(ReluKind kind) {
  switch (kind) {
    case ReluKind::kRelu:
      return "RELU";
    case ReluKind::kRelu6:
      return "RELU6";
    case ReluKind::kReluN1To1:
      return "RELU_N1_TO_1";
  }
  return "RELU";
}

// zero_point + (int)roundf(value / scale), the float expression TFLite uses for activation bounds
// (the quotient saturated to int32; the bound is clipped to the type's range after).
int64_t quantize_bound(float value, const TensorQuant& q) {
  return int64_t{q.zero_point} + round_quotient_saturated(value, q.scale);
}
}  // namespace

Result<octet_relu_params> prepare_relu(ReluKind kind, DType dtype, const TensorQuant& input,
                                       const TensorQuant& output) {
  const char* op = relu_name(kind);
  OCTET_RETURN_IF_ERROR(check_operands(op, dtype, input, output));
  const int64_t qmin = dtype_min(dtype);
  const int64_t qmax = dtype_max(dtype);
  octet_relu_params p{};

  if (kind == ReluKind::kRelu6 && dtype != DType::kUInt8) {
    // TFLM's Relu6: clamp(x, zp_in, FloatToQuantizedType(6, s_in, zp_in)) in the input domain.
    // MultiplyByQuantizedMultiplier(x, 2^30, 1) is exactly x.
    p.input_zero_point = input.zero_point;
    p.output_zero_point = input.zero_point;
    p.output_multiplier = 1 << 30;
    p.output_shift = 1;
    p.act_min = input.zero_point;
    p.act_max = static_cast<int32_t>(std::clamp(quantize_bound(6.0f, input), qmin, qmax));
    return p;
  }

  double real_multiplier;
  if (dtype == DType::kUInt8 || kind == ReluKind::kReluN1To1) {
    const float ratio = input.scale / output.scale;  // TFLite's ReluPrepare: float division
    real_multiplier = static_cast<double>(ratio);
  } else {
    real_multiplier = static_cast<double>(input.scale) / static_cast<double>(output.scale);
  }
  OCTET_ASSIGN_OR_RETURN(const QuantizedMultiplier m,
                         checked_quantize_multiplier(
                             real_multiplier, fmt::format("{}: input / output scale ratio", op)));
  p.input_zero_point = input.zero_point;
  p.output_zero_point = output.zero_point;
  p.output_multiplier = m.multiplier;
  p.output_shift = m.shift;

  float lo = 0.0f;
  float hi = std::numeric_limits<float>::infinity();
  if (kind == ReluKind::kRelu6) hi = 6.0f;
  if (kind == ReluKind::kReluN1To1) {
    lo = -1.0f;
    hi = 1.0f;
  }
  p.act_min = static_cast<int32_t>(std::max(qmin, quantize_bound(lo, output)));
  p.act_max = std::isinf(hi) ? static_cast<int32_t>(qmax)
                             : static_cast<int32_t>(std::min(qmax, quantize_bound(hi, output)));
  return p;
}

octet_float_activation prepare_relu_f32(ReluKind kind) {
  switch (kind) {
    case ReluKind::kRelu6:
      return {0.0f, 6.0f};
    case ReluKind::kReluN1To1:
      return {-1.0f, 1.0f};
    case ReluKind::kRelu:
      break;
  }
  return {0.0f, std::numeric_limits<float>::infinity()};
}

Result<octet_leaky_relu_params> prepare_leaky_relu(DType dtype, const TensorQuant& input,
                                                   const TensorQuant& output, float alpha) {
  OCTET_RETURN_IF_ERROR(check_operands("LEAKY_RELU", dtype, input, output));
  if (!std::isfinite(alpha)) return error("LEAKY_RELU: alpha {} is not finite", alpha);
  // Both as float expressions, as TFLite and TFLM evaluate them.
  const float alpha_ratio = input.scale * alpha / output.scale;
  const float identity_ratio = input.scale / output.scale;
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier ma,
      checked_quantize_multiplier(static_cast<double>(alpha_ratio),
                                  "LEAKY_RELU: input * alpha / output scale ratio"));
  OCTET_ASSIGN_OR_RETURN(const QuantizedMultiplier mi,
                         checked_quantize_multiplier(static_cast<double>(identity_ratio),
                                                     "LEAKY_RELU: input / output scale ratio"));
  octet_leaky_relu_params p{};
  p.input_zero_point = input.zero_point;
  p.output_zero_point = output.zero_point;
  p.multiplier_identity = mi.multiplier;
  p.shift_identity = mi.shift;
  p.multiplier_alpha = ma.multiplier;
  p.shift_alpha = ma.shift;
  p.alpha = alpha;
  return p;
}

}  // namespace octet
