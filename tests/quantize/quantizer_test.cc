// quantizer_test.cc - the failures that motivate octet quantize, reproduced: a conv bias and a
// batch-norm mean sharing one zero buffer, dense layers with bias adds and activations, an op
// without an integer form; plus parameter choice, --io modes, 16x8 mode and bad calibration data.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "ir/builder.h"
#include "quantize/compare.h"
#include "quantize/coverage.h"
#include "quantize/quantizer.h"
#include "runtime/compiled_model.h"
#include "schema_generated.h"

namespace octet {
namespace {

std::vector<float> ramp(size_t n, float scale, float offset = 0.0f) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = offset + scale * std::sin(0.7f * float(i) + 0.3f);
  return v;
}

std::vector<CalibrationSample> samples_for(const Graph& g, int count, uint64_t seed = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<CalibrationSample> out;
  for (int s = 0; s < count; ++s) {
    CalibrationSample sample;
    for (ValueId v : g.inputs) {
      std::vector<float> x(g.type(v).elements());
      for (float& f : x) f = d(rng);
      sample.inputs.push_back(std::move(x));
    }
    sample.origin = "test[" + std::to_string(s) + "]";
    out.push_back(std::move(sample));
  }
  return out;
}

int count_ops(const Graph& g, OpKind op) {
  int n = 0;
  for (const Node& node : g.nodes) n += node.op == op;
  return n;
}

// conv (bias all zeros) -> SUB mean (all zeros) -> MUL scale -> ADD beta -> RELU: the Larq case.
Graph conv_batch_norm_model() {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 8, 8, 3});
  const ValueId w = b.constant("conv/w", {4, 3, 3, 3}, ramp(108, 0.5f));
  const ValueId bias = b.constant("conv/bias", {4}, {0, 0, 0, 0});
  Attrs conv;
  const ValueId y = b.op(OpKind::kConv2D, {x, w, bias}, conv, "conv");
  const ValueId mean = b.constant("bn/mean", {4}, {0, 0, 0, 0});
  const ValueId centered = b.op(OpKind::kSub, {y, mean}, {}, "bn/sub");
  const ValueId scaled =
      b.op(OpKind::kMul, {centered, b.constant("bn/scale", {4}, {1.5f, 0.5f, 2.0f, 1.0f})}, {},
           "bn/mul");
  const ValueId shifted = b.op(
      OpKind::kAdd, {scaled, b.constant("bn/beta", {4}, {0.1f, -0.2f, 0.3f, 0.0f})}, {}, "bn/add");
  const ValueId relu = b.op(OpKind::kRelu, {shifted}, {}, "relu");
  auto g = b.finish({relu});
  EXPECT_TRUE(g.ok()) << g.message();
  return *g;
}

TEST(Quantizer, SharedZeroBufferOfBiasAndBatchNormMeanDoesNotLeaveTheLayerFloat) {
  // Written to a file, the zero bias and the zero mean share one buffer (as TFLite's converter
  // writes them).
  auto bytes = write_tflite(conv_batch_norm_model());
  ASSERT_TRUE(bytes.ok()) << bytes.message();
  const tflite::Model* m = tflite::GetModel(bytes->data());
  uint32_t bias_buffer = 0, mean_buffer = 0;
  for (const tflite::Tensor* t : *m->subgraphs()->Get(0)->tensors()) {
    if (t->name()->str() == "conv/bias") bias_buffer = t->buffer();
    if (t->name()->str() == "bn/mean") mean_buffer = t->buffer();
  }
  ASSERT_NE(bias_buffer, 0u);
  ASSERT_EQ(bias_buffer, mean_buffer) << "the regression needs the two constants to share a buffer";

  auto float_model = read_tflite(*bytes);
  ASSERT_TRUE(float_model.ok()) << float_model.message();
  QuantizeReport report;
  auto q = quantize_model(*float_model, samples_for(*float_model, 8), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only());
  EXPECT_EQ(report.folded_batch_norms, 3);  // SUB, MUL, ADD folded into the conv
  EXPECT_EQ(report.fused_activations, 1);
  ASSERT_EQ(q->nodes.size(), 1u);
  const Node& conv = q->nodes[0];
  EXPECT_EQ(conv.op, OpKind::kConv2D);
  EXPECT_EQ(conv.attrs.activation, FusedActivation::kRelu);
  const TensorType& in = q->input_type(conv, 0);
  const TensorType& w = q->input_type(conv, 1);
  const TensorType& b = q->input_type(conv, 2);
  EXPECT_EQ(in.dtype, DType::kInt8);
  EXPECT_EQ(w.dtype, DType::kInt8);
  EXPECT_EQ(w.quant->scales.size(), 4u);  // per channel
  EXPECT_EQ(b.dtype, DType::kInt32);
  for (int c = 0; c < 4; ++c) {
    EXPECT_EQ(b.quant->zero_point(c), 0);
    EXPECT_NEAR(b.quant->scale(c), in.quant->scale() * w.quant->scale(c), 1e-6 * b.quant->scale(c));
  }
  // The written file loads and runs.
  auto written = write_tflite(*q);
  ASSERT_TRUE(written.ok());
  auto reread = read_tflite(*written);
  ASSERT_TRUE(reread.ok()) << reread.message();
  EXPECT_TRUE(integer_coverage(*reread).integer_only());
  auto compiled = CompiledModel::compile(*reread);
  ASSERT_TRUE(compiled.ok()) << compiled.message();
  EXPECT_TRUE((*compiled)->invoke().ok());
  // And it tracks the float model.
  auto cmp = compare_models(*float_model, *reread, samples_for(*float_model, 4, 99));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 25.0);
}

