// AVERAGE_POOL_2D / MAX_POOL_2D: prepare + reference kernels on hand-derived cases.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/pool.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

Pool2DPlan plan_or_die(DType type, const Pool2DOptions& opt, int32_t h, int32_t w,
                       TensorQuant quant = {1.0f, 0}) {
  auto r = prepare_pool2d(type, opt, h, w, quant, quant);
  EXPECT_TRUE(r.ok()) << r.message();
  return r.value();
}

TEST(AvgPool2D, S8RoundsHalfAwayFromZero) {
  // 2x2 windows, stride 2, VALID over a 2x4 image: 1 + 2 + 5 + 6 = 14 -> 3.5 -> 4;
  // 3 + 4 - 8 - 9 = -10 -> -2.5 -> -3.
  const std::vector<int8_t> input = {1, 2, 3, 4, 5, 6, -8, -9};
  Pool2DOptions opt;
  opt.padding = Padding::kValid;
  opt.filter_height = opt.filter_width = 2;
  opt.stride_height = opt.stride_width = 2;
  const Pool2DPlan plan = plan_or_die(DType::kInt8, opt, 2, 4);
  std::vector<int8_t> out(2, 0);
  const octet_shape in_s = make_shape({1, 2, 4, 1}), out_s = make_shape({1, 1, 2, 1});
  EXPECT_EQ(octet_ref_avg_pool2d_s8(&plan.params, &in_s, input.data(), &out_s, out.data()), 0);
  EXPECT_EQ(out, (std::vector<int8_t>{4, -3}));
}

TEST(AvgPool2D, SamePaddingCountsOnlyInBoundsTaps) {
  // 3x3 image 1..9, 2x2 filter, stride 2, SAME: output 2x2, padding 0 before and 1 after.
  // (0,0): 4 taps, 12 / 4 = 3; (0,1): taps 3, 6 -> 4.5 -> 5; (1,0): 7, 8 -> 7.5 -> 8; (1,1): 9.
  const std::vector<uint8_t> input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  Pool2DOptions opt;
  opt.padding = Padding::kSame;
  opt.filter_height = opt.filter_width = 2;
  opt.stride_height = opt.stride_width = 2;
  const Pool2DPlan plan = plan_or_die(DType::kUInt8, opt, 3, 3, {0.5f, 3});
  EXPECT_EQ(plan.padding.output_height, 2);
  std::vector<uint8_t> out(4, 0);
  const octet_shape in_s = make_shape({1, 3, 3, 1}), out_s = make_shape({1, 2, 2, 1});
  EXPECT_EQ(octet_ref_avg_pool2d_u8(&plan.params, &in_s, input.data(), &out_s, out.data()), 0);
  EXPECT_EQ(out, (std::vector<uint8_t>{3, 5, 8, 9}));
  // Same in float: 3, 4.5, 7.5, 9.
  const std::vector<float> fin(input.begin(), input.end());
  std::vector<float> fout(4, 0);
  const Pool2DPlan fplan = plan_or_die(DType::kFloat32, opt, 3, 3);
  EXPECT_EQ(octet_ref_avg_pool2d_f32(&fplan.params, &in_s, fin.data(), &out_s, fout.data()), 0);
  EXPECT_EQ(fout, (std::vector<float>{3.0f, 4.5f, 7.5f, 9.0f}));
}

TEST(AvgPool2D, S16ChannelsBatchesAndRelu6) {
  // Two batches, 1x2 image, 2 channels; 1x2 filter. Scale 0.25, zero point 0: relu6 clamps to
  // [0, 24]. Batch 0: ch0 (-3 - 4) / 2 = -3.5 -> -4 -> 0; ch1 (40 + 20) / 2 = 30 -> 24.
  // Batch 1: ch0 (5 + 6) / 2 = 5.5 -> 6; ch1 (1 + 2) / 2 = 1.5 -> 2.
  const std::vector<int16_t> input = {-3, 40, -4, 20, 5, 1, 6, 2};
  Pool2DOptions opt;
  opt.padding = Padding::kValid;
  opt.filter_width = 2;
  opt.activation = FusedActivation::kRelu6;
  const Pool2DPlan plan = plan_or_die(DType::kInt16, opt, 1, 2, {0.25f, 0});
  std::vector<int16_t> out(4, 0);
  const octet_shape in_s = make_shape({2, 1, 2, 2}), out_s = make_shape({2, 1, 1, 2});
  EXPECT_EQ(octet_ref_avg_pool2d_s16(&plan.params, &in_s, input.data(), &out_s, out.data()), 0);
  EXPECT_EQ(out, (std::vector<int16_t>{0, 24, 6, 2}));
}

