// compare.cc - see compare.h.
#include "kernels/prepare/compare.h"

#include "kernels/prepare/operand.h"

namespace octet {

namespace {

// TFLite's QuantizeMultiplierSmallerThanOneExp of an input scale.
Result<QuantizedMultiplier> scale_multiplier(DType dtype, const TensorQuant& q, const char* what) {
  OCTET_RETURN_IF_ERROR(check_quantized_operand(dtype, q, what));
  if (!(q.scale < 1.0f)) {
    return error("{} has scale {}; TFLite's quantized comparison needs a scale below 1", what,
                 q.scale);
  }
  return quantize_multiplier(static_cast<double>(q.scale));
}

}  // namespace

Result<octet_compare_params> prepare_comparison(octet_comparison comparison, DType dtype,
                                                const TensorQuant& input1,
                                                const TensorQuant& input2) {
  octet_compare_params p{};
  p.comparison = comparison;
  if (!is_quantizable_integer(dtype)) return p;
  auto named = [](Status s) { return s.with_context("comparison"); };
  auto m1 = scale_multiplier(dtype, input1, "input 1");
  if (!m1.ok()) return named(m1.status());
  auto m2 = scale_multiplier(dtype, input2, "input 2");
  if (!m2.ok()) return named(m2.status());
  p.left_shift = 8;
  p.input1_offset = -input1.zero_point;
  p.input1_multiplier = m1->multiplier;
  p.input1_shift = m1->shift;
  p.input2_offset = -input2.zero_point;
  p.input2_multiplier = m2->multiplier;
  p.input2_shift = m2->shift;
  return p;
}

}  // namespace octet
