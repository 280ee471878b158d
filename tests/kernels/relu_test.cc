// RELU, RELU6, RELU_N1_TO_1 and LEAKY_RELU reference kernels with their prepare functions:
// hand-derived requantization, clamp bounds, ties and zero points at the range ends.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/prepare/relu.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(ReluS8, RequantizesWithTheDoubleRatioAndClampsAtTheOutputZeroPoint) {
  // s_in 0.5, zp_in -10 -> s_out 0.25, zp_out -128: multiplier 2.0 = (2^30, 2); bounds
  // [-128 + round(0), 127].
  auto p = prepare_relu(ReluKind::kRelu, DType::kInt8, {0.5f, -10}, {0.25f, -128});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_multiplier, 1 << 30);
  EXPECT_EQ(p->output_shift, 2);
  EXPECT_EQ(p->act_min, -128);
  EXPECT_EQ(p->act_max, 127);
  // -10 (real 0) -> -128; -20 (real -5) -> -148 -> -128; 0 (real 5) -> -128 + 20 = -108;
  // 60 -> -128 + 140 = 12; 127 -> -128 + 274 -> 127.
  const int8_t in[5] = {-10, -20, 0, 60, 127};
  int8_t out[5];
  octet_ref_relu_s8(&*p, 5, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 5), (std::vector<int8_t>{-128, -128, -108, 12, 127}));
}

TEST(ReluS8, Relu6ClampsInTheInputDomainAsTflm) {
  // TFLM: [zp_in, zp_in + round(6 / 0.25)] = [-100, -76]; the output quantization is ignored.
  auto p = prepare_relu(ReluKind::kRelu6, DType::kInt8, {0.25f, -100}, {1.0f, 5});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->act_min, -100);
  EXPECT_EQ(p->act_max, -76);
  const int8_t in[5] = {-128, -110, -90, -76, -50};
  int8_t out[5];
  octet_ref_relu_s8(&*p, 5, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 5), (std::vector<int8_t>{-100, -100, -90, -76, -76}));
}

TEST(ReluU8, Relu6IsTflitesReluX) {
  // s_in 0.25, zp_in 100 -> s_out 0.5, zp_out 10: multiplier 0.5 = (2^30, 0); bounds
  // [10, 10 + round(6 / 0.5)] = [10, 22].
  auto p = prepare_relu(ReluKind::kRelu6, DType::kUInt8, {0.25f, 100}, {0.5f, 10});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_multiplier, 1 << 30);
  EXPECT_EQ(p->output_shift, 0);
  EXPECT_EQ(p->act_min, 10);
  EXPECT_EQ(p->act_max, 22);
  // 90: -10 * 0.5 = -5 -> 5 -> 10; 105: 5 * 0.5 = 2.5 -> 3 (high mul ties up) -> 13;
  // 103: 1.5 -> 2 -> 12; 200: 50 -> 60 -> 22.
  const uint8_t in[4] = {90, 105, 103, 200};
  uint8_t out[4];
  octet_ref_relu_u8(&*p, 4, in, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 4), (std::vector<uint8_t>{10, 13, 12, 22}));
}

TEST(ReluU8, ReluN1To1) {
  // s_in 0.25, zp_in 100 -> s_out 0.125, zp_out 128: multiplier 2 = (2^30, 2); bounds
  // [128 - 8, 128 + 8] = [120, 136].
  auto p = prepare_relu(ReluKind::kReluN1To1, DType::kUInt8, {0.25f, 100}, {0.125f, 128});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->act_min, 120);
  EXPECT_EQ(p->act_max, 136);
  // 98 -> -4 -> 124; 100 -> 128; 104 -> 136; 105 -> 138 -> 136; 0 -> -200 -> 120.
  const uint8_t in[5] = {98, 100, 104, 105, 0};
  uint8_t out[5];
  octet_ref_relu_u8(&*p, 5, in, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 5), (std::vector<uint8_t>{124, 128, 136, 136, 120}));
}

