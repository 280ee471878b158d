// mean.h - MEAN prepare: resolved axes, output shape, and the requantization TFLM's
// QuantizedMeanOrSum computes (input_scale / output_scale with 1 / count folded in).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

struct MeanPlan {
  octet_mean_params params;
  octet_shape output_shape;  // with or without the reduced dims, per keep_dims
  size_t scratch_bytes = 0;  // for the integer kernels
};

// axes may be negative (counted from the end) and repeat; they are resolved as TFLite's
// ResolveAxis does.
Result<MeanPlan> prepare_mean(DType type, const octet_shape& input_shape,
                              std::span<const int32_t> axes, bool keep_dims, TensorQuant input,
                              TensorQuant output);

}  // namespace octet
