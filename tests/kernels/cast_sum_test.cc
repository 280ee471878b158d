// CAST, FILL, ADD_N and CUMSUM reference kernels and their prepare functions: hand-derived cases
// (C++ static_cast semantics at the type limits, TFLM's 8-bit sums including their starting value).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/prepare/arithmetic.h"
#include "kernels/prepare/cast.h"
#include "nn_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

template <typename Out, typename In>
std::vector<Out> cast(DType from, DType to, const std::vector<In>& in) {
  auto p = prepare_cast(from, to);
  EXPECT_TRUE(p.ok()) << p.message();
  std::vector<Out> out(in.size());
  EXPECT_EQ(octet_ref_cast(&*p, static_cast<int64_t>(in.size()), in.data(), out.data()), 0);
  return out;
}

TEST(Cast, FloatTruncatesTowardZeroAndOutOfRangeIsX86sIntegerIndefinite) {
  const float nan = std::nanf("");
  // int8: truncation, then the low byte; NaN and 3e9 give INT32_MIN, whose low byte is 0.
  EXPECT_EQ((cast<int8_t, float>(DType::kFloat32, DType::kInt8,
                                 {-41.9f, 81.43f, -0.5f, 300.7f, nan, 3e9f})),
            (std::vector<int8_t>{-41, 81, 0, 44, 0, 0}));
  EXPECT_EQ((cast<int32_t, float>(DType::kFloat32, DType::kInt32,
                                  {-2147483648.0f, 2147483648.0f, -7.99f, nan})),
            (std::vector<int32_t>{INT32_MIN, INT32_MIN, -7, INT32_MIN}));
  // uint32 goes through the 64-bit conversion: 4e9 fits, -1 wraps.
  EXPECT_EQ((cast<uint32_t, float>(DType::kFloat32, DType::kUInt32, {4e9f, -1.0f})),
            (std::vector<uint32_t>{4000000000u, 0xFFFFFFFFu}));
}

TEST(Cast, IntegersNarrowModuloAndBoolIsZeroOrOne) {
  EXPECT_EQ((cast<int8_t, int32_t>(DType::kInt32, DType::kInt8, {0x1234, -129, 128})),
            (std::vector<int8_t>{0x34, 127, -128}));
  EXPECT_EQ((cast<int16_t, int32_t>(DType::kInt32, DType::kInt16, {70000, -32769})),
            (std::vector<int16_t>{4464, 32767}));
  EXPECT_EQ((cast<int32_t, uint32_t>(DType::kUInt32, DType::kInt32, {0xFFFFFFFFu, 5u})),
            (std::vector<int32_t>{-1, 5}));
  EXPECT_EQ((cast<uint32_t, int32_t>(DType::kInt32, DType::kUInt32, {-2, 7})),
            (std::vector<uint32_t>{0xFFFFFFFEu, 7u}));
  EXPECT_EQ((cast<int32_t, uint8_t>(DType::kBool, DType::kInt32, {0, 1, 2})),
            (std::vector<int32_t>{0, 1, 1}));
  EXPECT_EQ((cast<uint8_t, float>(DType::kFloat32, DType::kBool, {0.0f, -0.0f, 0.25f})),
            (std::vector<uint8_t>{0, 0, 1}));
  // int32 -> float rounds to nearest even: 2^24 + 1 is not a float.
  EXPECT_EQ((cast<float, int32_t>(DType::kInt32, DType::kFloat32, {16777217, -3})),
            (std::vector<float>{16777216.0f, -3.0f}));
  EXPECT_EQ((cast<int16_t, int8_t>(DType::kInt8, DType::kInt16, {-128, 127})),
            (std::vector<int16_t>{-128, 127}));
  EXPECT_FALSE(prepare_cast(DType::kFloat16, DType::kInt8).ok());
}

TEST(Fill, RepeatsTheValueAtEveryElementSize) {
  const octet_fill_params bytes2{2}, bytes3{3}, bytes8{8};
  const int16_t v16 = 0x1234;
  std::vector<int16_t> o16(3);
  ASSERT_EQ(octet_ref_fill(&bytes2, &v16, 3, o16.data()), 0);
  EXPECT_EQ(o16, (std::vector<int16_t>{0x1234, 0x1234, 0x1234}));
  const int64_t v64 = -5;
  std::vector<int64_t> o64(2);
  ASSERT_EQ(octet_ref_fill(&bytes8, &v64, 2, o64.data()), 0);
  EXPECT_EQ(o64, (std::vector<int64_t>{-5, -5}));
  EXPECT_EQ(octet_ref_fill(&bytes3, &v64, 2, o64.data()), -1);
  EXPECT_EQ(o64, (std::vector<int64_t>{-5, -5}));
}

TEST(ZerosLike, ZeroesEveryByteOfTheElementsOnly) {
  const octet_fill_params bytes4{4}, bytes5{5};
  std::vector<float> f = {1.5f, -2.0f, 3.0f};
  ASSERT_EQ(octet_ref_zeros_like(&bytes4, 2, f.data()), 0);
  EXPECT_EQ(f, (std::vector<float>{0.0f, 0.0f, 3.0f}));
  EXPECT_EQ(octet_ref_zeros_like(&bytes5, 1, f.data()), -1);
  EXPECT_EQ(f[2], 3.0f);
}