TEST(Quantizer, DenseLayersBiasAddsAndActivationsAllBecomeInteger) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 16});
  Attrs fc;
  ValueId h =
      b.op(OpKind::kFullyConnected, {x, b.constant("d1/w", {8, 16}, ramp(128, 0.3f))}, fc, "d1");
  h = b.op(OpKind::kAdd, {h, b.constant("d1/b", {8}, ramp(8, 0.2f))}, {}, "d1/bias_add");
  h = b.op(OpKind::kRelu, {h}, {}, "d1/relu");
  h = b.op(
      OpKind::kFullyConnected,
      {h, b.constant("d2/w", {6, 8}, ramp(48, 0.4f, 0.1f)), b.constant("d2/b", {6}, ramp(6, 0.1f))},
      fc, "d2");
  const ValueId t = b.op(OpKind::kTanh, {h}, {}, "d2/tanh");
  h = b.op(OpKind::kLogistic, {h}, {}, "d2/sigmoid");
  h = b.op(OpKind::kMul, {h, t}, {}, "gate");
  h = b.op(OpKind::kSoftmax, {h}, {}, "probs");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();
  QuantizeReport report;
  auto q = quantize_model(*g, samples_for(*g, 16), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);
  EXPECT_EQ(count_ops(*q, OpKind::kFullyConnected), 2);
  EXPECT_EQ(count_ops(*q, OpKind::kAdd), 0);   // folded into d1's bias
  EXPECT_EQ(count_ops(*q, OpKind::kRelu), 0);  // fused into d1
  EXPECT_EQ(count_ops(*q, OpKind::kQuantize) + count_ops(*q, OpKind::kDequantize), 0);
  for (const Node& n : q->nodes) {
    for (ValueId v : n.outputs) EXPECT_EQ(q->type(v).dtype, DType::kInt8) << op_name(n.op);
  }
  // d1 gained a bias (from the ADD), quantized to int32 with zero point 0.
  const Node& d1 = q->nodes[0];
  ASSERT_TRUE(q->has_input(d1, 2));
  EXPECT_EQ(q->input_type(d1, 2).dtype, DType::kInt32);
  // Fixed output quantization of TFLite's integer kernels.
  for (const Node& n : q->nodes) {
    if (n.op == OpKind::kSoftmax || n.op == OpKind::kLogistic) {
      EXPECT_EQ(q->output_type(n, 0).quant->scale(), 1.0f / 256);
      EXPECT_EQ(q->output_type(n, 0).quant->zero_point(), -128);
    }
    if (n.op == OpKind::kTanh) {
      EXPECT_EQ(q->output_type(n, 0).quant->scale(), 1.0f / 128);
      EXPECT_EQ(q->output_type(n, 0).quant->zero_point(), 0);
    }
  }
  auto cmp = compare_models(*g, *q, samples_for(*g, 8, 5));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 20.0);
}

Graph model_with_exp() {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 8});
  ValueId h =
      b.op(OpKind::kFullyConnected, {x, b.constant("w1", {8, 8}, ramp(64, 0.3f))}, {}, "fc1");
  h = b.op(OpKind::kExp, {h}, {}, "exp");
  h = b.op(OpKind::kFullyConnected, {h, b.constant("w2", {4, 8}, ramp(32, 0.3f))}, {}, "fc2");
  auto g = b.finish({h});
  EXPECT_TRUE(g.ok()) << g.message();
  return *g;
}

TEST(Quantizer, OpWithoutIntegerFormIsNamedAndFails) {
  const Graph g = model_with_exp();
  auto q = quantize_model(g, samples_for(g, 4), {});
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.message().find("#1 EXP (outputs 'exp')"), std::string::npos) << q.message();
  EXPECT_NE(q.message().find("no integer form of EXP"), std::string::npos) << q.message();
  EXPECT_NE(q.message().find("--allow-float"), std::string::npos) << q.message();
}

TEST(Quantizer, AllowFloatKeepsTheOpFloatBetweenExplicitConverters) {
  const Graph g = model_with_exp();
  QuantizeOptions o;
  o.allow_float = {OpKind::kExp};
  QuantizeReport report;
  auto q = quantize_model(g, samples_for(g, 4), o, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_FALSE(report.coverage.integer_only());
  EXPECT_EQ(count_ops(*q, OpKind::kDequantize), 1);
  EXPECT_EQ(count_ops(*q, OpKind::kQuantize), 1);
  EXPECT_EQ(count_ops(*q, OpKind::kFullyConnected), 2);
  for (const Node& n : q->nodes) {
    if (n.op == OpKind::kFullyConnected) EXPECT_EQ(q->input_type(n, 0).dtype, DType::kInt8);
    if (n.op == OpKind::kExp) EXPECT_EQ(q->input_type(n, 0).dtype, DType::kFloat32);
  }
}

TEST(Quantizer, IoFloatAddsOneBoundaryConverterEachSide) {
  const Graph g = conv_batch_norm_model();
  QuantizeOptions o;
  o.io = IoType::kFloat;
  QuantizeReport report;
  auto q = quantize_model(g, samples_for(g, 4), o, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only());
  EXPECT_EQ(report.coverage.boundary_ops, 2);
  EXPECT_EQ(q->nodes.front().op, OpKind::kQuantize);
  EXPECT_EQ(q->nodes.back().op, OpKind::kDequantize);
  EXPECT_EQ(q->type(q->inputs[0]).dtype, DType::kFloat32);
  EXPECT_EQ(q->type(q->outputs[0]).dtype, DType::kFloat32);
  EXPECT_EQ(q->value(q->inputs[0]).name, "x");
}

TEST(Quantizer, IoUint8ShiftsTheZeroPointBy128) {
  const Graph g = conv_batch_norm_model();
  QuantizeOptions o;
  o.io = IoType::kUInt8;
  auto q = quantize_model(g, samples_for(g, 4), o);
  ASSERT_TRUE(q.ok()) << q.message();
  const TensorType& in = q->type(q->inputs[0]);
  ASSERT_EQ(in.dtype, DType::kUInt8);
  const Node& first = q->nodes.front();
  ASSERT_EQ(first.op, OpKind::kQuantize);
  const TensorType& inner = q->output_type(first, 0);
  EXPECT_EQ(inner.dtype, DType::kInt8);
  EXPECT_EQ(in.quant->scale(), inner.quant->scale());
  EXPECT_EQ(in.quant->zero_point(), inner.quant->zero_point() + 128);
  EXPECT_TRUE(integer_coverage(*q).integer_only());
}

TEST(Quantizer, Int16ActivationsUseZeroPointZeroAndInt64Bias) {
  const Graph g = conv_batch_norm_model();
  QuantizeOptions o;
  o.activations = DType::kInt16;
  auto q = quantize_model(g, samples_for(g, 4), o);
  ASSERT_TRUE(q.ok()) << q.message();
  const Node& conv = q->nodes[0];
  EXPECT_EQ(q->input_type(conv, 0).dtype, DType::kInt16);
  EXPECT_EQ(q->input_type(conv, 0).quant->zero_point(), 0);
  EXPECT_EQ(q->input_type(conv, 1).dtype, DType::kInt8);
  EXPECT_EQ(q->input_type(conv, 2).dtype, DType::kInt64);
  // A 16x8 model writes, reads back (int16 tensors, int64 bias) and runs the same.
  auto bytes = write_tflite(*q);
  ASSERT_TRUE(bytes.ok());
  auto back = read_tflite(*bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->input_type(back->nodes[0], 0).dtype, DType::kInt16);
  EXPECT_EQ(back->input_type(back->nodes[0], 2).dtype, DType::kInt64);
  auto cmp = compare_models(g, *q, samples_for(g, 4, 3));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 50.0);  // 16-bit activations: far below int8 noise
}

