// recurrent_quantize_test.cc - `octet quantize` on the stateful ops. The float MNIST LSTM of
// ../shared/models becomes an integer-only model in the form TFLM's integer LSTM runs (and the
// TFLite converter's int8 model of the same network has): int8 activations and weights per
// tensor, int32 biases on input x weight scale, the hidden state on the output's parameters, an
// int16 cell state with a power-of-two scale; it tracks the float model at least as well as the
// converter's model does. SVDF: int8 feature and int16 time weights, an int16 state. Ops that
// cannot be integer are named with the reason.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "io/tensor_file.h"
#include "ir/builder.h"
#include "ir/ops_recurrent.h"
#include "kernels/x86/cpu_features.h"
#include "quantize/compare.h"
#include "quantize/quantizer.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

// MNIST-like 28x28 images in [0, 1] (the model reads one 28-pixel row per time step): one to three
// soft pen strokes of width ~2 px on black, inside the central 20x20 box as MNIST digits are.
std::vector<CalibrationSample> stroke_images(int count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> pos(5.0f, 23.0f), unit(0.0f, 1.0f);
  std::vector<CalibrationSample> out;
  for (int s = 0; s < count; ++s) {
    std::vector<float> img(28 * 28, 0.0f);
    const int strokes = 1 + static_cast<int>(unit(rng) * 3);
    for (int k = 0; k < strokes; ++k) {
      const float x0 = pos(rng), y0 = pos(rng), x1 = pos(rng), y1 = pos(rng);
      for (int y = 0; y < 28; ++y) {
        for (int x = 0; x < 28; ++x) {
          // Distance from (x, y) to the segment.
          const float dx = x1 - x0, dy = y1 - y0;
          const float len2 = dx * dx + dy * dy;
          float t = len2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / len2 : 0.0f;
          t = std::clamp(t, 0.0f, 1.0f);
          const float d = std::hypot(x - (x0 + t * dx), y - (y0 + t * dy));
          const float v = std::clamp(1.5f - d, 0.0f, 1.0f);
          img[y * 28 + x] = std::max(img[y * 28 + x], v);
        }
      }
    }
    out.push_back(CalibrationSample{{img}, fmt::format("strokes[{}]", s)});
  }
  return out;
}

const Node* find_op(const Graph& g, OpKind op) {
  for (const Node& n : g.nodes) {
    if (n.op == op) return &n;
  }
  return nullptr;
}

// The LSTM's tensors follow the integer LSTM's conventions (those of the converter's int8 model).
void expect_integer_lstm_form(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, kLstmInput);
  EXPECT_EQ(in.dtype, DType::kInt8);
  for (int k = 0; k < kLstmInputCount; ++k) {
    SCOPED_TRACE(k);
    const bool weights = k >= 1 && k <= 8, bias = k >= 12 && k <= 15;
    const bool state = k == kLstmOutputState || k == kLstmCellState;
    ASSERT_EQ(g.has_input(n, k), k == 0 || weights || bias || state);
    if (!g.has_input(n, k) || k == 0) continue;
    const Value& v = g.value(n.inputs[k]);
    ASSERT_TRUE(v.type.quant.has_value());
    const QuantParams& q = *v.type.quant;
    EXPECT_FALSE(q.per_axis());
    if (weights) {
      EXPECT_EQ(v.type.dtype, DType::kInt8);
      EXPECT_EQ(q.zero_point(), 0);
      EXPECT_TRUE(v.is_constant());
    } else if (bias) {
      EXPECT_EQ(v.type.dtype, DType::kInt32);
      EXPECT_EQ(q.zero_point(), 0);
      const float w_scale = g.input_type(n, k - 11).quant->scale();  // input-to-gate weights
      EXPECT_NEAR(q.scale(), in.quant->scale() * w_scale, 1e-6 * q.scale());
    } else {
      EXPECT_TRUE(v.variable);
      EXPECT_FALSE(v.is_constant());
    }
  }
  const TensorType& h = g.input_type(n, kLstmOutputState);
  EXPECT_EQ(h.dtype, DType::kInt8);
  EXPECT_EQ(h.quant, g.output_type(n, 0).quant);
  const TensorType& c = g.input_type(n, kLstmCellState);
  EXPECT_EQ(c.dtype, DType::kInt16);
  EXPECT_EQ(c.quant->zero_point(), 0);
  const double log2_scale = std::log2(c.quant->scale());
  EXPECT_EQ(log2_scale, std::round(log2_scale)) << c.quant->scale();
}