TEST(ShapeKernel, WritesTheDimensionsAsInt32OrInt64) {
  const octet_shape s = make_shape({2, 1, 7});
  std::vector<int32_t> o32(4, -1);
  octet_ref_shape_s32(&s, o32.data());
  EXPECT_EQ(o32, (std::vector<int32_t>{2, 1, 7, -1}));
  std::vector<int64_t> o64(3);
  octet_ref_shape_s64(&s, o64.data());
  EXPECT_EQ(o64, (std::vector<int64_t>{2, 1, 7}));
}

TEST(PrepareSum, MultipliersOfTflmsEightBitSums) {
  // s_in 0.5, s_out 1: the input ratio is 1/2 (2^30, shift 0), the output ratio
  // 1 / (2^20 * 1) = 2^-20 (2^30, shift -19).
  auto p = prepare_sum("ADD_N", DType::kInt8, {0.5f, 0}, {1.0f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->left_shift, 20);
  EXPECT_EQ(p->input_multiplier, 1 << 30);
  EXPECT_EQ(p->input_shift, 0);
  EXPECT_EQ(p->output_multiplier, 1 << 30);
  EXPECT_EQ(p->output_shift, -19);
  EXPECT_FALSE(prepare_sum("ADD_N", DType::kInt16, {0.5f, 0}, {1.0f, 0}).ok());
  // An output ratio of one or more: 1 / (2^20 * 2^-21) = 2.
  EXPECT_FALSE(prepare_sum("CUMSUM", DType::kInt8, {0.5f, 0}, {std::ldexp(1.0f, -21), 0}).ok());
}

TEST(AddN, SumsAndStartsFromTheRescaledInputOffsetAsTflm) {
  auto p = prepare_sum("ADD_N", DType::kInt8, {0.5f, 0}, {1.0f, 0});
  ASSERT_TRUE(p.ok());
  // 1 + 2 + 3 = 6 (each q * 2^19, the sum times 2^-20); 63.5 * 3 saturates.
  const std::vector<int8_t> a = {2, 127}, b = {4, 127}, c = {6, 127};
  const void* ins[] = {a.data(), b.data(), c.data()};
  std::vector<int8_t> out(2);
  const octet_add_n_params pn{3, *p};
  octet_ref_add_n_s8(&pn, ins, 2, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{6, 127}));
  // Input zero point 10: the sum starts at the rescaled offset -10 * 2^19 (TFLM's arithmetic, not
  // 0): (2 + 4 + 6) * 2^19 - 10 * 2^19 = 2^20, output 1 where the real sum is 6.
  auto q = prepare_sum("ADD_N", DType::kInt8, {0.5f, 10}, {1.0f, 0});
  ASSERT_TRUE(q.ok());
  const std::vector<int8_t> a2 = {12}, b2 = {14}, c2 = {16};
  const void* ins2[] = {a2.data(), b2.data(), c2.data()};
  std::vector<int8_t> o(1);
  const octet_add_n_params qn{3, *q};
  octet_ref_add_n_s8(&qn, ins2, 1, o.data());
  EXPECT_EQ(o[0], 1);
  const std::vector<int32_t> x = {INT32_MAX, 1}, y = {1, 2};
  const void* ints[] = {x.data(), y.data()};
  std::vector<int32_t> s(2);
  const octet_add_n_params two{2, {}};
  octet_ref_add_n_s32(&two, ints, 2, s.data());
  EXPECT_EQ(s, (std::vector<int32_t>{INT32_MIN, 3}));  // wraps
}

TEST(Cumsum, InclusiveExclusiveReverseAlongAnAxis) {
  auto p = prepare_sum("CUMSUM", DType::kInt8, {0.5f, 0}, {1.0f, 0});
  ASSERT_TRUE(p.ok());
  // [2, 3] of halves: rows (1, 2, 3) and (0.5, 1.5, 2.5) in real values.
  const std::vector<int8_t> in = {2, 4, 6, 1, 3, 5};
  const octet_shape s = make_shape({2, 3});
  std::vector<int8_t> out(6);
  // {axis, exclusive, reverse, sum}
  const octet_cumsum_params inclusive{1, 0, 0, *p}, exclusive{1, 1, 0, *p}, reverse{1, 0, 1, *p},
      axis0{0, 1, 1, *p};
  octet_ref_cumsum_s8(&inclusive, &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 3, 6, 1, 2, 5}));  // 0.5 -> 1, 2 -> 2, 4.5 -> 5
  octet_ref_cumsum_s8(&exclusive, &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{0, 1, 3, 0, 1, 2}));
  octet_ref_cumsum_s8(&reverse, &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{6, 5, 3, 5, 4, 3}));  // 4.5 -> 5, 4 -> 4, 2.5 -> 3
  octet_ref_cumsum_s8(&axis0, &s, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 2, 3, 0, 0, 0}));  // axis 0, reversed, exclusive
  const std::vector<float> f = {1.0f, 2.0f, 3.0f};
  const octet_shape s3 = make_shape({3});
  std::vector<float> fo(3);
  const octet_cumsum_params f_axis0{0, 1, 1, {}};
  octet_ref_cumsum_f32(&f_axis0, &s3, f.data(), fo.data());
  EXPECT_EQ(fo, (std::vector<float>{5.0f, 3.0f, 0.0f}));
}

}  // namespace
}  // namespace octet