TEST(MaxPool2D, S8MaxThenActivationClamp) {
  // 2x3 image, 2x2 filter, stride 1, VALID: max(-5, -3, -7, -8) = -3, max(-3, -9, -8, -1) = -1.
  const std::vector<int8_t> input = {-5, -3, -9, -7, -8, -1};
  Pool2DOptions opt;
  opt.padding = Padding::kValid;
  opt.filter_height = opt.filter_width = 2;
  const octet_shape in_s = make_shape({1, 2, 3, 1}), out_s = make_shape({1, 1, 2, 1});
  std::vector<int8_t> out(2, 0);
  Pool2DPlan plan = plan_or_die(DType::kInt8, opt, 2, 3, {1.0f, -4});
  octet_ref_max_pool2d_s8(&plan.params, &in_s, input.data(), &out_s, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-3, -1}));
  // With relu and zero point -2, the clamp floor is -2.
  opt.activation = FusedActivation::kRelu;
  plan = plan_or_die(DType::kInt8, opt, 2, 3, {1.0f, -2});
  octet_ref_max_pool2d_s8(&plan.params, &in_s, input.data(), &out_s, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-2, -1}));
}

TEST(MaxPool2D, BordersAndOtherTypes) {
  // 3x3 image, 2x2, stride 2, SAME: windows clipped at the bottom/right.
  const std::vector<int> v = {1, 9, 3, 4, 5, 6, 7, 8, 2};
  Pool2DOptions opt;
  opt.padding = Padding::kSame;
  opt.filter_height = opt.filter_width = 2;
  opt.stride_height = opt.stride_width = 2;
  const octet_shape in_s = make_shape({1, 3, 3, 1}), out_s = make_shape({1, 2, 2, 1});
  // (0,0): max(1, 9, 4, 5) = 9; (0,1): max(3, 6) = 6; (1,0): max(7, 8) = 8; (1,1): 2.
  const std::vector<uint8_t> u8(v.begin(), v.end());
  std::vector<uint8_t> ou8(4);
  Pool2DPlan plan = plan_or_die(DType::kUInt8, opt, 3, 3);
  octet_ref_max_pool2d_u8(&plan.params, &in_s, u8.data(), &out_s, ou8.data());
  EXPECT_EQ(ou8, (std::vector<uint8_t>{9, 6, 8, 2}));
  const std::vector<int16_t> s16 = {-1000, -9, -3, -4, -5, -6, -7, -8, -32768};
  std::vector<int16_t> os16(4);
  plan = plan_or_die(DType::kInt16, opt, 3, 3);
  octet_ref_max_pool2d_s16(&plan.params, &in_s, s16.data(), &out_s, os16.data());
  EXPECT_EQ(os16, (std::vector<int16_t>{-4, -3, -7, -32768}));
  const std::vector<float> f(v.begin(), v.end());
  std::vector<float> of(4);
  opt.activation = FusedActivation::kRelu6;
  plan = plan_or_die(DType::kFloat32, opt, 3, 3);
  octet_ref_max_pool2d_f32(&plan.params, &in_s, f.data(), &out_s, of.data());
  EXPECT_EQ(of, (std::vector<float>{6, 6, 6, 2}));
}

TEST(Pool2D, PrepareRejectsDifferentInputAndOutputQuantization) {
  Pool2DOptions opt;
  auto r = prepare_pool2d(DType::kInt8, opt, 2, 2, {0.5f, 0}, {0.25f, 0});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("POOL_2D"), std::string::npos);
}

}  // namespace
}  // namespace octet
