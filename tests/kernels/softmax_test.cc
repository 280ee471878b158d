// SOFTMAX: prepare + reference kernels on hand-derived cases, plus a comparison against a
// double-precision evaluation.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/activation.h"
#include "kernels/prepare/softmax.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

SoftmaxPlan plan_s8(float input_scale, float beta = 1.0f) {
  auto r =
      prepare_softmax(DType::kInt8, DType::kInt8, beta, {input_scale, 0}, {1.0f / 256.0f, -128});
  EXPECT_TRUE(r.ok()) << r.message();
  return r.value();
}

TEST(Softmax, PrepareMatchesPreprocessSoftmaxScaling) {
  // beta * scale * 2^26 = 2^26 (scale 1): multiplier 2^30, left shift 27; diff_min =
  // -floor(31 * 2^26 / 2^27) = -floor(15.5) = -15.
  const SoftmaxPlan plan = plan_s8(1.0f);
  EXPECT_EQ(plan.scalars.input_multiplier, 1 << 30);
  EXPECT_EQ(plan.scalars.input_left_shift, 27);
  EXPECT_EQ(plan.scalars.diff_min, -15);
  EXPECT_EQ(calculate_input_radius(5, 27), 15);
}

TEST(Softmax, NonFiniteBetaIsRefused) {
  // A NaN beta (or beta * scale past double) must not reach quantize_multiplier, whose frexp of
  // NaN converted to int64 is undefined (fuzz finding, fuzz/regressions/softmax-nan-beta-*).
  for (float beta : {std::nanf(""), std::numeric_limits<float>::infinity()}) {
    auto r = prepare_softmax(DType::kInt8, DType::kInt8, beta, {0.1f, 0}, {1.0f / 256.0f, -128});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("is not finite"), std::string::npos) << r.message();
  }
  // preprocess_softmax_scaling itself refuses NaN without converting it.
  EXPECT_FALSE(preprocess_softmax_scaling(std::nan(""), 0.1, 5).has_value());
}

TEST(Softmax, S8UniformRowSplitsEvenly) {
  // Four equal inputs: every exp is One (2^31 - 1), which Rescale<12> rounds to 2^19; the sum 2^21
  // has 10 leading zeros, so num_bits_over_unit = 12 - 10 = 2 and the reciprocal of exactly 1.0
  // is ~2^31. Each output is ~2^31 / 2^(2 + 31 - 8) = 64, minus 128 = -64.
  const SoftmaxPlan plan = plan_s8(0.1f);
  const octet_softmax_params p = plan.params();
  const std::vector<int8_t> input = {7, 7, 7, 7, -100, -100, -100, -100};
  std::vector<int8_t> out(8, 0);
  const octet_shape s = make_shape({2, 4});
  octet_ref_softmax_s8(&p, &s, input.data(), out.data());
  EXPECT_EQ(out, std::vector<int8_t>(8, -64));
}

TEST(Softmax, S8ManyEqualInputsGiveTheRoundedProbability) {
  // 1001 equal inputs (a classifier's uniform row): each exp is 2^19 in Q12.19, the sum
  // 1001 * 2^19 has 2 leading zeros, num_bits_over_unit = 10 and the output exponent
  // 10 + 31 - 8 = 33, past the int32 width (TFLite's shift is undefined there). The probability
  // 1/1001 is 0.256 output steps of 1/256: it rounds to 0, so every output is the zero point -128.
  // 512 equal inputs sum to exactly 2^28 (exponent 32): 0.5 steps, still 0 in this arithmetic
  // (the reciprocal is just below 1.0), and 256 inputs give exponent 31: exactly 1 step, -127.
  const SoftmaxPlan plan = plan_s8(0.1f);
  const octet_softmax_params p = plan.params();
  for (const auto& [n, expected] : {std::pair{1001, -128}, {512, -128}, {256, -127}}) {
    const std::vector<int8_t> input(static_cast<size_t>(n), 42);
    std::vector<int8_t> out(input.size(), 0);
    const octet_shape s = make_shape({1, n});
    octet_ref_softmax_s8(&p, &s, input.data(), out.data());
    EXPECT_EQ(out, std::vector<int8_t>(input.size(), static_cast<int8_t>(expected))) << n;
  }
}

TEST(Softmax, S8DifferencesBelowDiffMinGiveTheMinimum) {
  // Scale 1: diff_min -15. [0, -16]: only the first contributes; its probability 1 maps to 256,
  // which saturates to 127; the second is -128. [0, -15] still contributes exp(-15) ~ 3e-7: 0
  // after rounding, so also -128, and the first is still 127.
  const SoftmaxPlan plan = plan_s8(1.0f);
  const octet_softmax_params p = plan.params();
  const std::vector<int8_t> input = {0, -16, 0, -15};
  std::vector<int8_t> out(4, 0);
  const octet_shape s = make_shape({2, 2});
  octet_ref_softmax_s8(&p, &s, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{127, -128, 127, -128}));
}

TEST(Softmax, U8AndInt16OutputUniform) {
  // u8: two equal inputs -> 0.5 -> 128 (zero point 0).
  auto u8 = prepare_softmax(DType::kUInt8, DType::kUInt8, 1.0f, {0.05f, 128}, {1.0f / 256.0f, 0});
  ASSERT_TRUE(u8.ok()) << u8.message();
  octet_softmax_params p = u8.value().params();
  const std::vector<uint8_t> in_u8 = {200, 200};
  std::vector<uint8_t> out_u8(2);
  const octet_shape s2 = make_shape({1, 2});
  octet_ref_softmax_u8(&p, &s2, in_u8.data(), out_u8.data());
  EXPECT_EQ(out_u8, (std::vector<uint8_t>{128, 128}));
  // s8 -> s16: four equal inputs -> 2^31 / 2^(2 + 31 - 16) = 16384, minus 32768.
  auto s16 =
      prepare_softmax(DType::kInt8, DType::kInt16, 1.0f, {0.05f, 0}, {1.0f / 65536.0f, -32768});
  ASSERT_TRUE(s16.ok()) << s16.message();
  p = s16.value().params();
  const std::vector<int8_t> in_s8 = {-3, -3, -3, -3};
  std::vector<int16_t> out_s16(4);
  const octet_shape s4 = make_shape({4});
  octet_ref_softmax_s8_s16(&p, &s4, in_s8.data(), out_s16.data());
  EXPECT_EQ(out_s16, std::vector<int16_t>(4, -16384));
}

