// LOGISTIC, TANH and HARD_SWISH: prepare + reference kernels on hand-derived cases, plus a sweep
// against double precision.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/activation.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(Logistic, PrepareRescalesToQ4) {
  // 0.1f is exactly 13421773 * 2^-27, so input_scale * 2^27 = 13421773 = (13421773 / 2^24) * 2^24:
  // multiplier 13421773 * 2^7 = 1717986944 (no rounding), shift 24; radius
  // floor(15 * 2^27 / 2^24) = 120.
  auto r = prepare_logistic(DType::kInt8, {0.1f, 0}, {1.0f / 256.0f, -128});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value().input_multiplier, 1717986944);
  EXPECT_EQ(r.value().input_left_shift, 24);
  EXPECT_EQ(r.value().input_range_radius, 120);
  EXPECT_FALSE(prepare_logistic(DType::kInt8, {0.1f, 0}, {1.0f / 256.0f, 0}).ok());
  EXPECT_FALSE(prepare_logistic(DType::kInt16, {0.1f, 0}, {1.0f / 256.0f, -128}).ok());
  // 2^3 * 2^27 = 2^30 is 0.5 * 2^31: a left shift of 31, past the kernel's int32 limit (the
  // fuzzer's model had an input scale of 2e37: 151); 2^2 gives 30, radius floor(15 * 2^27 / 2^30).
  auto at = prepare_logistic(DType::kInt8, {4.0f, 0}, {1.0f / 256.0f, -128});
  ASSERT_TRUE(at.ok()) << at.message();
  EXPECT_EQ(at->input_left_shift, 30);
  EXPECT_EQ(at->input_range_radius, 1);
  EXPECT_FALSE(prepare_logistic(DType::kInt8, {8.0f, 0}, {1.0f / 256.0f, -128}).ok());
  EXPECT_FALSE(prepare_tanh(DType::kInt8, {2.02318e37f, 55}, {1.0f / 128.0f, 0}).ok());
  EXPECT_EQ(calculate_input_radius(4, 151), 0);
}

TEST(Logistic, S8AndU8HandValues) {
  // Scale 0.1: q = 10 is 1.0, logistic 0.731059 * 256 = 187.15 -> 187; q = -10: 68.85 -> 69;
  // q = 0: exactly 1/2 -> 128. s8 subtracts 128; u8 keeps it. |q| >= 120 saturates.
  auto s8 = prepare_logistic(DType::kInt8, {0.1f, 0}, {1.0f / 256.0f, -128});
  ASSERT_TRUE(s8.ok());
  const std::vector<int8_t> in8 = {0, 10, -10, 119, 120, -120, -128};
  std::vector<int8_t> out8(in8.size());
  const octet_shape s = make_shape({static_cast<int32_t>(in8.size())});
  octet_ref_logistic_s8(&s8.value(), &s, in8.data(), out8.data());
  // 119 is 11.9: logistic 0.9999932 * 256 = 255.998 -> 256 -> 128 -> 127.
  EXPECT_EQ(out8, (std::vector<int8_t>{0, 59, -59, 127, 127, -128, -128}));
  auto u8 = prepare_logistic(DType::kUInt8, {0.1f, 128}, {1.0f / 256.0f, 0});
  ASSERT_TRUE(u8.ok());
  const std::vector<uint8_t> inu = {128, 138, 118, 255, 0};
  std::vector<uint8_t> outu(inu.size());
  const octet_shape su = make_shape({static_cast<int32_t>(inu.size())});
  octet_ref_logistic_u8(&u8.value(), &su, inu.data(), outu.data());
  // 255 is +12.7 >= radius: 255; 0 is -12.8: 0.
  EXPECT_EQ(outu, (std::vector<uint8_t>{128, 187, 69, 255, 0}));
}

