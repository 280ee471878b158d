// Hand-derived cases for the fixed-point primitives that every integer kernel relies on.
#include "core/fixed_point.h"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>

#include "octet_fixed_point.h"

namespace octet {
namespace {

TEST(QuantizeMultiplier, PowersOfTwoAndRounding) {
  // 0.5 = 2^30 * 2^(0-31): mantissa 0.5 exactly.
  QuantizedMultiplier q = quantize_multiplier(0.5);
  EXPECT_EQ(q.multiplier, 1 << 30);
  EXPECT_EQ(q.shift, 0);
  // 1.0: frexp gives 0.5 * 2^1.
  q = quantize_multiplier(1.0);
  EXPECT_EQ(q.multiplier, 1 << 30);
  EXPECT_EQ(q.shift, 1);
  // 0.75 * 2^-3 = 0.09375.
  q = quantize_multiplier(0.09375);
  EXPECT_EQ(q.multiplier, 3 << 29);
  EXPECT_EQ(q.shift, -3);
  // A mantissa just below 1 rounds up to 2^31, which is halved with the exponent incremented.
  q = quantize_multiplier(1.0 - 1e-12);
  EXPECT_EQ(q.multiplier, 1 << 30);
  EXPECT_EQ(q.shift, 1);
  // Zero and tiny multipliers flush to zero.
  q = quantize_multiplier(0.0);
  EXPECT_EQ(q.multiplier, 0);
  EXPECT_EQ(q.shift, 0);
  q = quantize_multiplier(1e-12);
  EXPECT_EQ(q.multiplier, 0);
  EXPECT_EQ(q.shift, 0);
}

TEST(QuantizeMultiplier, CheckedAtTheLeftShiftLimit) {
  // 2^29 = 0.5 * 2^30: shift 30, the largest the kernels take; 2^30 needs 31.
  auto at = checked_quantize_multiplier(std::ldexp(1.0, 29), "X: ratio");
  ASSERT_TRUE(at.ok()) << at.message();
  EXPECT_EQ(at->multiplier, 1 << 30);
  EXPECT_EQ(at->shift, 30);
  auto past = checked_quantize_multiplier(std::ldexp(1.0, 30), "X: ratio");
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.message().find("X: ratio 1.07374e+09 needs a left shift of 31"), std::string::npos)
      << past.message();
  // A ratio that overflowed (float scales 3e38 / 1e-38) or is NaN never reaches frexp.
  for (double bad : {HUGE_VAL, -HUGE_VAL, std::nan("")}) {
    auto r = checked_quantize_multiplier(bad, "X: ratio");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("is not finite"), std::string::npos) << r.message();
  }
}