TEST(ReluS8, ReluN1To1NegativeTie) {
  // s_in 1, zp 0 -> s_out 2, zp 0: multiplier 0.5 = (2^30, 0); bounds [round(-0.5), round(0.5)]
  // = [-1, 1] (roundf rounds half away from zero). -1 * 0.5 = -0.5 -> 0 (high mul ties up);
  // -3 * 0.5 = -1.5 -> -1; 3 -> 1.5 -> 2 -> 1.
  auto p = prepare_relu(ReluKind::kReluN1To1, DType::kInt8, {1.0f, 0}, {2.0f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->act_min, -1);
  EXPECT_EQ(p->act_max, 1);
  const int8_t in[3] = {-1, -3, 3};
  int8_t out[3];
  octet_ref_relu_s8(&*p, 3, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{0, -1, 1}));
}

TEST(ReluS16, SymmetricAndSaturating) {
  auto p = prepare_relu(ReluKind::kRelu, DType::kInt16, {0.5f, 0}, {0.25f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  const int16_t in[3] = {100, 20000, -5};
  int16_t out[3];
  octet_ref_relu_s16(&*p, 3, in, out);
  EXPECT_EQ(std::vector<int16_t>(out, out + 3), (std::vector<int16_t>{200, 32767, 0}));
  EXPECT_FALSE(prepare_relu(ReluKind::kRelu, DType::kInt16, {0.5f, 1}, {0.25f, 0}).ok());
}

TEST(ReluS16, BoundsPastInt32Saturate) {
  // The fuzzer's RELU6: 6 / 3e-37 = 2e37 is past int32 (undefined as a float-to-int conversion);
  // it saturates, so the upper bound is the type's and the lower one the zero point.
  auto p = prepare_relu(ReluKind::kRelu6, DType::kInt16, {2.99165e-37f, 0}, {0.000183111f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->act_min, 0);
  EXPECT_EQ(p->act_max, 32767);
}

TEST(ReluF32, ClampsAndPassesNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float in[5] = {-1.0f, 0.0f, 2.0f, 7.0f, nan};
  float out[5];
  const octet_float_activation relu6 = prepare_relu_f32(ReluKind::kRelu6);
  octet_ref_relu_f32(&relu6, 5, in, out);
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_EQ(out[1], 0.0f);
  EXPECT_EQ(out[2], 2.0f);
  EXPECT_EQ(out[3], 6.0f);
  EXPECT_TRUE(std::isnan(out[4]));
  const octet_float_activation relu = prepare_relu_f32(ReluKind::kRelu);
  octet_ref_relu_f32(&relu, 5, in, out);
  EXPECT_EQ(out[3], 7.0f);
  const octet_float_activation n1 = prepare_relu_f32(ReluKind::kReluN1To1);
  const float in2[2] = {-3.0f, 0.5f};
  octet_ref_relu_f32(&n1, 2, in2, out);
  EXPECT_EQ(out[0], -1.0f);
  EXPECT_EQ(out[1], 0.5f);
}

TEST(LeakyReluS8, TwoMultipliersBySign) {
  // Scales 0.5 -> 0.5, alpha 0.25: identity 1.0 = (2^30, 1), alpha 0.25 = (2^30, -1).
  auto p = prepare_leaky_relu(DType::kInt8, {0.5f, 0}, {0.5f, 0}, 0.25f);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->multiplier_identity, 1 << 30);
  EXPECT_EQ(p->shift_identity, 1);
  EXPECT_EQ(p->multiplier_alpha, 1 << 30);
  EXPECT_EQ(p->shift_alpha, -1);
  // -10: high mul -5, then -5 / 2 = -2.5 -> -3; -6 -> -3 -> -1.5 -> -2; -2 -> -1 -> -0.5 -> -1.
  const int8_t in[6] = {10, -10, -6, -2, 0, 127};
  int8_t out[6];
  octet_ref_leaky_relu_s8(&*p, 6, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 6), (std::vector<int8_t>{10, -3, -2, -1, 0, 127}));
}

TEST(LeakyReluS8, NegativeAlphaAndExtremeZeroPoint) {
  // alpha -0.25: ratio 0.5 * -0.25 / 0.5 = -0.25 = (-2^30, -1). -10: high mul round(5) = 5, then
  // 5 / 2 = 2.5 -> 3. -1: high mul round(0.5) = 1 (ties up), then 1 / 2 = 0.5 -> 1: double
  // rounding turns the real 0.25 into 1.
  auto p = prepare_leaky_relu(DType::kInt8, {0.5f, 0}, {0.5f, 0}, -0.25f);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->multiplier_alpha, -(1 << 30));
  EXPECT_EQ(p->shift_alpha, -1);
  const int8_t in[2] = {-10, -1};
  int8_t out[2];
  octet_ref_leaky_relu_s8(&*p, 2, in, out);
  EXPECT_EQ(out[0], 3);
  EXPECT_EQ(out[1], 1);

  // zp_in 127 (top of the range), alpha 0.25: -128 -> d = -255 -> high mul round(-127.5) = -127
  // (ties up) -> -63.5 -> -64; 126 -> d = -1 -> round(-0.5) = 0 -> 0; 127 -> 0.
  auto q = prepare_leaky_relu(DType::kInt8, {0.5f, 127}, {0.5f, 0}, 0.25f);
  ASSERT_TRUE(q.ok()) << q.message();
  const int8_t in2[3] = {-128, 126, 127};
  int8_t out2[3];
  octet_ref_leaky_relu_s8(&*q, 3, in2, out2);
  EXPECT_EQ(std::vector<int8_t>(out2, out2 + 3), (std::vector<int8_t>{-64, 0, 0}));
}

