// arg_min_max.cc - see arg_min_max.h.
#include "kernels/prepare/arg_min_max.h"

#include "kernels/prepare/operand.h"

namespace octet {

Result<ArgMinMaxPrepared> prepare_arg_min_max(const Shape& input, int32_t axis, bool is_arg_min,
                                              DType output_dtype) {
  const char* op = is_arg_min ? "ARG_MIN" : "ARG_MAX";
  if (output_dtype != DType::kInt32 && output_dtype != DType::kInt64) {
    return error("{}: output must be int32 or int64, not {}", op, dtype_name(output_dtype));
  }
  if (input.rank() > OCTET_MAX_RANK) return error("{}: rank {} is too large", op, input.rank());
  OCTET_ASSIGN_OR_RETURN(const int32_t a, normalize_axis(axis, input.rank(), op));
  ArgMinMaxPrepared r{};
  r.params.axis = a;
  r.params.is_arg_min = is_arg_min ? 1 : 0;
  r.params.output_int64 = output_dtype == DType::kInt64 ? 1 : 0;
  r.output_shape = input;
  r.output_shape.dims.erase(r.output_shape.dims.begin() + a);
  return r;
}

}  // namespace octet