TEST(FixedPoint, SaturatingRoundingDoublingHighMul) {
  // (2^30 * 2^30 * 2) >> 32 = 2^29.
  EXPECT_EQ(octet_srdhm(1 << 30, 1 << 30), 1 << 29);
  // The one overflow case saturates.
  EXPECT_EQ(octet_srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
  // Ties round toward +infinity: the negative nudge is 1 - 2^30 and the division truncates.
  // 3 * 2^30 / 2^31 = 1.5 -> 2; -1.5 -> -1.
  EXPECT_EQ(octet_srdhm(3, 1 << 30), 2);
  EXPECT_EQ(octet_srdhm(-3, 1 << 30), -1);
  // 0.5 -> 1, -0.5 -> 0, -0.75 -> -1.
  EXPECT_EQ(octet_srdhm(1, 1 << 30), 1);
  EXPECT_EQ(octet_srdhm(-1, 1 << 30), 0);
  EXPECT_EQ(octet_srdhm(-3, 1 << 29), -1);
}

TEST(FixedPoint, RoundingDivideByPowerOfTwo) {
  EXPECT_EQ(octet_rounding_divide_by_pot(5, 1), 3);    // 2.5 -> 3
  EXPECT_EQ(octet_rounding_divide_by_pot(-5, 1), -3);  // -2.5 -> -3
  EXPECT_EQ(octet_rounding_divide_by_pot(7, 2), 2);    // 1.75 -> 2
  EXPECT_EQ(octet_rounding_divide_by_pot(-7, 2), -2);  // -1.75 -> -2
  EXPECT_EQ(octet_rounding_divide_by_pot(6, 2), 2);    // 1.5 -> 2
  EXPECT_EQ(octet_rounding_divide_by_pot(-6, 2), -2);  // -1.5 -> -2
  EXPECT_EQ(octet_rounding_divide_by_pot(-5, 2), -1);  // -1.25 -> -1
  EXPECT_EQ(octet_rounding_divide_by_pot(9, 0), 9);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplierIsDoubleRounding) {
  // multiplier 0.5 (2^30, shift 0): 3 * 0.5 = 1.5 -> 2.
  EXPECT_EQ(octet_mul_by_quantized_mul(3, 1 << 30, 0), 2);
  // 0.5 * 2^-1 = 0.25: 6 * 0.25 = 1.5; the high mul gives exactly 3, then 3/2 = 1.5 -> 2.
  EXPECT_EQ(octet_mul_by_quantized_mul(6, 1 << 30, -1), 2);
  // Double rounding differs from single rounding: x = 5, m = 0.5 * 2^-1 (real 0.25):
  // single rounding would give round(1.25) = 1; double rounding: srdhm(5, 2^30) = round(2.5) = 3,
  // then round(3 / 2) = 2.
  EXPECT_EQ(octet_mul_by_quantized_mul(5, 1 << 30, -1), 2);
  // Left shifts: 3 * (0.5 * 2^2) = 6.
  EXPECT_EQ(octet_mul_by_quantized_mul(3, 1 << 30, 2), 6);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplier64) {
  // reduced multiplier of 2^30 is 2^14; x * 2^14 / 2^15 = x / 2 with rounding half up.
  EXPECT_EQ(octet_mul_by_quantized_mul_i64(3, 1 << 30, 0), 2);
  EXPECT_EQ(octet_mul_by_quantized_mul_i64(-3, 1 << 30, 0), -1);  // -1.5 rounds up to -1
  EXPECT_EQ(octet_mul_by_quantized_mul_i64(1LL << 40, 1 << 30, -10), 1 << 29);
}

TEST(ActivationRange, MatchesTfliteRounding) {
  // scale 0.05, zp -128: relu6 max = -128 + round(6 / 0.05) = -128 + 120 = -8.
  ActivationRange r = quantized_activation_range(FusedActivation::kRelu6, 0.05f, -128, -128, 127);
  EXPECT_EQ(r.min, -128);
  EXPECT_EQ(r.max, -8);
  r = quantized_activation_range(FusedActivation::kRelu, 0.1f, 10, -128, 127);
  EXPECT_EQ(r.min, 10);
  EXPECT_EQ(r.max, 127);
  // A range beyond the type is clipped to it.
  r = quantized_activation_range(FusedActivation::kRelu6, 0.001f, 0, -128, 127);
  EXPECT_EQ(r.max, 127);
  r = quantized_activation_range(FusedActivation::kReluN1To1, 0.01f, 0, -128, 127);
  EXPECT_EQ(r.min, -100);
  EXPECT_EQ(r.max, 100);
  // 6 / 6.3e-10 = 9.5e9 is past int32 (the fuzzer's int16 MUL with RELU6): it saturates, so the
  // bound is the type's; -1 / 6.3e-10 likewise gives the type's minimum.
  r = quantized_activation_range(FusedActivation::kRelu6, 6.28662e-10f, 0, -32768, 32767);
  EXPECT_EQ(r.min, 0);
  EXPECT_EQ(r.max, 32767);
  r = quantized_activation_range(FusedActivation::kReluN1To1, 6.28662e-10f, 5, -32768, 32767);
  EXPECT_EQ(r.min, -32768);
  EXPECT_EQ(r.max, 32767);
}

}  // namespace
}  // namespace octet
