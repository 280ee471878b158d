// BATCH_MATMUL: prepare + reference kernels on hand-derived cases: zero points on both operands,
// the adjoint flags, batch broadcasting, int16 with the 64-bit requantization, float, and the
// shape errors.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/batch_matmul.h"
#include "octet_kernels.h"

namespace octet {
namespace {

// lhs [[2 3 4], [1 1 1]] (zero point 1), rhs [[-1 0], [-2 2], [0 -2]] (zero point -2); scales
// 0.5 x 1 / 1 = multiplier 0.5, output zero point 3. Centered: lhs [[1 2 3], [0 0 0]], rhs
// [[1 2], [0 4], [2 0]]; sums [[7 10], [0 0]] -> 3.5, 5, 0, 0 -> rounded away from zero + 3.
const std::vector<int8_t> kOut = {7, 8, 3, 3};

std::vector<int8_t> run_s8(const Shape& lhs_shape, const std::vector<int8_t>& lhs,
                           const Shape& rhs_shape, const std::vector<int8_t>& rhs, bool adj_x,
                           bool adj_y) {
  auto p = prepare_batch_matmul(DType::kInt8, lhs_shape, rhs_shape, adj_x, adj_y, {0.5f, 1},
                                {1.0f, -2}, {1.0f, 3});
  EXPECT_TRUE(p.ok()) << p.message();
  if (!p.ok()) return {};
  std::vector<int8_t> out(static_cast<size_t>(p->output_shape.elements()));
  octet_ref_batch_matmul_s8(&p->params, lhs.data(), rhs.data(), out.data());
  return out;
}

TEST(BatchMatMul, Int8ZeroPointsOnBothSides) {
  EXPECT_EQ(run_s8(Shape{1, 2, 3}, {2, 3, 4, 1, 1, 1}, Shape{1, 3, 2}, {-1, 0, -2, 2, 0, -2}, false,
                   false),
            kOut);
}

TEST(BatchMatMul, AdjointFlagsReadTheOperandsTransposed) {
  // lhs stored [3, 2] (adj_x), rhs stored [2, 3] (adj_y): the same product.
  EXPECT_EQ(run_s8(Shape{1, 3, 2}, {2, 1, 3, 1, 4, 1}, Shape{1, 3, 2}, {-1, 0, -2, 2, 0, -2}, true,
                   false),
            kOut);
  EXPECT_EQ(run_s8(Shape{1, 2, 3}, {2, 3, 4, 1, 1, 1}, Shape{1, 2, 3}, {-1, -2, 0, 0, 2, -2}, false,
                   true),
            kOut);
}

TEST(BatchMatMul, BroadcastBatchesAndSaturation) {
  // lhs [2, 1, 3]: the first batch is row 0 above, the second (127 127 127) saturates; rhs [3, 2]
  // broadcast to both.
  auto p = prepare_batch_matmul(DType::kInt8, Shape{2, 1, 3}, Shape{3, 2}, false, false, {0.5f, 1},
                                {1.0f, -2}, {1.0f, 3});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 1, 2}));
  const std::vector<int8_t> lhs = {2, 3, 4, 127, 127, 127}, rhs = {-1, 0, -2, 2, 0, -2};
  std::vector<int8_t> out(4);
  octet_ref_batch_matmul_s8(&p->params, lhs.data(), rhs.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{7, 8, 127, 127}));
  // [2, 1, 3] x [3, 1, 3, 2] broadcasts to [3, 2, 1, 2].
  auto q = prepare_batch_matmul(DType::kInt8, Shape{2, 1, 3}, Shape{3, 1, 3, 2}, false, false,
                                {0.5f, 1}, {1.0f, -2}, {1.0f, 3});
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(q->output_shape, (Shape{3, 2, 1, 2}));
}

