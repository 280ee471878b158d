// in_place_test.cc - elementwise ops that declare an in-place input (Step::in_place_inputs)
// let the planner put their output over a dead input: a chain of them needs a smaller arena, and
// gives exactly the bytes of a compile where every tensor has its own memory, at every ISA level
// (reference kernels and the AVX2 add alike). Also: int16 ADD/SUB with pot_scale_int16 runs TFLM's
// general kernel.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "ir/builder.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

QuantParams q(float scale, int64_t zero_point) {
  return QuantParams::per_tensor(scale, zero_point);
}

// Sets the dtype and quantization of a builder value.
void set_type(GraphBuilder& b, ValueId v, DType dtype, QuantParams quant) {
  b.graph().value(v).type.dtype = dtype;
  b.graph().value(v).type.quant = std::move(quant);
}

// x, y -> requantize -> RELU, TANH, LOGISTIC, ADD, SUB, MUL (broadcast), ADD with the constant
// first, HARD_SWISH, LEAKY_RELU, RELU6, RELU_N1_TO_1, requantize -> output; all [1,8,8,16] of
// one 8-bit dtype. Every op after the first two may run in place.
Graph chain(DType t) {
  const bool u8 = t == DType::kUInt8;
  const int64_t off = u8 ? 128 : 0;  // zero points move up by 128 for uint8
  GraphBuilder b;
  const Shape s{1, 8, 8, 16};
  const ValueId x = b.input("x", s, t), y = b.input("y", s, t);
  set_type(b, x, t, q(0.05f, 3 + off));
  set_type(b, y, t, q(0.04f, -7 + off));
  auto unary = [&](OpKind op, ValueId in, QuantParams out, Attrs a = {}) {
    const ValueId v = b.op(op, {in}, a);
    set_type(b, v, t, std::move(out));
    return v;
  };
  const ValueId q1 = unary(OpKind::kQuantize, x, q(0.06f, 1 + off));
  const ValueId q2 = unary(OpKind::kQuantize, y, q(0.03f, -2 + off));
  const ValueId r = unary(OpKind::kRelu, q1, q(0.06f, 1 + off));
  const ValueId th = unary(OpKind::kTanh, r, q(1.0f / 128, off));
  const ValueId lg = unary(OpKind::kLogistic, q2, q(1.0f / 256, -128 + off));
  const ValueId add = b.op(OpKind::kAdd, {th, lg});
  set_type(b, add, t, q(0.02f, -5 + off));
  const ValueId sub = b.op(OpKind::kSub, {add, q2});  // q2 is still read here: add is reused
  set_type(b, sub, t, q(0.05f, 4 + off));
  std::vector<uint8_t> per_channel(16);
  for (int i = 0; i < 16; ++i) per_channel[i] = static_cast<uint8_t>(i * 13 + 40);
  const ValueId c =
      b.graph().add_constant("c", TensorType{t, Shape{16}, q(0.01f, off)}, per_channel);
  const ValueId mul = b.op(OpKind::kMul, {sub, c});
  set_type(b, mul, t, q(0.03f, 2 + off));
  const ValueId add2 = b.op(OpKind::kAdd, {c, mul});  // the in-place input is input 1
  set_type(b, add2, t, q(0.04f, off));
  const ValueId hs = unary(OpKind::kHardSwish, add2, q(0.03f, -10 + off));
  Attrs leaky;
  leaky.alpha = 0.3f;
  const ValueId lr = unary(OpKind::kLeakyRelu, hs, q(0.02f, 6 + off), leaky);
  const ValueId r6 = unary(OpKind::kRelu6, lr, q(0.025f, -100 + off));
  const ValueId r1 = unary(OpKind::kReluN1To1, r6, q(0.01f, off));
  const ValueId out = unary(OpKind::kQuantize, r1, q(0.02f, 9 + off));
  auto g = b.finish({out});
  EXPECT_TRUE(g.ok()) << g.message();
  return g.ok() ? *g : Graph{};
}

std::vector<uint8_t> run(const Graph& g, CompileOptions o, int64_t* arena) {
  const testing::ModelRun r = testing::compile_and_run(g, o, 5);
  *arena = r.arena_bytes;
  return r.outputs.empty() ? std::vector<uint8_t>{} : r.outputs[0];
}

