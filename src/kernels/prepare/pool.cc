// pool.cc - see pool.h.
#include "kernels/prepare/pool.h"

#include <fmt/format.h>

namespace octet {

Result<Pool2DPlan> prepare_pool2d(DType type, const Pool2DOptions& options, int32_t input_height,
                                  int32_t input_width, TensorQuant input, TensorQuant output) {
  const std::optional<Padding2D> padding =
      compute_padding_2d(options.padding, input_height, input_width, options.filter_height,
                         options.filter_width, options.stride_height, options.stride_width);
  if (!padding) {
    return Status::Error(fmt::format(
        "POOL_2D: no output for input {}x{}, filter {}x{}, stride {}x{}", input_height, input_width,
        options.filter_height, options.filter_width, options.stride_height, options.stride_width));
  }
  if (type != DType::kFloat32 &&
      (input.scale != output.scale || input.zero_point != output.zero_point)) {
    return Status::Error(fmt::format(
        "POOL_2D: input (scale {}, zero point {}) and output (scale {}, zero point {}) differ",
        input.scale, input.zero_point, output.scale, output.zero_point));
  }
  const std::optional<ActivationRange> act =
      type == DType::kFloat32 ? ActivationRange{}
                              : fused_activation_range(options.activation, type, output);
  if (!act) {
    return Status::Error(fmt::format("POOL_2D: fused activation {} is not supported",
                                     static_cast<int>(options.activation)));
  }
  const FloatRange float_act = fused_activation_range_f32(options.activation);
  Pool2DPlan plan;
  plan.padding = *padding;
  plan.params = octet_pool_params{};
  plan.params.stride_h = options.stride_height;
  plan.params.stride_w = options.stride_width;
  plan.params.filter_h = options.filter_height;
  plan.params.filter_w = options.filter_width;
  plan.params.pad_top = padding->pad_top;
  plan.params.pad_left = padding->pad_left;
  plan.params.act_min = act->min;
  plan.params.act_max = act->max;
  plan.params.float_act_min = float_act.min;
  plan.params.float_act_max = float_act.max;
  return plan;
}

}  // namespace octet
