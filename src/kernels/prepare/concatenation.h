// concatenation.h - prepare-time parameters of CONCATENATION.
//
// When an 8-bit input's scale or zero point differs from the output's, TFLite (uint8:
// ConcatenationWithScaling) requantizes it in float: q_out = round(q * (s_in * (1 / s_out)) +
// (-zp_in * that)) + zp_out, clamped. That value depends on the input byte only, so prepare
// evaluates it once per byte into a 256-entry table and the kernel (octet_ref_concat_lut8) stays
// integer-only. uint8 is TFLite's path; int8 uses the same formula (TFLite and TFLM refuse mixed
// int8 quantization, so a TFLite-made int8 model never needs it).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/dtype.h"
#include "core/fixed_point.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {

struct ConcatPrepared {
  octet_concat_params params;
  Shape output_shape;
  // One entry per input; nullopt where the input is copied as is.
  std::vector<std::optional<std::array<uint8_t, 256>>> tables;

  bool requantizes() const;
  // For octet_concat_lut8_params: the tables one after the other (256 bytes per input, zeros
  // where the input is copied) and one flag per input (1: through its table).
  std::vector<uint8_t> flat_tables() const;
  std::vector<uint8_t> mapped_inputs() const;
};

// `input_quant` holds one entry per input for int8/uint8 (ignored, and may be empty, for other
// dtypes); `output_quant` likewise. Errors: ranks or dims that do not match, a fused activation
// (only NONE is supported), invalid quantization.
Result<ConcatPrepared> prepare_concatenation(DType dtype, const std::vector<Shape>& inputs,
                                             int32_t axis,
                                             const std::vector<TensorQuant>& input_quant,
                                             const TensorQuant& output_quant,
                                             FusedActivation activation = FusedActivation::kNone);

}  // namespace octet
