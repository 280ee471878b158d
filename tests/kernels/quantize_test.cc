// QUANTIZE (float -> int, int -> int) and DEQUANTIZE reference kernels with their prepare
// functions: rounding of the float division, saturation, TFLM's requantize rounding and its
// int8 <-> uint8 shortcut, and exact dequantization (float16 included).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/prepare/quantize.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(QuantizeF32, RoundsHalfAwayFromZeroAndSaturates) {
  // scale 0.5, zp -1: 0.25 -> 0.5 -> 1 -> 0; -0.25 -> -1 -> -2; 0.75 -> 1.5 -> 2 -> 1;
  // 100 -> 199 -> 127; -100 -> -201 -> -128; 1e30 and NaN saturate.
  auto p = prepare_quantize(DType::kInt8, {0.5f, -1});
  ASSERT_TRUE(p.ok()) << p.message();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float in[7] = {0.25f, -0.25f, 0.75f, 100.0f, -100.0f, 1e30f, nan};
  int8_t out[7];
  octet_ref_quantize_f32_s8(&*p, 7, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 7),
            (std::vector<int8_t>{0, -2, 1, 127, -128, 127, -128}));
}

TEST(QuantizeF32, DivisionIsInFloat) {
  // 0.25f / 0.1f: 0.1f = 0.100000001490116..., the exact quotient 2.49999996274... lies within
  // half an ulp (1.19e-7) of 2.5, so the float quotient is 2.5 and rounds to 3. A double
  // quotient would round to 2.
  auto p = prepare_quantize(DType::kUInt8, {0.1f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  const float in[3] = {0.25f, -1.0f, 30.0f};
  uint8_t out[3];
  octet_ref_quantize_f32_u8(&*p, 3, in, out);
  EXPECT_EQ(out[0], 3);
  EXPECT_EQ(out[1], 0);    // -10 clamps to 0
  EXPECT_EQ(out[2], 255);  // 300 clamps
}

TEST(QuantizeF32, Int16) {
  // scale 2^-10: 1.0 -> 1024; 40 -> 40960 -> 32767; -1 - 2^-11 -> -1024.5 -> -1025.
  auto p = prepare_quantize(DType::kInt16, {std::ldexp(1.0f, -10), 0});
  ASSERT_TRUE(p.ok()) << p.message();
  const float in[3] = {1.0f, 40.0f, -1.0f - std::ldexp(1.0f, -11)};
  int16_t out[3];
  octet_ref_quantize_f32_s16(&*p, 3, in, out);
  EXPECT_EQ(std::vector<int16_t>(out, out + 3), (std::vector<int16_t>{1024, 32767, -1025}));
  EXPECT_FALSE(prepare_quantize(DType::kInt32, {1.0f, 0}).ok());
  EXPECT_FALSE(prepare_quantize(DType::kInt8, {1.0f, 128}).ok());
}

TEST(Requantize, RatioOf2WithOffsets) {
  // 0.5 -> 0.25, zp 0 -> 10: multiplier 2 = (2^30, 2): 5 -> 10 + 10 = 20; 100 -> 210 -> 127;
  // -100 -> -190 -> -128.
  auto p = prepare_requantize(DType::kInt8, {0.5f, 0}, DType::kInt8, {0.25f, 10});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->multiplier, 1 << 30);
  EXPECT_EQ(p->shift, 2);
  const int8_t in[3] = {5, 100, -100};
  int8_t out[3];
  octet_ref_requantize_s8_s8(&*p, 3, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{20, 127, -128}));
}

TEST(Requantize, TiesOfTheDoubleRounding) {
  // 1 -> 2: multiplier 0.5 = (2^30, 0): the high multiply decides, ties toward +infinity:
  // 3 -> 1.5 -> 2, -3 -> -1.5 -> -1, -5 -> -2.5 -> -2.
  auto half = prepare_requantize(DType::kInt8, {1.0f, 0}, DType::kInt8, {2.0f, 0});
  ASSERT_TRUE(half.ok()) << half.message();
  const int8_t in[3] = {3, -3, -5};
  int8_t out[3];
  octet_ref_requantize_s8_s8(&*half, 3, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{2, -1, -2}));
  // 1 -> 4: multiplier 0.25 = (2^30, -1): the high multiply is exact (6 -> 3), the final shift
  // rounds ties away from zero: 6 -> 1.5 -> 2, -6 -> -2, -2 -> -0.5 -> -1.
  auto quarter = prepare_requantize(DType::kInt8, {1.0f, 0}, DType::kInt8, {4.0f, 0});
  ASSERT_TRUE(quarter.ok()) << quarter.message();
  const int8_t in2[3] = {6, -6, -2};
  octet_ref_requantize_s8_s8(&*quarter, 3, in2, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{2, -2, -1}));
}

