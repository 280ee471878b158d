// add.cc - see add.h.
#include "kernels/prepare/add.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace octet {
namespace {

Status check_activation(FusedActivation activation, const char* op) {
  if (activation == FusedActivation::kTanh || activation == FusedActivation::kSignBit) {
    return error("{}: fused activation {} is not supported", op, static_cast<int>(activation));
  }
  return Status::Ok();
}

Status check_operands(const char* op, DType dtype, const TensorQuant& input1,
                      const TensorQuant& input2, const TensorQuant& output) {
  if (dtype != DType::kInt8 && dtype != DType::kUInt8 && dtype != DType::kInt16) {
    return error("{}: quantized kernels take int8, uint8 or int16, not {}", op, dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, input1, "input 1").with_context(op));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, input2, "input 2").with_context(op));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, output, "output").with_context(op));
  return Status::Ok();
}

// The three real multipliers of the general quantized add, computed as the kernel family does.
struct AddRatios {
  double input1;
  double input2;
  double output;
};

AddRatios ratios_in_double(const TensorQuant& in1, const TensorQuant& in2, const TensorQuant& out,
                           int left_shift) {
  const double twice_max = 2.0 * static_cast<double>(std::max(in1.scale, in2.scale));
  return {static_cast<double>(in1.scale) / twice_max, static_cast<double>(in2.scale) / twice_max,
          twice_max / (static_cast<double>(1 << left_shift) * static_cast<double>(out.scale))};
}

// TFLM's sub_common.cc: every ratio is a float expression, widened afterwards.
AddRatios ratios_in_float(const TensorQuant& in1, const TensorQuant& in2, const TensorQuant& out,
                          int left_shift) {
  const float twice_max = 2 * std::max(in1.scale, in2.scale);
  const float r1 = in1.scale / twice_max;
  const float r2 = in2.scale / twice_max;
  const float denominator = static_cast<float>(1 << left_shift) * out.scale;
  const float ro = twice_max / denominator;
  return {static_cast<double>(r1), static_cast<double>(r2), static_cast<double>(ro)};
}

Result<octet_add_params> make_params(const char* op, DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation, const AddRatios& r,
                                     int left_shift) {
  octet_add_params p{};
  p.input1_offset = -input1.zero_point;
  p.input2_offset = -input2.zero_point;
  p.output_offset = output.zero_point;
  p.left_shift = left_shift;
  // The ratios are not finite when a scale is at the edge of float (TFLM's SUB divides in float).
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m1,
      checked_quantize_multiplier(r.input1, fmt::format("{}: input 1 scale ratio", op)));
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m2,
      checked_quantize_multiplier(r.input2, fmt::format("{}: input 2 scale ratio", op)));
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier mo,
      checked_quantize_multiplier(r.output, fmt::format("{}: output scale ratio", op)));
  if (mo.shift > 0) {
    return error(
        "{}: output multiplier {} is above 1 (output scale {} too small for inputs {}, {})", op,
        r.output, output.scale, input1.scale, input2.scale);
  }
  p.input1_multiplier = m1.multiplier;
  p.input1_shift = m1.shift;
  p.input2_multiplier = m2.multiplier;
  p.input2_shift = m2.shift;
  p.output_multiplier = mo.multiplier;
  p.output_shift = mo.shift;
  const ActivationRange range = quantized_activation_range(
      activation, output.scale, output.zero_point, static_cast<int32_t>(dtype_min(dtype)),
      static_cast<int32_t>(dtype_max(dtype)));
  p.act_min = range.min;
  p.act_max = range.max;
  return p;
}

}  // namespace

Result<octet_add_params> prepare_add(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation) {
  OCTET_RETURN_IF_ERROR(check_operands("ADD", dtype, input1, input2, output));
  OCTET_RETURN_IF_ERROR(check_activation(activation, "ADD"));
  const int left_shift = dtype == DType::kInt16 ? 15 : 20;
  return make_params("ADD", dtype, input1, input2, output, activation,
                     ratios_in_double(input1, input2, output, left_shift), left_shift);
}

Result<octet_sub_params> prepare_sub(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation) {
  OCTET_RETURN_IF_ERROR(check_operands("SUB", dtype, input1, input2, output));
  OCTET_RETURN_IF_ERROR(check_activation(activation, "SUB"));
  const int left_shift = dtype == DType::kInt16 ? 15 : 20;
  if (dtype != DType::kUInt8) {
    return make_params("SUB", dtype, input1, input2, output, activation,
                       ratios_in_float(input1, input2, output, left_shift), left_shift);
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_sub_params p,
      make_params("SUB", dtype, input1, input2, output, activation,
                  ratios_in_double(input1, input2, output, left_shift), left_shift));
  p.input2_multiplier = -p.input2_multiplier;
  return p;
}

Result<octet_int_activation> prepare_int32_activation(FusedActivation activation) {
  OCTET_RETURN_IF_ERROR(check_activation(activation, "int32 arithmetic"));
  octet_int_activation a{std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  switch (activation) {
    case FusedActivation::kRelu:
      a.act_min = 0;
      break;
    case FusedActivation::kRelu6:
      a.act_min = 0;
      a.act_max = 6;
      break;
    case FusedActivation::kReluN1To1:
      a.act_min = -1;
      a.act_max = 1;
      break;
    default:
      break;
  }
  return a;
}

Result<octet_float_activation> prepare_float_activation(FusedActivation activation) {
  OCTET_RETURN_IF_ERROR(check_activation(activation, "float arithmetic"));
  // TFLite's CalculateActivationRange<float> bounds the open sides with lowest() / max(), not
  // infinity: an infinite result is clamped to the largest float.
  octet_float_activation a{std::numeric_limits<float>::lowest(), std::numeric_limits<float>::max()};
  switch (activation) {
    case FusedActivation::kRelu:
      a.act_min = 0.0f;
      break;
    case FusedActivation::kRelu6:
      a.act_min = 0.0f;
      a.act_max = 6.0f;
      break;
    case FusedActivation::kReluN1To1:
      a.act_min = -1.0f;
      a.act_max = 1.0f;
      break;
    default:
      break;
  }
  return a;
}

}  // namespace octet
