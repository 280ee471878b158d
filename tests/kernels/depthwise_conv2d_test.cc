// DEPTHWISE_CONV_2D: prepare + reference kernel on hand-derived cases.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/depthwise_conv.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(DepthwiseConv2D, S8DepthMultiplierDilationSamePadding) {
  // One 3x3 input channel r = 1..9, depth multiplier 2, 2x2 filter with dilation 2 (effective 3),
  // SAME: output 3x3, total padding 2 -> pad_top = pad_left = 1. Taps at (y - 1 + {0, 2},
  // x - 1 + {0, 2}). Filter channel 0 keeps only the top-left tap, channel 1 the bottom-right:
  // out0(y, x) = r(y - 1, x - 1), out1(y, x) = r(y + 1, x + 1), 0 outside.
  const std::vector<int8_t> input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  // 1HWC filter, C = 2: (ky, kx, c).
  const std::vector<int8_t> filter = {1, 0, 0, 0, 0, 0, 0, 1};
  const float w_scales[] = {1.0f, 1.0f};
  WeightedSumQuant q{{1.0f, 0}, {1.0f, 0}, w_scales, 0};
  DepthwiseConv2DOptions opt;
  opt.padding = Padding::kSame;
  opt.dilation_height = opt.dilation_width = 2;
  opt.depth_multiplier = 2;
  auto plan = prepare_depthwise_conv2d(DType::kInt8, opt, {3, 3, 1, 2, 2}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  EXPECT_EQ(plan.value().output_channels, 2);
  EXPECT_EQ(plan.value().padding.pad_top, 1);
  EXPECT_EQ(plan.value().padding.pad_left, 1);
  const octet_depthwise_conv_params p = plan.value().params();
  const std::vector<int8_t> expected = {0, 5, 0, 6, 0, 0,   // row 0: out0 0 0 0, out1 5 6 0
                                        0, 8, 1, 9, 2, 0,   // row 1: out0 0 1 2, out1 8 9 0
                                        0, 0, 4, 0, 5, 0};  // row 2: out0 0 4 5, out1 0 0 0
  std::vector<int8_t> out(18, -1);
  const octet_shape in_s = make_shape({1, 3, 3, 1}), f_s = make_shape({1, 2, 2, 2}),
                    out_s = make_shape({1, 3, 3, 2});
  octet_ref_depthwise_conv2d_s8(&p, &in_s, input.data(), &f_s, filter.data(), nullptr, &out_s,
                                out.data());
  EXPECT_EQ(out, expected);
}

TEST(DepthwiseConv2D, S8PerChannelScalesStrideAndOffsets) {
  // Two input channels, multiplier 1, 1x1 filter [2, 3], stride 2 over a 1x1x3 image (VALID):
  // output columns 0 and 2. Input zero point 4, output zero point -3, bias [1, -1].
  // Scales: s_in 1, s_w {0.5, 0.25}, s_out 1.
  // col 0: ch0 (10 - 4) * 2 + 1 = 13 -> 6.5 -> 7 -> 4; ch1 (0 - 4) * 3 - 1 = -13 -> *0.25:
  //   round(-6.5) ties up = -6, then -3 away from zero ... -6 / 2 = -3 -> -3 - 3 = -6.
  // col 2: ch0 (-1 - 4) * 2 + 1 = -9 -> -4.5 -> -4 -> -7; ch1 (12 - 4) * 3 - 1 = 23 -> 11.5 -> 12,
  //   / 2 = 6 -> 3.
  const std::vector<int8_t> input = {10, 0, 99, 99, -1, 12};
  const std::vector<int8_t> filter = {2, 3};
  const std::vector<int32_t> bias = {1, -1};
  const float w_scales[] = {0.5f, 0.25f};
  WeightedSumQuant q{{1.0f, 4}, {1.0f, -3}, w_scales, 0};
  DepthwiseConv2DOptions opt;
  opt.padding = Padding::kValid;
  opt.stride_width = 2;
  auto plan = prepare_depthwise_conv2d(DType::kInt8, opt, {1, 3, 2, 1, 1}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  ASSERT_EQ(plan.value().padding.output_width, 2);
  const octet_depthwise_conv_params p = plan.value().params();
  std::vector<int8_t> out(4, 0);
  const octet_shape in_s = make_shape({1, 1, 3, 2}), f_s = make_shape({1, 1, 1, 2}),
                    out_s = make_shape({1, 1, 2, 2});
  octet_ref_depthwise_conv2d_s8(&p, &in_s, input.data(), &f_s, filter.data(), bias.data(), &out_s,
                                out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{4, -6, -7, 3}));
}

