// CONV_2D: prepare + reference kernel on hand-derived cases.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/conv.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(Conv2D, S8PerChannelSamePaddingDoubleRoundingAndRelu6) {
  // Input 1x3x3x1 with zero point -1, so the centred values r = q + 1 are 1..9.
  const std::vector<int8_t> input = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  // Two output channels, 2x2 filters: channel 0 [1 0; 0 1], channel 1 all ones.
  const std::vector<int8_t> filter = {1, 0, 0, 1, 1, 1, 1, 1};
  const std::vector<int32_t> bias = {1, -2};
  // Scales: s_in 0.5, s_w {1, 0.5}, s_out 1 -> effective 0.5 (2^30, shift 0) and 0.25 (2^30,
  // shift -1).
  const float w_scales[] = {1.0f, 0.5f};
  WeightedSumQuant q{{0.5f, -1}, {1.0f, 10}, w_scales, 0};
  Conv2DOptions opt;
  opt.padding = Padding::kSame;
  opt.activation = FusedActivation::kRelu6;  // [10 + 0, 10 + 6] = [10, 16]
  auto plan = prepare_conv2d(DType::kInt8, opt, {3, 3, 2, 2, 2}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  EXPECT_EQ(plan.value().padding.output_height, 3);
  EXPECT_EQ(plan.value().padding.pad_top, 0);  // total padding 1 goes to the bottom/right
  EXPECT_EQ(plan.value().requant.multiplier, (std::vector<int32_t>{1 << 30, 1 << 30}));
  EXPECT_EQ(plan.value().requant.shift, (std::vector<int32_t>{0, -1}));
  EXPECT_EQ(plan.value().requant.act.min, 10);
  EXPECT_EQ(plan.value().requant.act.max, 16);
  const octet_conv_params p = plan.value().params();

  // Channel 0 sums r(y,x) + r(y+1,x+1) (missing taps skipped) + 1:
  //   7 9 4 / 13 15 7 / 8 9 10; times 0.5 rounding ties up: 4 5 2 / 7 8 4 / 4 5 5.
  // Channel 1 sums the in-bounds 2x2 window - 2: 10 14 7 / 22 26 13 / 13 15 7; times 0.25 with
  //   double rounding (round(x/2) ties up, then /2 ties away): 3 4 2 / 6 7 4 / 4 4 2.
  //   (13 * 0.25 = 3.25 gives 4: 13/2 -> 7, 7/2 -> 4.)
  // Plus zero point 10, clamped to [10, 16].
  const std::vector<int8_t> expected = {14, 13, 15, 14, 12, 12, 16, 16, 16,
                                        16, 14, 14, 14, 14, 15, 14, 15, 12};
  std::vector<int8_t> out(18, 0);
  const octet_shape in_s = make_shape({1, 3, 3, 1}), f_s = make_shape({2, 2, 2, 1}),
                    out_s = make_shape({1, 3, 3, 2});
  octet_ref_conv2d_s8(&p, &in_s, input.data(), &f_s, filter.data(), bias.data(), &out_s,
                      out.data());
  EXPECT_EQ(out, expected);
}

