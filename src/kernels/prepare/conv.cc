// conv.cc - see conv.h.
#include "kernels/prepare/conv.h"

#include <fmt/format.h>

#include <string>

namespace octet {

octet_conv_params Conv2DPlan::params() const {
  octet_conv_params p{};
  p.stride_h = options.stride_height;
  p.stride_w = options.stride_width;
  p.dilation_h = options.dilation_height;
  p.dilation_w = options.dilation_width;
  p.pad_top = padding.pad_top;
  p.pad_left = padding.pad_left;
  p.input_offset = requant.input_offset;
  p.weights_offset = requant.weights_offset;
  p.output_offset = requant.output_offset;
  p.output_multiplier = requant.multiplier.data();
  p.output_shift = requant.shift.data();
  p.act_min = requant.act.min;
  p.act_max = requant.act.max;
  p.float_act_min = requant.float_act.min;
  p.float_act_max = requant.float_act.max;
  return p;
}

Result<Conv2DPlan> prepare_conv2d(DType type, const Conv2DOptions& options,
                                  const Conv2DGeometry& geometry, const WeightedSumQuant& quant) {
  Conv2DPlan plan;
  plan.options = options;
  const std::optional<Padding2D> padding = compute_padding_2d(
      options.padding, geometry.input_height, geometry.input_width, geometry.filter_height,
      geometry.filter_width, options.stride_height, options.stride_width, options.dilation_height,
      options.dilation_width, options.explicit_padding);
  if (!padding) {
    return Status::Error(fmt::format(
        "CONV_2D: no output for input {}x{}, filter {}x{}, stride {}x{}, dilation {}x{}",
        geometry.input_height, geometry.input_width, geometry.filter_height, geometry.filter_width,
        options.stride_height, options.stride_width, options.dilation_height,
        options.dilation_width));
  }
  plan.padding = *padding;
  const EffectiveScaleRule rule = type == DType::kUInt8 ? EffectiveScaleRule::kFloatProduct
                                                        : EffectiveScaleRule::kDoublePerChannel;
  std::string error;
  if (!prepare_weighted_sum("CONV_2D", type, options.activation, geometry.output_channels, quant,
                            rule, &plan.requant, &error)) {
    return Status::Error(error);
  }
  return plan;
}

Result<Conv2DPlan> prepare_transpose_conv(DType type, Padding padding, int32_t stride_height,
                                          int32_t stride_width, FusedActivation activation,
                                          const TransposeConvGeometry& geometry,
                                          const WeightedSumQuant& quant) {
  if (type != DType::kInt8 && type != DType::kInt16 && type != DType::kFloat32) {
    return Status::Error(
        fmt::format("TRANSPOSE_CONV: {} activations are not supported", dtype_name(type)));
  }
  if (padding == Padding::kExplicit) {
    return Status::Error("TRANSPOSE_CONV: explicit padding is not supported");
  }
  const TransposeConvGeometry& g = geometry;
  if (g.input_height <= 0 || g.input_width <= 0 || g.output_height <= 0 || g.output_width <= 0 ||
      g.filter_height <= 0 || g.filter_width <= 0 || stride_height <= 0 || stride_width <= 0) {
    return Status::Error(fmt::format(
        "TRANSPOSE_CONV: input {}x{}, output {}x{}, filter {}x{} and stride {}x{} must be positive",
        g.input_height, g.input_width, g.output_height, g.output_width, g.filter_height,
        g.filter_width, stride_height, stride_width));
  }
  // The kernels place input pixel i at i * stride - pad + tap in int32: refuse strides that take
  // the last input pixel past int32 (TFLite's int arithmetic overflows there too).
  const int64_t reach_h = int64_t{g.input_height - 1} * stride_height + g.filter_height;
  const int64_t reach_w = int64_t{g.input_width - 1} * stride_width + g.filter_width;
  if (reach_h > INT32_MAX || reach_w > INT32_MAX) {
    return Status::Error(
        fmt::format("TRANSPOSE_CONV: input {}x{} at stride {}x{} reaches past int32 positions",
                    g.input_height, g.input_width, stride_height, stride_width));
  }
  Conv2DPlan plan;
  plan.options.padding = padding;
  plan.options.stride_height = stride_height;
  plan.options.stride_width = stride_width;
  plan.options.activation = activation;
  // A convolution over the output whose own output would be empty (VALID, output smaller than the
  // filter) has no padding: TFLite clamps the total padding at 0.
  const std::optional<Padding2D> pads =
      compute_padding_2d(padding, g.output_height, g.output_width, g.filter_height, g.filter_width,
                         stride_height, stride_width);
  if (pads) plan.padding = *pads;
  plan.padding.output_height = g.output_height;
  plan.padding.output_width = g.output_width;
  std::string error;
  if (!prepare_weighted_sum("TRANSPOSE_CONV", type, activation, g.output_channels, quant,
                            EffectiveScaleRule::kDoublePerChannel, &plan.requant, &error)) {
    return Status::Error(error);
  }
  return plan;
}

}  // namespace octet
