// SUM, REDUCE_MAX and REDUCE_MIN: prepare + reference kernels on hand-derived cases (MEAN has
// mean_test.cc). SUM requantizes the plain sum (no 1 / count), clamps, and float sums without
// dividing; MAX/MIN keep raw values and need one quantization on both sides.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/prepare/reduce.h"
#include "octet_kernels.h"

namespace octet {
namespace {

octet_shape shape_of(std::initializer_list<int32_t> dims) {
  octet_shape s{};
  for (int32_t d : dims) s.dims[s.rank++] = d;
  return s;
}

TEST(Sum, Int8RequantizesTheCenteredSumAndClamps) {
  // Rows of [2,3], input scale 0.5 zero point 2, output scale 1 zero point -1:
  //   (4 6 8):        18 - 2*3 = 12 -> 12 * 0.5 = 6 -> 5
  //   (3 2 2):         7 - 6   = 1  -> 0.5 rounds away from zero to 1 -> 0
  //   (-128 x3):    -384 - 6        -> -195 - 1, clamped to -128
  const octet_shape in = shape_of({3, 3});
  const std::vector<int32_t> axes = {1};
  auto plan = prepare_sum(DType::kInt8, in, axes, false, {0.5f, 2}, {1.0f, -1});
  ASSERT_TRUE(plan.ok()) << plan.message();
  EXPECT_EQ(plan->params.same_quantization, 0);
  const int8_t x[9] = {4, 6, 8, 3, 2, 2, -128, -128, -128};
  int8_t y[3];
  std::vector<int32_t> scratch(plan->scratch_bytes / sizeof(int32_t));
  octet_ref_mean_s8(&plan->params, &in, x, &plan->output_shape, y, scratch.data());
  EXPECT_EQ(std::vector<int8_t>(y, y + 3), (std::vector<int8_t>{5, 0, -128}));
}

TEST(Sum, SameQuantizationStillRequantizesAndInt16) {
  // TFLM's SUM has no same-quantization shortcut: with scale 1 on both sides and zero point 0 the
  // int16 sum of (30000 30000) saturates to 32767 instead of wrapping.
  const octet_shape in = shape_of({1, 2});
  const std::vector<int32_t> axes = {-1};
  auto plan = prepare_sum(DType::kInt16, in, axes, true, {1.0f, 0}, {1.0f, 0});
  ASSERT_TRUE(plan.ok()) << plan.message();
  EXPECT_EQ(plan->output_shape.rank, 2);
  const int16_t x[2] = {30000, 30000};
  int16_t y[1];
  std::vector<int32_t> scratch(plan->scratch_bytes / sizeof(int32_t));
  octet_ref_mean_s16(&plan->params, &in, x, &plan->output_shape, y, scratch.data());
  EXPECT_EQ(y[0], 32767);
}

TEST(Sum, FloatDoesNotDivide) {
  const octet_shape in = shape_of({2, 2});
  const std::vector<int32_t> axes = {0};
  auto plan = prepare_sum(DType::kFloat32, in, axes, false, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.message();
  const float x[4] = {1.5f, -2.0f, 0.25f, 4.0f};
  float y[2];
  octet_ref_mean_f32(&plan->params, &in, x, &plan->output_shape, y);
  EXPECT_EQ(std::vector<float>(y, y + 2), (std::vector<float>{1.75f, 2.0f}));
}

TEST(ReduceMaxMin, Int8OverTwoAxes) {
  // [2,2,2] reduced over axes 0 and 2 -> 2 values (the max / min of each middle index).
  const octet_shape in = shape_of({2, 2, 2});
  const std::vector<int32_t> axes = {0, -1};
  auto plan = prepare_reduce_max_min(DType::kInt8, in, axes, false, {0.1f, 3}, {0.1f, 3});
  ASSERT_TRUE(plan.ok()) << plan.message();
  //                  [0][0][*]  [0][1][*]  [1][0][*]  [1][1][*]
  const int8_t x[8] = {-5, 7, -128, 2, 9, -1, 100, 127};
  int8_t mx[2], mn[2];
  octet_ref_reduce_max_s8(&plan->params, &in, x, &plan->output_shape, mx);
  octet_ref_reduce_min_s8(&plan->params, &in, x, &plan->output_shape, mn);
  EXPECT_EQ(std::vector<int8_t>(mx, mx + 2), (std::vector<int8_t>{9, 127}));
  EXPECT_EQ(std::vector<int8_t>(mn, mn + 2), (std::vector<int8_t>{-5, -128}));
  EXPECT_FALSE(prepare_reduce_max_min(DType::kInt8, in, axes, false, {0.1f, 3}, {0.2f, 3}).ok());
  EXPECT_FALSE(prepare_reduce_max_min(DType::kInt8, in, axes, false, {0.1f, 3}, {0.1f, 4}).ok());
}

TEST(ReduceMaxMin, EmptyReductionGivesTheInitialValueAndFloatSkipsNaN) {
  const octet_shape empty = shape_of({0, 2});
  const std::vector<int32_t> axes = {0};
  auto plan = prepare_reduce_max_min(DType::kInt16, empty, axes, false, {1.0f, 0}, {1.0f, 0});
  ASSERT_TRUE(plan.ok()) << plan.message();
  int16_t y[2];
  octet_ref_reduce_max_s16(&plan->params, &empty, nullptr, &plan->output_shape, y);
  EXPECT_EQ(y[0], std::numeric_limits<int16_t>::min());
  const octet_shape in = shape_of({3});
  auto f = prepare_reduce_max_min(DType::kFloat32, in, axes, false, {}, {});
  ASSERT_TRUE(f.ok()) << f.message();
  const float x[3] = {std::nanf(""), -2.0f, -3.0f};
  float m;
  octet_ref_reduce_max_f32(&f->params, &in, x, &f->output_shape, &m);
  EXPECT_EQ(m, -2.0f);
}

}  // namespace
}  // namespace octet
