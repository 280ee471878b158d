// depthwise_conv.h - DEPTHWISE_CONV_2D prepare, as TFLite (Micro) computes it in Prepare.
#pragma once

#include <cstdint>

#include "kernels/prepare/conv.h"

namespace octet {

struct DepthwiseConv2DOptions {
  Padding padding = Padding::kSame;
  ExplicitPadding explicit_padding;  // padding == kExplicit
  int32_t stride_height = 1;
  int32_t stride_width = 1;
  int32_t dilation_height = 1;
  int32_t dilation_width = 1;
  int32_t depth_multiplier = 1;
  FusedActivation activation = FusedActivation::kNone;
};

// NHWC input and 1HWC filter; output channels = input_channels * depth_multiplier.
struct DepthwiseConv2DGeometry {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t input_channels = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
};

struct DepthwiseConv2DPlan {
  DepthwiseConv2DOptions options;
  Padding2D padding;
  WeightedSumRequant requant;
  int32_t output_channels = 0;
  octet_depthwise_conv_params params() const;  // points into this plan
};

// Same multiplier rules as CONV_2D: double per channel for s8/s16, float product for u8.
Result<DepthwiseConv2DPlan> prepare_depthwise_conv2d(DType type,
                                                     const DepthwiseConv2DOptions& options,
                                                     const DepthwiseConv2DGeometry& geometry,
                                                     const WeightedSumQuant& quant);

}  // namespace octet