TEST(InPlace, ElementwiseChainReusesInputsAndMatchesSeparateBuffers) {
  for (DType t : {DType::kInt8, DType::kUInt8}) {
    const Graph g = chain(t);
    ASSERT_FALSE(g.nodes.empty());
    for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
      if (!isa_supported(isa)) continue;
      SCOPED_TRACE(fmt::format("{} {}", dtype_name(t), isa_name(isa)));
      CompileOptions o;
      o.isa = isa;
      int64_t in_place_arena = 0, separate_arena = 0, preserved_arena = 0;
      const auto in_place = run(g, o, &in_place_arena);
      o.allow_in_place = false;
      const auto separate = run(g, o, &separate_arena);
      o.preserve_intermediates = true;
      const auto preserved = run(g, o, &preserved_arena);
      EXPECT_EQ(in_place, preserved);
      EXPECT_EQ(separate, preserved);
      // 1024-byte tensors: in place, never more than three live at once (x, y, q1 at the first
      // op; afterwards q2 and one tensor updated in place).
      EXPECT_EQ(in_place_arena, 3 * 1024);
      EXPECT_LT(in_place_arena, separate_arena);
    }
  }
}

TEST(InPlace, NotOverAnInputReadLater) {
  // y = RELU(x'), z = ADD(x', y): RELU must not write over x', which ADD still reads.
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 64});
  const ValueId x2 = b.op(OpKind::kRelu6, {x});
  const ValueId y = b.op(OpKind::kRelu, {x2});
  const ValueId z = b.op(OpKind::kAdd, {x2, y});
  auto g = b.finish({z});
  ASSERT_TRUE(g.ok()) << g.message();
  for (Isa isa : {Isa::kReference, Isa::kAvx2}) {
    if (!isa_supported(isa)) continue;
    CompileOptions o;
    o.isa = isa;
    int64_t a1 = 0, a2 = 0;
    const auto got = run(*g, o, &a1);
    o.preserve_intermediates = true;
    EXPECT_EQ(got, run(*g, o, &a2));
  }
}

// TFLite Micro ignores pot_scale_int16 and runs its general int16 kernel either way (TFLite's
// power-of-two kernel is not in TFLM); octet follows TFLM. Scales 2^-12 in, 2^-11 out: every output
// is (x +- y) / 2, exact for even sums, saturating at the int16 limits.
TEST(ElementwiseOps, Int16AddWithPowerOfTwoScalesRunsTheGeneralKernel) {
  const std::vector<int16_t> x = {100, -200, 4000, 32767, -32768, 0, 2, -2};
  const std::vector<int16_t> y = {50, 300, -4000, 32767, -32768, 0, 2, 2};
  for (OpKind op : {OpKind::kAdd, OpKind::kSub}) {
    std::vector<int16_t> want(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
      const int32_t sum = op == OpKind::kAdd ? x[i] + y[i] : x[i] - y[i];
      want[i] = static_cast<int16_t>(std::clamp(sum / 2, -32768, 32767));
    }
    for (bool pot : {true, false}) {
      SCOPED_TRACE(fmt::format("{} pot_scale_int16={}", op_name(op), pot));
      GraphBuilder b;
      const ValueId vx = b.input("x", {1, 8}, DType::kInt16);
      const ValueId vy = b.input("y", {1, 8}, DType::kInt16);
      set_type(b, vx, DType::kInt16, q(1.0f / 4096, 0));
      set_type(b, vy, DType::kInt16, q(1.0f / 4096, 0));
      Attrs a;
      a.pot_scale_int16 = pot;
      const ValueId z = b.op(op, {vx, vy}, a);
      set_type(b, z, DType::kInt16, q(1.0f / 2048, 0));
      auto g = b.finish({z});
      ASSERT_TRUE(g.ok()) << g.message();
      auto m = CompiledModel::compile(*g);
      ASSERT_TRUE(m.ok()) << m.message();
      std::memcpy((*m)->input_data(0).data(), x.data(), 16);
      std::memcpy((*m)->input_data(1).data(), y.data(), 16);
      ASSERT_TRUE((*m)->invoke().ok());
      std::vector<int16_t> got(8);
      std::memcpy(got.data(), (*m)->output_data(0).data(), 16);
      EXPECT_EQ(got, want);
    }
  }
}

}  // namespace
}  // namespace octet