TEST(Quantizer, ConcatInputsOnOtherScalesAreRequantized) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 4});
  const ValueId y = b.input("y", {1, 4});
  const ValueId big = b.op(OpKind::kMul, {y, b.constant("ten", {1}, {10.0f})}, {}, "big");
  Attrs a;
  a.axis = 1;
  const ValueId c = b.op(OpKind::kConcatenation, {x, big}, a, "cat");
  auto g = b.finish({c});
  ASSERT_TRUE(g.ok()) << g.message();
  auto q = quantize_model(*g, samples_for(*g, 8), {});
  ASSERT_TRUE(q.ok()) << q.message();
  const Node& cat = q->nodes.back();
  ASSERT_EQ(cat.op, OpKind::kConcatenation);
  for (ValueId in : cat.inputs) {
    EXPECT_EQ(q->type(in).quant->scale(), q->output_type(cat, 0).quant->scale());
    EXPECT_EQ(q->type(in).quant->zero_point(), q->output_type(cat, 0).quant->zero_point());
  }
  EXPECT_GE(count_ops(*q, OpKind::kQuantize), 1);  // int8 -> int8 requantize
  EXPECT_TRUE(integer_coverage(*q).integer_only());
}

TEST(Quantizer, NonFiniteCalibrationValuesNameTheSample) {
  const Graph g = conv_batch_norm_model();
  auto samples = samples_for(g, 3);
  samples[1].inputs[0][17] = std::nanf("");
  auto q = quantize_model(g, samples, {});
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.message().find("test[1]"), std::string::npos) << q.message();
  EXPECT_NE(q.message().find("non-finite"), std::string::npos) << q.message();
}

TEST(Quantizer, RefusesAnAlreadyIntegerOnlyModel) {
  const Graph g = conv_batch_norm_model();
  auto q = quantize_model(g, samples_for(g, 2), {});
  ASSERT_TRUE(q.ok());
  auto again = quantize_model(*q, samples_for(g, 2), {});
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.message().find("already integer-only"), std::string::npos) << again.message();
}

// The failure of TensorFlow issue 57758: a "full integer" model with a conv left float between
// DEQUANTIZE and QUANTIZE. octet quantize lifts it to float and returns it fully integer.
TEST(Quantizer, FloatIslandBetweenDequantizeAndQuantizeBecomesInteger) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 6, 6, 3});
  ValueId h = b.op(
      OpKind::kConv2D,
      {x, b.constant("w1", {4, 3, 3, 3}, ramp(108, 0.3f)), b.constant("b1", {4}, ramp(4, 0.1f))},
      {}, "conv");
  Attrs relu;
  relu.activation = FusedActivation::kRelu;
  h = b.op(OpKind::kFullyConnected, {h, b.constant("w2", {5, 144}, ramp(720, 0.05f))}, relu, "fc");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();
  QuantizeOptions island;
  island.allow_float = {OpKind::kConv2D};  // what a converter that gave up on the conv produces
  auto partial = quantize_model(*g, samples_for(*g, 8), island);
  ASSERT_TRUE(partial.ok()) << partial.message();
  ASSERT_FALSE(integer_coverage(*partial).integer_only());
  ASSERT_EQ(count_ops(*partial, OpKind::kDequantize), 1);
  ASSERT_EQ(count_ops(*partial, OpKind::kQuantize), 1);

  QuantizeReport report;
  auto full = quantize_model(*partial, samples_for(*g, 8), {}, &report);
  ASSERT_TRUE(full.ok()) << full.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*full);
  EXPECT_EQ(count_ops(*full, OpKind::kDequantize) + count_ops(*full, OpKind::kQuantize), 0);
  EXPECT_EQ(count_ops(*full, OpKind::kConv2D), 1);
  EXPECT_EQ(full->type(full->inputs[0]).dtype, DType::kInt8);
  ASSERT_FALSE(report.notes.empty());
  EXPECT_NE(report.notes[0].find("partially quantized"), std::string::npos) << report.notes[0];
  auto cmp = compare_models(*g, *full, samples_for(*g, 4, 21));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 20.0);
}

TEST(ChooseQuantParams, MatchesTfliteNudging) {
  // [0, 6]: scale 6/255; zero point from min: -128 - 0 = -128.
  QuantParams q = choose_quant_params(0.0f, 6.0f, -128, 127);
  EXPECT_FLOAT_EQ(q.scale(), 6.0f / 255);
  EXPECT_EQ(q.zero_point(), -128);
  // [-1, 1]: scale 2/255; from min -128 + 127.5 = -0.5 (error 255.5), from max 127 - 127.5 = -0.5
  // (error 254.5): -0.5 rounds half away from zero to -1.
  q = choose_quant_params(-1.0f, 1.0f, -128, 127);
  EXPECT_FLOAT_EQ(q.scale(), 2.0f / 255);
  EXPECT_EQ(q.zero_point(), -1);
  // A range not containing 0 is widened to contain it: [2, 4] -> [0, 4].
  q = choose_quant_params(2.0f, 4.0f, -128, 127);
  EXPECT_FLOAT_EQ(q.scale(), 4.0f / 255);
  EXPECT_EQ(q.zero_point(), -128);
  // All negative: [-3, -1] -> [-3, 0]: zero point at the top.
  q = choose_quant_params(-3.0f, -1.0f, -128, 127);
  EXPECT_EQ(q.zero_point(), 127);
}

}  // namespace
}  // namespace octet