TEST(DepthwiseConv2D, U8WeightZeroPointAndClampAtZero) {
  // Input zero point 100: r = 5, -5. Weight zero point 50: w = 2, 2. Effective scale 1.
  // ch0: 5 * 2 = 10 + out zero point 1 = 11; ch1: -10 + 1 = -9 -> 0.
  const std::vector<uint8_t> input = {105, 95};
  const std::vector<uint8_t> filter = {52, 52};
  const float w_scale[] = {1.0f};
  WeightedSumQuant q{{1.0f, 100}, {1.0f, 1}, w_scale, 50};
  auto plan = prepare_depthwise_conv2d(DType::kUInt8, {}, {1, 1, 2, 1, 1}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_depthwise_conv_params p = plan.value().params();
  std::vector<uint8_t> out(2, 77);
  const octet_shape s = make_shape({1, 1, 1, 2});
  octet_ref_depthwise_conv2d_u8(&p, &s, input.data(), &s, filter.data(), nullptr, &s, out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{11, 0}));
}

TEST(DepthwiseConv2D, S16AndF32) {
  // s16: 1x1 filter [-4], bias 3, scale 0.5: (-4 * 1001 + 3) * 0.5 = -2000.5 -> -2000 (ties up).
  const std::vector<int16_t> in16 = {1001};
  const std::vector<int8_t> f8 = {-4};
  const std::vector<int64_t> b64 = {3};
  const float w_scale[] = {0.5f};
  WeightedSumQuant q{{1.0f, 0}, {1.0f, 0}, w_scale, 0};
  auto plan = prepare_depthwise_conv2d(DType::kInt16, {}, {1, 1, 1, 1, 1}, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  octet_depthwise_conv_params p = plan.value().params();
  const octet_shape s = make_shape({1, 1, 1, 1});
  int16_t o16 = 0;
  octet_ref_depthwise_conv2d_s16(&p, &s, in16.data(), &s, f8.data(), b64.data(), &s, &o16);
  EXPECT_EQ(o16, -2000);
  // f32: 3x1 input {1, 2, -3}, 2x1 filter {2, 3}, SAME (pad 0 before, 1 after): sums 8, -5, -6;
  // relu_n1_to_1 clamps to [-1, 1].
  DepthwiseConv2DOptions fopt;
  fopt.activation = FusedActivation::kReluN1To1;
  auto fplan = prepare_depthwise_conv2d(DType::kFloat32, fopt, {3, 1, 1, 2, 1}, {});
  ASSERT_TRUE(fplan.ok()) << fplan.message();
  p = fplan.value().params();
  const std::vector<float> fin = {1, 2, -3};
  const std::vector<float> ff = {2, 3};
  const float fb = -10.0f;
  std::vector<float> fout(3, 0);
  const octet_shape in_s = make_shape({1, 3, 1, 1}), f_s = make_shape({1, 2, 1, 1});
  octet_ref_depthwise_conv2d_f32(&p, &in_s, fin.data(), &f_s, ff.data(), &fb, &in_s, fout.data());
  // With bias -10: -2, -15, -16 -> all -1.
  EXPECT_EQ(fout, (std::vector<float>{-1, -1, -1}));
  octet_ref_depthwise_conv2d_f32(&p, &in_s, fin.data(), &f_s, ff.data(), nullptr, &in_s,
                                 fout.data());
  // 8 -> 1, -5 -> -1, -6 -> -1.
  EXPECT_EQ(fout, (std::vector<float>{1, -1, -1}));
}

TEST(DepthwiseConv2D, EffectiveScalesPastTfliteShiftLimitsAreRefused) {
  // Effective scale 2^7 = 128 (shift 8): past the 16x8 kernels' limit (shift < 8), within the
  // 8-bit kernels' (shift <= 30); 2^30 (shift 31) is past that too. The fuzzer found a model with
  // shift 55 that shifted by a negative amount in the s16 kernel.
  const float w_scale[] = {128.0f};
  const WeightedSumQuant q16{{1.0f, 0}, {1.0f, 0}, w_scale, 0};
  auto s16 = prepare_depthwise_conv2d(DType::kInt16, {}, {1, 1, 1, 1, 1}, q16);
  ASSERT_FALSE(s16.ok());
  EXPECT_NE(s16.message().find("needs a left shift of 8; the s16 kernels take at most 7"),
            std::string::npos)
      << s16.message();
  EXPECT_TRUE(prepare_depthwise_conv2d(DType::kInt8, {}, {1, 1, 1, 1, 1}, q16).ok());
  const float w_huge[] = {1073741824.0f};
  const WeightedSumQuant q8{{1.0f, 0}, {1.0f, 0}, w_huge, 0};
  EXPECT_FALSE(prepare_depthwise_conv2d(DType::kInt8, {}, {1, 1, 1, 1, 1}, q8).ok());
}

}  // namespace
}  // namespace octet
