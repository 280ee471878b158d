// ARG_MAX / ARG_MIN reference kernels and prepare: ties keep the lowest index, NaN never wins,
// int32 and int64 outputs.
#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "kernels/prepare/arg_min_max.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(ArgMinMax, TiesKeepTheLowestIndex) {
  // [[1, 5, 5], [-3, -3, -7]]: along axis 1, argmax = {1, 0}, argmin = {0, 2}; along axis 0,
  // argmax = {0, 0, 0}, argmin = {1, 1, 1}.
  const int8_t in[6] = {1, 5, 5, -3, -3, -7};
  const octet_shape s = *to_octet_shape(Shape{2, 3});
  int32_t out[3];
  auto max1 = prepare_arg_min_max(Shape{2, 3}, 1, false, DType::kInt32);
  ASSERT_TRUE(max1.ok()) << max1.message();
  EXPECT_EQ(max1->output_shape, (Shape{2}));
  octet_ref_arg_min_max_s8(&max1->params, &s, in, out);
  EXPECT_EQ(std::vector<int32_t>(out, out + 2), (std::vector<int32_t>{1, 0}));
  auto min1 = prepare_arg_min_max(Shape{2, 3}, -1, true, DType::kInt32);
  ASSERT_TRUE(min1.ok()) << min1.message();
  octet_ref_arg_min_max_s8(&min1->params, &s, in, out);
  EXPECT_EQ(std::vector<int32_t>(out, out + 2), (std::vector<int32_t>{0, 2}));
  auto max0 = prepare_arg_min_max(Shape{2, 3}, 0, false, DType::kInt32);
  ASSERT_TRUE(max0.ok()) << max0.message();
  octet_ref_arg_min_max_s8(&max0->params, &s, in, out);
  EXPECT_EQ(std::vector<int32_t>(out, out + 3), (std::vector<int32_t>{0, 0, 0}));
  auto min0 = prepare_arg_min_max(Shape{2, 3}, 0, true, DType::kInt32);
  ASSERT_TRUE(min0.ok()) << min0.message();
  octet_ref_arg_min_max_s8(&min0->params, &s, in, out);
  EXPECT_EQ(std::vector<int32_t>(out, out + 3), (std::vector<int32_t>{1, 1, 1}));
}

TEST(ArgMinMax, Uint8Int64Output) {
  // 255 appears twice: the first wins. Unsigned comparison: 200 < 255.
  const uint8_t in[4] = {200, 255, 255, 0};
  const octet_shape s = *to_octet_shape(Shape{4});
  auto p = prepare_arg_min_max(Shape{4}, 0, false, DType::kInt64);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{}));
  int64_t out[1] = {-1};
  octet_ref_arg_min_max_u8(&p->params, &s, in, out);
  EXPECT_EQ(out[0], 1);
}

TEST(ArgMinMax, FloatNaNNeverWins) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const octet_shape s = *to_octet_shape(Shape{3, 3});
  // Rows: [NaN, 1, 2] -> 0 (nothing is greater than NaN); [1, NaN, 2] -> 2; [3, NaN, 2] -> 0.
  const float in[9] = {nan, 1, 2, 1, nan, 2, 3, nan, 2};
  auto p = prepare_arg_min_max(Shape{3, 3}, 1, false, DType::kInt32);
  ASSERT_TRUE(p.ok()) << p.message();
  int32_t out[3];
  octet_ref_arg_min_max_f32(&p->params, &s, in, out);
  EXPECT_EQ(std::vector<int32_t>(out, out + 3), (std::vector<int32_t>{0, 2, 0}));
}

TEST(ArgMinMax, WiderTypesAndErrors) {
  const int16_t a[3] = {-5, 7, 7};
  const int32_t b[3] = {INT32_MIN, INT32_MAX, 0};
  const int64_t c[3] = {3, -(int64_t{1} << 40), 3};
  const octet_shape s = *to_octet_shape(Shape{3});
  auto mx = prepare_arg_min_max(Shape{3}, 0, false, DType::kInt32);
  auto mn = prepare_arg_min_max(Shape{3}, 0, true, DType::kInt32);
  ASSERT_TRUE(mx.ok() && mn.ok());
  int32_t out[1];
  octet_ref_arg_min_max_s16(&mx->params, &s, a, out);
  EXPECT_EQ(out[0], 1);
  octet_ref_arg_min_max_s32(&mn->params, &s, b, out);
  EXPECT_EQ(out[0], 0);
  octet_ref_arg_min_max_s64(&mn->params, &s, c, out);
  EXPECT_EQ(out[0], 1);
  EXPECT_FALSE(prepare_arg_min_max(Shape{3}, 1, false, DType::kInt32).ok());
  EXPECT_FALSE(prepare_arg_min_max(Shape{3}, 0, false, DType::kInt8).ok());
}

}  // namespace
}  // namespace octet
