// pad_folding_test.cc - fold_pad_into_conv on hand-written graphs: which PADs fold (before/after
// on the IR text), which do not (channel pads, a pad value other than the zero point, a second
// reader, an int16 zero point), that the folded graph computes the same bytes as PAD + conv at
// every ISA level, and that the writer turns explicit padding back into standard PAD + VALID.
#include "passes/pad_folding.h"

#include <gtest/gtest.h>

#include <cstring>

#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "io/tensor_file.h"
#include "ir/builder.h"
#include "ir/printer.h"
#include "runtime/compiled_model.h"

namespace octet {
namespace {

QuantParams q(float scale, int64_t zero_point) {
  return QuantParams::per_tensor(scale, zero_point);
}

struct PadConv {
  DType type = DType::kInt8;
  OpKind conv = OpKind::kConv2D;
  std::vector<int32_t> paddings = {0, 0, 1, 2, 0, 1, 0, 0};  // NHWC before/after
  Padding conv_padding = Padding::kValid;
  int32_t stride = 1;
  int64_t zero_point = -5;
  bool second_reader = false;
  OpKind pad_op = OpKind::kPad;
  int64_t padv2_value = -5;  // PADV2's constant (quantized)
};

// x -> PAD -> CONV_2D / DEPTHWISE_CONV_2D (3x3) -> y, quantized 8-bit (or int16) or float.
Graph pad_conv(const PadConv& p) {
  const bool quantized = p.type != DType::kFloat32;
  const bool u8 = p.type == DType::kUInt8;
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 7, 6, 4}, p.type);
  if (quantized) b.graph().value(x).type.quant = q(0.05f, p.zero_point);
  const ValueId pads = b.constant_i32("paddings", {4, 2}, p.paddings);
  std::vector<ValueId> pad_inputs = {x, pads};
  if (p.pad_op == OpKind::kPadV2) {
    const size_t es = dtype_size(p.type);
    std::vector<uint8_t> bytes(es, 0);
    if (quantized) std::memcpy(bytes.data(), &p.padv2_value, es);  // little-endian
    TensorType ct{p.type, Shape{1},
                  quantized ? std::optional(q(0.05f, p.zero_point)) : std::nullopt};
    pad_inputs.push_back(b.graph().add_constant("pad_value", ct, bytes));
  }
  const ValueId padded = b.op(p.pad_op, pad_inputs, {}, "padded");
  if (quantized) b.graph().value(padded).type.quant = q(0.05f, p.zero_point);
  const bool dw = p.conv == OpKind::kDepthwiseConv2D;
  const int32_t out_c = dw ? 4 : 5;
  const Shape fs = dw ? Shape{1, 3, 3, 4} : Shape{5, 3, 3, 4};
  const DType wt = p.type == DType::kFloat32 ? DType::kFloat32 : u8 ? DType::kUInt8 : DType::kInt8;
  std::vector<uint8_t> wbytes(fs.elements() * dtype_size(wt));
  for (size_t i = 0; i < wbytes.size(); ++i) wbytes[i] = static_cast<uint8_t>(i * 37 + 11);
  if (wt == DType::kFloat32) {
    for (size_t i = 0; i < wbytes.size() / 4; ++i) {
      const float v = static_cast<float>(static_cast<int>(i % 7) - 3) * 0.25f;
      std::memcpy(wbytes.data() + 4 * i, &v, 4);
    }
  }
  TensorType wtype{wt, fs, std::nullopt};
  if (quantized) wtype.quant = q(0.01f, u8 ? 120 : 0);
  const ValueId w = b.graph().add_constant("w", wtype, wbytes);
  ValueId bias = kNoValue;
  if (p.type == DType::kInt16) {
    std::vector<int64_t> bv(out_c, 1000);
    bias = b.graph().add_constant_of<int64_t>(
        "b", TensorType{DType::kInt64, Shape{out_c}, q(0.05f * 0.01f, 0)},
        std::span<const int64_t>(bv));
  } else if (quantized) {
    std::vector<int32_t> bv(out_c, -300);
    bias = b.graph().add_constant_of<int32_t>(
        "b", TensorType{DType::kInt32, Shape{out_c}, q(0.05f * 0.01f, 0)},
        std::span<const int32_t>(bv));
  } else {
    bias = b.constant("b", {out_c}, std::vector<float>(out_c, 0.5f));
  }
  Attrs a;
  a.padding = p.conv_padding;
  a.stride_h = a.stride_w = p.stride;
  a.activation = FusedActivation::kRelu6;
  const ValueId y = b.op(p.conv, {padded, w, bias}, a, "conv");
  if (quantized) b.graph().value(y).type.quant = q(0.04f, u8 ? 130 : 3);
  std::vector<ValueId> outs = {y};
  if (p.second_reader) outs.push_back(b.op(OpKind::kRelu, {padded}, {}, "tap"));
  if (p.second_reader && quantized) b.graph().value(outs[1]).type.quant = q(0.05f, p.zero_point);
  auto g = b.finish(outs);
  EXPECT_TRUE(g.ok()) << g.message();
  return g.ok() ? *g : Graph{};
}

