// MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, DIV, PRELU, ABS and RSQRT reference kernels and their
// prepare functions: hand-derived cases (scales that are powers of two, so every multiplier is
// 2^30 with a known shift and each step can be followed by hand), saturation, broadcasting, and
// the inputs TFLite leaves undefined (a zero divisor, RSQRT of a negative value).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/prepare/arithmetic.h"
#include "nn_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(MaximumMinimumKernel, RawValuesWithBroadcastAndTflmNaNOrder) {
  const std::vector<int8_t> a = {-128, 5, 127, -1};
  const std::vector<int8_t> b = {0, 6};
  const octet_shape sa = make_shape({2, 2}), sb = make_shape({2});
  std::vector<int8_t> out(4);
  ASSERT_EQ(octet_ref_maximum_s8(&sa, a.data(), &sb, b.data(), &sa, out.data()), 0);
  EXPECT_EQ(out, (std::vector<int8_t>{0, 6, 127, 6}));
  ASSERT_EQ(octet_ref_minimum_s8(&sa, a.data(), &sb, b.data(), &sa, out.data()), 0);
  EXPECT_EQ(out, (std::vector<int8_t>{-128, 5, 0, -1}));
  // TFLM's `a > b ? a : b`: a NaN first operand loses, a NaN second operand wins.
  const float nan = std::nanf("");
  const std::vector<float> x = {nan, 1.0f}, y = {1.0f, nan};
  const octet_shape s2 = make_shape({2});
  std::vector<float> o(2);
  ASSERT_EQ(octet_ref_maximum_f32(&s2, x.data(), &s2, y.data(), &s2, o.data()), 0);
  EXPECT_EQ(o[0], 1.0f);
  EXPECT_TRUE(std::isnan(o[1]));
  const octet_shape bad = make_shape({3});
  EXPECT_EQ(octet_ref_minimum_f32(&s2, x.data(), &bad, y.data(), &s2, o.data()), -1);
}

