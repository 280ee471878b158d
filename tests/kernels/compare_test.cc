// The comparison, logical and SELECT_V2 reference kernels and prepare_comparison: hand-derived
// cases for TFLite's rescaled comparison of quantized inputs on different scales and zero points,
// raw comparisons at the type limits and with NaN, broadcasting, and select at every element size.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/prepare/compare.h"
#include "nn_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(PrepareComparison, EachScaleIsItsOwnMultiplier) {
  // 0.5 = 2^30 * 2^(0-31); 0.25 = 2^30 * 2^(-1-31); offsets are the negated zero points.
  auto p = prepare_comparison(OCTET_LESS, DType::kInt8, {0.5f, 10}, {0.25f, -3});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->comparison, OCTET_LESS);
  EXPECT_EQ(p->left_shift, 8);
  EXPECT_EQ(p->input1_offset, -10);
  EXPECT_EQ(p->input1_multiplier, 1 << 30);
  EXPECT_EQ(p->input1_shift, 0);
  EXPECT_EQ(p->input2_offset, 3);
  EXPECT_EQ(p->input2_multiplier, 1 << 30);
  EXPECT_EQ(p->input2_shift, -1);
}

TEST(PrepareComparison, RawTypesNeedNoScalesAndBadScalesAreErrors) {
  auto p = prepare_comparison(OCTET_GREATER, DType::kInt32, {}, {});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->comparison, OCTET_GREATER);
  EXPECT_EQ(p->input1_multiplier, 0);
  // TFLite's QuantizeMultiplierSmallerThanOneExp refuses a scale of 1 or more.
  EXPECT_FALSE(prepare_comparison(OCTET_EQUAL, DType::kInt8, {1.0f, 0}, {0.5f, 0}).ok());
  EXPECT_FALSE(prepare_comparison(OCTET_EQUAL, DType::kInt16, {0.5f, 0}, {0.0f, 0}).ok());
  EXPECT_FALSE(prepare_comparison(OCTET_EQUAL, DType::kInt8, {0.5f, 200}, {0.5f, 0}).ok());
}

TEST(CompareKernel, Int8OnDifferentScalesComparesRealValues) {
  // Input 1: scale 0.5, zero point 10; input 2: scale 0.25, zero point -3.
  //   x = 12 -> 1.0, y = 1 -> 1.0: (2 << 8) * 0.5 = 256 and (4 << 8) * 0.25 = 256, equal.
  //   x = 13 -> 1.5, y = 2 -> 1.25: 384 vs 320.
  //   x = 8 -> -1.0, y = -7 -> -1.0: -256 vs -256.
  //   x = -128 -> -69, y = 127 -> 32.5.
  const std::vector<int8_t> x = {12, 13, 8, -128};
  const std::vector<int8_t> y = {1, 2, -7, 127};
  const octet_shape s = make_shape({4});
  const struct {
    octet_comparison op;
    std::vector<uint8_t> want;
  } cases[] = {
      {OCTET_EQUAL, {1, 0, 1, 0}},   {OCTET_NOT_EQUAL, {0, 1, 0, 1}},
      {OCTET_LESS, {0, 0, 0, 1}},    {OCTET_LESS_EQUAL, {1, 0, 1, 1}},
      {OCTET_GREATER, {0, 1, 0, 0}}, {OCTET_GREATER_EQUAL, {1, 1, 1, 0}},
  };
  for (const auto& c : cases) {
    auto p = prepare_comparison(c.op, DType::kInt8, {0.5f, 10}, {0.25f, -3});
    ASSERT_TRUE(p.ok());
    std::vector<uint8_t> out(4, 7);
    ASSERT_EQ(octet_ref_compare_s8(&*p, &s, x.data(), &s, y.data(), &s, out.data()), 0);
    EXPECT_EQ(out, c.want) << "comparison " << c.op;
  }
}

