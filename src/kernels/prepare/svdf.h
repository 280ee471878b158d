// svdf.h - SVDF prepare, as TFLM computes it (svdf_common.cc PrepareSvdf): the two effective
// scales input_scale * weights_feature_scale / state_scale and state_scale * weights_time_scale /
// output_scale, each evaluated in float and then quantized; the float kernel's activation clamp.
#pragma once

#include <cstdint>

#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

struct SvdfShape {
  int32_t batch = 0, input_size = 0, num_filters = 0, rank = 0, memory_size = 0;
};

// Quantization of an int8 SVDF (ignored for float32).
struct SvdfQuant {
  TensorQuant input, state, output;
  float weights_feature_scale = 1.0f, weights_time_scale = 1.0f;
};

// type: float32 or int8 (input and output).
Result<octet_svdf_params> prepare_svdf(DType type, const SvdfShape& shape,
                                       FusedActivation activation, const SvdfQuant& quant);

}  // namespace octet
