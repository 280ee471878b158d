// variable_tensor_test.cc - variable (state) tensors in the runtime: the memory planner gives them
// their own bytes for the whole model (no other tensor or scratch reuses them), so the state an
// op leaves in one invoke is there in the next; reset_variables() starts a new sequence (zero,
// an int8 state its zero point), and compile() starts with one.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "ir/builder.h"
#include "ir/ops_recurrent.h"
#include "runtime/compiled_model.h"

namespace octet {
namespace {

// input -> ADD(x, x) -> SVDF (state) -> ADD(y, y): the SVDF of svdf_test's hand case, with the
// input doubled first and the output doubled after, so tensors around the state are planned.
Graph svdf_chain() {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 2});
  const ValueId x2 = b.op(OpKind::kAdd, {x, x});
  const ValueId wf = b.constant("wf", {2, 2}, {1, 0, 0, 1});
  const ValueId wt = b.constant("wt", {2, 2}, {1, 2, 3, 4});
  const ValueId bias = b.constant("bias", {2}, {10, 20});
  const ValueId state = b.variable("state", {1, 4});
  Attrs a;
  a.rank = 1;
  const ValueId y = b.op(OpKind::kSvdf, {x2, wf, wt, bias, state}, a);
  const ValueId y2 = b.op(OpKind::kAdd, {y, y});
  auto g = b.finish({y2});
  EXPECT_TRUE(g.ok()) << g.message();
  return *g;
}

std::vector<float> run(CompiledModel& m, std::vector<float> x) {
  std::memcpy(m.input_data(0).data(), x.data(), x.size() * sizeof(float));
  EXPECT_TRUE(m.invoke().ok());
  const auto out = m.output_data(0);
  std::vector<float> y(out.size() / sizeof(float));
  std::memcpy(y.data(), out.data(), out.size());
  return y;
}

TEST(VariableTensors, StateCarriesOverInvokesAndResets) {
  const Graph g = svdf_chain();
  for (bool in_place : {true, false}) {
    CompileOptions options;
    options.isa = Isa::kReference;
    options.allow_in_place = in_place;
    auto m = CompiledModel::compile(g, options);
    ASSERT_TRUE(m.ok()) << m.message();
    // x doubled: [5, 7] -> [2.5, 3.5] in; out [20, 48] doubled.
    EXPECT_EQ(run(**m, {2.5f, 3.5f}), (std::vector<float>{40, 96}));
    EXPECT_EQ(run(**m, {0.5f, -0.5f}), (std::vector<float>{34, 74}));  // [17, 37] doubled
    (*m)->reset_variables();
    EXPECT_EQ(run(**m, {2.5f, 3.5f}), (std::vector<float>{40, 96}));
  }
}

TEST(VariableTensors, Int8StateStartsAtItsZeroPoint) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 2});
  const ValueId state = b.variable("state", {1, 3});
  Graph g = *b.finish({x});
  g.value(state).type = TensorType{DType::kInt8, Shape{1, 3}, QuantParams::per_tensor(0.5f, -7)};
  // An op must read the state for it to matter; planning alone must still give it bytes.
  auto m = CompiledModel::compile(g, CompileOptions{});
  ASSERT_TRUE(m.ok()) << m.message();
  const auto bytes = (*m)->tensor_data(state);
  ASSERT_EQ(bytes.size(), 3u);
  for (uint8_t v : bytes) EXPECT_EQ(static_cast<int8_t>(v), -7);
}

}  // namespace
}  // namespace octet
