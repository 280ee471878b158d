// MEAN: prepare + reference kernels on hand-derived cases, covering TFLM's three integer paths.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/reduce.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(Mean, PrepareResolvesAxesAndShapes) {
  const octet_shape in = make_shape({2, 3, 4});
  const int32_t axes[] = {-1, 2, 0};  // -1 is 2, a duplicate
  auto keep = prepare_mean(DType::kFloat32, in, axes, true, {}, {});
  ASSERT_TRUE(keep.ok()) << keep.message();
  EXPECT_EQ(keep.value().params.num_axes, 2);
  EXPECT_EQ(keep.value().params.count, 8);
  EXPECT_EQ(keep.value().output_shape.rank, 3);
  EXPECT_EQ(keep.value().output_shape.dims[0], 1);
  EXPECT_EQ(keep.value().output_shape.dims[1], 3);
  EXPECT_EQ(keep.value().output_shape.dims[2], 1);
  auto drop = prepare_mean(DType::kFloat32, in, axes, false, {}, {});
  ASSERT_TRUE(drop.ok());
  EXPECT_EQ(drop.value().output_shape.rank, 1);
  EXPECT_EQ(drop.value().output_shape.dims[0], 3);
  const int32_t bad[] = {3};
  EXPECT_FALSE(prepare_mean(DType::kFloat32, in, bad, false, {}, {}).ok());
}

TEST(Mean, SameQuantizationTruncatesTowardZero) {
  // [2, 3] over axis 1: 1 + 2 + 2 = 5 -> 5 / 3 = 1; -5 / 3 = -1 (truncation, not rounding).
  const std::vector<int8_t> input = {1, 2, 2, -1, -2, -2};
  const octet_shape in = make_shape({2, 3});
  const int32_t axes[] = {1};
  auto plan = prepare_mean(DType::kInt8, in, axes, false, {0.5f, 0}, {0.5f, 0});
  ASSERT_TRUE(plan.ok()) << plan.message();
  EXPECT_EQ(plan.value().params.same_quantization, 1);
  std::vector<int32_t> scratch(plan.value().scratch_bytes / sizeof(int32_t));
  ASSERT_EQ(scratch.size(), 2u);
  std::vector<int8_t> out(2, 0);
  octet_ref_mean_s8(&plan.value().params, &in, input.data(), &plan.value().output_shape, out.data(),
                    scratch.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, -1}));
}

TEST(Mean, RequantizesWithTheCountFoldedIntoTheMultiplier) {
  // Input scale 0.5 zero point 2, output scale 0.25 zero point -1: ratio 2 = 2^30 * 2^(2 - 31).
  // count 3: s = floor(log2 3) = 1, multiplier (2^30 << 1) / 3 = 715827882, shift 2 - 1 = 1.
  // Row [4, 5, 6]: 15 - 2*3 = 9 -> srdhm(18, 715827882) = round(5.99999...) = 6 -> 6 - 1 = 5.
  // Row [2, 2, 3]: 7 - 6 = 1 -> srdhm(2, 715827882) = round(0.667) = 1 -> 0.
  const std::vector<int8_t> input = {4, 5, 6, 2, 2, 3};
  const octet_shape in = make_shape({2, 3});
  const int32_t axes[] = {1};
  auto plan = prepare_mean(DType::kInt8, in, axes, true, {0.5f, 2}, {0.25f, -1});
  ASSERT_TRUE(plan.ok()) << plan.message();
  EXPECT_EQ(plan.value().params.same_quantization, 0);
  EXPECT_EQ(plan.value().params.multiplier, 715827882);
  EXPECT_EQ(plan.value().params.shift, 1);
  std::vector<int32_t> scratch(2);
  std::vector<int8_t> out(2, 0);
  octet_ref_mean_s8(&plan.value().params, &in, input.data(), &plan.value().output_shape, out.data(),
                    scratch.data());
  EXPECT_EQ(out, (std::vector<int8_t>{5, 0}));
}

TEST(Mean, ScaleRatiosPastTheShiftLimitAreRefused) {
  // Ratio 2^40 over 2 elements: shift 41 - 1 = 40 > 30 (the fuzzer found 47 and 107, shifted in
  // the kernel by more than 32 bits); 2^30 over 2 elements gives 31 - 1 = 30, still fine.
  const octet_shape in = make_shape({1, 2});
  const int32_t axes[] = {1};
  auto big = prepare_mean(DType::kInt8, in, axes, true, {1099511627776.0f, 0}, {1.0f, 0});
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.message().find("needs a left shift of 40"), std::string::npos) << big.message();
  auto edge = prepare_mean(DType::kInt8, in, axes, true, {1073741824.0f, 0}, {1.0f, 0});
  ASSERT_TRUE(edge.ok()) << edge.message();
  EXPECT_EQ(edge.value().params.shift, 30);
}