TEST(CompareKernel, RescalingRoundsValuesOneStepApartToEqual) {
  // Scale 2^-20 for both: multiplier 2^30, shift -19. The high multiply of (q << 8) by 2^30 is
  // q * 128 exactly, and the rounding shift by 19 gives round(q / 4096): 4095 -> 1 and
  // 4096 -> 1, so TFLite calls them equal although the int16 values differ; 2047 -> 0 and
  // 6144 -> 2 (a tie, rounded up) are not.
  auto p = prepare_comparison(OCTET_EQUAL, DType::kInt16, {std::ldexp(1.0f, -20), 0},
                              {std::ldexp(1.0f, -20), 0});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->input1_multiplier, 1 << 30);
  EXPECT_EQ(p->input1_shift, -19);
  const std::vector<int16_t> x = {4095, 2047};
  const std::vector<int16_t> y = {4096, 6144};
  const octet_shape s = make_shape({2});
  std::vector<uint8_t> out(2);
  ASSERT_EQ(octet_ref_compare_s16(&*p, &s, x.data(), &s, y.data(), &s, out.data()), 0);
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 0}));
}

TEST(CompareKernel, RawInt32AtTheLimitsAndFloatNaN) {
  octet_compare_params p{};
  p.comparison = OCTET_LESS;
  const std::vector<int32_t> a = {std::numeric_limits<int32_t>::min(), 5,
                                  std::numeric_limits<int32_t>::max()};
  const std::vector<int32_t> b = {std::numeric_limits<int32_t>::max(), 5,
                                  std::numeric_limits<int32_t>::min()};
  const octet_shape s3 = make_shape({3});
  std::vector<uint8_t> out(3);
  ASSERT_EQ(octet_ref_compare_s32(&p, &s3, a.data(), &s3, b.data(), &s3, out.data()), 0);
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 0, 0}));

  const float nan = std::nanf("");
  const std::vector<float> f = {nan, 1.0f};
  const std::vector<float> g = {nan, 1.0f};
  const octet_shape s2 = make_shape({2});
  std::vector<uint8_t> o2(2);
  p.comparison = OCTET_EQUAL;
  ASSERT_EQ(octet_ref_compare_f32(&p, &s2, f.data(), &s2, g.data(), &s2, o2.data()), 0);
  EXPECT_EQ(o2, (std::vector<uint8_t>{0, 1}));
  p.comparison = OCTET_NOT_EQUAL;
  ASSERT_EQ(octet_ref_compare_f32(&p, &s2, f.data(), &s2, g.data(), &s2, o2.data()), 0);
  EXPECT_EQ(o2, (std::vector<uint8_t>{1, 0}));
}

TEST(CompareKernel, BroadcastsAndRefusesShapesThatDoNot) {
  octet_compare_params p{};
  p.comparison = OCTET_GREATER_EQUAL;
  // [2, 3] >= [3] row.
  const std::vector<int64_t> a = {1, 2, 3, 4, 5, 6};
  const std::vector<int64_t> b = {2, 2, 7};
  const octet_shape sa = make_shape({2, 3}), sb = make_shape({3});
  std::vector<uint8_t> out(6);
  ASSERT_EQ(octet_ref_compare_s64(&p, &sa, a.data(), &sb, b.data(), &sa, out.data()), 0);
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 1, 0, 1, 1, 0}));
  const octet_shape bad = make_shape({2});
  EXPECT_EQ(octet_ref_compare_s64(&p, &sa, a.data(), &bad, b.data(), &sa, out.data()), -1);
  p.comparison = 6;  // not an octet_comparison
  EXPECT_EQ(octet_ref_compare_s64(&p, &sa, a.data(), &sb, b.data(), &sa, out.data()), -1);
}

TEST(LogicalKernels, NonzeroIsTrueAndOutputsAreZeroOrOne) {
  // [2, 2] with a [2] row broadcast; 2 and 255 count as true.
  const std::vector<uint8_t> a = {0, 2, 255, 0};
  const std::vector<uint8_t> b = {1, 0};
  const octet_shape sa = make_shape({2, 2}), sb = make_shape({2});
  std::vector<uint8_t> out(4);
  ASSERT_EQ(octet_ref_logical_and_b8(&sa, a.data(), &sb, b.data(), &sa, out.data()), 0);
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 0, 1, 0}));
  ASSERT_EQ(octet_ref_logical_or_b8(&sa, a.data(), &sb, b.data(), &sa, out.data()), 0);
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 1, 1, 0}));
  octet_ref_logical_not_b8(4, a.data(), out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 0, 0, 1}));
}