TEST(QuantizeLstm, FloatMnistLstmBecomesTflmsIntegerLstm) {
  OCTET_REQUIRE_SHARED(shared);
  auto g = read_tflite_file(shared + "/models/tflm_trained_lstm.tflite");
  auto tfl = read_tflite_file(shared + "/models/tflm_trained_lstm_int8.tflite");
  ASSERT_TRUE(g.ok() && tfl.ok());
  const auto calib = stroke_images(32, 1);
  QuantizeReport report;
  auto q = quantize_model(*g, calib, {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);

  // Written and read back: the file keeps the form (the variable tensors included).
  auto bytes = write_tflite(*q);
  ASSERT_TRUE(bytes.ok()) << bytes.message();
  auto back = read_tflite(*bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_TRUE(integer_coverage(*back).integer_only());
  for (const Node& n : back->nodes) {
    EXPECT_NE(n.op, OpKind::kQuantize);
    EXPECT_NE(n.op, OpKind::kDequantize);
  }
  const Node* lstm = find_op(*back, OpKind::kUnidirectionalSequenceLstm);
  ASSERT_NE(lstm, nullptr);
  {
    SCOPED_TRACE("octet's model");
    expect_integer_lstm_form(*back, *lstm);
  }
  {
    SCOPED_TRACE("the converter's model (the conventions this test asserts are its)");
    expect_integer_lstm_form(*tfl, *find_op(*tfl, OpKind::kUnidirectionalSequenceLstm));
  }
  EXPECT_EQ(lstm->attrs.cell_clip, 10.0f);

  // On images calibration never saw, at least as close to the float model as the converter's.
  const auto eval = stroke_images(32, 2);
  auto ours = compare_models(*g, *back, eval);
  auto theirs = compare_models(*g, *tfl, eval);
  ASSERT_TRUE(ours.ok()) << ours.message();
  ASSERT_TRUE(theirs.ok()) << theirs.message();
  EXPECT_GT(ours->outputs[0].sqnr_db, 20.0);
  EXPECT_GE(ours->outputs[0].sqnr_db, theirs->outputs[0].sqnr_db - 1.0)
      << "octet " << ours->outputs[0].sqnr_db << " dB, TFLite " << theirs->outputs[0].sqnr_db
      << " dB";
  ASSERT_TRUE(ours->top1_agreement[0].has_value());
  EXPECT_GE(*ours->top1_agreement[0], 0.9);

  // compare_models ran the best ISA level; every level gives the reference kernels' bytes.
  std::vector<std::vector<uint8_t>> reference;
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!isa_supported(isa)) continue;
    SCOPED_TRACE(isa_name(isa));
    CompileOptions o;
    o.isa = isa;
    auto m = CompiledModel::compile(*back, o);
    ASSERT_TRUE(m.ok()) << m.message();
    for (size_t s = 0; s < eval.size(); ++s) {
      (*m)->reset_variables();
      ASSERT_TRUE(
          real_to_tensor(eval[s].inputs[0], (*m)->input_type(0), "eval", (*m)->input_data(0)).ok());
      ASSERT_TRUE((*m)->invoke().ok());
      const auto out = (*m)->output_data(0);
      if (isa == Isa::kReference) {
        reference.emplace_back(out.begin(), out.end());
      } else {
        EXPECT_TRUE(std::equal(out.begin(), out.end(), reference[s].begin(), reference[s].end()))
            << "sample " << s;
      }
    }
  }
}

TEST(QuantizeLstm, Int16ActivationsGiveThe16x8Lstm) {
  OCTET_REQUIRE_SHARED(shared);
  auto g = read_tflite_file(shared + "/models/tflm_trained_lstm.tflite");
  ASSERT_TRUE(g.ok());
  QuantizeOptions o;
  o.activations = DType::kInt16;
  auto q = quantize_model(*g, stroke_images(8, 1), o);
  ASSERT_TRUE(q.ok()) << q.message();
  const Node* lstm = find_op(*q, OpKind::kUnidirectionalSequenceLstm);
  ASSERT_NE(lstm, nullptr);
  EXPECT_EQ(q->input_type(*lstm, kLstmInput).dtype, DType::kInt16);
  EXPECT_EQ(q->input_type(*lstm, kLstmInputGateBias).dtype, DType::kInt64);
  EXPECT_EQ(q->input_type(*lstm, kLstmOutputState).quant->zero_point(), 0);
  auto cmp = compare_models(*g, *q, stroke_images(8, 2));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 30.0);
}

