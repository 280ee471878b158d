// lstm.cc - see lstm.h.
#include "kernels/prepare/lstm.h"

#include <algorithm>
#include <cmath>

#include "kernels/prepare/mul.h"

namespace octet {

namespace {

constexpr float kGateInputScale = 1.0f / 4096;    // 2^-12: the matmuls' int16 output (Q3.12)
constexpr float kGateOutputScale = 1.0f / 32768;  // 2^-15: the activations' output (Q0.15)

// One gate matmul: a per-tensor fully connected layer whose output is int16 at 2^-12, zero point
// 0, clamped to the int16 range (the range of its int16 output type, whatever the input type).
Result<FullyConnectedPlan> gate_matmul(DType type, int32_t cells, TensorQuant input,
                                       float weight_scale) {
  WeightedSumQuant q;
  q.input = input;
  q.output = TensorQuant{kGateInputScale, 0};
  q.weight_scales = std::span<const float>(&weight_scale, 1);
  OCTET_ASSIGN_OR_RETURN(FullyConnectedPlan plan,
                         prepare_fully_connected(type, FusedActivation::kNone, cells, q));
  if (type != DType::kFloat32) plan.requant.act = kernel_type_range(DType::kInt16);
  return plan;
}

}  // namespace

octet_lstm_params LstmPlan::params() const {
  octet_lstm_params p = base;
  for (int g = 0; g < 4; ++g) {
    p.input_fc[g] = input_fc[g].params();
    p.recurrent_fc[g] = recurrent_fc[g].params();
  }
  return p;
}

Result<LstmPlan> prepare_lstm(DType type, const LstmShape& shape, float cell_clip,
                              const LstmQuant& quant) {
  if (type != DType::kFloat32 && type != DType::kInt8 && type != DType::kInt16) {
    return error("UNIDIRECTIONAL_SEQUENCE_LSTM: activations must be float32, int8 or int16, not {}",
                 dtype_name(type));
  }
  if (shape.batch <= 0 || shape.time <= 0 || shape.input_size <= 0 || shape.state_size <= 0) {
    return error(
        "UNIDIRECTIONAL_SEQUENCE_LSTM: batch {}, time {}, input {} and state {} must be "
        "positive",
        shape.batch, shape.time, shape.input_size, shape.state_size);
  }
  if (!(cell_clip >= 0.0f)) {
    return error("UNIDIRECTIONAL_SEQUENCE_LSTM: cell_clip {} must be >= 0", cell_clip);
  }
  LstmPlan plan;
  octet_lstm_params& p = plan.base;
  p.batch = shape.batch;
  p.time = shape.time;
  p.input_size = shape.input_size;
  p.state_size = shape.state_size;
  p.time_major = shape.time_major ? 1 : 0;
  p.use_cell_clip = cell_clip > 0.0f ? 1 : 0;
  p.cell_clip = cell_clip;
  for (int g = 0; g < 4; ++g) {
    OCTET_ASSIGN_OR_RETURN(plan.input_fc[g], gate_matmul(type, shape.state_size, quant.input,
                                                         quant.input_weight_scales[g]));
    OCTET_ASSIGN_OR_RETURN(plan.recurrent_fc[g], gate_matmul(type, shape.state_size, quant.hidden,
                                                             quant.recurrent_weight_scales[g]));
  }
  if (type == DType::kFloat32) return plan;

  // The cell state's scale is 2^power; tanh reads it as Q(15 + power).(-power)... through the
  // table kernel's input scaling: a left shift of 15 + power - 3 (3 << shift as the multiplier),
  // or for a negative one the multiplier 3 and a rounding right shift.
  const double log2_scale = std::log2(static_cast<double>(quant.cell_scale));
  if (!(quant.cell_scale > 0.0f) || log2_scale != std::round(log2_scale)) {
    return error("UNIDIRECTIONAL_SEQUENCE_LSTM: cell state scale {} is not a power of two",
                 quant.cell_scale);
  }
  const int32_t tanh_shift = 15 + static_cast<int32_t>(log2_scale) - 3;
  if (tanh_shift > 15 || tanh_shift < -30) {
    return error("UNIDIRECTIONAL_SEQUENCE_LSTM: cell state scale 2^{} is out of range",
                 static_cast<int32_t>(log2_scale));
  }
  p.cell_tanh.input_multiplier = tanh_shift < 0 ? 3 : 0;
  p.cell_tanh.input_left_shift = tanh_shift < 0 ? -tanh_shift : tanh_shift;
  const double clip = static_cast<double>(cell_clip) / static_cast<double>(quant.cell_scale);
  p.quantized_cell_clip = static_cast<int16_t>(std::clamp(clip, -32768.0, 32767.0));

  const TensorQuant gate_out{kGateOutputScale, 0}, cell{quant.cell_scale, 0};
  OCTET_ASSIGN_OR_RETURN(p.forget_cell_mul,
                         prepare_mul(DType::kInt16, gate_out, cell, cell, FusedActivation::kNone));
  OCTET_ASSIGN_OR_RETURN(
      p.input_mul, prepare_mul(DType::kInt16, gate_out, gate_out, cell, FusedActivation::kNone));
  OCTET_ASSIGN_OR_RETURN(
      p.output_mul, prepare_mul(type, gate_out, gate_out, quant.hidden, FusedActivation::kNone));
  return plan;
}

}  // namespace octet
