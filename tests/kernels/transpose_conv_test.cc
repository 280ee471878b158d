// TRANSPOSE_CONV: prepare + reference kernels on hand-derived cases: stride-2 block expansion with
// zero points, bias and per-channel rounding; overlapping windows with SAME padding; 16x8 with an
// int64 bias and per-channel scales.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/conv.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TransposeConvGeometry geometry(const Shape& in, const Shape& out, const Shape& filter) {
  TransposeConvGeometry g;
  g.input_height = in[1], g.input_width = in[2];
  g.output_height = out[1], g.output_width = out[2];
  g.filter_height = filter[1], g.filter_width = filter[2];
  g.output_channels = filter[0];
  return g;
}

TEST(TransposeConv, Int8Stride2ExpandsEachPixelIntoABlock) {
  // Input [[1 2], [3 4]] (zero point 1: centered 0 1 2 3, scale 0.5), filter [[1 -1], [2 0]],
  // bias 10, output scale 1 zero point -5: multiplier 0.5. Pixel v makes the block
  // (v*w + 10) * 0.5 rounded away from zero, - 5; v = 0 gives 0 everywhere.
  const Shape in{1, 2, 2, 1}, out{1, 4, 4, 1}, f{1, 2, 2, 1};
  const std::vector<float> w_scale = {1.0f};
  WeightedSumQuant q;
  q.input = {0.5f, 1};
  q.output = {1.0f, -5};
  q.weight_scales = w_scale;
  auto plan = prepare_transpose_conv(DType::kInt8, Padding::kValid, 2, 2, FusedActivation::kNone,
                                     geometry(in, out, f), q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_conv_params p = plan->params();
  EXPECT_EQ(p.pad_top, 0);
  const octet_shape is = *to_octet_shape(in), fs = *to_octet_shape(f), os = *to_octet_shape(out);
  const int8_t x[4] = {1, 2, 3, 4}, w[4] = {1, -1, 2, 0};
  const int32_t bias[1] = {10};
  int8_t y[16];
  int32_t scratch[16];
  octet_ref_transpose_conv_s8(&p, &is, x, &fs, w, bias, &os, y, scratch);
  EXPECT_EQ(std::vector<int8_t>(y, y + 16),
            (std::vector<int8_t>{0, 0, 1, 0, 0, 0, 1, 0, 1, -1, 2, -1, 2, 0, 3, 0}));
}

TEST(TransposeConv, FloatOverlappingWindowsWithSamePadding) {
  // Stride 1, SAME over a 2x2 output: pads 0 before and 1 after, so output (oy, ox) sums
  // in(y, x) * w(oy - y, ox - x). in (1 2 3 4), w (1 10 100 1000), bias 0.5.
  const Shape in{1, 2, 2, 1}, out{1, 2, 2, 1}, f{1, 2, 2, 1};
  auto plan = prepare_transpose_conv(DType::kFloat32, Padding::kSame, 1, 1, FusedActivation::kNone,
                                     geometry(in, out, f), {});
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_conv_params p = plan->params();
  const octet_shape is = *to_octet_shape(in), fs = *to_octet_shape(f), os = *to_octet_shape(out);
  const float x[4] = {1, 2, 3, 4}, w[4] = {1, 10, 100, 1000}, bias[1] = {0.5f};
  float y[4];
  octet_ref_transpose_conv_f32(&p, &is, x, &fs, w, bias, &os, y);
  EXPECT_EQ(std::vector<float>(y, y + 4), (std::vector<float>{1.5f, 12.5f, 103.5f, 1234.5f}));
}

TEST(TransposeConv, Int16PerChannelWithInt64Bias) {
  // One pixel 1000, two output channels: w (3, -4), weight scales (1, 0.5), bias (7, 0):
  // 3007 and -2000.
  const Shape in{1, 1, 1, 1}, out{1, 1, 1, 2}, f{2, 1, 1, 1};
  const std::vector<float> w_scale = {1.0f, 0.5f};
  WeightedSumQuant q;
  q.input = {1.0f, 0};
  q.output = {1.0f, 0};
  q.weight_scales = w_scale;
  auto plan = prepare_transpose_conv(DType::kInt16, Padding::kValid, 1, 1, FusedActivation::kNone,
                                     geometry(in, out, f), q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_conv_params p = plan->params();
  const octet_shape is = *to_octet_shape(in), fs = *to_octet_shape(f), os = *to_octet_shape(out);
  const int16_t x[1] = {1000};
  const int8_t w[2] = {3, -4};
  const int64_t bias[2] = {7, 0};
  int16_t y[2];
  int64_t scratch[2];
  octet_ref_transpose_conv_s16(&p, &is, x, &fs, w, bias, &os, y, scratch);
  EXPECT_EQ(std::vector<int16_t>(y, y + 2), (std::vector<int16_t>{3007, -2000}));
}

TEST(TransposeConv, PrepareErrors) {
  const Shape in{1, 2, 2, 1}, out{1, 4, 4, 1}, f{1, 2, 2, 1};
  EXPECT_FALSE(prepare_transpose_conv(DType::kFloat32, Padding::kValid, 0, 2,
                                      FusedActivation::kNone, geometry(in, out, f), {})
                   .ok());
  // The fuzzer's stride of 2113929218 over 4099 input rows: (4099 - 1) * stride passes int32.
  // One input row places only pixel 0, so that stride is harmless there.
  const Shape tall{1, 4099, 3, 4}, small_out{1, 6, 6, 4}, f4{4, 2, 2, 4};
  auto past = prepare_transpose_conv(DType::kFloat32, Padding::kValid, 2113929218, 2,
                                     FusedActivation::kNone, geometry(tall, small_out, f4), {});
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.message().find("past int32"), std::string::npos) << past.message();
  EXPECT_TRUE(prepare_transpose_conv(DType::kFloat32, Padding::kValid, 2113929218, 2,
                                     FusedActivation::kNone,
                                     geometry(Shape{1, 1, 3, 4}, small_out, f4), {})
                  .ok());
  EXPECT_FALSE(prepare_transpose_conv(DType::kUInt8, Padding::kValid, 2, 2, FusedActivation::kNone,
                                      geometry(in, out, f), {})
                   .ok());
  // int8 weights with a zero point are not symmetric.
  const std::vector<float> w_scale = {1.0f};
  WeightedSumQuant q;
  q.input = {0.5f, 0};
  q.output = {1.0f, 0};
  q.weight_scales = w_scale;
  q.weight_zero_point = 3;
  EXPECT_FALSE(prepare_transpose_conv(DType::kInt8, Padding::kValid, 2, 2, FusedActivation::kNone,
                                      geometry(in, out, f), q)
                   .ok());
}

}  // namespace
}  // namespace octet