TEST(Requantize, Int8Uint8SignFlip) {
  // Equal scales, zero points 128 apart: multiplier 1.0 = (2^30, 1), the top bit flips.
  auto to_u8 = prepare_requantize(DType::kInt8, {0.5f, 0}, DType::kUInt8, {0.5f, 128});
  ASSERT_TRUE(to_u8.ok()) << to_u8.message();
  EXPECT_EQ(to_u8->multiplier, 1 << 30);
  EXPECT_EQ(to_u8->shift, 1);
  const int8_t s[3] = {-128, 0, 127};
  uint8_t u[3];
  octet_ref_requantize_s8_u8(&*to_u8, 3, s, u);
  EXPECT_EQ(std::vector<uint8_t>(u, u + 3), (std::vector<uint8_t>{0, 128, 255}));
  auto to_s8 = prepare_requantize(DType::kUInt8, {0.5f, 128}, DType::kInt8, {0.5f, 0});
  ASSERT_TRUE(to_s8.ok()) << to_s8.message();
  const uint8_t u2[3] = {0, 128, 255};
  int8_t s2[3];
  octet_ref_requantize_u8_s8(&*to_s8, 3, u2, s2);
  EXPECT_EQ(std::vector<int8_t>(s2, s2 + 3), (std::vector<int8_t>{-128, 0, 127}));
  // Not 128 apart: the general path. zp 0 -> 100 with equal scales: -100 -> 0; 127 -> 227;
  // -120 -> -20 -> 0 (clamp).
  auto shifted = prepare_requantize(DType::kInt8, {0.5f, 0}, DType::kUInt8, {0.5f, 100});
  ASSERT_TRUE(shifted.ok()) << shifted.message();
  const int8_t s3[3] = {-100, 127, -120};
  octet_ref_requantize_s8_u8(&*shifted, 3, s3, u);
  EXPECT_EQ(std::vector<uint8_t>(u, u + 3), (std::vector<uint8_t>{0, 227, 0}));
}

TEST(Requantize, WidthsInAndOut) {
  // int16 (2^-10) -> int8 (2^-3, zp -5): ratio 2^-7 = (2^30, -6). 1024 -> 8 -> 3;
  // 64 -> high mul 32 -> 32 / 64 = 0.5 -> 1 -> -4; -64 -> -0.5 -> -1 -> -6.
  auto p = prepare_requantize(DType::kInt16, {std::ldexp(1.0f, -10), 0}, DType::kInt8,
                              {std::ldexp(1.0f, -3), -5});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->shift, -6);
  const int16_t in[3] = {1024, 64, -64};
  int8_t out[3];
  octet_ref_requantize_s16_s8(&*p, 3, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{3, -4, -6}));
  // int32 -> int8 identity saturates; int8 -> int32 widens with the zero point removed.
  auto id = prepare_requantize(DType::kInt32, {1.0f, 0}, DType::kInt8, {1.0f, 0});
  ASSERT_TRUE(id.ok()) << id.message();
  const int32_t wide[2] = {1000, -5};
  octet_ref_requantize_s32_s8(&*id, 2, wide, out);
  EXPECT_EQ(out[0], 127);
  EXPECT_EQ(out[1], -5);
  auto widen = prepare_requantize(DType::kInt8, {1.0f, -128}, DType::kInt32, {1.0f, 0});
  ASSERT_TRUE(widen.ok()) << widen.message();
  const int8_t narrow[1] = {127};
  int32_t w[1];
  octet_ref_requantize_s8_s32(&*widen, 1, narrow, w);
  EXPECT_EQ(w[0], 255);
  EXPECT_FALSE(prepare_requantize(DType::kFloat32, {1.0f, 0}, DType::kInt8, {1.0f, 0}).ok());
}

TEST(Dequantize, ScaleTimesOffsetValue) {
  auto p = prepare_dequantize(DType::kInt8, {0.5f, -1});
  ASSERT_TRUE(p.ok()) << p.message();
  const int8_t in[3] = {-128, 127, -1};
  float out[3];
  octet_ref_dequantize_s8(&*p, 3, in, out);
  EXPECT_EQ(out[0], -63.5f);
  EXPECT_EQ(out[1], 64.0f);
  EXPECT_EQ(out[2], 0.0f);
  auto q = prepare_dequantize(DType::kUInt8, {0.25f, 128});
  ASSERT_TRUE(q.ok()) << q.message();
  const uint8_t u[2] = {0, 255};
  octet_ref_dequantize_u8(&*q, 2, u, out);
  EXPECT_EQ(out[0], -32.0f);
  EXPECT_EQ(out[1], 31.75f);
  auto r = prepare_dequantize(DType::kInt16, {std::ldexp(1.0f, -15), 0});
  ASSERT_TRUE(r.ok()) << r.message();
  const int16_t s[2] = {32767, -32768};
  octet_ref_dequantize_s16(&*r, 2, s, out);
  EXPECT_EQ(out[0], 0.999969482421875f);  // 32767 / 32768, exact
  EXPECT_EQ(out[1], -1.0f);
  // 0.1f * 3 rounds once: the exact product 3 * 13421773 * 2^-27 = 40265319 * 2^-27 needs 26
  // bits; to 24 bits it is 10066330 * 2^-25 (40265319 / 4 = 10066329.75) = 0.3f.
  auto t = prepare_dequantize(DType::kInt8, {0.1f, 0});
  ASSERT_TRUE(t.ok());
  const int8_t three[1] = {3};
  octet_ref_dequantize_s8(&*t, 1, three, out);
  EXPECT_EQ(out[0], 0.3f);
}

TEST(Dequantize, Float16) {
  const uint16_t in[10] = {0x3C00, 0xC000, 0x0001, 0x03FF, 0x3555,
                           0x7BFF, 0x7C00, 0xFC00, 0x8000, 0x7E00};
  float out[10];
  octet_ref_dequantize_f16(10, in, out);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], -2.0f);
  EXPECT_EQ(out[2], std::ldexp(1.0f, -24));            // smallest subnormal
  EXPECT_EQ(out[3], 1023.0f * std::ldexp(1.0f, -24));  // largest subnormal
  EXPECT_EQ(out[4], 0.333251953125f);                  // 2^-2 * (1 + 341/1024)
  EXPECT_EQ(out[5], 65504.0f);                         // largest finite
  EXPECT_EQ(out[6], std::numeric_limits<float>::infinity());
  EXPECT_EQ(out[7], -std::numeric_limits<float>::infinity());
  EXPECT_EQ(out[8], 0.0f);
  EXPECT_TRUE(std::signbit(out[8]));
  EXPECT_TRUE(std::isnan(out[9]));
}

}  // namespace
}  // namespace octet