namespace octet {
namespace {

// Every op of the foundation's list that a float model can contain gets an integer form: a graph
// with all of them quantizes to integer-only, runs, and tracks the float model.
TEST(Quantizer, EveryOpOfTheFoundationListBecomesInteger) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 8, 8, 4});
  Attrs conv;
  ValueId h =
      b.op(OpKind::kConv2D,
           {x, b.constant("w", {4, 3, 3, 4}, ramp(144, 0.2f)), b.constant("b", {4}, ramp(4, 0.1f))},
           conv, "conv");
  Attrs dw;
  dw.activation = FusedActivation::kRelu6;
  h = b.op(
      OpKind::kDepthwiseConv2D,
      {h, b.constant("dww", {1, 3, 3, 4}, ramp(36, 0.3f)), b.constant("dwb", {4}, ramp(4, 0.1f))},
      dw, "dw");
  Attrs leaky;
  leaky.alpha = 0.1f;
  h = b.op(OpKind::kLeakyRelu, {h}, leaky, "leaky");
  h = b.op(OpKind::kHardSwish, {h}, {}, "hswish");
  h = b.op(OpKind::kPad, {h, b.constant_i32("pads", {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0})}, {}, "pad");
  Attrs pool;
  pool.padding = Padding::kValid;
  pool.filter_h = pool.filter_w = 2;
  pool.stride_h = pool.stride_w = 2;
  const ValueId mp = b.op(OpKind::kMaxPool2D, {h}, pool, "maxpool");      // [1,5,5,4]
  const ValueId ap = b.op(OpKind::kAveragePool2D, {h}, pool, "avgpool");  // [1,5,5,4]
  const ValueId diff = b.op(OpKind::kSub, {mp, ap}, {}, "sub");
  Attrs cat;
  cat.axis = 3;
  h = b.op(OpKind::kConcatenation, {mp, diff}, cat, "concat");  // [1,5,5,8]
  Attrs resize;
  resize.half_pixel_centers = true;
  h = b.op(OpKind::kResizeBilinear, {h, b.constant_i32("size", {2}, {6, 6})}, resize, "resize");
  h = b.op(OpKind::kResizeNearestNeighbor, {h, b.constant_i32("size2", {2}, {4, 4})}, {},
           "nearest");
  h = b.op(OpKind::kTranspose, {h, b.constant_i32("perm", {4}, {0, 2, 1, 3})}, {}, "transpose");
  Attrs slice;
  h = b.op(OpKind::kStridedSlice,
           {h, b.constant_i32("begin", {4}, {0, 0, 0, 0}), b.constant_i32("end", {4}, {1, 4, 4, 8}),
            b.constant_i32("strides", {4}, {1, 1, 2, 1})},
           slice, "slice");  // [1,4,2,8]
  h = b.op(OpKind::kMul, {h, b.constant("gain", {8}, ramp(8, 0.5f, 1.0f))}, {}, "mul");
  const auto halves = b.op_n(OpKind::kSplit, {b.constant_i32("axis3", {}, {3}), h}, 2, {}, "split");
  h = b.op(OpKind::kAdd, {halves[0], halves[1]}, {}, "add");  // [1,4,2,4]
  Attrs pack;
  pack.axis = 0;
  const ValueId packed = b.op(OpKind::kPack, {h, halves[0]}, pack, "pack");  // [2,1,4,2,4]
  Attrs unpack;
  unpack.axis = 0;
  const auto parts = b.op_n(OpKind::kUnpack, {packed}, 2, unpack, "unpack");
  h = b.op(OpKind::kSqueeze, {parts[0]}, {}, "squeeze");  // [4,2,4]
  h = b.op(OpKind::kExpandDims, {h, b.constant_i32("ax", {1}, {0})}, {}, "expand");
  Attrs mean;
  mean.keep_dims = false;
  h = b.op(OpKind::kMean, {h, b.constant_i32("axes", {2}, {1, 2})}, mean, "mean");  // [1,4]
  h = b.op(OpKind::kLogistic, {h}, {}, "sigmoid");
  h = b.op(OpKind::kTanh, {h}, {}, "tanh");
  Attrs gather;
  gather.axis = 1;
  const ValueId g2 =
      b.op(OpKind::kGather, {h, b.constant_i32("idx", {3}, {3, 0, 2})}, gather, "gather");
  h = b.op(OpKind::kReshape, {g2, b.constant_i32("shape", {2}, {1, 3})}, {}, "reshape");
  h = b.op(OpKind::kFullyConnected, {h, b.constant("fcw", {5, 3}, ramp(15, 0.6f))}, {}, "fc");
  const ValueId probs = b.op(OpKind::kSoftmax, {h}, {}, "softmax");
  Attrs arg;
  arg.output_type = DType::kInt32;
  const ValueId top =
      b.op(OpKind::kArgMax, {h, b.constant_i32("argaxis", {}, {1})}, arg, "argmax", DType::kInt32);
  auto g = b.finish({probs, top});
  ASSERT_TRUE(g.ok()) << g.message();

  QuantizeReport report;
  auto q = quantize_model(*g, samples_for(*g, 16), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);
  std::set<OpKind> ops;
  for (const Node& n : q->nodes) ops.insert(n.op);
  for (OpKind k : {OpKind::kConv2D,
                   OpKind::kDepthwiseConv2D,
                   OpKind::kLeakyRelu,
                   OpKind::kHardSwish,
                   OpKind::kPad,
                   OpKind::kMaxPool2D,
                   OpKind::kAveragePool2D,
                   OpKind::kSub,
                   OpKind::kConcatenation,
                   OpKind::kResizeBilinear,
                   OpKind::kResizeNearestNeighbor,
                   OpKind::kTranspose,
                   OpKind::kStridedSlice,
                   OpKind::kMul,
                   OpKind::kSplit,
                   OpKind::kAdd,
                   OpKind::kPack,
                   OpKind::kUnpack,
                   OpKind::kSqueeze,
                   OpKind::kExpandDims,
                   OpKind::kMean,
                   OpKind::kLogistic,
                   OpKind::kTanh,
                   OpKind::kGather,
                   OpKind::kReshape,
                   OpKind::kFullyConnected,
                   OpKind::kSoftmax,
                   OpKind::kArgMax}) {
    EXPECT_TRUE(ops.count(k)) << op_name(k) << " missing from the quantized graph";
  }
  // Written, read back and run.
  auto bytes = write_tflite(*q);
  ASSERT_TRUE(bytes.ok());
  auto back = read_tflite(*bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  auto cmp = compare_models(*g, *back, samples_for(*g, 8, 77));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 15.0);
}

