// dynamic_update_slice.h - prepare-time parameters of DYNAMIC_UPDATE_SLICE (TFLM's
// dynamic_update_slice.cc): checks the shapes; the start indices are read, and clamped, at run
// time.
#pragma once

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct DynamicUpdateSlicePrepared {
  octet_dynamic_update_slice_params params;
  Shape output_shape;  // the operand's
};

// update has the operand's dtype and rank and no larger dimension; start indices are a 1-D int32
// or int64 tensor with one entry per dimension.
Result<DynamicUpdateSlicePrepared> prepare_dynamic_update_slice(DType dtype, const Shape& operand,
                                                                const Shape& update,
                                                                DType index_dtype,
                                                                const Shape& start_indices);

}  // namespace octet
