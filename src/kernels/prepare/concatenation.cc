// concatenation.cc - see concatenation.h.
#include "kernels/prepare/concatenation.h"

#include <algorithm>
#include <cmath>

namespace octet {
namespace {

// TFLite's ConcatenationWithScaling for one input byte, float arithmetic step by step (kept in
// separate statements so that no fused multiply-add can change the rounding).
std::array<uint8_t, 256> requantize_table(DType dtype, const TensorQuant& in,
                                          const TensorQuant& out) {
  const float inverse_output_scale = 1.f / out.scale;
  const float scale = in.scale * inverse_output_scale;
  const float bias = static_cast<float>(-in.zero_point) * scale;
  const int32_t qmin = static_cast<int32_t>(dtype_min(dtype));
  const int32_t qmax = static_cast<int32_t>(dtype_max(dtype));
  std::array<uint8_t, 256> table{};
  for (int byte = 0; byte < 256; ++byte) {
    const int32_t q = dtype == DType::kInt8 ? static_cast<int8_t>(byte) : byte;
    const float product = static_cast<float>(q) * scale;
    const float sum = product + bias;
    // TFLite converts round(sum) to int32 unchecked; a hostile scale ratio makes that undefined
    // (the fuzzer found 1.9e19). Every value past +-2^30 clamps to qmin/qmax anyway, so the sum
    // is clamped there first; NaN (an infinite ratio times 0) gives the zero point.
    const float rounded = std::round(sum);
    const float bounded = std::isnan(rounded) ? 0.f : std::clamp(rounded, -0x1p30f, 0x1p30f);
    const int32_t value = static_cast<int32_t>(bounded) + out.zero_point;
    table[byte] = static_cast<uint8_t>(std::clamp(value, qmin, qmax));
  }
  return table;
}

}  // namespace

bool ConcatPrepared::requantizes() const {
  return std::any_of(tables.begin(), tables.end(), [](const auto& t) { return t.has_value(); });
}

std::vector<uint8_t> ConcatPrepared::flat_tables() const {
  std::vector<uint8_t> flat(tables.size() * 256, 0);
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i]) std::copy(tables[i]->begin(), tables[i]->end(), flat.begin() + 256 * i);
  }
  return flat;
}

std::vector<uint8_t> ConcatPrepared::mapped_inputs() const {
  std::vector<uint8_t> mapped;
  for (const auto& t : tables) mapped.push_back(t ? 1 : 0);
  return mapped;
}

Result<ConcatPrepared> prepare_concatenation(DType dtype, const std::vector<Shape>& inputs,
                                             int32_t axis,
                                             const std::vector<TensorQuant>& input_quant,
                                             const TensorQuant& output_quant,
                                             FusedActivation activation) {
  if (inputs.empty()) return error("CONCATENATION: no inputs");
  if (activation != FusedActivation::kNone) {
    return error("CONCATENATION: fused activation {} is not supported",
                 static_cast<int>(activation));
  }
  const int32_t rank = inputs[0].rank();
  if (rank > OCTET_MAX_RANK) return error("CONCATENATION: rank {} is too large", rank);
  OCTET_ASSIGN_OR_RETURN(const int32_t a, normalize_axis(axis, rank, "CONCATENATION"));
  ConcatPrepared r{};
  r.params.axis = a;
  r.params.num_inputs = static_cast<int32_t>(inputs.size());
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  r.output_shape = inputs[0];
  r.output_shape[a] = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Shape& s = inputs[i];
    bool matches = s.rank() == rank;
    for (int d = 0; matches && d < rank; ++d) {
      if (d != a && s[d] != inputs[0][d]) matches = false;
    }
    if (!matches) {
      return error("CONCATENATION: input {} has shape {}, incompatible with {} along axis {}", i,
                   s.to_string(), inputs[0].to_string(), a);
    }
    r.output_shape[a] += s[a];
  }

  r.tables.resize(inputs.size());
  if (dtype == DType::kInt8 || dtype == DType::kUInt8) {
    if (input_quant.size() != inputs.size()) {
      return error("CONCATENATION: {} inputs but {} quantization entries", inputs.size(),
                   input_quant.size());
    }
    OCTET_RETURN_IF_ERROR(
        check_quantized_operand(dtype, output_quant, "output").with_context("CONCATENATION"));
    for (size_t i = 0; i < inputs.size(); ++i) {
      const TensorQuant& q = input_quant[i];
      OCTET_RETURN_IF_ERROR(
          check_quantized_operand(dtype, q, "input").with_context("CONCATENATION"));
      if (q.zero_point != output_quant.zero_point || q.scale != output_quant.scale) {
        r.tables[i] = requantize_table(dtype, q, output_quant);
      }
    }
  }
  return r;
}

}  // namespace octet
