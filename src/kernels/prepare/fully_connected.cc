// fully_connected.cc - see fully_connected.h.
#include "kernels/prepare/fully_connected.h"

#include <string>

namespace octet {

octet_fully_connected_params FullyConnectedPlan::params() const {
  octet_fully_connected_params p{};
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

Result<FullyConnectedPlan> prepare_fully_connected(DType type, FusedActivation activation,
                                                   int32_t output_channels,
                                                   const WeightedSumQuant& quant) {
  FullyConnectedPlan plan;
  const EffectiveScaleRule rule = quant.weight_scales.size() > 1
                                      ? EffectiveScaleRule::kDoublePerChannel
                                      : EffectiveScaleRule::kFloatProduct;
  std::string error;
  if (!prepare_weighted_sum("FULLY_CONNECTED", type, activation, output_channels, quant, rule,
                            &plan.requant, &error)) {
    return Status::Error(error);
  }
  return plan;
}

}  // namespace octet