std::vector<std::vector<uint8_t>> run(const Graph& g, CompileOptions o) {
  auto m = CompiledModel::compile(g, o);
  EXPECT_TRUE(m.ok()) << m.message();
  if (!m.ok()) return {};
  for (size_t i = 0; i < (*m)->input_count(); ++i) {
    const auto in = random_tensor((*m)->input_type(i), 17 + i);
    std::memcpy((*m)->input_data(i).data(), in.data(), in.size());
  }
  EXPECT_TRUE((*m)->invoke().ok());
  std::vector<std::vector<uint8_t>> outs;
  for (size_t j = 0; j < (*m)->output_count(); ++j) {
    const auto d = (*m)->output_data(j);
    outs.emplace_back(d.begin(), d.end());
  }
  return outs;
}

// Folded or not, every ISA level gives the bytes of the unfolded reference.
void expect_same_results(const Graph& g) {
  CompileOptions o;
  o.isa = Isa::kReference;
  o.fold_pads = false;
  const auto want = run(g, o);
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!isa_supported(isa)) continue;
    for (bool fold : {true, false}) {
      o.isa = isa;
      o.fold_pads = fold;
      EXPECT_EQ(run(g, o), want) << isa_name(isa) << (fold ? " folded" : " unfolded");
    }
  }
}

TEST(PadFolding, FoldsAsymmetricPadIntoValidConv) {
  Graph g = pad_conv({});
  const size_t values = g.values.size();
  const ValueId padded = g.nodes[0].outputs[0];
  auto n = fold_pad_into_conv(g);
  ASSERT_TRUE(n.ok()) << n.message();
  EXPECT_EQ(*n, 1);
  ASSERT_EQ(g.nodes.size(), 1u);
  EXPECT_EQ(g.nodes[0].op, OpKind::kConv2D);
  EXPECT_EQ(g.nodes[0].inputs[0], g.inputs[0]);
  EXPECT_EQ(g.nodes[0].attrs.padding, Padding::kExplicit);
  EXPECT_EQ(g.nodes[0].attrs.explicit_padding, (ExplicitPadding{1, 2, 0, 1}));
  EXPECT_NE(print_graph(g).find("pad=EXPLICIT(1,2,0,1)"), std::string::npos) << print_graph(g);
  // Value ids are kept: the PAD's output is still there, produced by nobody.
  EXPECT_EQ(g.values.size(), values);
  EXPECT_EQ(g.value(padded).name, "padded");
  expect_same_results(pad_conv({}));
}

TEST(PadFolding, AddsToTheConvolutionsOwnPadding) {
  PadConv p;
  p.conv = OpKind::kDepthwiseConv2D;
  p.conv_padding = Padding::kSame;
  p.stride = 2;
  p.paddings = {0, 0, 0, 1, 2, 0, 0, 0};
  Graph g = pad_conv(p);
  ASSERT_EQ(*fold_pad_into_conv(g), 1);
  // SAME on the padded 8x8 input with stride 2 and a 3x3 filter pads 0 before and 1 after.
  EXPECT_EQ(g.nodes[0].attrs.explicit_padding, (ExplicitPadding{0, 2, 2, 1}));
  expect_same_results(pad_conv(p));
}