TEST(Quantizer, DataMovementOpsKeepTheirInputsQuantization) {
  // Every value-moving op of issue 13 in one float graph: each output must carry its data input's
  // parameters (the op table's kMovesInput rules), DYNAMIC_UPDATE_SLICE's update on another scale
  // is requantized to the operand's, and the model becomes integer-only.
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 4, 4, 2});
  Attrs block;
  block.block_size = 2;
  ValueId h = b.op(OpKind::kSpaceToDepth, {x}, block, "s2d");  // [1,2,2,8]
  h = b.op(OpKind::kDepthToSpace, {h}, block, "d2s");          // [1,4,4,2]
  h = b.op(OpKind::kMirrorPad, {h, b.constant_i32("mpads", {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0})}, {},
           "mirror");  // [1,6,6,2]
  h = b.op(
      OpKind::kSlice,
      {h, b.constant_i32("begin", {4}, {0, 1, 0, 0}), b.constant_i32("size", {4}, {1, 4, -1, 2})},
      {}, "slice");  // [1,4,6,2]
  h = b.op(OpKind::kReverseV2, {h, b.constant_i32("raxis", {1}, {2})}, {}, "reverse");
  h = b.op(OpKind::kSpaceToBatchND,
           {h, b.constant_i32("block", {2}, {2, 2}), b.constant_i32("spads", {2, 2}, {0, 0, 0, 0})},
           {}, "s2b");  // [4,2,3,2]
  h = b.op(
      OpKind::kBatchToSpaceND,
      {h, b.constant_i32("block2", {2}, {2, 2}), b.constant_i32("crops", {2, 2}, {0, 0, 1, 1})}, {},
      "b2s");  // [1,4,4,2]
  ValueId upd = b.op(
      OpKind::kSlice,
      {h, b.constant_i32("ubegin", {4}, {0, 0, 0, 0}), b.constant_i32("usize", {4}, {1, 2, 2, 2})},
      {}, "update_slice");
  upd = b.op(OpKind::kMul, {upd, b.constant("gain", {2}, {3.0f, -2.5f})}, {}, "update");
  h = b.op(OpKind::kDynamicUpdateSlice, {h, upd, b.constant_i32("start", {4}, {0, 1, 1, 0})}, {},
           "dus");
  h = b.op(OpKind::kGatherND, {h, b.constant_i32("nd", {2, 2}, {0, 1, 0, 3})}, {},
           "gather_nd");  // [2,4,2]
  h = b.op(OpKind::kReshape, {h, b.constant_i32("table_shape", {2}, {8, 2})}, {}, "table");
  h = b.op(OpKind::kEmbeddingLookup, {b.constant_i32("ids", {3}, {3, 0, 7}), h}, {}, "lookup",
           DType::kFloat32);  // [3,2]
  h = b.op(OpKind::kBroadcastTo, {h, b.constant_i32("to", {3}, {2, 3, 2})}, {}, "broadcast");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();

  QuantizeReport report;
  auto q = quantize_model(*g, samples_for(*g, 16), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);
  std::set<OpKind> seen;
  for (const Node& n : q->nodes) {
    seen.insert(n.op);
    const int keeps = op_def(n.op).quant.output_keeps_input;
    if (keeps < 0) continue;
    const TensorType& in = q->input_type(n, keeps);
    const TensorType& out = q->output_type(n, 0);
    ASSERT_TRUE(in.quant && out.quant) << op_name(n.op);
    EXPECT_EQ(in.quant->scale(), out.quant->scale()) << op_name(n.op);
    EXPECT_EQ(in.quant->zero_point(), out.quant->zero_point()) << op_name(n.op);
  }
  for (OpKind k : {OpKind::kSpaceToDepth, OpKind::kDepthToSpace, OpKind::kMirrorPad, OpKind::kSlice,
                   OpKind::kReverseV2, OpKind::kSpaceToBatchND, OpKind::kBatchToSpaceND,
                   OpKind::kDynamicUpdateSlice, OpKind::kGatherND, OpKind::kEmbeddingLookup,
                   OpKind::kBroadcastTo}) {
    EXPECT_TRUE(seen.count(k)) << op_name(k) << " missing from the quantized graph";
  }
  const std::vector<int> producers = q->producers();
  for (const Node& n : q->nodes) {
    if (n.op != OpKind::kDynamicUpdateSlice) continue;
    const int producer = producers[n.inputs[1]];
    ASSERT_GE(producer, 0);
    EXPECT_EQ(q->nodes[producer].op, OpKind::kQuantize) << "the update is not requantized";
  }
  auto cmp = compare_models(*g, *q, samples_for(*g, 8, 5));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 25.0) << format_compare(*cmp, 10);
}

