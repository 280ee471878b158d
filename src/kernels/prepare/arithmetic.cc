// arithmetic.cc - see arithmetic.h.
#include "kernels/prepare/arithmetic.h"

#include <algorithm>
#include <cmath>

#include "kernels/prepare/operand.h"

namespace octet {

namespace {

Status check_operands(const char* op, DType dtype,
                      std::initializer_list<std::pair<const TensorQuant*, const char*>> operands) {
  for (const auto& [q, what] : operands) {
    OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, *q, what).with_context(op));
    if (dtype == DType::kInt16 && q->zero_point != 0) {
      return error("{}: int16 {} needs zero point 0, has {}", op, what, q->zero_point);
    }
  }
  return Status::Ok();
}

// TFLite's QuantizeMultiplierSmallerThanOneExp: a multiplier in (0, 1) with a shift <= 0.
Result<QuantizedMultiplier> smaller_than_one(double real, const char* op, const char* what) {
  if (!(real > 0.0 && real < 1.0)) {
    return error("{}: {} multiplier {} must lie in (0, 1)", op, what, real);
  }
  return quantize_multiplier(real);
}

// The checked multiplier of op's `what` scale ratio ("ABS: input / output scale ratio ...").
Result<QuantizedMultiplier> multiplier_within_limit(double real, const char* op, const char* what) {
  return checked_quantize_multiplier(real, fmt::format("{}: {} scale ratio", op, what));
}

}  // namespace

Result<octet_squared_difference_params> prepare_squared_difference(DType dtype,
                                                                   const TensorQuant& input1,
                                                                   const TensorQuant& input2,
                                                                   const TensorQuant& output) {
  const char* op = "SQUARED_DIFFERENCE";
  if (dtype != DType::kInt8 && dtype != DType::kInt16) {
    return error("{}: quantized kernels take int8 or int16, not {}", op, dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(
      check_operands(op, dtype, {{&input1, "input 1"}, {&input2, "input 2"}, {&output, "output"}}));
  octet_squared_difference_params p{};
  p.left_shift = dtype == DType::kInt8 ? 7 : 0;
  p.input1_offset = -input1.zero_point;
  p.input2_offset = -input2.zero_point;
  p.output_offset = output.zero_point;
  const double twice_max = 2.0 * static_cast<double>(std::max(input1.scale, input2.scale));
  OCTET_ASSIGN_OR_RETURN(QuantizedMultiplier m1,
                         smaller_than_one(input1.scale / twice_max, op, "input 1"));
  OCTET_ASSIGN_OR_RETURN(QuantizedMultiplier m2,
                         smaller_than_one(input2.scale / twice_max, op, "input 2"));
  // TFLM: static_cast<double>((1 << left_shift * 2) * output_scale), an int times a float.
  const float denominator = static_cast<float>(1 << (2 * p.left_shift)) * output.scale;
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier mo,
      multiplier_within_limit(twice_max * twice_max / static_cast<double>(denominator), op,
                              "output"));
  p.input1_multiplier = m1.multiplier;
  p.input1_shift = m1.shift;
  p.input2_multiplier = m2.multiplier;
  p.input2_shift = m2.shift;
  p.output_multiplier = mo.multiplier;
  p.output_shift = mo.shift;
  const ActivationRange range = kernel_type_range(dtype);
  p.act_min = range.min;
  p.act_max = range.max;
  return p;
}

Result<octet_div_params> prepare_div(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation) {
  const char* op = "DIV";
  if (dtype != DType::kInt8 && dtype != DType::kUInt8) {
    return error("{}: quantized kernels take int8 or uint8, not {}", op, dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(
      check_operands(op, dtype, {{&input1, "input 1"}, {&input2, "input 2"}, {&output, "output"}}));
  const std::optional<ActivationRange> range = fused_activation_range(activation, dtype, output);
  if (!range) return error("{}: fused activation {} is not supported", op, int(activation));
  // TFLM: static_cast<double>(s1 / (s2 * s_out)), all float.
  const float real = input1.scale / (input2.scale * output.scale);
  OCTET_ASSIGN_OR_RETURN(const QuantizedMultiplier m,
                         multiplier_within_limit(static_cast<double>(real), op, "output"));
  octet_div_params p{};
  p.input1_offset = -input1.zero_point;
  p.input2_offset = -input2.zero_point;
  p.output_offset = output.zero_point;
  p.output_multiplier = m.multiplier;
  p.output_shift = m.shift;
  p.act_min = range->min;
  p.act_max = range->max;
  return p;
}

Result<octet_prelu_params> prepare_prelu(DType input_type, DType alpha_type,
                                         const TensorQuant& input, const TensorQuant& alpha,
                                         const TensorQuant& output) {
  const char* op = "PRELU";
  if (input_type != DType::kInt8 && input_type != DType::kInt16) {
    return error("{}: quantized kernels take int8 or int16 inputs, not {}", op,
                 dtype_name(input_type));
  }
  if (alpha_type != DType::kInt8) {
    return error("{}: alpha must be int8 (TFLite Micro), is {}", op, dtype_name(alpha_type));
  }
  OCTET_RETURN_IF_ERROR(check_quantized_operand(input_type, input, "input").with_context(op));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(alpha_type, alpha, "alpha").with_context(op));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(input_type, output, "output").with_context(op));
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m1,
      multiplier_within_limit(static_cast<double>(input.scale) / static_cast<double>(output.scale),
                              op, "input / output"));
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m2,
      multiplier_within_limit(static_cast<double>(input.scale) * static_cast<double>(alpha.scale) /
                                  static_cast<double>(output.scale),
                              op, "input x alpha / output"));
  octet_prelu_params p{};
  p.input_offset = -input.zero_point;
  p.alpha_offset = -alpha.zero_point;
  p.output_offset = output.zero_point;
  p.output_multiplier_1 = m1.multiplier;
  p.output_shift_1 = m1.shift;
  p.output_multiplier_2 = m2.multiplier;
  p.output_shift_2 = m2.shift;
  return p;
}

