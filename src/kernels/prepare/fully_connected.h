// fully_connected.h - FULLY_CONNECTED prepare, as TFLite (Micro) computes it in Prepare.
#pragma once

#include <cstdint>

#include "kernels/prepare/types.h"
#include "kernels/prepare/weighted_sum.h"
#include "octet_kernels.h"

namespace octet {

struct FullyConnectedPlan {
  WeightedSumRequant requant;
  octet_fully_connected_params params() const;  // points into this plan
};

// Multipliers: with one scale per output channel (s8 only in TFLM), double(s_in) * double(s_w[c])
// / double(s_out); with a single per-tensor scale, for every type, TFLM and TFLite use
// GetQuantizedConvolutionMultipler: the product s_in * s_w rounded to float first. s16 (16x8)
// needs zero points 0 and is per-tensor like TFLM.
Result<FullyConnectedPlan> prepare_fully_connected(DType type, FusedActivation activation,
                                                   int32_t output_channels,
                                                   const WeightedSumQuant& quant);

}  // namespace octet