TEST(Conv2D, S8StrideDilationBatchAndSaturationAtBothEnds) {
  // Two 5x5 images: batch 0 holds v = 5y + x, batch 1 holds -v. Filter [1 2; 3 4], dilation 2,
  // stride 2, VALID: effective filter 3, output 2x2; taps at (2oy + {0,2}, 2ox + {0,2}).
  std::vector<int8_t> input(50);
  for (int i = 0; i < 25; ++i) {
    input[i] = static_cast<int8_t>(i);
    input[25 + i] = static_cast<int8_t>(-i);
  }
  const std::vector<int8_t> filter = {1, 2, 3, 4};
  const float w_scale[] = {1.0f};
  WeightedSumQuant q{{1.0f, 0}, {1.0f, 0}, w_scale, 0};  // effective scale 1: out = acc
  Conv2DOptions opt;
  opt.padding = Padding::kValid;
  opt.stride_height = opt.stride_width = 2;
  opt.dilation_height = opt.dilation_width = 2;
  auto plan = prepare_conv2d(DType::kInt8, opt, {5, 5, 2, 2, 1}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  ASSERT_EQ(plan.value().padding.output_height, 2);
  const octet_conv_params p = plan.value().params();
  // (0,0): 0 + 2*2 + 3*10 + 4*12 = 82; (0,1): 2 + 2*4 + 3*12 + 4*14 = 102;
  // (1,0): 10 + 2*12 + 3*20 + 4*22 = 182 -> 127; (1,1): 12 + 28 + 66 + 96 = 202 -> 127.
  // Batch 1 negates everything: -82, -102, -128, -128.
  const std::vector<int8_t> expected = {82, 102, 127, 127, -82, -102, -128, -128};
  std::vector<int8_t> out(8, 0);
  const octet_shape in_s = make_shape({2, 5, 5, 1}), f_s = make_shape({1, 2, 2, 1}),
                    out_s = make_shape({2, 2, 2, 1});
  octet_ref_conv2d_s8(&p, &in_s, input.data(), &f_s, filter.data(), nullptr, &out_s, out.data());
  EXPECT_EQ(out, expected);
}

TEST(Conv2D, U8UsesInputAndWeightZeroPoints) {
  // Input zero point 128: r = 2 3 4 5. Weight zero point 128: w = 1 -1 0 2. VALID 2x2 -> 1x1.
  // acc = 2 - 3 + 0 + 10 = 9, + bias 3 = 12; effective scale 0.5 * 2 / 1 = 1; + zero point 100.
  const std::vector<uint8_t> input = {130, 131, 132, 133};
  const std::vector<uint8_t> filter = {129, 127, 128, 130};
  const std::vector<int32_t> bias = {3};
  const float w_scale[] = {2.0f};
  WeightedSumQuant q{{0.5f, 128}, {1.0f, 100}, w_scale, 128};
  Conv2DOptions opt;
  opt.padding = Padding::kValid;
  auto plan = prepare_conv2d(DType::kUInt8, opt, {2, 2, 2, 2, 1}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_conv_params p = plan.value().params();
  EXPECT_EQ(p.weights_offset, -128);
  uint8_t out = 0;
  const octet_shape in_s = make_shape({1, 2, 2, 1}), f_s = make_shape({1, 2, 2, 1}),
                    out_s = make_shape({1, 1, 1, 1});
  octet_ref_conv2d_u8(&p, &in_s, input.data(), &f_s, filter.data(), bias.data(), &out_s, &out);
  EXPECT_EQ(out, 112);
}

TEST(Conv2D, U8MultiplierRoundsTheScaleProductToFloat) {
  // 0.1f * 0.1f / 0.1f: the float product gives multiplier 1717987014, the double product
  // 1717986944 (both with shift -3). TFLite's legacy uint8 path uses the former; int8 the latter.
  const float w_scale[] = {0.1f};
  WeightedSumQuant q{{0.1f, 128}, {0.1f, 128}, w_scale, 128};
  auto u8 = prepare_conv2d(DType::kUInt8, {}, {3, 3, 1, 1, 1}, q);
  ASSERT_TRUE(u8.ok()) << u8.message();
  EXPECT_EQ(u8.value().requant.multiplier[0], 1717987014);
  EXPECT_EQ(u8.value().requant.shift[0], -3);
  q.input.zero_point = q.output.zero_point = 0;
  q.weight_zero_point = 0;
  auto s8 = prepare_conv2d(DType::kInt8, {}, {3, 3, 1, 1, 1}, q);
  ASSERT_TRUE(s8.ok()) << s8.message();
  EXPECT_EQ(s8.value().requant.multiplier[0], 1717986944);
}

TEST(Conv2D, S16AccumulatesIn64BitsWithSingleRounding) {
  // 1x1x2x2 input (two pixels, two channels), 1x1 filter [3, -2], bias 2, effective scale 0.25.
  // pixel 0: 1000*3 + (-3000)(-2) + 2 = 9002 -> 2250.5 -> 2251 (ties round up);
  // pixel 1: 2000*3 + 7000*(-2) + 2 = -7998 -> -1999.5 -> -1999 (ties round up).
  const std::vector<int16_t> input = {1000, -3000, 2000, 7000};
  const std::vector<int8_t> filter = {3, -2};
  const std::vector<int64_t> bias = {2};
  const float w_scale[] = {0.25f};
  WeightedSumQuant q{{1.0f, 0}, {1.0f, 0}, w_scale, 0};
  auto plan = prepare_conv2d(DType::kInt16, {}, {1, 2, 1, 1, 1}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_conv_params p = plan.value().params();
  std::vector<int16_t> out(2, 0);
  const octet_shape in_s = make_shape({1, 1, 2, 2}), f_s = make_shape({1, 1, 1, 2}),
                    out_s = make_shape({1, 1, 2, 1});
  octet_ref_conv2d_s16(&p, &in_s, input.data(), &f_s, filter.data(), bias.data(), &out_s,
                       out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{2251, -1999}));
}

TEST(Conv2D, F32SumsThenBiasThenClamps) {
  // 2x2 input, 2x2 filter, VALID: 1*0.5 + 2*(-1) + 3*2 + 4*0.25 = 5.5; + bias -0.5 = 5 -> relu6
  // keeps 5. Second channel: -(5.5) + 0 = -5.5 -> 0.
  const std::vector<float> input = {1, 2, 3, 4};
  const std::vector<float> filter = {0.5f, -1, 2, 0.25f, -0.5f, 1, -2, -0.25f};
  const std::vector<float> bias = {-0.5f, 0.0f};
  Conv2DOptions opt;
  opt.padding = Padding::kValid;
  opt.activation = FusedActivation::kRelu6;
  auto plan = prepare_conv2d(DType::kFloat32, opt, {2, 2, 2, 2, 2}, {});
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_conv_params p = plan.value().params();
  std::vector<float> out(2, -1);
  const octet_shape in_s = make_shape({1, 2, 2, 1}), f_s = make_shape({2, 2, 2, 1}),
                    out_s = make_shape({1, 1, 1, 2});
  octet_ref_conv2d_f32(&p, &in_s, input.data(), &f_s, filter.data(), bias.data(), &out_s,
                       out.data());
  EXPECT_FLOAT_EQ(out[0], 5.0f);
  EXPECT_FLOAT_EQ(out[1], 0.0f);
}

TEST(Conv2D, PrepareRejectsBadQuantization) {
  const float w_scale[] = {0.5f};
  WeightedSumQuant q{{1.0f, 0}, {1.0f, 0}, w_scale, 3};  // s8 weights must be symmetric
  auto r = prepare_conv2d(DType::kInt8, {}, {3, 3, 1, 1, 1}, q);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("CONV_2D"), std::string::npos);
  q.weight_zero_point = 0;
  q.input.zero_point = 1;  // s16 activations are symmetric
  EXPECT_FALSE(prepare_conv2d(DType::kInt16, {}, {3, 3, 1, 1, 1}, q).ok());
  q.input.zero_point = 0;
  const float two_scales[] = {0.5f, 0.5f};
  q.weight_scales = two_scales;  // 2 scales for 3 channels
  EXPECT_FALSE(prepare_conv2d(DType::kInt8, {}, {3, 3, 1, 1, 3}, q).ok());
  Conv2DOptions opt;
  opt.activation = FusedActivation::kTanh;
  q.weight_scales = w_scale;
  EXPECT_FALSE(prepare_conv2d(DType::kInt8, opt, {3, 3, 1, 1, 1}, q).ok());
}

// uint8 CONV_2D forms input scale * weight scale in float, as TFLite does: 3e38 * 2 is inf there,
// and the effective scale must be refused before quantize_multiplier converts it.
TEST(Conv2D, EffectiveScaleOverflowingAFloatIsRefused) {
  const float w_scale[] = {2.0f};
  WeightedSumQuant q{{3e38f, 128}, {1.0f, 100}, w_scale, 128};
  Conv2DOptions opt;
  opt.padding = Padding::kValid;
  auto plan = prepare_conv2d(DType::kUInt8, opt, {2, 2, 2, 2, 1}, q);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.message().find("is not finite"), std::string::npos) << plan.message();
}

}  // namespace
}  // namespace octet
