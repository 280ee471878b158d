// mul.cc - see mul.h.
#include "kernels/prepare/mul.h"

namespace octet {

Result<octet_mul_params> prepare_mul(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation) {
  if (dtype != DType::kInt8 && dtype != DType::kUInt8 && dtype != DType::kInt16) {
    return error("MUL: quantized kernels take int8, uint8 or int16, not {}", dtype_name(dtype));
  }
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, input1, "input 1").with_context("MUL"));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, input2, "input 2").with_context("MUL"));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, output, "output").with_context("MUL"));
  if (activation == FusedActivation::kTanh || activation == FusedActivation::kSignBit) {
    return error("MUL: fused activation {} is not supported", static_cast<int>(activation));
  }
  if (dtype == DType::kInt16 &&
      (input1.zero_point != 0 || input2.zero_point != 0 || output.zero_point != 0)) {
    return error("MUL: int16 needs zero points 0, got {}, {}, {}", input1.zero_point,
                 input2.zero_point, output.zero_point);
  }
  double real_multiplier;
  if (dtype == DType::kUInt8) {
    const float ratio = input1.scale * input2.scale / output.scale;
    real_multiplier = static_cast<double>(ratio);
  } else {
    real_multiplier = static_cast<double>(input1.scale) * static_cast<double>(input2.scale) /
                      static_cast<double>(output.scale);
  }
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m,
      checked_quantize_multiplier(real_multiplier, "MUL: input1 * input2 / output scale ratio"));
  octet_mul_params p{};
  p.input1_offset = -input1.zero_point;
  p.input2_offset = -input2.zero_point;
  p.output_offset = output.zero_point;
  p.output_multiplier = m.multiplier;
  p.output_shift = m.shift;
  const ActivationRange range = quantized_activation_range(
      activation, output.scale, output.zero_point, static_cast<int32_t>(dtype_min(dtype)),
      static_cast<int32_t>(dtype_max(dtype)));
  p.act_min = range.min;
  p.act_max = range.max;
  return p;
}

}  // namespace octet
