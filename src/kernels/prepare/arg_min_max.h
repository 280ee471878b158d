// arg_min_max.h - prepare-time parameters of ARG_MAX and ARG_MIN.
#pragma once

#include <cstdint>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct ArgMinMaxPrepared {
  octet_arg_min_max_params params;
  Shape output_shape;  // the input without `axis`
};

// output_dtype: int32 or int64. axis in [-rank, rank).
Result<ArgMinMaxPrepared> prepare_arg_min_max(const Shape& input, int32_t axis, bool is_arg_min,
                                              DType output_dtype);

}  // namespace octet
