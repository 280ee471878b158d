// pool.h - AVERAGE_POOL_2D / MAX_POOL_2D prepare: output size, padding and activation clamp.
#pragma once

#include <cstdint>

#include "kernels/prepare/padding.h"
#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

struct Pool2DOptions {
  Padding padding = Padding::kValid;
  int32_t stride_height = 1;
  int32_t stride_width = 1;
  int32_t filter_height = 1;
  int32_t filter_width = 1;
  FusedActivation activation = FusedActivation::kNone;
};

struct Pool2DPlan {
  Padding2D padding;
  octet_pool_params params;
};

// Integer pooling works on raw values, so input and output must share scale and zero point
// (TFLM checks the same).
Result<Pool2DPlan> prepare_pool2d(DType type, const Pool2DOptions& options, int32_t input_height,
                                  int32_t input_width, TensorQuant input, TensorQuant output);

}  // namespace octet