TEST(Tanh, S8AndU8HandValues) {
  // Scale 0.1: tanh(1) = 0.761594 * 128 = 97.48 -> 97; tanh(0) = 0; saturation at 120.
  // u8 adds the zero point 128.
  auto s8 = prepare_tanh(DType::kInt8, {0.1f, 0}, {1.0f / 128.0f, 0});
  ASSERT_TRUE(s8.ok()) << s8.message();
  const std::vector<int8_t> in8 = {0, 10, -10, 120, -128};
  std::vector<int8_t> out8(in8.size());
  const octet_shape s = make_shape({static_cast<int32_t>(in8.size())});
  octet_ref_tanh_s8(&s8.value(), &s, in8.data(), out8.data());
  EXPECT_EQ(out8, (std::vector<int8_t>{0, 97, -97, 127, -128}));
  auto u8 = prepare_tanh(DType::kUInt8, {0.1f, 128}, {1.0f / 128.0f, 128});
  ASSERT_TRUE(u8.ok()) << u8.message();
  const std::vector<uint8_t> inu = {128, 138, 118, 255, 0};
  std::vector<uint8_t> outu(inu.size());
  const octet_shape su = make_shape({static_cast<int32_t>(inu.size())});
  octet_ref_tanh_u8(&u8.value(), &su, inu.data(), outu.data());
  EXPECT_EQ(outu, (std::vector<uint8_t>{128, 225, 31, 255, 0}));
}

TEST(LogisticTanh, S8SweepAgreesWithDoubleWithinOneStep) {
  for (float scale : {0.01f, 0.05f, 0.2f}) {
    for (int32_t zp : {-128, 0, 50}) {
      auto lp = prepare_logistic(DType::kInt8, {scale, zp}, {1.0f / 256.0f, -128});
      auto tp = prepare_tanh(DType::kInt8, {scale, zp}, {1.0f / 128.0f, 0});
      ASSERT_TRUE(lp.ok() && tp.ok());
      std::vector<int8_t> in(256), lo(256), to(256);
      for (int i = 0; i < 256; ++i) in[i] = static_cast<int8_t>(i - 128);
      const octet_shape s = make_shape({256});
      octet_ref_logistic_s8(&lp.value(), &s, in.data(), lo.data());
      octet_ref_tanh_s8(&tp.value(), &s, in.data(), to.data());
      for (int i = 0; i < 256; ++i) {
        const double x = (in[i] - zp) * static_cast<double>(scale);
        const double l = std::min(127.0, std::round(256.0 / (1.0 + std::exp(-x))) - 128.0);
        const double t = std::max(-128.0, std::min(127.0, std::round(128.0 * std::tanh(x))));
        EXPECT_NEAR(lo[i], l, 1.0) << "x " << x;
        EXPECT_NEAR(to[i], t, 1.0) << "x " << x;
      }
    }
  }
}

TEST(LogisticTanh, F32) {
  const std::vector<float> in = {0.0f, 20.0f, -10.0f, 1.0f};
  std::vector<float> out(4);
  const octet_shape s = make_shape({4});
  octet_ref_logistic_f32(&s, in.data(), out.data());
  EXPECT_EQ(out[0], 0.5f);
  EXPECT_EQ(out[1], 1.0f);              // above the upper cutoff
  EXPECT_EQ(out[2], std::exp(-10.0f));  // below the lower cutoff: exp(x)
  EXPECT_NEAR(out[3], 0.7310586f, 1e-7f);
  octet_ref_tanh_f32(&s, in.data(), out.data());
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_NEAR(out[3], 0.7615942f, 1e-7f);
}