TEST(Quantizer, TransposeConvBatchMatMulAndReductionsBecomeInteger) {
  // A decoder-style float graph: TRANSPOSE_CONV (weights per channel, bias on input x weight
  // scales), BATCH_MATMUL with a constant rhs (quantized symmetric for the GEMM kernels), SUM,
  // REDUCE_MAX and REDUCE_MIN.
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 3, 3, 4});
  Attrs up;
  up.padding = Padding::kSame;
  up.stride_h = up.stride_w = 2;
  ValueId h = b.op(
      OpKind::kTransposeConv,
      {b.constant_i32("out_shape", {4}, {1, 6, 6, 5}),
       b.constant("tw", {5, 3, 3, 4}, ramp(180, 0.4f)), x, b.constant("tb", {5}, ramp(5, 0.3f))},
      up, "upsample", DType::kFloat32);  // [1,6,6,5]
  h = b.op(OpKind::kReshape, {h, b.constant_i32("rows", {3}, {1, 36, 5})}, {}, "rows");
  h = b.op(OpKind::kBatchMatMul, {h, b.constant("rhs", {5, 3}, ramp(15, 0.7f, 0.2f))}, {},
           "matmul");  // [1,36,3]
  Attrs keep;
  keep.keep_dims = true;
  const ValueId sum = b.op(OpKind::kSum, {h, b.constant_i32("sum_axis", {1}, {1})}, keep, "sum");
  const ValueId mx =
      b.op(OpKind::kReduceMax, {h, b.constant_i32("max_axis", {1}, {1})}, keep, "max");
  const ValueId mn =
      b.op(OpKind::kReduceMin, {h, b.constant_i32("min_axis", {1}, {1})}, keep, "min");
  auto g = b.finish({sum, mx, mn});
  ASSERT_TRUE(g.ok()) << g.message();

  QuantizeReport report;
  auto q = quantize_model(*g, samples_for(*g, 16), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);
  for (OpKind k : {OpKind::kTransposeConv, OpKind::kBatchMatMul, OpKind::kSum, OpKind::kReduceMax,
                   OpKind::kReduceMin}) {
    EXPECT_EQ(count_ops(*q, k), 1) << op_name(k);
  }
  for (const Node& n : q->nodes) {
    if (n.op == OpKind::kTransposeConv) {
      EXPECT_EQ(q->input_type(n, 1).dtype, DType::kInt8);
      EXPECT_EQ(q->input_type(n, 1).quant->scales.size(), 5u);  // per channel
      EXPECT_EQ(q->input_type(n, 3).dtype, DType::kInt32);
    }
    if (n.op == OpKind::kBatchMatMul) {
      EXPECT_EQ(q->input_type(n, 1).quant->zero_point(), 0);  // symmetric constant rhs
    }
  }
  auto cmp = compare_models(*g, *q, samples_for(*g, 8, 9));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  for (size_t o = 0; o < cmp->outputs.size(); ++o) {
    EXPECT_GT(cmp->outputs[o].sqnr_db, 25.0) << "output " << o << "\n" << format_compare(*cmp, 10);
  }
}

TEST(Quantizer, Int16ModeCoversDenseAddPoolAndSoftmax) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 4, 4, 2});
  Attrs pool;
  pool.padding = Padding::kValid;
  pool.filter_h = pool.filter_w = 2;
  pool.stride_h = pool.stride_w = 2;
  ValueId h = b.op(OpKind::kAveragePool2D, {x}, pool, "pool");  // [1,2,2,2]
  h = b.op(OpKind::kAdd, {h, b.constant("bias", {2}, {0.25f, -0.5f})}, {}, "add");
  h = b.op(OpKind::kReshape, {h, b.constant_i32("shape", {2}, {1, 8})}, {}, "flat");
  h = b.op(OpKind::kFullyConnected,
           {h, b.constant("w", {3, 8}, ramp(24, 0.5f)), b.constant("b", {3}, ramp(3, 0.2f))}, {},
           "fc");
  h = b.op(OpKind::kSoftmax, {h}, {}, "probs");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();
  QuantizeOptions o;
  o.activations = DType::kInt16;
  QuantizeReport report;
  auto q = quantize_model(*g, samples_for(*g, 8), o, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only());
  for (const Node& n : q->nodes) {
    EXPECT_EQ(q->output_type(n, 0).dtype, DType::kInt16) << op_name(n.op);
    EXPECT_EQ(q->output_type(n, 0).quant->zero_point(), 0) << op_name(n.op);
  }
  EXPECT_EQ(q->output_type(q->nodes.back(), 0).quant->scale(), 1.0f / 32768);
  // On the calibration samples themselves (no clipping): what remains is 16-bit arithmetic noise
  // and the int8 weights.
  auto cmp = compare_models(*g, *q, samples_for(*g, 8));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 40.0) << format_compare(*cmp, 10);
}

// Comparisons give bool tensors, which carry over; their float inputs become integer (the kernels
// rescale each input on its own); SELECT_V2's value inputs take its output's parameters.
TEST(Quantizer, ComparisonLogicalAndSelectBecomeInteger) {
  GraphBuilder b;
  const ValueId x = b.input("x", {2, 8});
  const ValueId y = b.input("y", {2, 8});
  const ValueId wide = b.op(OpKind::kMul, {y, b.constant("three", {1}, {3.0f})}, {}, "wide");
  const ValueId gt = b.op(OpKind::kGreater, {x, wide}, {}, "gt", DType::kBool);
  const ValueId le =
      b.op(OpKind::kLessEqual, {x, b.constant("half", {1}, {0.5f})}, {}, "le", DType::kBool);
  const ValueId both = b.op(OpKind::kLogicalAnd, {gt, le}, {}, "both", DType::kBool);
  const ValueId pick = b.op(OpKind::kSelectV2, {both, x, wide}, {}, "pick");
  auto g = b.finish({pick, both});
  ASSERT_TRUE(g.ok()) << g.message();
  QuantizeReport report;
  auto q = quantize_model(*g, samples_for(*g, 16), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);
  for (const Node& n : q->nodes) {
    if (n.op == OpKind::kGreater || n.op == OpKind::kLessEqual) {
      EXPECT_EQ(q->input_type(n, 0).dtype, DType::kInt8);
      EXPECT_EQ(q->output_type(n, 0).dtype, DType::kBool);
    }
    if (n.op == OpKind::kSelectV2) {
      for (size_t k = 1; k < 3; ++k) {
        EXPECT_EQ(q->input_type(n, k).quant->scale(), q->output_type(n, 0).quant->scale());
        EXPECT_EQ(q->input_type(n, k).quant->zero_point(),
                  q->output_type(n, 0).quant->zero_point());
      }
    }
  }
  // Written, read back and run: the selected values follow the float model.
  auto bytes = write_tflite(*q);
  ASSERT_TRUE(bytes.ok());
  auto back = read_tflite(*bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  auto cmp = compare_models(*g, *back, samples_for(*g, 8, 5));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 25.0) << format_compare(*cmp, 10);
}

