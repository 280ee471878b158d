// pattern_test.cc - the declarative matcher on small hand-written graphs: constants bind as
// constants, commutative ops match either way round, single_use guards fusion, and the graph
// passes built on it rewrite as expected (before/after checked on the IR).
#include "passes/pattern.h"

#include <gtest/gtest.h>

#include "ir/builder.h"
#include "ir/printer.h"
#include "passes/graph_passes.h"

namespace octet {
namespace {

struct ConvGraph {
  Graph g;
  ValueId x, w, b, conv, relu, extra;
};

// x -> CONV(w, b) -> MUL(scale) -> RELU, and optionally a second reader of the conv output.
ConvGraph conv_graph(bool second_reader, bool scale_first) {
  GraphBuilder bld;
  ConvGraph c;
  c.x = bld.input("x", {1, 4, 4, 2});
  c.w = bld.constant("w", {3, 1, 1, 2}, {1, 2, 3, 4, 5, 6});
  c.b = bld.constant("b", {3}, {0.5f, 0.25f, -1.0f});
  c.conv = bld.op(OpKind::kConv2D, {c.x, c.w, c.b}, {}, "conv");
  const ValueId scale = bld.constant("scale", {3}, {2, 3, 4});
  const ValueId mul = scale_first ? bld.op(OpKind::kMul, {scale, c.conv}, {}, "mul")
                                  : bld.op(OpKind::kMul, {c.conv, scale}, {}, "mul");
  c.relu = bld.op(OpKind::kRelu, {mul}, {}, "relu");
  std::vector<ValueId> outs = {c.relu};
  if (second_reader) outs.push_back(bld.op(OpKind::kTanh, {c.conv}, {}, "tap"));
  c.g = *bld.finish(outs);
  return c;
}

TEST(Pattern, BindsConstantsAndNamedOps) {
  ConvGraph c = conv_graph(false, false);
  const Pattern p =
      op(OpKind::kMul,
         {op(OpKind::kConv2D, {any("x"), constant("w"), constant_or_absent("b")}, "conv"),
          constant("s")},
         "mul");
  const auto m = find_all(c.g, p);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].value("x"), c.x);
  EXPECT_EQ(m[0].value("w"), c.w);
  EXPECT_EQ(m[0].value("b"), c.b);
  EXPECT_EQ(m[0].node("conv"), 0);
  EXPECT_EQ(m[0].node("mul"), 1);
}

TEST(Pattern, CommutativeOpsMatchEitherOrder) {
  ConvGraph c = conv_graph(false, true);  // MUL(scale, conv)
  const Pattern p = op(OpKind::kMul, {op(OpKind::kConv2D), constant("s")});
  EXPECT_EQ(find_all(c.g, p).size(), 1u);
}

TEST(Pattern, ConstantDoesNotMatchAnActivation) {
  ConvGraph c = conv_graph(false, false);
  EXPECT_TRUE(find_all(c.g, op(OpKind::kConv2D, {constant(), any()})).empty());
}

TEST(Pattern, SingleUseRefusesAProducerWithTwoReaders) {
  ConvGraph c = conv_graph(true, false);
  EXPECT_EQ(find_all(c.g, op(OpKind::kMul, {op(OpKind::kConv2D), constant()})).size(), 1u);
  EXPECT_TRUE(
      find_all(c.g, op(OpKind::kMul, {op(OpKind::kConv2D).single_use(), constant()})).empty());
}

TEST(GraphPasses, FoldBatchNormScalesWeightsAndBiasPerChannel) {
  ConvGraph c = conv_graph(false, false);
  auto folded = fold_batch_norm(c.g);
  ASSERT_TRUE(folded.ok());
  EXPECT_EQ(*folded, 1);
  ASSERT_EQ(c.g.nodes.size(), 2u);  // CONV, RELU
  const Node& conv = c.g.nodes[0];
  const auto w = c.g.value(conv.inputs[1]).as<float>();
  const auto b = c.g.value(conv.inputs[2]).as<float>();
  // Output channel o of an OHWI filter is scaled by scale[o]: {1,2}*2, {3,4}*3, {5,6}*4.
  EXPECT_EQ(std::vector<float>(w.begin(), w.end()), (std::vector<float>{2, 4, 9, 12, 20, 24}));
  EXPECT_EQ(std::vector<float>(b.begin(), b.end()), (std::vector<float>{1.0f, 0.75f, -4.0f}));
  auto fused = fuse_activations(c.g);
  ASSERT_TRUE(fused.ok());
  EXPECT_EQ(*fused, 1);
  ASSERT_EQ(c.g.nodes.size(), 1u);
  EXPECT_EQ(c.g.nodes[0].attrs.activation, FusedActivation::kRelu);
  EXPECT_EQ(c.g.value(c.g.outputs[0]).name, "relu");  // the graph output keeps its name
}

TEST(GraphPasses, NoFoldWhenTheConvOutputHasAnotherReader) {
  ConvGraph c = conv_graph(true, false);
  const std::string before = print_graph(c.g);
  auto folded = fold_batch_norm(c.g);
  ASSERT_TRUE(folded.ok());
  EXPECT_EQ(*folded, 0);
  EXPECT_EQ(print_graph(c.g), before);
}

}  // namespace
}  // namespace octet
