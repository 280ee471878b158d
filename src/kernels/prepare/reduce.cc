// reduce.cc - see reduce.h.
#include "kernels/prepare/reduce.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

namespace octet {

namespace {

// Axes resolved as TFLite's ResolveAxis does (negative from the end, repeats dropped) and the
// output shape.
Result<ReducePlan> resolve_axes(const char* op, const octet_shape& input_shape,
                                std::span<const int32_t> axes, bool keep_dims, bool* reduced) {
  ReducePlan plan;
  plan.params = octet_mean_params{};
  const int32_t rank = input_shape.rank;
  if (rank < 0 || rank > OCTET_MAX_RANK) {
    return Status::Error(fmt::format("{}: input rank {}", op, rank));
  }
  for (int32_t axis : axes) {
    const int32_t resolved = axis < 0 ? axis + rank : axis;
    if (resolved < 0 || resolved >= rank) {
      return Status::Error(fmt::format("{}: axis {} out of range for rank {}", op, axis, rank));
    }
    if (!reduced[resolved]) {
      reduced[resolved] = true;
      plan.params.axes[plan.params.num_axes++] = resolved;
    }
  }
  plan.output_shape = octet_shape{};
  int64_t count = 1;
  for (int32_t d = 0; d < rank; ++d) {
    if (reduced[d]) {
      count *= input_shape.dims[d];
      if (keep_dims) plan.output_shape.dims[plan.output_shape.rank++] = 1;
    } else {
      plan.output_shape.dims[plan.output_shape.rank++] = input_shape.dims[d];
    }
  }
  plan.params.count = count;
  return plan;
}

// The integer MEAN / SUM requantization: input_scale / output_scale, with 1 / count folded in
// for the mean.
Status requantize_sum(const char* op, ReducePlan& plan, TensorQuant input, TensorQuant output,
                      bool fold_count) {
  plan.scratch_bytes = octet_ref_mean_scratch_size(&plan.output_shape);
  plan.params.input_zero_point = input.zero_point;
  plan.params.output_zero_point = output.zero_point;
  if (!(input.scale > 0.0f) || !(output.scale > 0.0f)) {
    return Status::Error(fmt::format("{}: scales must be positive, input {} output {}", op,
                                     input.scale, output.scale));
  }
  const QuantizedMultiplier q =
      quantize_multiplier(static_cast<double>(input.scale) / static_cast<double>(output.scale));
  int32_t multiplier = q.multiplier;
  int32_t shift = q.shift;
  const int64_t count = plan.params.count;
  if (fold_count && count > 0) {
    // Fold 1 / count into the multiplier as QuantizedMeanOrSum does: multiply by 2^s / count with
    // s = floor(log2(count)), s capped at 32 (no overflow) and at 31 + shift (so the final shift
    // stays >= -31), at the price of precision.
    int32_t s = 63 - std::countl_zero(static_cast<uint64_t>(count));
    s = std::min(s, 32);
    s = std::min(s, 31 + shift);
    multiplier = static_cast<int32_t>((static_cast<int64_t>(multiplier) << s) / count);
    shift -= s;
  }
  if (shift > 30) {  // TFLite's MultiplyByQuantizedMultiplier limit; past it the shift is UB
    return Status::Error(fmt::format(
        "{}: input / output scale {:g} needs a left shift of {}; the kernels take at most 30", op,
        static_cast<double>(input.scale) / static_cast<double>(output.scale), shift));
  }
  plan.params.multiplier = multiplier;
  plan.params.shift = shift;
  return Status::Ok();
}

}  // namespace

Result<ReducePlan> prepare_mean(DType type, const octet_shape& input_shape,
                                std::span<const int32_t> axes, bool keep_dims, TensorQuant input,
                                TensorQuant output) {
  bool reduced[OCTET_MAX_RANK] = {};
  OCTET_ASSIGN_OR_RETURN(ReducePlan plan,
                         resolve_axes("MEAN", input_shape, axes, keep_dims, reduced));
  if (type == DType::kFloat32) return plan;
  // TFLM sends a 4-D input reduced over {1, 2} with keep_dims to reference_integer_ops::Mean,
  // whose arithmetic equals QuantizedMeanOrSum's (zero point removed, 1 / count folded into the
  // multiplier), even when input and output share their quantization; only other reductions with
  // equal quantization take the truncating generic Mean. (Confirmed on the MobileNetV2 golden
  // outputs: truncating there changes 58% of the logits.) TFLM compares the float scales exactly.
  const bool spatial_4d =
      input_shape.rank == 4 && keep_dims && plan.params.num_axes == 2 && reduced[1] && reduced[2];
  plan.params.same_quantization =
      !spatial_4d && input.scale == output.scale && input.zero_point == output.zero_point ? 1 : 0;
  OCTET_RETURN_IF_ERROR(requantize_sum("MEAN", plan, input, output, /*fold_count=*/true));
  return plan;
}

Result<ReducePlan> prepare_sum(DType type, const octet_shape& input_shape,
                               std::span<const int32_t> axes, bool keep_dims, TensorQuant input,
                               TensorQuant output) {
  bool reduced[OCTET_MAX_RANK] = {};
  OCTET_ASSIGN_OR_RETURN(ReducePlan plan,
                         resolve_axes("SUM", input_shape, axes, keep_dims, reduced));
  plan.params.sum = 1;
  if (type == DType::kFloat32) return plan;
  OCTET_RETURN_IF_ERROR(requantize_sum("SUM", plan, input, output, /*fold_count=*/false));
  return plan;
}

Result<ReducePlan> prepare_reduce_max_min(DType type, const octet_shape& input_shape,
                                          std::span<const int32_t> axes, bool keep_dims,
                                          TensorQuant input, TensorQuant output) {
  bool reduced[OCTET_MAX_RANK] = {};
  OCTET_ASSIGN_OR_RETURN(ReducePlan plan,
                         resolve_axes("REDUCE_MAX/MIN", input_shape, axes, keep_dims, reduced));
  if (type != DType::kFloat32 &&
      (input.scale != output.scale || input.zero_point != output.zero_point)) {
    return Status::Error(fmt::format(
        "REDUCE_MAX/MIN: input (scale {}, zero point {}) and output (scale {}, zero point {}) "
        "must share their quantization",
        input.scale, input.zero_point, output.scale, output.zero_point));
  }
  return plan;
}

}  // namespace octet