TEST(PadFolding, EveryTypeAndPadV2WithTheZeroPoint) {
  for (DType t : {DType::kInt8, DType::kUInt8, DType::kFloat32}) {
    for (OpKind conv : {OpKind::kConv2D, OpKind::kDepthwiseConv2D}) {
      PadConv p;
      p.type = t;
      p.conv = conv;
      p.zero_point = t == DType::kUInt8 ? 255 : (t == DType::kInt8 ? -128 : 0);
      p.stride = 2;
      SCOPED_TRACE(fmt::format("{} {}", dtype_name(t), op_name(conv)));
      Graph g = pad_conv(p);
      EXPECT_EQ(*fold_pad_into_conv(g), 1);
      expect_same_results(pad_conv(p));
      p.pad_op = OpKind::kPadV2;
      p.padv2_value = p.zero_point;
      g = pad_conv(p);
      EXPECT_EQ(*fold_pad_into_conv(g), 1);
      expect_same_results(pad_conv(p));
    }
  }
}

TEST(PadFolding, LeavesPadsThatAreNotASkippedTap) {
  PadConv batch;  // pads N (C pads would not fit the filter)
  batch.paddings = {1, 0, 1, 1, 0, 0, 0, 0};
  PadConv value;  // PADV2 with another value
  value.pad_op = OpKind::kPadV2;
  value.padv2_value = 7;
  PadConv shared;  // the padded tensor has a second reader
  shared.second_reader = true;
  PadConv int16;  // int16 with a zero point: the kernels' skipped tap is 0, PAD writes zp
  int16.type = DType::kInt16;
  int16.zero_point = 3;
  int i = 0;
  for (const PadConv& p : {batch, value, shared, int16}) {
    SCOPED_TRACE(i++);
    Graph g = pad_conv(p);
    ASSERT_FALSE(g.nodes.empty());
    auto n = fold_pad_into_conv(g);
    ASSERT_TRUE(n.ok()) << n.message();
    EXPECT_EQ(*n, 0) << print_graph(g);
    EXPECT_EQ(g.nodes[0].op, p.pad_op);
  }
}

TEST(PadFolding, WriterExpandsExplicitPaddingBackToPadAndValid) {
  for (OpKind conv : {OpKind::kConv2D, OpKind::kDepthwiseConv2D}) {
    PadConv p;
    p.conv = conv;
    p.paddings = {0, 0, 2, 0, 1, 3, 0, 0};
    const Graph original = pad_conv(p);
    Graph folded = original;
    ASSERT_EQ(*fold_pad_into_conv(folded), 1);
    auto bytes = write_tflite(folded);
    ASSERT_TRUE(bytes.ok()) << bytes.message();
    auto back = read_tflite(*bytes);
    ASSERT_TRUE(back.ok()) << back.message();
    ASSERT_EQ(back->nodes.size(), 2u) << print_graph(*back);
    EXPECT_EQ(back->nodes[0].op, OpKind::kPad);
    EXPECT_EQ(back->nodes[1].op, conv);
    EXPECT_EQ(back->nodes[1].attrs.padding, Padding::kValid);
    const auto pads = back->value(back->nodes[0].inputs[1]).as<int32_t>();
    EXPECT_EQ(std::vector<int32_t>(pads.begin(), pads.end()),
              (std::vector<int32_t>{0, 0, 2, 0, 1, 3, 0, 0}));
    EXPECT_EQ(back->type(back->nodes[0].outputs[0]), original.type(original.nodes[0].outputs[0]));
    CompileOptions o;
    o.isa = Isa::kReference;
    EXPECT_EQ(run(*back, o), run(original, o));
    // The graph given to the writer is not changed.
    EXPECT_EQ(folded.nodes.size(), 1u);
  }
}

}  // namespace
}  // namespace octet