Result<octet_abs_params> prepare_abs(DType dtype, const TensorQuant& input,
                                     const TensorQuant& output) {
  const char* op = "ABS";
  octet_abs_params p{};
  if (dtype != DType::kInt8 && dtype != DType::kInt16) {
    return error("{}: quantized kernels take int8 or int16, not {}", op, dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(check_operands(op, dtype, {{&input, "input"}, {&output, "output"}}));
  p.input_zero_point = input.zero_point;
  p.output_zero_point = output.zero_point;
  if (input.scale != output.scale) {
    OCTET_ASSIGN_OR_RETURN(const QuantizedMultiplier m,
                           multiplier_within_limit(
                               static_cast<double>(input.scale) / static_cast<double>(output.scale),
                               op, "input / output"));
    p.rescale = 1;
    p.multiplier = m.multiplier;
    p.shift = m.shift;
  }
  return p;
}

Result<octet_rsqrt_params> prepare_rsqrt(DType dtype, const TensorQuant& input,
                                         const TensorQuant& output) {
  const char* op = "RSQRT";
  if (dtype != DType::kInt8) {
    return error("{}: the quantized kernel takes int8 (TFLite Micro), not {}", op,
                 dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(check_operands(op, dtype, {{&input, "input"}, {&output, "output"}}));
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m,
      multiplier_within_limit(
          1.0 / (std::sqrt(static_cast<double>(input.scale)) * static_cast<double>(output.scale)),
          op, "1 / (sqrt(input) x output)"));
  octet_rsqrt_params p{};
  p.input_zero_point = input.zero_point;
  p.output_zero_point = output.zero_point;
  p.multiplier = m.multiplier;
  p.shift = m.shift;
  return p;
}

Result<octet_sum_params> prepare_sum(const char* op, DType dtype, const TensorQuant& input,
                                     const TensorQuant& output) {
  if (dtype != DType::kInt8) {
    return error("{}: the quantized kernel takes int8 (TFLite Micro), not {}", op,
                 dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(check_operands(op, dtype, {{&input, "input"}, {&output, "output"}}));
  octet_sum_params p{};
  p.input_offset = -input.zero_point;
  p.output_offset = output.zero_point;
  p.left_shift = 20;
  const double twice_input_scale = 2 * static_cast<double>(input.scale);
  OCTET_ASSIGN_OR_RETURN(
      QuantizedMultiplier mi,
      smaller_than_one(static_cast<double>(input.scale) / twice_input_scale, op, "input"));
  OCTET_ASSIGN_OR_RETURN(QuantizedMultiplier mo,
                         smaller_than_one(twice_input_scale / ((1 << p.left_shift) *
                                                               static_cast<double>(output.scale)),
                                          op, "output"));
  p.input_multiplier = mi.multiplier;
  p.input_shift = mi.shift;
  p.output_multiplier = mo.multiplier;
  p.output_shift = mo.shift;
  const ActivationRange range = kernel_type_range(dtype);
  p.act_min = range.min;
  p.act_max = range.max;
  return p;
}

}  // namespace octet
