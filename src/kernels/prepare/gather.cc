// gather.cc - see gather.h.
#include "kernels/prepare/gather.h"

#include "kernels/prepare/operand.h"

namespace octet {

Result<GatherPrepared> prepare_gather(DType dtype, const Shape& input, DType index_dtype,
                                      const Shape& indices, int32_t axis, int32_t batch_dims) {
  if (index_dtype != DType::kInt32 && index_dtype != DType::kInt64) {
    return error("GATHER: indices must be int32 or int64, not {}", dtype_name(index_dtype));
  }
  OCTET_ASSIGN_OR_RETURN(const int32_t a, normalize_axis(axis, input.rank(), "GATHER"));
  int32_t b = batch_dims < 0 ? batch_dims + indices.rank() : batch_dims;
  if (b < 0 || b > indices.rank() || b > a) {
    return error("GATHER: batch_dims {} is invalid for axis {} and indices of rank {}", batch_dims,
                 a, indices.rank());
  }
  for (int d = 0; d < b; ++d) {
    if (input[d] != indices[d]) {
      return error("GATHER: batch dimension {} differs: input {} vs indices {}", d,
                   input.to_string(), indices.to_string());
    }
  }
  GatherPrepared r{};
  r.params.axis = a;
  r.params.batch_dims = b;
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  r.params.index_size = static_cast<int32_t>(dtype_size(index_dtype));
  for (int d = 0; d < a; ++d) r.output_shape.dims.push_back(input[d]);
  for (int d = b; d < indices.rank(); ++d) r.output_shape.dims.push_back(indices[d]);
  for (int d = a + 1; d < input.rank(); ++d) r.output_shape.dims.push_back(input[d]);
  if (input.rank() > OCTET_MAX_RANK || indices.rank() > OCTET_MAX_RANK ||
      r.output_shape.rank() > OCTET_MAX_RANK) {
    return error("GATHER: ranks above {} (output {})", OCTET_MAX_RANK, r.output_shape.to_string());
  }
  return r;
}

Result<GatherNdPrepared> prepare_gather_nd(DType dtype, const Shape& input, DType index_dtype,
                                           const Shape& indices) {
  if (index_dtype != DType::kInt32 && index_dtype != DType::kInt64) {
    return error("GATHER_ND: indices must be int32 or int64, not {}", dtype_name(index_dtype));
  }
  if (input.rank() < 1 || indices.rank() < 1) {
    return error("GATHER_ND: input {} and indices {} must have rank 1 or more", input.to_string(),
                 indices.to_string());
  }
  const int32_t depth = indices.dim(-1);
  if (depth > input.rank()) {
    return error("GATHER_ND: indices {} index {} dimensions, the input {} has {}",
                 indices.to_string(), depth, input.to_string(), input.rank());
  }
  GatherNdPrepared r{};
  r.params.index_depth = depth;
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  r.params.index_size = static_cast<int32_t>(dtype_size(index_dtype));
  for (int d = 0; d + 1 < indices.rank(); ++d) r.output_shape.dims.push_back(indices[d]);
  for (int d = depth; d < input.rank(); ++d) r.output_shape.dims.push_back(input[d]);
  if (input.rank() > OCTET_MAX_RANK || indices.rank() > OCTET_MAX_RANK ||
      r.output_shape.rank() > OCTET_MAX_RANK) {
    return error("GATHER_ND: ranks above {} (output {})", OCTET_MAX_RANK,
                 r.output_shape.to_string());
  }
  return r;
}

Result<GatherPrepared> prepare_embedding_lookup(DType table_dtype, const Shape& table,
                                                DType ids_dtype, const Shape& ids) {
  if (ids_dtype != DType::kInt32 || ids.rank() != 1) {
    return error("EMBEDDING_LOOKUP: ids must be a 1-D int32 tensor, are {} {}",
                 dtype_name(ids_dtype), ids.to_string());
  }
  if (table.rank() < 2) {
    return error("EMBEDDING_LOOKUP: table {} must have rank 2 or more", table.to_string());
  }
  return prepare_gather(table_dtype, table, ids_dtype, ids, /*axis=*/0, /*batch_dims=*/0);
}

}  // namespace octet
