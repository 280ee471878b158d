// dynamic_update_slice.cc - see dynamic_update_slice.h.
#include "kernels/prepare/dynamic_update_slice.h"

namespace octet {

Result<DynamicUpdateSlicePrepared> prepare_dynamic_update_slice(DType dtype, const Shape& operand,
                                                                const Shape& update,
                                                                DType index_dtype,
                                                                const Shape& start_indices) {
  const char* op = "DYNAMIC_UPDATE_SLICE";
  if (operand.rank() > OCTET_MAX_RANK) {
    return error("{}: operand rank {} is above {}", op, operand.rank(), OCTET_MAX_RANK);
  }
  if (update.rank() != operand.rank()) {
    return error("{}: update {} and operand {} differ in rank", op, update.to_string(),
                 operand.to_string());
  }
  for (int d = 0; d < operand.rank(); ++d) {
    if (update[d] > operand[d]) {
      return error("{}: update {} is larger than operand {} in dimension {}", op,
                   update.to_string(), operand.to_string(), d);
    }
  }
  if (index_dtype != DType::kInt32 && index_dtype != DType::kInt64) {
    return error("{}: start indices must be int32 or int64, not {}", op, dtype_name(index_dtype));
  }
  if (start_indices.rank() != 1 || start_indices[0] != operand.rank()) {
    return error("{}: start indices {} must hold one entry per operand dimension ({})", op,
                 start_indices.to_string(), operand.rank());
  }
  DynamicUpdateSlicePrepared r{};
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  r.params.index_size = static_cast<int32_t>(dtype_size(index_dtype));
  r.output_shape = operand;
  return r;
}

}  // namespace octet