TEST(SquaredDifference, Int8FollowsEveryRescaling) {
  // s1 = s2 = 0.5, zero points 0, s_out = 0.25: input ratios 0.5 (multiplier 2^30, shift 0),
  // output ratio 1 / (2^14 * 0.25) = 2^-12 (2^30, shift -11).
  auto p = prepare_squared_difference(DType::kInt8, {0.5f, 0}, {0.5f, 0}, {0.25f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->left_shift, 7);
  EXPECT_EQ(p->input1_multiplier, 1 << 30);
  EXPECT_EQ(p->input1_shift, 0);
  EXPECT_EQ(p->output_multiplier, 1 << 30);
  EXPECT_EQ(p->output_shift, -11);
  // 6 -> (6 << 7) * 0.5 = 384, 2 -> 128: (384 - 128)^2 = 65536, times 2^-12 = 16 = (3 - 1)^2 /
  // 0.25. 127 vs -128: 8128 + 8192 = 16320, squared 266342400 * 2^-12 = 65025: saturates to 127.
  const std::vector<int8_t> x = {6, 127, -3}, y = {2, -128, -3};
  const octet_shape s = make_shape({3});
  std::vector<int8_t> out(3);
  ASSERT_EQ(octet_ref_squared_difference_s8(&*p, &s, x.data(), &s, y.data(), &s, out.data()), 0);
  EXPECT_EQ(out, (std::vector<int8_t>{16, 127, 0}));
}

TEST(SquaredDifference, Int16HasNoLeftShiftAndInt32Wraps) {
  // s1 = s2 = 2^-10: ratios 0.5; output ratio (2^-9)^2 / 2^-16 = 2^-2 (2^30, shift -1).
  auto p = prepare_squared_difference(DType::kInt16, {std::ldexp(1.0f, -10), 0},
                                      {std::ldexp(1.0f, -10), 0}, {std::ldexp(1.0f, -16), 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->left_shift, 0);
  EXPECT_EQ(p->output_shift, -1);
  // 100 -> 50, -100 -> -50: 100^2 = 10000, times 1/4 = 2500 = (200 * 2^-10)^2 / 2^-16.
  const std::vector<int16_t> x = {100}, y = {-100};
  const octet_shape s = make_shape({1});
  std::vector<int16_t> out(1);
  ASSERT_EQ(octet_ref_squared_difference_s16(&*p, &s, x.data(), &s, y.data(), &s, out.data()), 0);
  EXPECT_EQ(out[0], 2500);
  EXPECT_FALSE(prepare_squared_difference(DType::kInt16, {0.5f, 1}, {0.5f, 0}, {0.5f, 0}).ok());
  // int32: (2^16)^2 wraps to 0; (3 - -4)^2 = 49.
  const std::vector<int32_t> a = {65536, 3}, b = {0, -4};
  const octet_shape s2 = make_shape({2});
  std::vector<int32_t> o(2);
  ASSERT_EQ(octet_ref_squared_difference_s32(&s2, a.data(), &s2, b.data(), &s2, o.data()), 0);
  EXPECT_EQ(o, (std::vector<int32_t>{0, 49}));
}

TEST(Div, Int8QuotientsRoundHalfAwayAndSignsFlip) {
  // All scales 1: the output multiplier 1 is 2^30 with shift 1.
  auto p = prepare_div(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_multiplier, 1 << 30);
  EXPECT_EQ(p->output_shift, 1);
  // 6 / 3 = 2; 6 / -3 = -2 (both signs flipped); 7 / 2 = 3.5 -> 4; 100 / 1 = 100; -128 / 1 = -128.
  // -7 / 2 -> -3: the reciprocal of 2 is the saturated 2^31 - 1 (just under 1/2), so the
  // quotient is -3.4999..., and the high multiply's nudge toward zero keeps it there, where 7 / 2
  // rounds up to exactly 3.5.
  const std::vector<int8_t> x = {6, 6, 7, -7, 100, -128};
  const std::vector<int8_t> y = {3, -3, 2, 2, 1, 1};
  const octet_shape s = make_shape({6});
  std::vector<int8_t> out(6);
  ASSERT_EQ(octet_ref_div_s8(&*p, &s, x.data(), &s, y.data(), &s, out.data()), 0);
  EXPECT_EQ(out, (std::vector<int8_t>{2, -2, 4, -3, 100, -128}));
}

TEST(Div, ZeroPointDivisorIsAnErrorAndWritesNothing) {
  auto p = prepare_div(DType::kInt8, {1.0f, 0}, {0.5f, 3}, {1.0f, 0}, FusedActivation::kRelu);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->act_min, 0);
  const std::vector<int8_t> x = {1, 2}, y = {5, 3};
  const octet_shape s = make_shape({2});
  std::vector<int8_t> out = {42, 42};
  EXPECT_EQ(octet_ref_div_s8(&*p, &s, x.data(), &s, y.data(), &s, out.data()), 1);
  EXPECT_EQ(out, (std::vector<int8_t>{42, 42}));
}

TEST(Prelu, Int8AndInt16WithBroadcastAlpha) {
  // s_in 0.5, s_alpha 0.25, s_out 0.5: m1 = 1 (2^30, shift 1), m2 = 0.25 (2^30, shift -1).
  auto p = prepare_prelu(DType::kInt8, DType::kInt8, {0.5f, 0}, {0.25f, 0}, {0.5f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shift_1, 1);
  EXPECT_EQ(p->output_shift_2, -1);
  // alpha per channel [2, -4] (0.5, -1.0): 4 -> 4; -4 * -4 = 16 -> 16 / 4 = 4; -4 * 2 = -8 -> -2;
  // 3 -> 3.
  const std::vector<int8_t> x = {4, -4, -4, 3}, alpha = {2, -4};
  const octet_shape sx = make_shape({2, 2}), sa = make_shape({2});
  std::vector<int8_t> out(4);
  ASSERT_EQ(octet_ref_prelu_s8(&*p, &sx, x.data(), &sa, alpha.data(), &sx, out.data()), 0);
  EXPECT_EQ(out, (std::vector<int8_t>{4, 4, -2, 3}));

  auto q = prepare_prelu(DType::kInt16, DType::kInt8, {0.5f, 0}, {0.25f, 0}, {0.5f, 0});
  ASSERT_TRUE(q.ok()) << q.message();
  const std::vector<int16_t> x16 = {1000, -1000, -32768, 32767};
  std::vector<int16_t> o16(4);
  ASSERT_EQ(octet_ref_prelu_s16(&*q, &sx, x16.data(), &sa, alpha.data(), &sx, o16.data()), 0);
  // -1000 * -4 / 4 = 1000; -32768 * 2 / 4 = -16384; 32767 stays.
  EXPECT_EQ(o16, (std::vector<int16_t>{1000, 1000, -16384, 32767}));
  EXPECT_FALSE(prepare_prelu(DType::kInt16, DType::kInt16, {0.5f, 0}, {0.25f, 0}, {0.5f, 0}).ok());
}

TEST(Abs, SameScaleAddsTheZeroPointOtherwiseRescales) {
  // Same scale: |x - 10| - 128, clamped.
  auto p = prepare_abs(DType::kInt8, {0.5f, 10}, {0.5f, -128});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->rescale, 0);
  const std::vector<int8_t> x = {5, 10, -128, 127};
  std::vector<int8_t> out(4);
  octet_ref_abs_s8(&*p, 4, x.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-123, -128, 10, -11}));
  // s_in 0.5 -> s_out 0.25: ratio 2 (2^30, shift 2): |20 - 10| = 10 -> 20.
  auto q = prepare_abs(DType::kInt8, {0.5f, 10}, {0.25f, 0});
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(q->rescale, 1);
  EXPECT_EQ(q->shift, 2);
  const std::vector<int8_t> y = {20, 0, 127};
  std::vector<int8_t> o(3);
  octet_ref_abs_s8(&*q, 3, y.data(), o.data());
  EXPECT_EQ(o, (std::vector<int8_t>{20, 20, 127}));
  EXPECT_FALSE(prepare_abs(DType::kInt16, {0.5f, 1}, {0.5f, 0}).ok());
}

