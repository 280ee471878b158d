// gather.h - prepare-time parameters of GATHER (TFLite's axis and batch_dims semantics).
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

}  // namespace octet
