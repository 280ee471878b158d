// quantize.cc - see quantize.h.
#include "kernels/prepare/quantize.h"

#include "core/fixed_point.h"

namespace octet {
namespace {

bool is_8_or_16_bit(DType t) {
  return t == DType::kInt8 || t == DType::kUInt8 || t == DType::kInt16;
}

}  // namespace

Result<octet_quantize_params> prepare_quantize(DType output_dtype, const TensorQuant& output) {
  if (!is_8_or_16_bit(output_dtype)) {
    return error("QUANTIZE: float32 quantizes to int8, uint8 or int16, not {}",
                 dtype_name(output_dtype));
  }
  OCTET_RETURN_IF_ERROR(
      check_quantized_operand(output_dtype, output, "output").with_context("QUANTIZE"));
  return octet_quantize_params{output.scale, output.zero_point};
}

Result<octet_requantize_params> prepare_requantize(DType input_dtype, const TensorQuant& input,
                                                   DType output_dtype, const TensorQuant& output) {
  if (!is_8_or_16_bit(input_dtype) && input_dtype != DType::kInt32) {
    return error("QUANTIZE: cannot requantize from {}", dtype_name(input_dtype));
  }
  if (!is_8_or_16_bit(output_dtype) && output_dtype != DType::kInt32) {
    return error("QUANTIZE: cannot requantize to {}", dtype_name(output_dtype));
  }
  OCTET_RETURN_IF_ERROR(
      check_quantized_operand(input_dtype, input, "input").with_context("QUANTIZE"));
  OCTET_RETURN_IF_ERROR(
      check_quantized_operand(output_dtype, output, "output").with_context("QUANTIZE"));
  const double ratio = static_cast<double>(input.scale) / static_cast<double>(output.scale);
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m,
      checked_quantize_multiplier(ratio, "QUANTIZE: input / output scale ratio"));
  return octet_requantize_params{m.multiplier, m.shift, input.zero_point, output.zero_point};
}

Result<octet_dequantize_params> prepare_dequantize(DType input_dtype, const TensorQuant& input) {
  if (!is_8_or_16_bit(input_dtype)) {
    return error("DEQUANTIZE: input must be int8, uint8 or int16, not {}", dtype_name(input_dtype));
  }
  OCTET_RETURN_IF_ERROR(
      check_quantized_operand(input_dtype, input, "input").with_context("DEQUANTIZE"));
  return octet_dequantize_params{input.scale, input.zero_point};
}

}  // namespace octet