TEST(Quantizer, Int16ComparisonOtherThanGreaterIsNamed) {
  GraphBuilder b;
  const ValueId x = b.input("x", {4});
  const ValueId eq =
      b.op(OpKind::kEqual, {x, b.constant("zero", {1}, {0.0f})}, {}, "eq", DType::kBool);
  auto g = b.finish({eq});
  ASSERT_TRUE(g.ok()) << g.message();
  QuantizeOptions o;
  o.activations = DType::kInt16;
  auto q = quantize_model(*g, samples_for(*g, 4), o);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.message().find("no int16 kernel of EQUAL"), std::string::npos) << q.message();
  EXPECT_NE(q.message().find("GREATER only"), std::string::npos) << q.message();
}

// Each op of the second group becomes integer, with the parameters its TFLM kernel needs: PRELU's
// alpha int8, MAXIMUM/MINIMUM inputs on the output's parameters, ADD_N inputs on one, LOG_SOFTMAX
// and L2_NORMALIZATION outputs fixed; SHAPE and ZEROS_LIKE fold away (their outputs do not depend
// on values); the quantized model follows the float one. ADD_N is a side output: TFLM's int8 ADD_N
// starts its sum at the input offset instead of 0 (octet reproduces it), so its result is off by
// -zero_point * scale and is not compared with the float sum.
TEST(Quantizer, ArithmeticNormalizationAndSumOpsBecomeInteger) {
  GraphBuilder b;
  const ValueId x = b.input("x", {2, 8});
  const ValueId y = b.input("y", {2, 8});
  ValueId h = b.op(OpKind::kPrelu, {x, b.constant("alpha", {8}, ramp(8, 0.3f))}, {}, "prelu");
  const ValueId m = b.op(OpKind::kMaximum, {h, y}, {}, "max");
  const ValueId n = b.op(OpKind::kMinimum, {h, y}, {}, "min");
  const ValueId d = b.op(OpKind::kSquaredDifference, {m, n}, {}, "sqdiff");
  const ValueId a = b.op(OpKind::kAbs, {y}, {}, "abs");
  const ValueId sum = b.op(OpKind::kAddN, {d, a, m}, {}, "add_n");
  const ValueId zeros = b.op(OpKind::kZerosLike, {x}, {}, "zeros");
  Attrs cum;
  cum.exclusive = true;
  const ValueId c =
      b.op(OpKind::kCumsum,
           {b.op(OpKind::kAdd, {d, zeros}, {}, "plus_zero"), b.constant_i32("axis", {}, {1})}, cum,
           "cumsum");
  const ValueId e = b.op(OpKind::kElu, {c}, {}, "elu");
  const ValueId ls = b.op(OpKind::kLogSoftmax, {e}, {}, "log_softmax");
  const ValueId l2 = b.op(OpKind::kL2Normalization, {e}, {}, "l2");
  auto g = b.finish({ls, l2, sum});
  ASSERT_TRUE(g.ok()) << g.message();
  QuantizeReport report;
  auto q = quantize_model(*g, samples_for(*g, 16), {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);
  EXPECT_EQ(count_ops(*q, OpKind::kZerosLike), 0);  // folded into a constant
  for (const Node& node : q->nodes) {
    if (node.op == OpKind::kPrelu) EXPECT_EQ(q->input_type(node, 1).dtype, DType::kInt8);
    if (node.op == OpKind::kMaximum || node.op == OpKind::kMinimum) {
      for (size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(q->input_type(node, k).quant->scale(), q->output_type(node, 0).quant->scale());
      }
    }
    if (node.op == OpKind::kAddN) {
      for (size_t k = 1; k < node.inputs.size(); ++k) {
        EXPECT_EQ(q->input_type(node, k).quant->scale(), q->input_type(node, 0).quant->scale());
        EXPECT_EQ(q->input_type(node, k).quant->zero_point(),
                  q->input_type(node, 0).quant->zero_point());
      }
    }
    if (node.op == OpKind::kLogSoftmax) {
      EXPECT_EQ(q->output_type(node, 0).quant->scale(), 16.0f / 256);
      EXPECT_EQ(q->output_type(node, 0).quant->zero_point(), 127);
    }
    if (node.op == OpKind::kL2Normalization) {
      EXPECT_EQ(q->output_type(node, 0).quant->scale(), 1.0f / 128);
    }
  }
  auto bytes = write_tflite(*q);
  ASSERT_TRUE(bytes.ok());
  auto back = read_tflite(*bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  auto cmp = compare_models(*g, *back, samples_for(*g, 8, 9));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 15.0) << format_compare(*cmp, 10);
  // L2_NORMALIZATION divides each row by its own norm: a row of small codes (the input quantized
  // over both rows' range) carries its rounding relative to that small norm.
  EXPECT_GT(cmp->outputs[1].sqnr_db, 8.0) << format_compare(*cmp, 10);
}

// int16 activations: LOGISTIC and TANH have int16 kernels (fixed output 2^-15); ELU does not and
// is named with TFLM's reason.
TEST(Quantizer, Int16LogisticAndTanhAreIntegerEluIsNamed) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 16});
  const ValueId t = b.op(OpKind::kTanh, {b.op(OpKind::kLogistic, {x}, {}, "sigmoid")}, {}, "tanh");
  auto g = b.finish({t});
  ASSERT_TRUE(g.ok()) << g.message();
  QuantizeOptions o;
  o.activations = DType::kInt16;
  auto q = quantize_model(*g, samples_for(*g, 8), o);
  ASSERT_TRUE(q.ok()) << q.message();
  for (const Node& n : q->nodes) {
    EXPECT_EQ(q->output_type(n, 0).dtype, DType::kInt16);
    EXPECT_EQ(q->output_type(n, 0).quant->scale(), 1.0f / 32768);
  }
  auto cmp = compare_models(*g, *q, samples_for(*g, 8));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, 40.0) << format_compare(*cmp, 10);

  GraphBuilder b2;
  const ValueId x2 = b2.input("x", {1, 16});
  auto g2 = b2.finish({b2.op(OpKind::kElu, {x2}, {}, "elu")});
  ASSERT_TRUE(g2.ok());
  auto q2 = quantize_model(*g2, samples_for(*g2, 4), o);
  ASSERT_FALSE(q2.ok());
  EXPECT_NE(q2.message().find("ELU takes int8 only"), std::string::npos) << q2.message();
}

