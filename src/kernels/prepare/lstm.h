// lstm.h - UNIDIRECTIONAL_SEQUENCE_LSTM prepare, as TFLM computes it (lstm_eval_common.cc,
// PrepareGateParametersInteger): each gate's input and recurrent matmuls are fully connected
// layers to int16 at scale 2^-12 with per-tensor multipliers (TFLM's FC rule: s_in * s_w as a
// float product, then / 2^-12 in double), and their int16 output clamp; the gate activations
// produce 2^-15; the three elementwise products are MULs with double-precision ratios; the cell
// state's tanh takes its scale's power of two; cell_clip is quantized to the cell scale.
#pragma once

#include <array>
#include <cstdint>

#include "kernels/prepare/fully_connected.h"
#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

struct LstmShape {
  int32_t batch = 0, time = 0, input_size = 0, state_size = 0;
  bool time_major = false;
};

// Quantization of an integer LSTM (ignored for float32).
struct LstmQuant {
  TensorQuant input;
  TensorQuant hidden;       // output_state; the output shares it
  float cell_scale = 1.0f;  // a power of two
  // Per gate, in OCTET_LSTM_*_GATE order (input, forget, cell, output).
  std::array<float, 4> input_weight_scales{}, recurrent_weight_scales{};
};

struct LstmPlan {
  octet_lstm_params base{};  // everything but the matmuls' multiplier arrays
  std::array<FullyConnectedPlan, 4> input_fc, recurrent_fc;
  octet_lstm_params params() const;  // points into this plan
};

// type: float32, int8 (int8 activations, int32 bias) or int16 (16x8, int64 bias).
Result<LstmPlan> prepare_lstm(DType type, const LstmShape& shape, float cell_clip,
                              const LstmQuant& quant);

}  // namespace octet