TEST(HardSwish, PrepareAndS8HandValues) {
  // Scales 1/16 in and out. hires scale 2^-11; output multiplier 2^-7 = 2^30 * 2^(-6 - 31) ->
  // Q15 16384, exponent -6. Relu-ish multiplier 2^-11 / (3 / 32768) = 16/3 = (2/3) * 2^3 ->
  // round(2/3 * 2^31) = 1431655765 -> (x + 2^15) >> 16 = 21845, exponent 3.
  auto r = prepare_hard_swish(DType::kInt8, {1.0f / 16, 0}, {1.0f / 16, 0});
  ASSERT_TRUE(r.ok()) << r.message();
  const octet_hard_swish_params& p = r.value();
  EXPECT_EQ(p.output_multiplier_fixedpoint_int16, 16384);
  EXPECT_EQ(p.output_multiplier_exponent, -6);
  EXPECT_EQ(p.reluish_multiplier_fixedpoint_int16, 21845);
  EXPECT_EQ(p.reluish_multiplier_exponent, 3);
  // x = 16 (1.0): hires 2048; preshift srdhm(2048, 16384) = 1024; relu-ish: 2048 << 2 = 8192,
  //   srdhm(8192, 21845) = round(5461.25) = 5461, << 1 = 10922, (10922 + 32768) >> 1 = 21845;
  //   truncating high mul 21845 * 1024 / 32768 = 682.65 -> 682; / 64 = 10.66 -> 11.
  //   (hard_swish(1) = 2/3 = 10.67 steps.)
  // x = -16: preshift -1024; relu-ish -8192 -> srdhm -5461.75 -> -5461 (truncation after the
  //   negative nudge) -> -10922 -> (21846) >> 1 = 10923; 10923 * -1024 / 32768 = -341.3 -> -341;
  //   / 64 = -5.33 -> -5.
  // x = 64 (4.0): relu-ish saturates at 32767 -> output 32767 * 4096 / 32768 = 4095 -> 63.98 ->
  //   64. x = -64 (-4.0): relu-ish saturates at -32768 -> (0) -> 0.
  const std::vector<int8_t> in = {16, -16, 64, -64, 0};
  std::vector<int8_t> out(in.size());
  const octet_shape s = make_shape({static_cast<int32_t>(in.size())});
  octet_ref_hard_swish_s8(&p, &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{11, -5, 64, 0, 0}));
}

TEST(HardSwish, U8ZeroPointsAndSaturation) {
  // As above with zero points 128 (input) and 100 (output): 144 -> 111; 112 -> 95; 192 -> 164.
  // 255 is 127/16 = 7.94: x >= 3, so the output is x itself: 127 steps + 100 = 227.
  auto r = prepare_hard_swish(DType::kUInt8, {1.0f / 16, 128}, {1.0f / 16, 100});
  ASSERT_TRUE(r.ok()) << r.message();
  const std::vector<uint8_t> in = {144, 112, 192, 255};
  std::vector<uint8_t> out(in.size());
  const octet_shape s = make_shape({static_cast<int32_t>(in.size())});
  octet_ref_hard_swish_u8(&r.value(), &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{111, 95, 164, 227}));
}

TEST(HardSwish, F32AndPrepareErrors) {
  const std::vector<float> in = {1.0f, -4.0f, 4.0f, -1.5f};
  std::vector<float> out(4);
  const octet_shape s = make_shape({4});
  octet_ref_hard_swish_f32(&s, in.data(), out.data());
  EXPECT_FLOAT_EQ(out[0], 4.0f / 6.0f);
  EXPECT_EQ(out[1], 0.0f);
  EXPECT_EQ(out[2], 4.0f);
  EXPECT_FLOAT_EQ(out[3], -0.375f);
  // An output multiplier above one (input scale / 128 > output scale) is refused, as in TFLite.
  EXPECT_FALSE(prepare_hard_swish(DType::kInt8, {1.0f, 0}, {1.0f / 256, 0}).ok());
  // Ratios that overflow a float (TFLite divides in float) are refused before quantize_multiplier.
  auto huge = prepare_hard_swish(DType::kInt8, {3e38f, 0}, {1e-38f, 0});
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.message().find("are not finite"), std::string::npos) << huge.message();
}