TEST(Softmax, S8AgreesWithDoubleWithinOneStep) {
  // Extra check: random rows against exp in double; the fixed-point kernel is within one
  // output step and each row's probabilities sum to about 256 steps.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(-128, 127);
  for (float scale : {0.02f, 0.1f, 0.25f}) {
    const SoftmaxPlan plan = plan_s8(scale);
    const octet_softmax_params p = plan.params();
    for (int depth : {1, 3, 10, 33}) {
      std::vector<int8_t> input(depth);
      for (auto& v : input) v = static_cast<int8_t>(value(rng));
      std::vector<int8_t> out(depth);
      const octet_shape s = make_shape({depth});
      octet_ref_softmax_s8(&p, &s, input.data(), out.data());
      int max_in = -128;
      for (int8_t v : input) max_in = std::max<int>(max_in, v);
      double sum = 0;
      for (int8_t v : input) sum += std::exp((v - max_in) * static_cast<double>(scale));
      int total = 0;
      for (int c = 0; c < depth; ++c) {
        const double prob = std::exp((input[c] - max_in) * static_cast<double>(scale)) / sum;
        const double expected = std::min(127.0, std::round(prob * 256.0) - 128.0);
        EXPECT_NEAR(out[c], expected, 1.0) << "scale " << scale << " depth " << depth;
        total += out[c] + 128;
      }
      EXPECT_NEAR(total, 256, depth) << "scale " << scale << " depth " << depth;
    }
  }
}

TEST(Softmax, S16TablesAndHalfSplit) {
  auto r = prepare_softmax(DType::kInt16, DType::kInt16, 1.0f, {0.001f, 0}, {1.0f / 32768.0f, 0});
  ASSERT_TRUE(r.ok()) << r.message();
  const SoftmaxPlan& plan = r.value();
  ASSERT_EQ(plan.exp_lut.size(), static_cast<size_t>(OCTET_SOFTMAX_S16_LUT_SIZE));
  // End points: exp(0) * 32768 and 1 / (1 + 0) * 32768 saturate to 32767; 1 / (1 + 1) = 16384.
  EXPECT_EQ(plan.exp_lut[512], 32767);
  EXPECT_EQ(plan.one_over_one_plus_x_lut[512], 16384);
  // The first sample: exp(-10) * 32768 = 1.488 rounds to 1, but the midpoint exp(-9.9902) *
  // 32768 = 1.502 rounds to 2 while interpolating 1 and 1.517 gives round(1.259) = 1: error -1,
  // bias round(-0.5) = -1, so the entry is 1 - (-1) = 2.
  EXPECT_EQ(plan.exp_lut[0], 2);
  const octet_softmax_params p = plan.params();
  // Two equal inputs: each exp is ~32762 (interpolated next to exp(0)), the sum ~65524 inverts to
  // ~0.5; each output is ~0.5 in Q15 = 16384.
  const std::vector<int16_t> input = {1234, 1234};
  std::vector<int16_t> out(2);
  const octet_shape s = make_shape({2});
  octet_ref_softmax_s16(&p, &s, input.data(), out.data());
  EXPECT_NEAR(out[0], 16384, 3);
  EXPECT_EQ(out[0], out[1]);
  // A difference of 10 / 0.001 steps puts the second at exp(-10): ~0.
  const std::vector<int16_t> apart = {10000, 0};
  octet_ref_softmax_s16(&p, &s, apart.data(), out.data());
  EXPECT_GE(out[0], 32760);
  EXPECT_LE(out[1], 2);
}

TEST(Softmax, F32WithBeta) {
  // beta 2 on [0, 0.5 * ln 3]: exps 1/3 and 1 (after subtracting the max): 0.25 and 0.75.
  auto r = prepare_softmax(DType::kFloat32, DType::kFloat32, 2.0f, {}, {});
  ASSERT_TRUE(r.ok());
  const octet_softmax_params p = r.value().params();
  const std::vector<float> input = {0.0f, 0.5f * std::log(3.0f)};
  std::vector<float> out(2);
  const octet_shape s = make_shape({2});
  octet_ref_softmax_f32(&p, &s, input.data(), out.data());
  EXPECT_NEAR(out[0], 0.25f, 1e-6f);
  EXPECT_NEAR(out[1], 0.75f, 1e-6f);
}

TEST(Softmax, PrepareRejectsWrongOutputQuantization) {
  // TFLM wants exactly 1/256 for s8 outputs.
  EXPECT_FALSE(
      prepare_softmax(DType::kInt8, DType::kInt8, 1.0f, {0.1f, 0}, {1.0f / 255.0f, -128}).ok());
  EXPECT_FALSE(
      prepare_softmax(DType::kInt8, DType::kInt8, 1.0f, {0.1f, 0}, {1.0f / 256.0f, 0}).ok());
  EXPECT_FALSE(
      prepare_softmax(DType::kInt8, DType::kUInt8, 1.0f, {0.1f, 0}, {1.0f / 256.0f, 0}).ok());
}

}  // namespace
}  // namespace octet
