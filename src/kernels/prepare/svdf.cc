// svdf.cc - see svdf.h.
#include "kernels/prepare/svdf.h"

#include <cmath>

namespace octet {

Result<octet_svdf_params> prepare_svdf(DType type, const SvdfShape& shape,
                                       FusedActivation activation, const SvdfQuant& quant) {
  if (type != DType::kFloat32 && type != DType::kInt8) {
    return error("SVDF: input must be float32 or int8, not {}", dtype_name(type));
  }
  if (shape.batch <= 0 || shape.input_size <= 0 || shape.memory_size <= 0 || shape.rank <= 0 ||
      shape.num_filters <= 0 || shape.num_filters % shape.rank != 0) {
    return error("SVDF: batch {}, input {}, memory {}, {} filters of rank {}: invalid", shape.batch,
                 shape.input_size, shape.memory_size, shape.num_filters, shape.rank);
  }
  octet_svdf_params p{};
  p.batch = shape.batch;
  p.input_size = shape.input_size;
  p.num_filters = shape.num_filters;
  p.rank = shape.rank;
  p.memory_size = shape.memory_size;
  const FloatRange act = fused_activation_range_f32(activation);
  p.float_act_min = act.min;
  p.float_act_max = act.max;
  if (type == DType::kFloat32) return p;
  for (float s : {quant.input.scale, quant.state.scale, quant.output.scale,
                  quant.weights_feature_scale, quant.weights_time_scale}) {
    if (!(s > 0.0f)) return error("SVDF: scale {} must be positive", s);
  }
  // TFLM: static_cast<double>(float * float / float).
  const float scale_1 = quant.input.scale * quant.weights_feature_scale / quant.state.scale;
  const float scale_2 = quant.state.scale * quant.weights_time_scale / quant.output.scale;
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m1,
      checked_quantize_multiplier(static_cast<double>(scale_1),
                                  "SVDF: input * weights_feature / state scale ratio"));
  OCTET_ASSIGN_OR_RETURN(
      const QuantizedMultiplier m2,
      checked_quantize_multiplier(static_cast<double>(scale_2),
                                  "SVDF: state * weights_time / output scale ratio"));
  p.multiplier_1 = m1.multiplier;
  p.shift_1 = m1.shift;
  p.multiplier_2 = m2.multiplier;
  p.shift_2 = m2.shift;
  p.input_zero_point = quant.input.zero_point;
  p.state_zero_point = quant.state.zero_point;
  p.output_zero_point = quant.output.zero_point;
  return p;
}

}  // namespace octet
