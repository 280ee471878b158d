// CONCATENATION reference kernels and prepare: plain copies along any axis and TFLite's uint8
// requantization (ConcatenationWithScaling), evaluated at prepare time into byte tables.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/concatenation.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(Concatenation, CopiesAlongAxis) {
  // [[1],[2]] ++ [[3,4],[5,6]] along axis 1 (given as -1) -> [[1,3,4],[2,5,6]].
  auto p = prepare_concatenation(DType::kInt8, {Shape{2, 1}, Shape{2, 2}}, -1,
                                 {{0.5f, 3}, {0.5f, 3}}, {0.5f, 3});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->params.axis, 1);
  EXPECT_EQ(p->output_shape, (Shape{2, 3}));
  EXPECT_FALSE(p->requantizes());
  const octet_shape s0 = *to_octet_shape(Shape{2, 1});
  const octet_shape s1 = *to_octet_shape(Shape{2, 2});
  const octet_shape so = *to_octet_shape(p->output_shape);
  const octet_shape* shapes[2] = {&s0, &s1};
  const int8_t a[2] = {1, 2};
  const int8_t b[4] = {3, 4, 5, 6};
  const void* inputs[2] = {a, b};
  int8_t out[6];
  octet_ref_concat(&p->params, shapes, inputs, &so, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 6), (std::vector<int8_t>{1, 3, 4, 2, 5, 6}));
}

TEST(Concatenation, FloatAxis0AndThreeInputs) {
  auto p =
      prepare_concatenation(DType::kFloat32, {Shape{1, 2}, Shape{2, 2}, Shape{1, 2}}, 0, {}, {});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{4, 2}));
  const octet_shape s1 = *to_octet_shape(Shape{1, 2});
  const octet_shape s2 = *to_octet_shape(Shape{2, 2});
  const octet_shape so = *to_octet_shape(p->output_shape);
  const octet_shape* shapes[3] = {&s1, &s2, &s1};
  const float a[2] = {1, 2};
  const float b[4] = {3, 4, 5, 6};
  const float c[2] = {7, 8};
  const void* inputs[3] = {a, b, c};
  float out[8];
  octet_ref_concat(&p->params, shapes, inputs, &so, out);
  EXPECT_EQ(std::vector<float>(out, out + 8), (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(Concatenation, Uint8RequantizesLikeTflite) {
  // Input 0: scale 0.5, zp 128 -> output scale 1, zp 128. TFLite: scale = 0.5 * (1 / 1) = 0.5,
  // bias = -128 * 0.5 = -64, q_out = round(q * 0.5 - 64) + 128 (round half away from zero):
  //   0 -> -64 -> 64; 255 -> 63.5 -> 64 -> 192; 129 -> 0.5 -> 1 -> 129;
  //   127 -> -0.5 -> -1 -> 127; 130 -> 1 -> 129.
  // Input 1 shares the output's parameters and is copied.
  auto p = prepare_concatenation(DType::kUInt8, {Shape{5}, Shape{2}}, 0, {{0.5f, 128}, {1.0f, 128}},
                                 {1.0f, 128});
  ASSERT_TRUE(p.ok()) << p.message();
  ASSERT_TRUE(p->requantizes());
  ASSERT_TRUE(p->tables[0].has_value());
  EXPECT_FALSE(p->tables[1].has_value());
  const octet_shape s0 = *to_octet_shape(Shape{5});
  const octet_shape s1 = *to_octet_shape(Shape{2});
  const octet_shape so = *to_octet_shape(p->output_shape);
  const octet_shape* shapes[2] = {&s0, &s1};
  const uint8_t a[5] = {0, 255, 129, 127, 130};
  const uint8_t b[2] = {0, 255};
  const void* inputs[2] = {a, b};
  const std::vector<uint8_t> tables = p->flat_tables(), mapped = p->mapped_inputs();
  EXPECT_EQ(mapped, (std::vector<uint8_t>{1, 0}));
  const octet_concat_lut8_params lp{p->params, tables.data(), mapped.data()};
  uint8_t out[7];
  octet_ref_concat_lut8(&lp, shapes, inputs, &so, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 7),
            (std::vector<uint8_t>{64, 192, 129, 127, 129, 0, 255}));

  // Saturation: scale 2 -> 1, zp 0: 200 -> 400 -> 255.
  auto q = prepare_concatenation(DType::kUInt8, {Shape{1}}, 0, {{2.0f, 0}}, {1.0f, 0});
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ((*q->tables[0])[200], 255);
  EXPECT_EQ((*q->tables[0])[3], 6);
}

TEST(Concatenation, Int8TableIsIndexedByTheBitPattern) {
  // scale 0.5 -> 1, zp 0: -3 -> -1.5 -> -2; -128 -> -64; 127 -> 63.5 -> 64.
  auto p = prepare_concatenation(DType::kInt8, {Shape{3}}, 0, {{0.5f, 0}}, {1.0f, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = *to_octet_shape(Shape{3});
  const octet_shape* shapes[1] = {&s};
  const int8_t a[3] = {-3, -128, 127};
  const void* inputs[1] = {a};
  const std::vector<uint8_t> tables = p->flat_tables(), mapped = p->mapped_inputs();
  const octet_concat_lut8_params lp{p->params, tables.data(), mapped.data()};
  int8_t out[3];
  octet_ref_concat_lut8(&lp, shapes, inputs, &s, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{-2, -64, 64}));
}

TEST(Concatenation, HugeScaleRatiosSaturateInsteadOfOverflowing) {
  // Input scale 1e20 over output scale 1e-10: a ratio of 1e30, so -1 and 1 saturate and 0 maps
  // to the output zero point, as TFLite would if its float-to-int conversion were defined there.
  // The fuzzer found such a model (1.9e19 converted to int).
  auto p = prepare_concatenation(DType::kInt8, {Shape{3}}, 0, {{1e20f, 0}}, {1e-10f, 5});
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = *to_octet_shape(Shape{3});
  const octet_shape* shapes[1] = {&s};
  const int8_t a[3] = {-1, 0, 1};
  const void* inputs[1] = {a};
  const std::vector<uint8_t> tables = p->flat_tables(), mapped = p->mapped_inputs();
  const octet_concat_lut8_params lp{p->params, tables.data(), mapped.data()};
  int8_t out[3];
  octet_ref_concat_lut8(&lp, shapes, inputs, &s, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{-128, 5, 127}));
}

TEST(Concatenation, Errors) {
  EXPECT_FALSE(prepare_concatenation(DType::kInt8, {Shape{2, 1}, Shape{3, 2}}, 1,
                                     {{1.0f, 0}, {1.0f, 0}}, {1.0f, 0})
                   .ok());
  EXPECT_FALSE(prepare_concatenation(DType::kFloat32, {Shape{2}}, 1, {}, {}).ok());
  EXPECT_FALSE(
      prepare_concatenation(DType::kFloat32, {Shape{2}}, 0, {}, {}, FusedActivation::kRelu).ok());
  EXPECT_FALSE(prepare_concatenation(DType::kUInt8, {Shape{2}}, 0, {}, {1.0f, 0}).ok());
}

}  // namespace
}  // namespace octet
