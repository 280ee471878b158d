// gather.h - prepare-time parameters of GATHER (TFLite's axis and batch_dims semantics), GATHER_ND
// and EMBEDDING_LOOKUP.
#pragma once

#include <cstdint>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct GatherPrepared {
  octet_gather_params params;
  Shape output_shape;  // input[:axis] + indices[batch_dims:] + input[axis+1:]
};

// index_dtype: int32 or int64. axis in [-rank, rank), batch_dims in [-rank(indices),
// rank(indices)], batch_dims <= axis, the first batch_dims dimensions of input and indices equal.
// Index values are checked by the kernel at run time.
Result<GatherPrepared> prepare_gather(DType dtype, const Shape& input, DType index_dtype,
                                      const Shape& indices, int32_t axis, int32_t batch_dims);

struct GatherNdPrepared {
  octet_gather_nd_params params;
  Shape output_shape;  // indices[:-1] + input[index_depth:]
};

// GATHER_ND: input of rank >= 1, indices of rank >= 1 whose last dimension (the index depth) is at
// most the input's rank. Index values are checked by the kernel at run time.
Result<GatherNdPrepared> prepare_gather_nd(DType dtype, const Shape& input, DType index_dtype,
                                           const Shape& indices);

// EMBEDDING_LOOKUP: rows of `table` (rank >= 2) picked by 1-D int32 `ids`, as a GATHER on axis 0
// (when the output keeps the table's dtype). The output shape is ids + table[1:].
Result<GatherPrepared> prepare_embedding_lookup(DType table_dtype, const Shape& table,
                                                DType ids_dtype, const Shape& ids);

}  // namespace octet