TEST(Abs, ScaleRatiosPastTheShiftLimitAreRefused) {
  // A ratio of 2^29 is 0.5 (2^30) with a left shift of 30, the most the kernels take; 2^30 needs
  // 31, and the fuzzer's model (1.2e-4 / 2.6e-16, a shift of 39) shifted a uint32 by 39 in the
  // kernel. Same limit for the other rescaling ops of the family.
  auto ok = prepare_abs(DType::kInt16, {std::ldexp(1.0f, 29), 0}, {1.0f, 0});
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(ok->shift, 30);
  auto past = prepare_abs(DType::kInt16, {std::ldexp(1.0f, 30), 0}, {1.0f, 0});
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.message().find("left shift of 31"), std::string::npos) << past.message();
  EXPECT_FALSE(prepare_abs(DType::kInt16, {0.000122049f, 0}, {2.61946e-16f, 0}).ok());
  EXPECT_FALSE(prepare_rsqrt(DType::kInt8, {1e-20f, 0}, {1e-10f, 0}).ok());
  // 1 / (sqrt(1e-45) * 1e-38) overflows to inf (a fuzz input): refused, not converted.
  EXPECT_FALSE(prepare_rsqrt(DType::kInt8, {1e-45f, 0}, {1e-38f, 0}).ok());
  EXPECT_FALSE(prepare_prelu(DType::kInt8, DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1e-12f, 0}).ok());
}

TEST(Rsqrt, InverseSquareRootMultiplierAndTheKernel) {
  // The fixed-point inverse square root (five Newton steps from 1) is 1 / sqrt(input) to within a
  // few parts per million; the bytes it gives are checked by the golden RSQRT and L2 models.
  for (int32_t v : {2, 3, 4, 100, 127, 255, 65535, 1 << 28, 1 << 30}) {
    int32_t m = 0;
    int shift = 0;
    octet_fx_inv_sqrt_multiplier(v, -1, &m, &shift);
    const double got = std::ldexp(static_cast<double>(m), shift - 31);
    EXPECT_NEAR(got * std::sqrt(static_cast<double>(v)), 1.0, 1e-5) << v;
  }
  int32_t m = 0;
  int shift = 7;
  octet_fx_inv_sqrt_multiplier(1, -1, &m, &shift);
  EXPECT_EQ(m, INT32_MAX);
  EXPECT_EQ(shift, 0);

  // s_in 0.25, s_out 1/64: the output multiplier 1 / (0.5 / 64) = 128 is 2^30 with shift 8.
  // 4 -> 1.0 -> 1.0 / (1/64) = 64; 16 -> 4.0 -> 0.5 -> 32; 0 -> 127 (the largest output).
  auto p = prepare_rsqrt(DType::kInt8, {0.25f, 0}, {1.0f / 64, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->multiplier, 1 << 30);
  EXPECT_EQ(p->shift, 8);
  const std::vector<int8_t> x = {4, 16, 0, 1};
  std::vector<int8_t> out(4);
  ASSERT_EQ(octet_ref_rsqrt_s8(&*p, 4, x.data(), out.data()), 0);
  EXPECT_EQ(out, (std::vector<int8_t>{64, 32, 127, 127}));  // 1 -> 0.25 -> 2.0 -> 128: clamped
  // Below the zero point: an error, nothing written.
  auto q = prepare_rsqrt(DType::kInt8, {0.25f, 5}, {1.0f / 64, 0});
  ASSERT_TRUE(q.ok());
  std::vector<int8_t> o = {9, 9};
  const std::vector<int8_t> neg = {6, 4};
  EXPECT_EQ(octet_ref_rsqrt_s8(&*q, 2, neg.data(), o.data()), 1);
  EXPECT_EQ(o, (std::vector<int8_t>{9, 9}));
}

}  // namespace
}  // namespace octet
