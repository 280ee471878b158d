// compare.h - prepare-time parameters of the comparisons (EQUAL, NOT_EQUAL, LESS, LESS_EQUAL,
// GREATER, GREATER_EQUAL), as TFLM's ComparisonsPrepare computes them.
#pragma once

#include "core/dtype.h"
#include "core/status.h"
#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

// Quantized inputs (int8, uint8, int16): offsets -zero_point, left shift 8, and each input's scale
// itself as a Q31 multiplier (TFLite's QuantizeMultiplierSmallerThanOneExp, which requires a scale
// in (0, 1): other scales are an error). Other dtypes (int32, int64, float32, bool) compare raw
// values: only `comparison` is set. Both inputs have `dtype`.
Result<octet_compare_params> prepare_comparison(octet_comparison comparison, DType dtype,
                                                const TensorQuant& input1,
                                                const TensorQuant& input2);

}  // namespace octet