TEST(Mean, SpatialMeanOf4DInputRoundsEvenWithEqualQuantization) {
  // TFLM's 4-D {1, 2} keep_dims path: [-1, -2, -2, -2] sums to -7, mean -1.75. Truncation would
  // give -1; the folded requantization (multiplier 2^30 << 2 / 4 = 2^30, shift 1 - 2 = -1) gives
  // srdhm(-7, 2^30) = round(-3.5) = -3 (ties up), then -3 / 2 = -1.5 -> -2 (ties away).
  const std::vector<int8_t> input = {-1, -2, -2, -2, 4, 4, 4, 5};
  const octet_shape in = make_shape({1, 2, 2, 2});
  const int32_t axes[] = {2, 1};
  auto plan = prepare_mean(DType::kInt8, in, axes, true, {0.1f, 0}, {0.1f, 0});
  ASSERT_TRUE(plan.ok()) << plan.message();
  EXPECT_EQ(plan.value().params.same_quantization, 0);
  std::vector<int32_t> scratch(2);
  std::vector<int8_t> out(2, 0);
  octet_ref_mean_s8(&plan.value().params, &in, input.data(), &plan.value().output_shape, out.data(),
                    scratch.data());
  // Layout (h, w, c): c0 = {-1, -2, 4, 4} sums to 5, c1 = {-2, -2, 4, 5} to 5: mean 1.25, but
  // the double rounding gives srdhm(5, 2^30) = round(2.5) = 3, then 3 / 2 = 1.5 -> 2.
  EXPECT_EQ(out, (std::vector<int8_t>{2, 2}));
  // One channel holding the -1.75 case.
  const std::vector<int8_t> one = {-1, -2, -2, -2};
  const octet_shape in1 = make_shape({1, 2, 2, 1});
  auto plan1 = prepare_mean(DType::kInt8, in1, axes, true, {0.1f, 0}, {0.1f, 0});
  ASSERT_TRUE(plan1.ok());
  int8_t out1 = 0;
  octet_ref_mean_s8(&plan1.value().params, &in1, one.data(), &plan1.value().output_shape, &out1,
                    scratch.data());
  EXPECT_EQ(out1, -2);
  // Without keep_dims it is not the special path: truncation, -1.
  auto plan2 = prepare_mean(DType::kInt8, in1, axes, false, {0.1f, 0}, {0.1f, 0});
  ASSERT_TRUE(plan2.ok());
  EXPECT_EQ(plan2.value().params.same_quantization, 1);
  octet_ref_mean_s8(&plan2.value().params, &in1, one.data(), &plan2.value().output_shape, &out1,
                    scratch.data());
  EXPECT_EQ(out1, -1);
}

TEST(Mean, U8AndS16ClampAndMiddleAxis) {
  // [1, 3, 2] over axis 1 (the middle one): out[i][k] averages input[i][*][k].
  // u8, input zero point 0 scale 1, output scale 0.5 zero point 250: ratio 2 -> count 3 folded.
  // Means 2 and 5 -> 4 and 10 -> 254 and 260 -> 255 (clamped).
  const std::vector<uint8_t> input = {1, 4, 2, 5, 3, 6};
  const octet_shape in = make_shape({1, 3, 2});
  const int32_t axes[] = {1};
  auto plan = prepare_mean(DType::kUInt8, in, axes, false, {1.0f, 0}, {0.5f, 250});
  ASSERT_TRUE(plan.ok()) << plan.message();
  std::vector<int32_t> scratch(2);
  std::vector<uint8_t> out(2, 0);
  octet_ref_mean_u8(&plan.value().params, &in, input.data(), &plan.value().output_shape, out.data(),
                    scratch.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{254, 255}));
  // s16, same quantization: (-30000 - 30000 - 30001) / 3 = -30000.33 -> -30000.
  const std::vector<int16_t> s16 = {-30000, 0, -30000, 0, -30001, 3};
  auto plan16 = prepare_mean(DType::kInt16, in, axes, false, {1.0f, 0}, {1.0f, 0});
  ASSERT_TRUE(plan16.ok());
  std::vector<int16_t> out16(2, 0);
  octet_ref_mean_s16(&plan16.value().params, &in, s16.data(), &plan16.value().output_shape,
                     out16.data(), scratch.data());
  EXPECT_EQ(out16, (std::vector<int16_t>{-30000, 1}));
}

TEST(Mean, F32SumsInInputOrder) {
  // [2, 2] over both axes: (1 + 2 + 3 + 4) / 4 = 2.5; over axis 0: 2, 3.
  const std::vector<float> input = {1, 2, 3, 4};
  const octet_shape in = make_shape({2, 2});
  const int32_t both[] = {0, 1};
  auto plan = prepare_mean(DType::kFloat32, in, both, false, {}, {});
  ASSERT_TRUE(plan.ok());
  float out = 0;
  octet_ref_mean_f32(&plan.value().params, &in, input.data(), &plan.value().output_shape, &out);
  EXPECT_EQ(out, 2.5f);
  const int32_t first[] = {0};
  plan = prepare_mean(DType::kFloat32, in, first, true, {}, {});
  ASSERT_TRUE(plan.ok());
  std::vector<float> out2(2);
  octet_ref_mean_f32(&plan.value().params, &in, input.data(), &plan.value().output_shape,
                     out2.data());
  EXPECT_EQ(out2, (std::vector<float>{2.0f, 3.0f}));
}

}  // namespace
}  // namespace octet