// An LSTM whose weights are computed at run time cannot be integer: --require-int8 names it.
TEST(QuantizeLstm, RequireInt8NamesAnLstmItCannotQuantize) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 3, 2});
  const ValueId w_forget = b.input("runtime_weights", {4, 2});
  std::vector<ValueId> in(kLstmInputCount, kNoValue);
  in[kLstmInput] = x;
  for (int g = 0; g < 4; ++g) {
    in[kLstmInputToInputWeights + g] =
        g == 1 ? w_forget : b.constant(fmt::format("w{}", g), {4, 2}, std::vector<float>(8, 0.1f));
    in[kLstmRecurrentToInputWeights + g] =
        b.constant(fmt::format("r{}", g), {4, 4}, std::vector<float>(16, 0.1f));
    in[kLstmInputGateBias + g] = b.constant(fmt::format("b{}", g), {4}, {0, 0, 0, 0});
  }
  in[kLstmOutputState] = b.variable("h", {1, 4});
  in[kLstmCellState] = b.variable("c", {1, 4});
  Attrs a;
  a.activation = FusedActivation::kTanh;
  const ValueId y = b.op(OpKind::kUnidirectionalSequenceLstm, in, a, "lstm");
  auto g = b.finish({y});
  ASSERT_TRUE(g.ok()) << g.message();
  const auto reasons = ops_without_integer_form(*g, {});
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].label.find("UNIDIRECTIONAL_SEQUENCE_LSTM"), std::string::npos);
  EXPECT_NE(reasons[0].reason.find("computed at run time"), std::string::npos) << reasons[0].reason;
  auto q = quantize_model(
      *g, {CalibrationSample{{std::vector<float>(6, 0.5f), std::vector<float>(8, 0.2f)}, "x"}}, {});
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.message().find("UNIDIRECTIONAL_SEQUENCE_LSTM"), std::string::npos) << q.message();
}

// A float SVDF (rank 2, 4 units, memory 5) over a unit-scale input.
Graph float_svdf() {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 6});
  std::vector<float> wf(8 * 6), wt(8 * 5);
  for (size_t i = 0; i < wf.size(); ++i) wf[i] = std::sin(0.7f * i);
  for (size_t i = 0; i < wt.size(); ++i) wt[i] = std::cos(0.3f * i) * 0.5f;
  Attrs a;
  a.rank = 2;
  const ValueId y =
      b.op(OpKind::kSvdf,
           {x, b.constant("wf", {8, 6}, wf), b.constant("wt", {8, 5}, wt),
            b.constant("bias", {4}, {0.1f, -0.2f, 0.3f, 0.0f}), b.variable("state", {1, 40})},
           a, "svdf");
  return *b.finish({y});
}

std::vector<CalibrationSample> normal_samples(int count, uint32_t seed, size_t size) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::vector<CalibrationSample> out;
  for (int s = 0; s < count; ++s) {
    std::vector<float> x(size);
    for (float& v : x) v = d(rng);
    out.push_back(CalibrationSample{{x}, fmt::format("normal[{}]", s)});
  }
  return out;
}

TEST(QuantizeSvdf, Int8WithInt16TimeWeightsAndState) {
  const Graph g = float_svdf();
  QuantizeReport report;
  auto q = quantize_model(g, normal_samples(64, 1, 6), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only());
  const Node* svdf = find_op(*q, OpKind::kSvdf);
  ASSERT_NE(svdf, nullptr);
  EXPECT_EQ(q->input_type(*svdf, kSvdfInput).dtype, DType::kInt8);
  EXPECT_EQ(q->input_type(*svdf, kSvdfWeightsFeature).dtype, DType::kInt8);
  EXPECT_EQ(q->input_type(*svdf, kSvdfWeightsTime).dtype, DType::kInt16);
  EXPECT_EQ(q->input_type(*svdf, kSvdfBias).dtype, DType::kInt32);
  const Value& state = q->value(svdf->inputs[kSvdfState]);
  EXPECT_TRUE(state.variable);
  EXPECT_EQ(state.type.dtype, DType::kInt16);
  EXPECT_EQ(state.type.quant->zero_point(), 0);
  auto cmp = compare_models(g, *q, normal_samples(16, 2, 6));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 25.0);
}

TEST(QuantizeSvdf, Int16ActivationsKeepItFloatWithTheReason) {
  QuantizeOptions o;
  o.activations = DType::kInt16;
  const auto reasons = ops_without_integer_form(float_svdf(), o);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].reason.find("SVDF takes int8 input only"), std::string::npos)
      << reasons[0].reason;
}

}  // namespace
}  // namespace octet
