// LOG_SOFTMAX, L2_NORMALIZATION, int16 LOGISTIC/TANH and ELU reference kernels and their prepare
// functions: hand-derived cases (rows whose exact answers are known: equal values, a 3-4-5
// triangle, the table's sample points of the sigmoid), and the prepare checks TFLM makes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/prepare/activation.h"
#include "kernels/prepare/softmax.h"
#include "nn_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(LogSoftmax, EqualValuesGiveMinusLogOfTheCount) {
  // Four equal values: log(1/4) = -1.386 in steps of 1/16 around 127: 127 - 22.18 -> 105.
  auto p = prepare_log_softmax(DType::kInt8, {0.1f, 0}, {16.0f / 256, 127});
  ASSERT_TRUE(p.ok()) << p.message();
  const std::vector<int8_t> four = {7, 7, 7, 7};
  const octet_shape s4 = make_shape({1, 4});
  std::vector<int8_t> out(4);
  octet_ref_log_softmax_s8(&*p, &s4, four.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{105, 105, 105, 105}));
  const std::vector<int8_t> pair = {0, -128, 5, 5};
  const octet_shape s22 = make_shape({2, 2});
  octet_ref_log_softmax_s8(&*p, &s22, pair.data(), out.data());
  // Row (0, -12.8): log(1 + e^-12.8) ~ 3e-6 -> 127, and -12.8 -> 127 - 204.8 -> -78. Row (5, 5):
  // log(1/2) = -0.693 -> 127 - 11.09 = 116.
  EXPECT_EQ(out, (std::vector<int8_t>{127, -78, 116, 116}));
  EXPECT_FALSE(prepare_log_softmax(DType::kInt8, {0.1f, 0}, {16.0f / 256, 126}).ok());
  EXPECT_FALSE(prepare_log_softmax(DType::kInt16, {0.1f, 0}, {16.0f / 256, 127}).ok());
}

TEST(L2Normalization, ATriangleAndAZeroRow) {
  // (3, 4) / 5 = (0.6, 0.8) in steps of 1/128: 76.8 -> 77, 102.4 -> 102; zero point -10 shifts the
  // codes; a zero row stays 0 (TFLite treats a zero sum as one).
  const std::vector<int8_t> in = {-7, -6, -10, -10};
  const octet_shape s = make_shape({2, 2});
  std::vector<int8_t> out(4);
  auto p = prepare_l2_normalization(DType::kInt8, {0.5f, -10}, {1.0f / 128, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->input_zero_point, -10);
  octet_ref_l2_normalization_s8(&*p, &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{77, 102, 0, 0}));
  EXPECT_FALSE(prepare_l2_normalization(DType::kInt8, {0.5f, 0}, {1.0f / 256, 0}).ok());
  const std::vector<float> f = {3.0f, 4.0f};
  const octet_shape s2 = make_shape({2});
  std::vector<float> fo(2);
  octet_ref_l2_normalization_f32(&s2, f.data(), fo.data());
  EXPECT_FLOAT_EQ(fo[0], 0.6f);
  EXPECT_FLOAT_EQ(fo[1], 0.8f);
}