// A CAST between integer types touches no float value: it carries over; a CAST of float values
// has no integer form and is named.
TEST(Quantizer, CastOfIntegersCarriesCastOfFloatsIsNamed) {
  GraphBuilder b;
  const ValueId x = b.input("x", {4});
  Attrs arg;
  arg.output_type = DType::kInt32;
  const ValueId top =
      b.op(OpKind::kArgMax, {x, b.constant_i32("axis", {}, {0})}, arg, "top", DType::kInt32);
  const ValueId i16 = b.op(OpKind::kCast, {top}, {}, "narrow", DType::kInt16);
  const ValueId wide = b.op(OpKind::kCast, {i16}, {}, "wide", DType::kInt32);
  const ValueId picked = b.op(OpKind::kGather, {x, wide}, {}, "pick");
  auto g = b.finish({picked});
  ASSERT_TRUE(g.ok()) << g.message();
  auto q = quantize_model(*g, samples_for(*g, 4), {});
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(count_ops(*q, OpKind::kCast), 2);

  GraphBuilder b2;
  const ValueId f = b2.input("f", {4});
  auto g2 = b2.finish({b2.op(OpKind::kCast, {f}, {}, "to_int", DType::kInt32)});
  ASSERT_TRUE(g2.ok());
  auto q2 = quantize_model(*g2, samples_for(*g2, 4), {});
  ASSERT_FALSE(q2.ok());
  EXPECT_NE(q2.message().find("no integer form of CAST"), std::string::npos) << q2.message();
}

}  // namespace
}  // namespace octet

namespace octet {
namespace {

// The runtime folds PAD into the following conv; compare must skip the tensor that no longer
// exists rather than read it.
TEST(Compare, SkipsTensorsTheRuntimeFoldedAway) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 6, 6, 2});
  ValueId h =
      b.op(OpKind::kPad, {x, b.constant_i32("pads", {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0})}, {}, "pad");
  Attrs valid;
  valid.padding = Padding::kValid;
  h = b.op(OpKind::kConv2D,
           {h, b.constant("w", {3, 3, 3, 2}, ramp(54, 0.3f)), b.constant("b", {3}, ramp(3, 0.1f))},
           valid, "conv");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();
  auto q = quantize_model(*g, samples_for(*g, 8), {});
  ASSERT_TRUE(q.ok()) << q.message();
  auto cmp = compare_models(*g, *q, samples_for(*g, 4, 3));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  for (const TensorError& e : cmp->layers) EXPECT_NE(e.name, "pad");
  EXPECT_GT(cmp->outputs[0].sqnr_db, 25.0);
}

TEST(Compare, JsonListsLayersInGraphOrderWithTheirOps) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 8});
  ValueId h =
      b.op(OpKind::kFullyConnected,
           {x, b.constant("w1", {6, 8}, ramp(48, 0.2f)), b.constant("b1", {6}, ramp(6, 0.1f))}, {},
           "fc1");
  h = b.op(OpKind::kTanh, {h}, {}, "tanh");
  h = b.op(OpKind::kFullyConnected,
           {h, b.constant("w2", {3, 6}, ramp(18, 0.3f)), b.constant("b2", {3}, ramp(3, 0.1f))}, {},
           "fc2");
  h = b.op(OpKind::kSoftmax, {h}, {}, "probs");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();
  auto q = quantize_model(*g, samples_for(*g, 8), {});
  ASSERT_TRUE(q.ok()) << q.message();
  auto cmp = compare_models(*g, *q, samples_for(*g, 4, 3));
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  const nlohmann::json j = nlohmann::json::parse(compare_json(*cmp));
  EXPECT_EQ(j["samples"], 4);
  // fc1, tanh and fc2 are shared intermediate tensors; they come in graph order whatever their
  // SQNR, each with the op that produced it in the quantized model.
  std::vector<std::string> names, ops;
  int last_node = -1;
  for (const auto& layer : j["layers"]) {
    names.push_back(layer["name"]);
    ops.push_back(layer["op"]);
    EXPECT_GT(layer["node"].get<int>(), last_node);
    last_node = layer["node"];
    EXPECT_EQ(q->nodes[last_node].outputs[0], [&] {
      for (ValueId v = 0; v < static_cast<ValueId>(q->values.size()); ++v) {
        if (q->value(v).name == layer["name"]) return v;
      }
      return kNoValue;
    }());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"fc1", "tanh", "fc2"}));
  EXPECT_EQ(ops, (std::vector<std::string>{"FULLY_CONNECTED", "TANH", "FULLY_CONNECTED"}));
  ASSERT_EQ(j["outputs"].size(), 1u);
  EXPECT_EQ(j["outputs"][0]["name"], "probs");
  EXPECT_EQ(j["outputs"][0]["elements"], 3);
  ASSERT_TRUE(j["outputs"][0]["top1_agreement"].is_number());
  EXPECT_DOUBLE_EQ(j["outputs"][0]["top1_agreement"].get<double>(), *cmp->top1_agreement[0]);
  EXPECT_DOUBLE_EQ(j["outputs"][0]["sqnr_db"].get<double>(), cmp->outputs[0].sqnr_db);

  // An exact tensor's infinite SQNR is written as "inf" (JSON has no infinity).
  CompareResult exact;
  exact.outputs.push_back(
      TensorError{"y", "output", 0, 4, std::numeric_limits<double>::infinity(), 0.0});
  exact.top1_agreement.push_back(std::nullopt);
  const nlohmann::json e = nlohmann::json::parse(compare_json(exact));
  EXPECT_EQ(e["outputs"][0]["sqnr_db"], "inf");
  EXPECT_TRUE(e["outputs"][0]["top1_agreement"].is_null());
}

}  // namespace
}  // namespace octet
