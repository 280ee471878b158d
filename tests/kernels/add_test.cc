// ADD, SUB and MUL reference kernels and their prepare functions: hand-derived cases for the
// quantized arithmetic (multipliers, rounding ties, saturation, zero points at the range ends),
// the float-vs-double prepare differences between TFLM and TFLite, and every broadcast pattern.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <vector>

#include "kernels/prepare/add.h"
#include "kernels/prepare/mul.h"
#include "octet_kernels.h"

namespace octet {
namespace {

octet_shape shape_of(std::initializer_list<int32_t> dims) {
  octet_shape s{};
  s.rank = static_cast<int32_t>(dims.size());
  int i = 0;
  for (int32_t d : dims) s.dims[i++] = d;
  return s;
}

// ---- prepare ----------------------------------------------------------------------------------

TEST(PrepareAdd, MultipliersOfTheGeneralQuantizedAdd) {
  // s1 0.5, s2 0.25, so 0.5: twice_max = 1.0, so the input ratios are 0.5 = 2^30 * 2^(0-31) and
  // 0.25 = 2^30 * 2^(-1-31); the output ratio 1 / (2^20 * 0.5) = 2^-19 = 2^30 * 2^(-18-31).
  auto p = prepare_add(DType::kInt8, {0.5f, 0}, {0.25f, 0}, {0.5f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->left_shift, 20);
  EXPECT_EQ(p->input1_multiplier, 1 << 30);
  EXPECT_EQ(p->input1_shift, 0);
  EXPECT_EQ(p->input2_multiplier, 1 << 30);
  EXPECT_EQ(p->input2_shift, -1);
  EXPECT_EQ(p->output_multiplier, 1 << 30);
  EXPECT_EQ(p->output_shift, -18);
  EXPECT_EQ(p->act_min, -128);
  EXPECT_EQ(p->act_max, 127);
  // int16: left shift 15, output ratio 2 / (2^15 * 1) = 2^-14 -> shift -13.
  auto q = prepare_add(DType::kInt16, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(q->left_shift, 15);
  EXPECT_EQ(q->output_shift, -13);
  EXPECT_EQ(q->act_min, -32768);
}

TEST(PrepareAdd, OffsetsAndActivation) {
  // relu6 with so 0.05, zp -128: max = -128 + round(6 / 0.05) = -8.
  auto p = prepare_add(DType::kInt8, {0.1f, 3}, {0.2f, -7}, {0.05f, -128}, FusedActivation::kRelu6);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->input1_offset, -3);
  EXPECT_EQ(p->input2_offset, 7);
  EXPECT_EQ(p->output_offset, -128);
  EXPECT_EQ(p->act_min, -128);
  EXPECT_EQ(p->act_max, -8);
}

TEST(PrepareAdd, RejectsInvalidCombinations) {
  // Output ratio 2 / (2^20 * 2^-20) = 2 > 1.
  EXPECT_FALSE(prepare_add(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {std::ldexp(1.0f, -20), 0},
                           FusedActivation::kNone)
                   .ok());
  EXPECT_FALSE(
      prepare_add(DType::kInt8, {1.0f, 200}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone).ok());
  EXPECT_FALSE(
      prepare_add(DType::kUInt8, {0.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone).ok());
  EXPECT_FALSE(
      prepare_add(DType::kFloat32, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone).ok());
  EXPECT_FALSE(
      prepare_add(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kTanh).ok());
}

// s1 = 0.1f = 13421773 * 2^-27, s2 = 0.3f = 10066330 * 2^-25, twice_max = 0.6f (exact doubling).
// The exact ratio s1 / twice_max = 13421773 / 80530640; times 2^33 it is
// 2^32/3 - 2^29/15099495 = 1431655729.78.
//   double (TFLite, and TFLM's ADD): Q31 mantissa round(1431655729.78) = 1431655730, shift -2.
//   float (TFLM's SUB): the quotient rounds to 24 bits first, round(1431655729.78 / 128) =
//   11184810, so the multiplier is 11184810 * 128 = 1431655680.
// s2 / twice_max = 0.5 exactly either way.
TEST(PrepareSub, Int8RatiosAreFloatAsInTflm) {
  auto sub = prepare_sub(DType::kInt8, {0.1f, 0}, {0.3f, 0}, {0.6f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(sub.ok()) << sub.message();
  EXPECT_EQ(sub->input1_multiplier, 1431655680);
  EXPECT_EQ(sub->input1_shift, -2);
  EXPECT_EQ(sub->input2_multiplier, 1 << 30);
  EXPECT_EQ(sub->input2_shift, 0);
  auto add = prepare_add(DType::kInt8, {0.1f, 0}, {0.3f, 0}, {0.6f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(add.ok()) << add.message();
  EXPECT_EQ(add->input1_multiplier, 1431655730);
  EXPECT_EQ(add->input1_shift, -2);
}

TEST(PrepareSub, ScaleRatioOverflowingAFloatIsRefused) {
  // int8 SUB computes its ratios in float as TFLM does: 2 * 3e38 is inf there, and so is the
  // output ratio, which quantize_multiplier must never see (fuzz finding,
  // fuzz/regressions/sub-inf-ratio-*). ADD computes in double and refuses the huge ratio as
  // above 1.
  auto sub = prepare_sub(DType::kInt8, {3e38f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_FALSE(sub.ok());
  EXPECT_NE(sub.message().find("SUB: output scale ratio inf is not finite"), std::string::npos)
      << sub.message();
  auto add = prepare_add(DType::kInt8, {3e38f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_FALSE(add.ok());
}

TEST(PrepareSub, Uint8IsTfliteAddWithNegatedSecondMultiplier) {
  auto sub = prepare_sub(DType::kUInt8, {0.1f, 0}, {0.3f, 0}, {0.6f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(sub.ok()) << sub.message();
  EXPECT_EQ(sub->input1_multiplier, 1431655730);  // double, see above
  EXPECT_EQ(sub->input2_multiplier, -(1 << 30));
  EXPECT_EQ(sub->input2_shift, 0);
}

// ---- quantized ADD ---------------------------------------------------------------------------

TEST(AddS8, ExactSumsAndSaturation) {
  // All scales 1: inputs become v * 2^19 after the 0.5 multiplier, the sum goes back through
  // 2^-19: exact integer addition, then clamped.
  auto p = prepare_add(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({4});
  const int8_t a[4] = {3, 100, -100, -128};
  const int8_t b[4] = {4, 100, -100, 127};
  int8_t out[4];
  ASSERT_EQ(octet_ref_add_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 7);
  EXPECT_EQ(out[1], 127);   // 200 saturates
  EXPECT_EQ(out[2], -128);  // -200 saturates
  EXPECT_EQ(out[3], -1);
}

TEST(AddS8, TiesRoundAwayFromZeroInTheFinalShift) {
  // Output scale 2: the output multiplier is 2^-20 = (2^30, -19). x = 3: 3 * 2^19 -> high mul
  // 3 * 2^18 -> / 2^19 = 1.5 -> 2; x = -3 -> -1.5 -> -2; x = +-1 -> +-0.5 -> +-1.
  auto p = prepare_add(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {2.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shift, -19);
  const octet_shape s = shape_of({4});
  const int8_t a[4] = {3, -3, 1, -1};
  const int8_t b[4] = {0, 0, 0, 0};
  int8_t out[4];
  ASSERT_EQ(octet_ref_add_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], -2);
  EXPECT_EQ(out[2], 1);
  EXPECT_EQ(out[3], -1);
}

TEST(AddS8, DifferentScales) {
  // s1 0.5, s2 0.25, so 0.5 (multipliers checked above).
  // 10 + 6: 10 * 2^19 + (6 * 2^19) / 2 = 13 * 2^19 -> 13 (real 5 + 1.5 = 6.5 = 13 * 0.5).
  // 10 + 5: 5 * 2^20 + 5 * 2^18 = 25 * 2^18 -> 12.5 -> 13; negated: -12.5 -> -13.
  auto p = prepare_add(DType::kInt8, {0.5f, 0}, {0.25f, 0}, {0.5f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({3});
  const int8_t a[3] = {10, 10, -10};
  const int8_t b[3] = {6, 5, -5};
  int8_t out[3];
  ASSERT_EQ(octet_ref_add_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 13);
  EXPECT_EQ(out[1], 13);
  EXPECT_EQ(out[2], -13);
}

TEST(AddS8, ZeroPointsAtBothEndsOfTheRange) {
  // zp1 -128, zp2 127, scales 1: -128 and 127 are both real 0; 127 is real 255, -128 is -255.
  auto p = prepare_add(DType::kInt8, {1.0f, -128}, {1.0f, 127}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({4});
  const int8_t a[4] = {-128, 127, 127, -100};  // 0, 255, 255, 28
  const int8_t b[4] = {127, -128, 127, 100};   // 0, -255, 0, -27
  int8_t out[4];
  ASSERT_EQ(octet_ref_add_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 0);
  EXPECT_EQ(out[2], 127);  // 255 saturates
  EXPECT_EQ(out[3], 1);
}

TEST(AddS8, FusedReluClampsAtTheOutputZeroPoint) {
  // Output zp 10: relu's lower bound is 10 + round(0) = 10. -5 + 2 = -3 -> 7 -> 10; 5 + 2 -> 17.
  auto p = prepare_add(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1.0f, 10}, FusedActivation::kRelu);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({2});
  const int8_t a[2] = {-5, 5};
  const int8_t b[2] = {2, 2};
  int8_t out[2];
  ASSERT_EQ(octet_ref_add_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 10);
  EXPECT_EQ(out[1], 17);
}

TEST(AddU8, ZeroPoints) {
  // uint8, zp 128 everywhere, scales 1: 130 + 140 -> 2 + 12 = 14 -> 142; 0 + 0 -> -256 -> 0.
  auto p =
      prepare_add(DType::kUInt8, {1.0f, 128}, {1.0f, 128}, {1.0f, 128}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({3});
  const uint8_t a[3] = {130, 0, 255};
  const uint8_t b[3] = {140, 0, 255};
  uint8_t out[3];
  ASSERT_EQ(octet_ref_add_u8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 142);
  EXPECT_EQ(out[1], 0);
  EXPECT_EQ(out[2], 255);
}

TEST(AddS16, LeftShift15) {
  // Scales 1: inputs v * 2^15 * 0.5 = v * 2^14; output 2^-14: exact sum; 60000 saturates.
  auto p = prepare_add(DType::kInt16, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({3});
  const int16_t a[3] = {1000, 30000, -30000};
  const int16_t b[3] = {2000, 30000, -30000};
  int16_t out[3];
  ASSERT_EQ(octet_ref_add_s16(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 3000);
  EXPECT_EQ(out[1], 32767);
  EXPECT_EQ(out[2], -32768);
}

// ---- quantized SUB ---------------------------------------------------------------------------

TEST(SubS8, ExactDifferences) {
  auto p = prepare_sub(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({3});
  const int8_t a[3] = {3, -100, 100};
  const int8_t b[3] = {5, 100, -100};
  int8_t out[3];
  ASSERT_EQ(octet_ref_sub_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], -2);
  EXPECT_EQ(out[1], -128);
  EXPECT_EQ(out[2], 127);
}

// Hand-set parameters where the sign of input2's multiplier decides a tie. left_shift 0,
// multiplier 2^30 (0.5), y = 1: TFLM's SUB computes srdhm(1, 2^30) = round(0.5) = 1 and subtracts
// it; TFLite's uint8 path computes srdhm(1, -2^30) = round(-0.5) = 0 (ties toward +infinity) and
// adds it. The output multiplier INT32_MAX (just under 1) keeps -1 and 0 as they are.
TEST(SubU8, NegatedMultiplierRoundsTiesDifferently) {
  octet_sub_params p{};
  p.left_shift = 0;
  p.input1_multiplier = 1 << 30;
  p.input2_multiplier = 1 << 30;
  p.output_multiplier = INT32_MAX;
  p.output_offset = 10;
  p.act_min = -128;
  p.act_max = 127;
  const octet_shape s = shape_of({1});
  const int8_t a8[1] = {0};
  const int8_t b8[1] = {1};
  int8_t out8[1];
  ASSERT_EQ(octet_ref_sub_s8(&p, &s, a8, &s, b8, &s, out8), 0);
  EXPECT_EQ(out8[0], 9);  // 0 - 1 + 10

  p.input2_multiplier = -(1 << 30);
  p.act_min = 0;
  p.act_max = 255;
  const uint8_t au[1] = {0};
  const uint8_t bu[1] = {1};
  uint8_t outu[1];
  ASSERT_EQ(octet_ref_sub_u8(&p, &s, au, &s, bu, &s, outu), 0);
  EXPECT_EQ(outu[0], 10);  // 0 + 0 + 10
}

TEST(SubU8, ThroughPrepare) {
  // zp 128, scales 1: 200 - 100 -> 72 - (-28) = 100 -> 228; 100 - 200 -> -100 -> 28.
  auto p =
      prepare_sub(DType::kUInt8, {1.0f, 128}, {1.0f, 128}, {1.0f, 128}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({2});
  const uint8_t a[2] = {200, 100};
  const uint8_t b[2] = {100, 200};
  uint8_t out[2];
  ASSERT_EQ(octet_ref_sub_u8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 228);
  EXPECT_EQ(out[1], 28);
}

TEST(SubS16, LeftShift15) {
  auto p = prepare_sub(DType::kInt16, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({2});
  const int16_t a[2] = {1000, -30000};
  const int16_t b[2] = {3000, 30000};
  int16_t out[2];
  ASSERT_EQ(octet_ref_sub_s16(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], -2000);
  EXPECT_EQ(out[1], -32768);
}

// ---- quantized MUL ---------------------------------------------------------------------------

TEST(PrepareMul, Uint8MultiplierIsComputedInFloat) {
  // 0.1f = 13421773 * 2^-27. double: (0.1f * 0.1f) / 0.1f is exactly 0.1f, Q31 mantissa
  // 13421773 * 2^7 = 1717986944, shift -3.
  // float: 0.1f * 0.1f = 13421773^2 * 2^-54 = 180143990463529 * 2^-54 rounds to
  // 10737419 * 2^-30 (quotient by 2^24: 10737418.56); divided by 0.1f it is
  // 10737419 * 2^24 / 13421773 = 13421773.55 * 2^-27 -> 13421774 * 2^-27, so the multiplier is
  // 13421774 * 2^7 = 1717987072.
  auto u8 = prepare_mul(DType::kUInt8, {0.1f, 0}, {0.1f, 0}, {0.1f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(u8.ok()) << u8.message();
  EXPECT_EQ(u8->output_multiplier, 1717987072);
  EXPECT_EQ(u8->output_shift, -3);
  auto s8 = prepare_mul(DType::kInt8, {0.1f, 0}, {0.1f, 0}, {0.1f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(s8.ok()) << s8.message();
  EXPECT_EQ(s8->output_multiplier, 1717986944);
  EXPECT_EQ(s8->output_shift, -3);
  // int16 needs zero points 0.
  EXPECT_FALSE(
      prepare_mul(DType::kInt16, {1.0f, 1}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone).ok());
}

TEST(MulS8, RoundingOfTheHighMultiply) {
  // Multiplier 0.5 = (2^30, 0): the tie is decided by the high multiply, toward +infinity:
  // 3 * 1 * 0.5 = 1.5 -> 2, -3 * 1 * 0.5 = -1.5 -> -1.
  auto p = prepare_mul(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {2.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_multiplier, 1 << 30);
  EXPECT_EQ(p->output_shift, 0);
  const octet_shape s = shape_of({2});
  const int8_t a[2] = {3, -3};
  const int8_t b[2] = {1, 1};
  int8_t out[2];
  ASSERT_EQ(octet_ref_mul_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], -1);

  // Multiplier 0.25 = (2^30, -1): 6 -> high mul 3 -> 3 / 2 = 1.5 -> 2; -6 -> -3 -> -2 (the
  // final shift rounds ties away from zero).
  auto q = prepare_mul(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {4.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(q->output_shift, -1);
  const int8_t c[2] = {3, -3};
  const int8_t d[2] = {2, 2};
  ASSERT_EQ(octet_ref_mul_s8(&*q, &s, c, &s, d, &s, out), 0);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], -2);
}

TEST(MulS8, ScaledProductAndZeroPoints) {
  // s1 = s2 = 0.5, so = 0.25: multiplier 1.0 = (2^30, 1): 3 * 5 = 15 (1.5 * 2.5 = 3.75 = 15/4).
  auto p = prepare_mul(DType::kInt8, {0.5f, 0}, {0.5f, 0}, {0.25f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shift, 1);
  const octet_shape s = shape_of({1});
  const int8_t a[1] = {3};
  const int8_t b[1] = {5};
  int8_t out[1];
  ASSERT_EQ(octet_ref_mul_s8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 15);

  // zp1 -128, zp2 127: 127 -> 255, -128 -> -255: -65025 saturates; -127 -> 1, 126 -> -1: -1.
  auto q = prepare_mul(DType::kInt8, {1.0f, -128}, {1.0f, 127}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(q.ok()) << q.message();
  const octet_shape s2 = shape_of({2});
  const int8_t c[2] = {127, -127};
  const int8_t d[2] = {-128, 126};
  int8_t out2[2];
  ASSERT_EQ(octet_ref_mul_s8(&*q, &s2, c, &s2, d, &s2, out2), 0);
  EXPECT_EQ(out2[0], -128);
  EXPECT_EQ(out2[1], -1);
}

TEST(MulU8, OutputZeroPoint) {
  // zp 128 in, 100 out, scales 1: (130 - 128) * (125 - 128) = -6 -> 94; 0 -> -128 * -128 = 16384
  // saturates to 255.
  auto p =
      prepare_mul(DType::kUInt8, {1.0f, 128}, {1.0f, 128}, {1.0f, 100}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = shape_of({2});
  const uint8_t a[2] = {130, 0};
  const uint8_t b[2] = {125, 0};
  uint8_t out[2];
  ASSERT_EQ(octet_ref_mul_u8(&*p, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 94);
  EXPECT_EQ(out[1], 255);
}

TEST(MulS16, SymmetricScales) {
  // 2^-10 * 2^-10 / 2^-12 = 2^-8 = (2^30, -7): 1024 * 1024 = 2^20 -> 2^12 = 4096;
  // -32768 * -32768 = 2^30 -> 2^22 saturates.
  const float s = std::ldexp(1.0f, -10);
  auto p = prepare_mul(DType::kInt16, {s, 0}, {s, 0}, {std::ldexp(1.0f, -12), 0},
                       FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shift, -7);
  const octet_shape sh = shape_of({2});
  const int16_t a[2] = {1024, -32768};
  const int16_t b[2] = {1024, -32768};
  int16_t out[2];
  ASSERT_EQ(octet_ref_mul_s16(&*p, &sh, a, &sh, b, &sh, out), 0);
  EXPECT_EQ(out[0], 4096);
  EXPECT_EQ(out[1], 32767);
}

// ---- plain int32 and float -------------------------------------------------------------------

TEST(ArithmeticS32, WrapsAndClamps) {
  auto none = prepare_int32_activation(FusedActivation::kNone);
  auto relu6 = prepare_int32_activation(FusedActivation::kRelu6);
  ASSERT_TRUE(none.ok() && relu6.ok());
  const octet_shape s = shape_of({2});
  const int32_t a[2] = {INT32_MAX, 3};
  const int32_t b[2] = {1, 4};
  int32_t out[2];
  ASSERT_EQ(octet_ref_add_s32(&*none, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], INT32_MIN);  // two's complement wrap, as TFLite's int32 add on x86
  EXPECT_EQ(out[1], 7);
  ASSERT_EQ(octet_ref_add_s32(&*relu6, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 6);
  ASSERT_EQ(octet_ref_sub_s32(&*none, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], INT32_MAX - 1);
  EXPECT_EQ(out[1], -1);
  ASSERT_EQ(octet_ref_mul_s32(&*none, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], INT32_MAX);
  EXPECT_EQ(out[1], 12);
}

TEST(ArithmeticF32, FusedActivationsAndNaN) {
  auto relu6 = prepare_float_activation(FusedActivation::kRelu6);
  auto none = prepare_float_activation(FusedActivation::kNone);
  ASSERT_TRUE(relu6.ok() && none.ok());
  const octet_shape s = shape_of({3});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float a[3] = {2.5f, -1.0f, nan};
  const float b[3] = {4.0f, 0.5f, 1.0f};
  float out[3];
  ASSERT_EQ(octet_ref_add_f32(&*relu6, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 6.0f);
  EXPECT_EQ(out[1], 0.0f);
  EXPECT_TRUE(std::isnan(out[2]));  // TFLite's min(max(x, lo), hi) lets NaN through
  ASSERT_EQ(octet_ref_sub_f32(&*none, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], -1.5f);
  EXPECT_EQ(out[1], -1.5f);
  ASSERT_EQ(octet_ref_mul_f32(&*none, &s, a, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], 10.0f);
  EXPECT_EQ(out[1], -0.5f);
  // Unbounded sides are +-FLT_MAX in TFLite, so infinities are clamped.
  const float inf = std::numeric_limits<float>::infinity();
  const float big[3] = {inf, -inf, 1.0f};
  ASSERT_EQ(octet_ref_add_f32(&*none, &s, big, &s, b, &s, out), 0);
  EXPECT_EQ(out[0], std::numeric_limits<float>::max());
  EXPECT_EQ(out[1], std::numeric_limits<float>::lowest());
  EXPECT_EQ(out[2], 2.0f);
}

// ---- broadcasting ----------------------------------------------------------------------------

// a[i] = 100 * i, b[j] = j: every output names the two elements it was made from.
std::vector<int32_t> iota_times(int n, int32_t factor) {
  std::vector<int32_t> v(n);
  for (int i = 0; i < n; ++i) v[i] = i * factor;
  return v;
}

octet_int_activation no_clamp() { return {INT32_MIN, INT32_MAX}; }

TEST(Broadcast, ScalarRowAndColumn) {
  const octet_int_activation act = no_clamp();
  const octet_shape m = shape_of({2, 3});
  const std::vector<int32_t> a = iota_times(6, 100);  // [[0,100,200],[300,400,500]]
  int32_t out[6];

  // Scalar (rank 0) on either side.
  const octet_shape scalar = shape_of({});
  const int32_t seven[1] = {7};
  ASSERT_EQ(octet_ref_add_s32(&act, &m, a.data(), &scalar, seven, &m, out), 0);
  EXPECT_EQ(std::vector<int32_t>(out, out + 6), (std::vector<int32_t>{7, 107, 207, 307, 407, 507}));
  ASSERT_EQ(octet_ref_sub_s32(&act, &scalar, seven, &m, a.data(), &m, out), 0);
  EXPECT_EQ(std::vector<int32_t>(out, out + 6),
            (std::vector<int32_t>{7, -93, -193, -293, -393, -493}));

  // Row [3] (lower rank) and [1, 3].
  const int32_t row[3] = {1, 2, 3};
  const octet_shape r1 = shape_of({3});
  const octet_shape r2 = shape_of({1, 3});
  const std::vector<int32_t> row_sum{1, 102, 203, 301, 402, 503};
  ASSERT_EQ(octet_ref_add_s32(&act, &m, a.data(), &r1, row, &m, out), 0);
  EXPECT_EQ(std::vector<int32_t>(out, out + 6), row_sum);
  ASSERT_EQ(octet_ref_add_s32(&act, &r2, row, &m, a.data(), &m, out), 0);
  EXPECT_EQ(std::vector<int32_t>(out, out + 6), row_sum);

  // Column [2, 1].
  const int32_t col[2] = {10, 20};
  const octet_shape c = shape_of({2, 1});
  ASSERT_EQ(octet_ref_add_s32(&act, &m, a.data(), &c, col, &m, out), 0);
  EXPECT_EQ(std::vector<int32_t>(out, out + 6),
            (std::vector<int32_t>{10, 110, 210, 320, 420, 520}));

  // Both broadcast: [2, 1] x [1, 3] -> [2, 3] (outer product of the sum).
  ASSERT_EQ(octet_ref_mul_s32(&act, &c, col, &r2, row, &m, out), 0);
  EXPECT_EQ(std::vector<int32_t>(out, out + 6), (std::vector<int32_t>{10, 20, 30, 20, 40, 60}));
}

TEST(Broadcast, FiveAndSixDimensions) {
  const octet_int_activation act = no_clamp();
  // [2,1,2,1,2] + [3,1,2,1] -> [2,3,2,2,2]. a's strides (elements): dims 0,2,4 = 4, 2, 1;
  // b (aligned as [1,3,1,2,1]): dims 1, 3 = 2, 1.
  const octet_shape sa = shape_of({2, 1, 2, 1, 2});
  const octet_shape sb = shape_of({3, 1, 2, 1});
  const octet_shape so = shape_of({2, 3, 2, 2, 2});
  const std::vector<int32_t> a = iota_times(8, 100);
  const std::vector<int32_t> b = iota_times(6, 1);
  std::vector<int32_t> out(48);
  ASSERT_EQ(octet_ref_add_s32(&act, &sa, a.data(), &sb, b.data(), &so, out.data()), 0);
  int k = 0;
  for (int i0 = 0; i0 < 2; ++i0)
    for (int i1 = 0; i1 < 3; ++i1)
      for (int i2 = 0; i2 < 2; ++i2)
        for (int i3 = 0; i3 < 2; ++i3)
          for (int i4 = 0; i4 < 2; ++i4) {
            const int32_t expected = 100 * (4 * i0 + 2 * i2 + i4) + (2 * i1 + i3);
            ASSERT_EQ(out[k++], expected) << i0 << i1 << i2 << i3 << i4;
          }

  // 6-D: [2,1,1,1,1,2] + [1,2,1,1,1,1] -> [2,2,1,1,1,2].
  const octet_shape sa6 = shape_of({2, 1, 1, 1, 1, 2});
  const octet_shape sb6 = shape_of({1, 2, 1, 1, 1, 1});
  const octet_shape so6 = shape_of({2, 2, 1, 1, 1, 2});
  const int32_t a6[4] = {0, 100, 200, 300};
  const int32_t b6[2] = {1, 2};
  int32_t out6[8];
  ASSERT_EQ(octet_ref_add_s32(&act, &sa6, a6, &sb6, b6, &so6, out6), 0);
  EXPECT_EQ(std::vector<int32_t>(out6, out6 + 8),
            (std::vector<int32_t>{1, 101, 2, 102, 201, 301, 202, 302}));
}

TEST(Broadcast, QuantizedRowAndScalar) {
  // The quantized row kernels see stride 0 on the broadcast side. Scales 1, zp 0.
  auto p = prepare_add(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape m = shape_of({2, 2});
  const octet_shape one = shape_of({1});
  const int8_t a[4] = {1, 2, 3, 4};
  const int8_t s[1] = {-10};
  int8_t out[4];
  ASSERT_EQ(octet_ref_add_s8(&*p, &one, s, &m, a, &m, out), 0);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{-9, -8, -7, -6}));
  auto q = prepare_sub(DType::kInt8, {1.0f, 0}, {1.0f, 0}, {1.0f, 0}, FusedActivation::kNone);
  ASSERT_TRUE(q.ok()) << q.message();
  const octet_shape col = shape_of({2, 1});
  const int8_t c[2] = {1, 2};
  ASSERT_EQ(octet_ref_sub_s8(&*q, &m, a, &col, c, &m, out), 0);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{0, 1, 1, 2}));
}

TEST(Broadcast, IncompatibleShapesAreAnError) {
  const octet_int_activation act = no_clamp();
  const octet_shape a = shape_of({2, 3});
  const octet_shape b = shape_of({3, 2});
  const int32_t x[6] = {};
  int32_t out[6] = {42, 42, 42, 42, 42, 42};
  EXPECT_EQ(octet_ref_add_s32(&act, &a, x, &b, x, &a, out), -1);
  EXPECT_EQ(out[0], 42);  // nothing written
  // An input larger than the output along a dimension does not broadcast either.
  const octet_shape small = shape_of({1, 3});
  EXPECT_EQ(octet_ref_add_s32(&act, &a, x, &small, x, &small, out), -1);
}

TEST(Broadcast, PlanCollapsesDimensions) {
  octet_ew_broadcast plan;
  // Equal shapes: one flat run.
  const octet_shape a = shape_of({2, 3, 4});
  ASSERT_EQ(octet_ew_broadcast_init(&a, &a, &a, &plan), 0);
  EXPECT_EQ(plan.rank, 1);
  EXPECT_EQ(plan.dims[0], 24);
  EXPECT_EQ(plan.stride1[0], 1);
  // Row broadcast [4] over [2,3,4]: the outer two dims merge (b's stride is 0 in both).
  const octet_shape r = shape_of({4});
  ASSERT_EQ(octet_ew_broadcast_init(&a, &r, &a, &plan), 0);
  EXPECT_EQ(plan.rank, 2);
  EXPECT_EQ(plan.dims[0], 6);
  EXPECT_EQ(plan.dims[1], 4);
  EXPECT_EQ(plan.stride1[0], 4);
  EXPECT_EQ(plan.stride2[0], 0);
  EXPECT_EQ(plan.stride2[1], 1);
}

}  // namespace
}  // namespace octet
