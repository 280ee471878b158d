// batch_matmul.cc - see batch_matmul.h.
#include "kernels/prepare/batch_matmul.h"

#include <algorithm>
#include <cmath>

#include "kernels/prepare/operand.h"

namespace octet {

Result<BatchMatMulPlan> prepare_batch_matmul(DType type, const Shape& lhs, const Shape& rhs,
                                             bool adj_x, bool adj_y, TensorQuant lhs_quant,
                                             TensorQuant rhs_quant, TensorQuant output_quant) {
  const char* op = "BATCH_MATMUL";
  if (type != DType::kInt8 && type != DType::kInt16 && type != DType::kFloat32) {
    return error("{}: {} operands are not supported", op, dtype_name(type));
  }
  for (const Shape* s : {&lhs, &rhs}) {
    if (s->rank() < 2 || s->rank() > 5) {
      return error("{}: operand {} must have rank 2 to 5", op, s->to_string());
    }
  }
  BatchMatMulPlan plan{};
  octet_batch_matmul_params& p = plan.params;
  p.adj_x = adj_x ? 1 : 0;
  p.adj_y = adj_y ? 1 : 0;
  p.rows = adj_x ? lhs.dim(-1) : lhs.dim(-2);
  p.depth = adj_x ? lhs.dim(-2) : lhs.dim(-1);
  p.cols = adj_y ? rhs.dim(-2) : rhs.dim(-1);
  const int32_t rhs_depth = adj_y ? rhs.dim(-1) : rhs.dim(-2);
  if (rhs_depth != p.depth) {
    return error("{}: lhs {} (adj_x {}) and rhs {} (adj_y {}) disagree on the depth, {} vs {}", op,
                 lhs.to_string(), adj_x, rhs.to_string(), adj_y, p.depth, rhs_depth);
  }
  // Batch dimensions aligned at the back, extended to three (TFLM's 5-D shapes).
  const int out_rank = std::max(lhs.rank(), rhs.rank());
  int64_t lhs_stride = int64_t{lhs.dim(-1)} * lhs.dim(-2);
  int64_t rhs_stride = int64_t{rhs.dim(-1)} * rhs.dim(-2);
  for (int i = 0; i < 3; ++i) {
    const int lhs_d = lhs.rank() - 3 - i, rhs_d = rhs.rank() - 3 - i;  // from the back
    const int32_t ld = lhs_d >= 0 ? lhs[lhs_d] : 1, rd = rhs_d >= 0 ? rhs[rhs_d] : 1;
    if (ld != rd && ld != 1 && rd != 1) {
      return error("{}: batch dimensions of lhs {} and rhs {} do not broadcast", op,
                   lhs.to_string(), rhs.to_string());
    }
    const int slot = 2 - i;
    p.batch[slot] = ld == 1 ? rd : ld;
    p.lhs_batch_stride[slot] = ld == 1 ? 0 : lhs_stride;
    p.rhs_batch_stride[slot] = rd == 1 ? 0 : rhs_stride;
    lhs_stride *= ld;
    rhs_stride *= rd;
  }
  for (int d = 0; d < out_rank - 2; ++d)
    plan.output_shape.dims.push_back(p.batch[3 - (out_rank - 2) + d]);
  plan.output_shape.dims.push_back(p.rows);
  plan.output_shape.dims.push_back(p.cols);
  if (type == DType::kFloat32) return plan;

  OCTET_RETURN_IF_ERROR(check_quantized_operand(type, lhs_quant, "BATCH_MATMUL lhs"));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(type, rhs_quant, "BATCH_MATMUL rhs"));
  OCTET_RETURN_IF_ERROR(check_quantized_operand(type, output_quant, "BATCH_MATMUL output"));
  if (type == DType::kInt16 &&
      (lhs_quant.zero_point != 0 || rhs_quant.zero_point != 0 || output_quant.zero_point != 0)) {
    return error("{}: int16 operands need zero points 0, got lhs {} rhs {} output {}", op,
                 lhs_quant.zero_point, rhs_quant.zero_point, output_quant.zero_point);
  }
  const float product = lhs_quant.scale * rhs_quant.scale;
  const double effective = static_cast<double>(product) / static_cast<double>(output_quant.scale);
  if (!std::isfinite(effective)) {  // the float product of two huge scales overflows
    return error("{}: effective scale {} (lhs {} * rhs {} / output {}) is not finite", op,
                 effective, lhs_quant.scale, rhs_quant.scale, output_quant.scale);
  }
  const QuantizedMultiplier q = quantize_multiplier(effective);
  // MultiplyByQuantizedMultiplier's shift limits, as for the weighted sums (weighted_sum.cc):
  // below 8 for the int16 (int64-accumulator) kernel, up to 30 for int8; past them C's shifts
  // are undefined, so the model is refused.
  const int max_shift = type == DType::kInt16 ? 7 : 30;
  if (q.shift > max_shift) {
    return error(
        "{}: effective scale {:g} (lhs x rhs / output scale) needs a left shift of {}; the {} "
        "kernel takes at most {}",
        op, effective, q.shift, dtype_name(type), max_shift);
  }
  p.output_multiplier = q.multiplier;
  p.output_shift = q.shift;
  p.lhs_offset = -lhs_quant.zero_point;
  p.rhs_offset = -rhs_quant.zero_point;
  p.output_offset = output_quant.zero_point;
  const ActivationRange range = kernel_type_range(type);
  p.act_min = range.min;
  p.act_max = range.max;
  return plan;
}

}  // namespace octet