// int16 LOGISTIC / TANH (TFLite's lookup-table kernels). With multiplier 0 and shift 0 (the
// power-of-two case, 3 << 0) an input at scale 2^-12 becomes 3x in steps of 2^-9 (LOGISTIC reads
// table entry |3x| >> 9, i.e. sigmoid(i / 24) at x = i / 24 * 4096 / 3 ...). Hand values:
//   x = 4096 (1.0): 3x = 12288, entry 24 = 47911 (sigmoid(1) in Q0.16), no fraction:
//   (47911 << 9) + 2^9 = 24530944, >> 10 = 23956 (0.731059 * 32768 = 23955.3).
//   x = -4096: (2^25 - (47911 << 9) + 2^9 - 1) >> 10 = 8812 (0.268941 * 32768 = 8812.7).
//   x = 0: 32768 << 9 + 2^9 >> 10 = 16384 (one half).
TEST(Logistic, S16PowerOfTwoHandValues) {
  const octet_sigmoid_params p{0, 0, 0, 0};
  const std::vector<int16_t> in = {0, 4096, -4096};
  std::vector<int16_t> out(in.size());
  const octet_shape s = make_shape({3});
  octet_ref_logistic_s16(&p, &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{16384, 23956, 8812}));
}

// TANH reads entry |3x| >> 8 (tanh(x) = 2 sigmoid(2x) - 1): x = 4096 gives entry 48 = 57724
// (sigmoid(2)); (57724 << 8) - 2^23 + 2^7 = 6388864, >> 8 = 24956 (tanh(1) * 32768 = 24955.9);
// -4096 mirrors it: (-(57724 << 8) + 2^23 + 127) >> 8 = -24956. A cell state at 2^-11 uses shift
// 1 (multiplier 3 << 1 = 6): 2048 is 1.0 again. At 2^-15 the shift is negative: multiplier 3,
// right shift 3 with rounding: 32767 * 3 + 4 >> 3 = 12288, 1.0 once more.
TEST(Tanh, S16HandValuesAtSeveralInputScales) {
  const octet_shape s = make_shape({3});
  std::vector<int16_t> out(3);
  const octet_sigmoid_params q12{0, 0, 0, 0};
  const std::vector<int16_t> in12 = {0, 4096, -4096};
  octet_ref_tanh_s16(&q12, &s, in12.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{0, 24956, -24956}));
  const octet_sigmoid_params q11{0, 0, 0, 1};
  const std::vector<int16_t> in11 = {0, 2048, -2048};
  octet_ref_tanh_s16(&q11, &s, in11.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{0, 24956, -24956}));
  const octet_sigmoid_params q15{0, 0, 3, 3};
  const std::vector<int16_t> in15 = {0, 32767, -32768};
  octet_ref_tanh_s16(&q15, &s, in15.data(), out.data());
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 24956);
  EXPECT_EQ(out[2], -24956);
}

// Over the whole int16 input range at scale 2^-12 the table is within 1.5 LSB of the functions.
TEST(LogisticTanh, S16SweepAgainstDouble) {
  std::vector<int16_t> in;
  for (int32_t x = INT16_MIN; x <= INT16_MAX; ++x) in.push_back(static_cast<int16_t>(x));
  std::vector<int16_t> lo(in.size()), th(in.size());
  const octet_shape s = make_shape({static_cast<int32_t>(in.size())});
  const octet_sigmoid_params p{0, 0, 0, 0};
  octet_ref_logistic_s16(&p, &s, in.data(), lo.data());
  octet_ref_tanh_s16(&p, &s, in.data(), th.data());
  for (size_t i = 0; i < in.size(); ++i) {
    const double x = in[i] / 4096.0;
    ASSERT_NEAR(lo[i], 32768.0 / (1.0 + std::exp(-x)), 1.5) << "logistic at " << in[i];
    ASSERT_NEAR(th[i], 32768.0 * std::tanh(x), 1.5) << "tanh at " << in[i];
  }
}

}  // namespace
}  // namespace octet
