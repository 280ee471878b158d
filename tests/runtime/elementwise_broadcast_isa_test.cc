// elementwise_broadcast_isa_test.cc - ADD, SUB and MUL through the runtime at the reference and
// AVX2 levels give the same bytes for every input layout the AVX2 kernels take (equal shapes, a
// scalar or a row of the innermost dimensions, first or second) and for one they leave to the
// reference.
#include <gtest/gtest.h>

#include <iterator>

#include "ir/builder.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

QuantParams q(float scale, int64_t zero_point) {
  return QuantParams::per_tensor(scale, zero_point);
}

Graph binary_graph(OpKind op, DType t, const Shape& s1, const Shape& s2, const Shape& so) {
  const int64_t off = t == DType::kUInt8 ? 128 : 0;
  GraphBuilder b;
  const ValueId x = b.input("x", s1, t), y = b.input("y", s2, t);
  b.graph().value(x).type.quant = q(0.05f, 3 + off);
  b.graph().value(y).type.quant = q(0.04f, -7 + off);
  Attrs a;
  a.activation = FusedActivation::kRelu6;
  const ValueId z = b.op(op, {x, y}, a);
  b.graph().value(z).type.dtype = t;
  b.graph().value(z).type.quant = q(op == OpKind::kMul ? 0.003f : 0.06f, -20 + off);
  EXPECT_EQ(b.graph().value(z).type.shape, so);
  auto g = b.finish({z});
  EXPECT_TRUE(g.ok()) << g.message();
  return g.ok() ? *g : Graph{};
}

std::vector<uint8_t> run(const Graph& g, Isa isa) {
  CompileOptions o;
  o.isa = isa;
  const testing::ModelRun r = testing::compile_and_run(g, o, 11);
  return r.outputs.empty() ? std::vector<uint8_t>{} : r.outputs[0];
}

TEST(ElementwiseBroadcast, Avx2MatchesReferenceForEveryLayout) {
  if (!isa_supported(Isa::kAvx2)) GTEST_SKIP() << "this CPU does not support avx2";
  const Shape full{1, 5, 7, 19};
  const Shape layouts[][2] = {
      {full, full}, {full, {1}},           {{1}, full},     {full, {19}},
      {{19}, full}, {full, {1, 1, 1, 19}}, {{7, 19}, full}, {full, {1, 5, 1, 19}},
  };
  for (OpKind op : {OpKind::kAdd, OpKind::kSub, OpKind::kMul}) {
    for (DType t : {DType::kInt8, DType::kUInt8}) {
      for (size_t i = 0; i < std::size(layouts); ++i) {
        const auto& l = layouts[i];
        const Graph g = binary_graph(op, t, l[0], l[1], full);
        ASSERT_FALSE(g.nodes.empty());
        SCOPED_TRACE(fmt::format("{} {} layout {}", op_name(op), dtype_name(t), i));
        const auto want = run(g, Isa::kReference);
        ASSERT_EQ(want.size(), static_cast<size_t>(full.elements()));
        EXPECT_EQ(run(g, Isa::kAvx2), want);
      }
    }
  }
}

}  // namespace
}  // namespace octet