TEST(LeakyReluU8, ZeroPoints) {
  // Scales 1, zp 128 both sides, alpha 0.5 = (2^30, 0): 0 -> d -128 -> -64 -> 64;
  // 125 -> -3 -> round(-1.5) = -1 -> 127; 255 -> 127 -> 255.
  auto p = prepare_leaky_relu(DType::kUInt8, {1.0f, 128}, {1.0f, 128}, 0.5f);
  ASSERT_TRUE(p.ok()) << p.message();
  const uint8_t in[3] = {0, 125, 255};
  uint8_t out[3];
  octet_ref_leaky_relu_u8(&*p, 3, in, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 3), (std::vector<uint8_t>{64, 127, 255}));
}

TEST(LeakyReluS16, Saturates) {
  // Scales 1 -> 0.5: identity 2 = (2^30, 2), alpha 0.1 * 2 = 0.2.
  auto p = prepare_leaky_relu(DType::kInt16, {1.0f, 0}, {0.5f, 0}, 0.1f);
  ASSERT_TRUE(p.ok()) << p.message();
  const int16_t in[2] = {20000, 100};
  int16_t out[2];
  octet_ref_leaky_relu_s16(&*p, 2, in, out);
  EXPECT_EQ(out[0], 32767);
  EXPECT_EQ(out[1], 200);
}

TEST(LeakyReluF32, Alpha) {
  const float in[3] = {-2.0f, 0.0f, 3.0f};
  float out[3];
  octet_leaky_relu_params p{};
  p.alpha = 0.25f;
  octet_ref_leaky_relu_f32(&p, 3, in, out);
  EXPECT_EQ(out[0], -0.5f);
  EXPECT_EQ(out[1], 0.0f);
  EXPECT_EQ(out[2], 3.0f);
}

TEST(ReluU8, RatioOverflowingAFloatIsRefused) {
  // uint8 RELU divides the scales in float, as TFLite's ReluPrepare does: 3e38 / 1e-38 is inf,
  // which quantize_multiplier must never see (frexp(inf) to int64 is undefined).
  auto p = prepare_relu(ReluKind::kRelu, DType::kUInt8, {3e38f, 0}, {1e-38f, 0});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.message().find("RELU: input / output scale ratio inf is not finite"),
            std::string::npos)
      << p.message();
  // A ratio of 2^30 needs a left shift of 31.
  auto q = prepare_relu(ReluKind::kRelu, DType::kInt8, {1.0f, 0}, {std::ldexp(1.0f, -30), 0});
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.message().find("needs a left shift of 31"), std::string::npos) << q.message();
}

}  // namespace
}  // namespace octet