// SELECT_V2's params: the element size in bytes.
const octet_select_params kBytes1{1}, kBytes2{2}, kBytes3{3}, kBytes4{4}, kBytes8{8};

TEST(SelectV2Kernel, BroadcastsConditionXAndYAtEveryElementSize) {
  // condition [3, 1], x [2, 3, 2], y [2]: out[i][j][k] = cond[j] ? x[i][j][k] : y[k].
  const std::vector<uint8_t> cond = {1, 0, 1};
  const octet_shape sc = make_shape({3, 1}), sx = make_shape({2, 3, 2}), sy = make_shape({2});
  const std::vector<int16_t> x16 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const std::vector<int16_t> y16 = {-1, -2};
  std::vector<int16_t> o16(12);
  ASSERT_EQ(octet_ref_select_v2(&kBytes2, &sc, cond.data(), &sx, x16.data(), &sy, y16.data(), &sx,
                                o16.data()),
            0);
  EXPECT_EQ(o16, (std::vector<int16_t>{1, 2, -1, -2, 5, 6, 7, 8, -1, -2, 11, 12}));

  const std::vector<float> xf = {0.5f, 1.5f, 2.5f, 3.5f, 4.5f,  5.5f,
                                 6.5f, 7.5f, 8.5f, 9.5f, 10.5f, 11.5f};
  const std::vector<float> yf = {-0.25f, -0.75f};
  std::vector<float> of(12);
  ASSERT_EQ(octet_ref_select_v2(&kBytes4, &sc, cond.data(), &sx, xf.data(), &sy, yf.data(), &sx,
                                of.data()),
            0);
  EXPECT_EQ(of, (std::vector<float>{0.5f, 1.5f, -0.25f, -0.75f, 4.5f, 5.5f, 6.5f, 7.5f, -0.25f,
                                    -0.75f, 10.5f, 11.5f}));

  // One byte and eight bytes, same shapes: elementwise.
  const octet_shape s4 = make_shape({4});
  const std::vector<uint8_t> c4 = {0, 1, 1, 0};
  const std::vector<int8_t> x8 = {-128, 127, 1, 2}, y8 = {5, 6, 7, -1};
  std::vector<int8_t> o8(4);
  ASSERT_EQ(
      octet_ref_select_v2(&kBytes1, &s4, c4.data(), &s4, x8.data(), &s4, y8.data(), &s4, o8.data()),
      0);
  EXPECT_EQ(o8, (std::vector<int8_t>{5, 127, 1, -1}));
  const std::vector<int64_t> x64 = {1, 2, 3, 4}, y64 = {-1, -2, -3, -4};
  std::vector<int64_t> o64(4);
  ASSERT_EQ(octet_ref_select_v2(&kBytes8, &s4, c4.data(), &s4, x64.data(), &s4, y64.data(), &s4,
                                o64.data()),
            0);
  EXPECT_EQ(o64, (std::vector<int64_t>{-1, 2, 3, -4}));
}

TEST(SelectV2Kernel, RefusesShapesThatDoNotBroadcastAndOddSizes) {
  const std::vector<uint8_t> cond = {1, 0, 1};
  const std::vector<int8_t> x = {1, 2, 3, 4}, y = {5, 6, 7, 8};
  const octet_shape s3 = make_shape({3}), s4 = make_shape({4});
  std::vector<int8_t> out(4, 0);
  EXPECT_EQ(octet_ref_select_v2(&kBytes1, &s3, cond.data(), &s4, x.data(), &s4, y.data(), &s4,
                                out.data()),
            -1);
  EXPECT_EQ(octet_ref_select_v2(&kBytes3, &s4, cond.data(), &s4, x.data(), &s4, y.data(), &s4,
                                out.data()),
            -1);
  EXPECT_EQ(out, (std::vector<int8_t>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace octet