TEST(Sigmoid16, PowerOfTwoAndGeneralInputScales) {
  const float out_scale = std::ldexp(1.0f, -15);
  // 2^-12: the power-of-two case (multiplier 0: the kernel uses 3 << left_shift, here 3).
  auto p = prepare_logistic(DType::kInt16, {std::ldexp(1.0f, -12), 0}, {out_scale, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->input_multiplier, 0);
  EXPECT_EQ(p->input_left_shift, 0);
  // 0.001: 0.001 * 4096 * 3 = 12.288 doubled 11 times (25165.8, truncated).
  auto g = prepare_tanh(DType::kInt16, {0.001f, 0}, {out_scale, 0});
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->input_multiplier, 25165);
  EXPECT_EQ(g->input_left_shift, 11);
  // TANH also takes 2^-11 as a power of two (left shift 1); LOGISTIC does not.
  auto t11 = prepare_tanh(DType::kInt16, {std::ldexp(1.0f, -11), 0}, {out_scale, 0});
  ASSERT_TRUE(t11.ok());
  EXPECT_EQ(t11->input_multiplier, 0);
  EXPECT_EQ(t11->input_left_shift, 1);
  auto l11 = prepare_logistic(DType::kInt16, {std::ldexp(1.0f, -11), 0}, {out_scale, 0});
  ASSERT_TRUE(l11.ok());
  EXPECT_NE(l11->input_multiplier, 0);
  EXPECT_FALSE(prepare_logistic(DType::kInt16, {0.001f, 1}, {out_scale, 0}).ok());
  EXPECT_FALSE(prepare_logistic(DType::kInt16, {0.001f, 0}, {std::ldexp(1.0f, -14), 0}).ok());
  // The fuzzer's TANH: an input scale of 2^-126 doubles to a left shift of 31 with a multiplier
  // that truncates to 0, which the kernel would read as 3 << 31; refused.
  EXPECT_FALSE(prepare_tanh(DType::kInt16, {std::ldexp(1.0f, -126), 0}, {out_scale, 0}).ok());
  EXPECT_FALSE(prepare_logistic(DType::kInt16, {1e-14f, 0}, {out_scale, 0}).ok());
  // 0, 1 and -1 (4096 at 2^-12) land on table samples 0 and 24 (sigmoid(1) = 47911 / 2^16):
  // 16384, 23956 (0.73106 * 2^15) and 8812; tanh: 0, 24956 (0.76159 * 2^15), -24956.
  const std::vector<int16_t> x = {0, 4096, -4096};
  const octet_shape s = make_shape({3});
  std::vector<int16_t> out(3);
  octet_ref_logistic_s16(&*p, &s, x.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{16384, 23956, 8812}));
  auto t = prepare_tanh(DType::kInt16, {std::ldexp(1.0f, -12), 0}, {out_scale, 0});
  ASSERT_TRUE(t.ok());
  octet_ref_tanh_s16(&*t, &s, x.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{0, 24956, -24956}));
}

TEST(Elu, TableOfTheFloatFunction) {
  // Scales 0.1, zero points 0: -1.0 -> e^-1 - 1 = -0.632 -> -6; 0.5 -> 5; -12.8 -> -0.99999 -> -10.
  auto table = prepare_elu(DType::kInt8, {0.1f, 0}, {0.1f, 0});
  ASSERT_TRUE(table.ok()) << table.message();
  const std::vector<int8_t> x = {-10, 5, -128, 127};
  std::vector<int8_t> out(4);
  octet_ref_lut_s8(&*table, 4, x.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-6, 5, -10, 127}));
  EXPECT_FALSE(prepare_elu(DType::kInt16, {0.1f, 0}, {0.1f, 0}).ok());
}

TEST(Elu, TinyOutputScaleSaturates) {
  // Fuzz finding (fuzz/regressions/elu-tiny-output-scale-crash-ed303894): output scale 1e-45 (a
  // denormal, so 1 / scale is inf) took y / scale past int32, undefined as a float-to-int
  // conversion. The table saturates: 5 -> 5 * inf -> 127, -10 -> (e^-1 - 1) * inf -> -128, and 0 ->
  // 0 * inf = NaN -> the zero point 0. With 1e-36 (finite inverse): 127 * 1e36 -> 127, -128 ->
  // -1e36 -> -128.
  for (float scale : {1e-45f, 1e-36f}) {
    auto table = prepare_elu(DType::kInt8, {scale == 1e-45f ? 0.1f : 1.0f, 0}, {scale, 0});
    ASSERT_TRUE(table.ok()) << table.message();
    const std::vector<int8_t> x = {5, -10, 0, 127, -128};
    std::vector<int8_t> out(5);
    octet_ref_lut_s8(&*table, 5, x.data(), out.data());
    EXPECT_EQ(out, (std::vector<int8_t>{127, -128, 0, 127, -128})) << scale;
  }
}

}  // namespace
}  // namespace octet
