// UNIDIRECTIONAL_SEQUENCE_LSTM: prepare + reference kernels on a hand-derived integer case (the
// model-level checks against TFLM are tests/models/golden*_test.cc) and the float kernel against
// the formula in double.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/prepare/lstm.h"
#include "octet_kernels.h"

namespace octet {
namespace {

// One cell, one input, zero weights: every gate is its bias alone. Input and weight scales 2^-6
// make the bias scale 2^-12, the gate matmul multiplier exactly 1, so a bias of 4096 is a
// pre-activation of 1.0. Biases: forget 0, input 4096, cell 4096, output 0. Cell state 2^-11,
// hidden state 2^-7.
//   gates: f = sigmoid(0) = 16384, i = sigmoid(1) = 23956, g = tanh(1) = 24956, o = 16384
//   step 1: i * g = 597845936 at 2^-30 -> 2^-11 (multiplier 2^-19: x / 2 rounded, then / 2^18
//           rounded) = 1140; f * 0 = 0; c = 1140. tanh(c): 1140 * 6 = 6840 = entry 26 + 184/256:
//           (48964 << 8) + 184 * 511 - 2^23 + 2^7 = 4240328 >> 8 = 16563.
//           h = 16563 * 16384 at 2^-30 -> 2^-7 (2^-23): 135684096 / 2^22 = 32.3 -> 32.
//   step 2: f * c = 16384 * 1140 -> 570; c = 570 + 1140 = 1710. tanh: 10260 = entry 40 + 20/256:
//           (55125 << 8) + 20 * 360 - 2^23 + 2^7 = 5730720 >> 8 = 22385.
//           h = 22385 * 16384 -> 183377920 / 2^22 = 43.7 -> 44.
TEST(Lstm, S8HandDerivedSteps) {
  LstmShape shape;
  shape.batch = 1;
  shape.time = 2;
  shape.input_size = 1;
  shape.state_size = 1;
  LstmQuant q;
  q.input = {1.0f / 64, 0};
  q.hidden = {1.0f / 128, 0};
  q.cell_scale = 1.0f / 2048;
  q.input_weight_scales = {1.0f / 64, 1.0f / 64, 1.0f / 64, 1.0f / 64};
  q.recurrent_weight_scales = {1.0f / 64, 1.0f / 64, 1.0f / 64, 1.0f / 64};
  auto plan = prepare_lstm(DType::kInt8, shape, 0.0f, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_lstm_params p = plan->params();
  EXPECT_EQ(p.input_fc[0].output_multiplier[0], 1 << 30);
  EXPECT_EQ(p.input_fc[0].output_shift[0], 1);
  EXPECT_EQ(p.cell_tanh.input_multiplier, 0);
  EXPECT_EQ(p.cell_tanh.input_left_shift, 1);

  const int8_t zero_w = 0;
  const int32_t bias[4] = {4096, 0, 4096, 0};  // input, forget, cell, output
  octet_lstm_weights w{};
  for (int g = 0; g < 4; ++g) {
    w.input_weights[g] = &zero_w;
    w.recurrent_weights[g] = &zero_w;
    w.bias[g] = &bias[g];
  }
  const int8_t input[2] = {17, -40};  // irrelevant: the weights are zero
  int8_t hidden = 0, output[2] = {0, 0};
  int16_t cell = 0;
  std::vector<int16_t> scratch(octet_ref_lstm_scratch_bytes(&p, 2) / 2);
  ASSERT_EQ(scratch.size(), 4u);
  octet_ref_unidirectional_sequence_lstm_s8(&p, &w, input, &hidden, &cell, output, scratch.data());
  EXPECT_EQ(output[0], 32);
  EXPECT_EQ(output[1], 44);
  EXPECT_EQ(hidden, 44);
  EXPECT_EQ(cell, 1710);
}

// A cell clip of 0.5 at 2^-11 is 1024: the second step's 1710 is clipped (and the first's 1140).
TEST(Lstm, S8CellClip) {
  LstmShape shape{1, 2, 1, 1, false};
  LstmQuant q;
  q.input = {1.0f / 64, 0};
  q.hidden = {1.0f / 128, 0};
  q.cell_scale = 1.0f / 2048;
  q.input_weight_scales = {1.0f / 64, 1.0f / 64, 1.0f / 64, 1.0f / 64};
  q.recurrent_weight_scales = q.input_weight_scales;
  auto plan = prepare_lstm(DType::kInt8, shape, 0.5f, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_lstm_params p = plan->params();
  EXPECT_EQ(p.quantized_cell_clip, 1024);
  const int8_t zero_w = 0;
  const int32_t bias[4] = {4096, 0, 4096, 0};
  octet_lstm_weights w{};
  for (int g = 0; g < 4; ++g) {
    w.input_weights[g] = &zero_w;
    w.recurrent_weights[g] = &zero_w;
    w.bias[g] = &bias[g];
  }
  const int8_t input[2] = {0, 0};
  int8_t hidden = 0, output[2];
  int16_t cell = 0;
  std::vector<int16_t> scratch(4);
  octet_ref_unidirectional_sequence_lstm_s8(&p, &w, input, &hidden, &cell, output, scratch.data());
  EXPECT_EQ(cell, 1024);  // step 2: 512 (half of the clipped 1024) + 1140, clipped again
}

TEST(Lstm, PrepareRejectsANonPowerOfTwoCellScale) {
  LstmShape shape{1, 1, 1, 1, false};
  LstmQuant q;
  q.input = {0.1f, 0};
  q.hidden = {0.1f, 0};
  q.cell_scale = 0.001f;
  q.input_weight_scales = {0.1f, 0.1f, 0.1f, 0.1f};
  q.recurrent_weight_scales = q.input_weight_scales;
  EXPECT_FALSE(prepare_lstm(DType::kInt8, shape, 0.0f, q).ok());
}

// Float, two batches (batch major), two steps, random-ish weights: against the LSTM equations
// evaluated in double.
TEST(Lstm, F32MatchesTheEquations) {
  const int B = 2, T = 2, I = 3, S = 2;
  LstmShape shape{B, T, I, S, false};
  auto plan = prepare_lstm(DType::kFloat32, shape, 0.0f, LstmQuant{});
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_lstm_params p = plan->params();
  std::vector<float> wi[4], wr[4], bias[4];
  float v = 0.1f;
  auto next = [&] { return v = std::fmod(v * 3.7f + 0.13f, 1.0f) - 0.4f; };
  octet_lstm_weights w{};
  for (int g = 0; g < 4; ++g) {
    for (int k = 0; k < S * I; ++k) wi[g].push_back(next());
    for (int k = 0; k < S * S; ++k) wr[g].push_back(next());
    for (int k = 0; k < S; ++k) bias[g].push_back(next());
    w.input_weights[g] = wi[g].data();
    w.recurrent_weights[g] = wr[g].data();
    w.bias[g] = bias[g].data();
  }
  std::vector<float> input(B * T * I);
  for (float& x : input) x = next() * 2;
  std::vector<float> hidden(B * S, 0.0f), cell(B * S, 0.0f), output(B * T * S);
  std::vector<float> scratch(octet_ref_lstm_scratch_bytes(&p, 4) / 4);
  octet_ref_unidirectional_sequence_lstm_f32(&p, &w, input.data(), hidden.data(), cell.data(),
                                             output.data(), scratch.data());
  auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  for (int b = 0; b < B; ++b) {
    std::vector<double> h(S, 0.0), c(S, 0.0);
    for (int t = 0; t < T; ++t) {
      const float* x = &input[(b * T + t) * I];
      std::vector<double> gate[4];
      for (int g = 0; g < 4; ++g) {
        for (int s = 0; s < S; ++s) {
          double a = bias[g][s];
          for (int k = 0; k < I; ++k) a += wi[g][s * I + k] * x[k];
          for (int k = 0; k < S; ++k) a += wr[g][s * S + k] * h[k];
          gate[g].push_back(g == OCTET_LSTM_CELL_GATE ? std::tanh(a) : sigmoid(a));
        }
      }
      for (int s = 0; s < S; ++s) {
        c[s] = gate[OCTET_LSTM_FORGET_GATE][s] * c[s] +
               gate[OCTET_LSTM_INPUT_GATE][s] * gate[OCTET_LSTM_CELL_GATE][s];
      }
      for (int s = 0; s < S; ++s) {
        h[s] = gate[OCTET_LSTM_OUTPUT_GATE][s] * std::tanh(c[s]);
        EXPECT_NEAR(output[(b * T + t) * S + s], h[s], 1e-5) << b << " " << t << " " << s;
      }
    }
    for (int s = 0; s < S; ++s) EXPECT_NEAR(cell[b * S + s], c[s], 1e-5);
  }
}

}  // namespace
}  // namespace octet
