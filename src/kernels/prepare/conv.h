// conv.h - CONV_2D and TRANSPOSE_CONV prepare: output size and padding, per-channel
// requantization and the activation clamp, as TFLite (Micro) computes them in Prepare.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/prepare/padding.h"
#include "kernels/prepare/types.h"
#include "kernels/prepare/weighted_sum.h"
#include "octet_kernels.h"

namespace octet {

struct Conv2DOptions {
  Padding padding = Padding::kSame;
  ExplicitPadding explicit_padding;  // padding == kExplicit
  int32_t stride_height = 1;
  int32_t stride_width = 1;
  int32_t dilation_height = 1;
  int32_t dilation_width = 1;
  FusedActivation activation = FusedActivation::kNone;
};

// NHWC input height/width and OHWI filter height/width/out channels.
struct Conv2DGeometry {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  int32_t output_channels = 0;
};

// Owns the per-channel arrays; params() points into them, so call it on the plan that lives as
// long as the kernel uses the result.
struct Conv2DPlan {
  Conv2DOptions options;
  Padding2D padding;
  WeightedSumRequant requant;
  octet_conv_params params() const;
};

// Multipliers: s8 and s16 use double(s_in) * double(s_w[c]) / double(s_out) per channel (TFLite's
// PopulateConvolutionQuantizationParams); u8 multiplies s_in * s_w in float first (the legacy
// GetQuantizedConvolutionMultipler). quant is ignored for f32.
Result<Conv2DPlan> prepare_conv2d(DType type, const Conv2DOptions& options,
                                  const Conv2DGeometry& geometry, const WeightedSumQuant& quant);

// TRANSPOSE_CONV: the output size comes from the op's output_shape input (output_height/width
// here; geometry.input_* is the op's input). The pads are those of a convolution over the output
// (TFLite's ComputePaddingHeightWidth with the output as input, dilation 1); VALID pads nothing.
// Requantization as CONV_2D's (double per channel for s8 and s16; u8 is not a TFLM type).
struct TransposeConvGeometry {
  int32_t input_height = 0, input_width = 0;
  int32_t output_height = 0, output_width = 0;
  int32_t filter_height = 0, filter_width = 0;
  int32_t output_channels = 0;
};
Result<Conv2DPlan> prepare_transpose_conv(DType type, Padding padding, int32_t stride_height,
                                          int32_t stride_width, FusedActivation activation,
                                          const TransposeConvGeometry& geometry,
                                          const WeightedSumQuant& quant);

}  // namespace octet
