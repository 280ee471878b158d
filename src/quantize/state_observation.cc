// state_observation.cc - see state_observation.h.
#include "quantize/state_observation.h"

#include <vector>

#include "ir/ops_recurrent.h"
#include "kernels/prepare/lstm.h"

namespace octet {

Status replay_lstm_cell_state(const Graph& g, const Node& n, std::span<const float> input,
                              const std::function<void(std::span<const float>)>& observe) {
  const Shape& in = g.input_type(n, kLstmInput).shape;
  const bool time_major = n.attrs.time_major;
  const int32_t batch = time_major ? in[1] : in[0], time = time_major ? in[0] : in[1];
  const int32_t inputs = in[2], cells = g.output_type(n, 0).shape[2];
  if (static_cast<int64_t>(input.size()) != in.elements()) {
    return error("{}: replay input has {} values, expected {}", op_name(n.op), input.size(),
                 in.elements());
  }
  octet_lstm_weights w{};
  for (int gate = 0; gate < 4; ++gate) {
    for (int k : {kLstmInputToInputWeights + gate, kLstmRecurrentToInputWeights + gate,
                  kLstmInputGateBias + gate}) {
      const Value& v = g.value(n.inputs[k]);
      if (!v.is_constant() || v.type.dtype != DType::kFloat32) {
        return error("{}: '{}' must be a float constant to calibrate the cell state", op_name(n.op),
                     v.name);
      }
    }
    w.input_weights[gate] = g.value(n.inputs[kLstmInputToInputWeights + gate]).data->data();
    w.recurrent_weights[gate] = g.value(n.inputs[kLstmRecurrentToInputWeights + gate]).data->data();
    w.bias[gate] = g.value(n.inputs[kLstmInputGateBias + gate]).data->data();
  }
  // One step per call: all batches together when time major, else one batch (its own state).
  const int32_t rows = time_major ? batch : 1;
  OCTET_ASSIGN_OR_RETURN(
      LstmPlan plan, prepare_lstm(DType::kFloat32, LstmShape{rows, 1, inputs, cells, time_major},
                                  n.attrs.cell_clip, LstmQuant{}));
  const octet_lstm_params p = plan.params();
  std::vector<float> hidden(static_cast<size_t>(batch) * cells, 0.0f), cell(hidden.size(), 0.0f);
  std::vector<float> output(static_cast<size_t>(rows) * cells);
  std::vector<float> scratch(octet_ref_lstm_scratch_bytes(&p, sizeof(float)) / sizeof(float));
  for (int32_t b = 0; b < (time_major ? 1 : batch); ++b) {
    float* h = hidden.data() + static_cast<size_t>(b) * cells;
    float* c = cell.data() + static_cast<size_t>(b) * cells;
    for (int32_t t = 0; t < time; ++t) {
      const int64_t step = static_cast<int64_t>(b) * time + t;
      octet_ref_unidirectional_sequence_lstm_f32(&p, &w, input.data() + step * rows * inputs, h, c,
                                                 output.data(), scratch.data());
      observe(std::span<const float>(c, static_cast<size_t>(rows) * cells));
    }
  }
  return Status::Ok();
}

}  // namespace octet