TEST(BatchMatMul, Int16SixtyFourBitRequantization) {
  // (1000 -2000) . (3 4) = -5000, multiplier 0.5: -2499.5 rounds to -2500 (TFLite's 64-bit
  // MultiplyByQuantizedMultiplier rounds half up).
  auto p = prepare_batch_matmul(DType::kInt16, Shape{1, 2}, Shape{2, 1}, false, false, {1.0f, 0},
                                {1.0f, 0}, {2.0f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  const int16_t lhs[2] = {1000, -2000}, rhs[2] = {3, 4};
  int16_t out[1];
  octet_ref_batch_matmul_s16(&p->params, lhs, rhs, out);
  EXPECT_EQ(out[0], -2500);
  EXPECT_FALSE(prepare_batch_matmul(DType::kInt16, Shape{1, 2}, Shape{2, 1}, false, false,
                                    {1.0f, 1}, {1.0f, 0}, {2.0f, 0})
                   .ok());
}

TEST(BatchMatMul, FloatAndShapeErrors) {
  auto p =
      prepare_batch_matmul(DType::kFloat32, Shape{1, 2}, Shape{2, 2}, false, false, {}, {}, {});
  ASSERT_TRUE(p.ok()) << p.message();
  const float lhs[2] = {0.5f, -2.0f}, rhs[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  float out[2];
  octet_ref_batch_matmul_f32(&p->params, lhs, rhs, out);
  EXPECT_EQ(std::vector<float>(out, out + 2), (std::vector<float>{-5.5f, -7.0f}));
  EXPECT_FALSE(
      prepare_batch_matmul(DType::kFloat32, Shape{1, 2}, Shape{3, 2}, false, false, {}, {}, {})
          .ok());  // depth
  EXPECT_FALSE(prepare_batch_matmul(DType::kFloat32, Shape{2, 1, 2}, Shape{3, 2, 2}, false, false,
                                    {}, {}, {})
                   .ok());  // batch 2 vs 3
  EXPECT_FALSE(
      prepare_batch_matmul(DType::kFloat32, Shape{2}, Shape{2, 2}, false, false, {}, {}, {}).ok());
  EXPECT_FALSE(
      prepare_batch_matmul(DType::kUInt8, Shape{1, 2}, Shape{2, 2}, false, false, {}, {}, {}).ok());
}

TEST(BatchMatMul, EffectiveScalesPastTheShiftLimitsAreRefused) {
  // lhs x rhs / output = 2^6 is 0.5 with a left shift of 7: the int16 kernel's limit; 2^7 needs 8
  // (the fuzzer's model had an output scale of 7e-38: a shift of 100). int8 takes up to 30.
  const Shape l{1, 2}, r{2, 2};
  EXPECT_TRUE(
      prepare_batch_matmul(DType::kInt16, l, r, false, false, {8.0f, 0}, {8.0f, 0}, {1.0f, 0})
          .ok());
  auto past =
      prepare_batch_matmul(DType::kInt16, l, r, false, false, {8.0f, 0}, {16.0f, 0}, {1.0f, 0});
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.message().find("left shift of 8"), std::string::npos) << past.message();
  EXPECT_TRUE(
      prepare_batch_matmul(DType::kInt8, l, r, false, false, {8.0f, 0}, {16.0f, 0}, {1.0f, 0})
          .ok());
  EXPECT_FALSE(
      prepare_batch_matmul(DType::kInt8, l, r, false, false, {1.0f, 0}, {1.0f, 0}, {1e-12f, 0})
          .ok());
}

// The lhs and rhs scales multiply in float (TFLite's effective scale): 3e38 * 3e38 is inf there.
TEST(BatchMatMul, EffectiveScaleOverflowingAFloatIsRefused) {
  auto p = prepare_batch_matmul(DType::kInt8, Shape{1, 2, 2}, Shape{1, 2, 2}, false, false,
                                {3e38f, 0}, {3e38f, 0}, {1.0f, 0});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.message().find("is not finite"), std::string::npos) << p.message();
}

}  // namespace
}  // namespace octet
