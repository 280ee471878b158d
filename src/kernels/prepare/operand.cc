// operand.cc - see operand.h.
#include "kernels/prepare/operand.h"

#include <cmath>

namespace octet {

Result<octet_shape> to_octet_shape(const Shape& shape) {
  if (shape.rank() > OCTET_MAX_RANK) {
    return error("shape {} has rank {}, the kernels support at most {}", shape.to_string(),
                 shape.rank(), OCTET_MAX_RANK);
  }
  octet_shape s{};
  s.rank = shape.rank();
  for (int d = 0; d < shape.rank(); ++d) {
    if (shape[d] < 0) return error("shape {} has a negative dimension", shape.to_string());
    s.dims[d] = shape[d];
  }
  return s;
}

Status check_quantized_operand(DType dtype, const TensorQuant& q, const char* what) {
  if (!(q.scale > 0.0f) || !std::isfinite(q.scale)) {
    return error("{} has scale {}, expected a positive finite scale", what, q.scale);
  }
  if (q.zero_point < dtype_min(dtype) || q.zero_point > dtype_max(dtype)) {
    return error("{} has zero point {} outside the {} range [{}, {}]", what, q.zero_point,
                 dtype_name(dtype), dtype_min(dtype), dtype_max(dtype));
  }
  return Status::Ok();
}

Result<int32_t> normalize_axis(int32_t axis, int32_t rank, const char* op) {
  if (axis < -rank || axis >= rank) {
    return error("{}: axis {} is out of range for rank {}", op, axis, rank);
  }
  return axis < 0 ? axis + rank : axis;
}

}  // namespace octet
