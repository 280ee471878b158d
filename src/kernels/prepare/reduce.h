// reduce.h - MEAN, SUM, REDUCE_MAX and REDUCE_MIN prepare: resolved axes, output shape, and for
// MEAN and SUM the requantization TFLM's QuantizedMeanOrSum computes (input_scale / output_scale,
// with 1 / count folded in for MEAN).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

struct ReducePlan {
  octet_mean_params params;
  octet_shape output_shape;  // with or without the reduced dims, per keep_dims
  size_t scratch_bytes = 0;  // for the integer kernels
};

// axes may be negative (counted from the end) and repeat; they are resolved as TFLite's
// ResolveAxis does.
Result<ReducePlan> prepare_mean(DType type, const octet_shape& input_shape,
                                std::span<const int32_t> axes, bool keep_dims, TensorQuant input,
                                TensorQuant output);

// SUM: the MEAN kernels without the division (TFLM's QuantizedMeanOrSum with compute_sum: the
// input zero point removed from the int32 sum, requantized by input_scale / output_scale, plus
// the output zero point, clamped; float sums without dividing).
Result<ReducePlan> prepare_sum(DType type, const octet_shape& input_shape,
                               std::span<const int32_t> axes, bool keep_dims, TensorQuant input,
                               TensorQuant output);

// REDUCE_MAX, REDUCE_MIN (octet_ref_reduce_max_min_*): only the axes and the output shape;
// quantized input and output must share scale and zero point, as TFLM's Prepare requires.
Result<ReducePlan> prepare_reduce_max_min(DType type, const octet_shape& input_shape,
                                          std::span<const int32_t> axes, bool keep_dims,
                                          TensorQuant input, TensorQuant output);

}  // namespace octet
