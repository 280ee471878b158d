// PAD / PADV2 reference kernel and prepare: zero-point padding of quantized tensors, constants of
// every element size, and ranks up to 6. MIRROR_PAD in both modes.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/prepare/operand.h"
#include "kernels/prepare/pad.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(Pad, Int8PadsWithTheZeroPoint) {
  // [[1,2],[3,4]] with one row before and two columns after, zero point -5:
  //   -5 -5 -5 -5
  //    1  2 -5 -5
  //    3  4 -5 -5
  auto p = prepare_pad(DType::kInt8, Shape{2, 2}, {{1, 0}, {0, 2}}, -5);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{3, 4}));
  const octet_shape in_shape = *to_octet_shape(Shape{2, 2});
  const int8_t in[4] = {1, 2, 3, 4};
  int8_t out[12];
  octet_ref_pad(&p->params, &in_shape, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 12),
            (std::vector<int8_t>{-5, -5, -5, -5, 1, 2, -5, -5, 3, 4, -5, -5}));
}

TEST(Pad, Float4DRing) {
  // NHWC [1,2,2,1] padded by one pixel on each side of H and W: a ring of zeros.
  auto p = prepare_pad(DType::kFloat32, Shape{1, 2, 2, 1}, {{0, 0}, {1, 1}, {1, 1}, {0, 0}}, 0);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{1, 4, 4, 1}));
  const octet_shape in_shape = *to_octet_shape(Shape{1, 2, 2, 1});
  const float in[4] = {1.5f, 2.5f, 3.5f, 4.5f};
  float out[16];
  octet_ref_pad(&p->params, &in_shape, in, out);
  EXPECT_EQ(std::vector<float>(out, out + 16),
            (std::vector<float>{0, 0, 0, 0, 0, 1.5f, 2.5f, 0, 0, 3.5f, 4.5f, 0, 0, 0, 0, 0}));
}

TEST(Pad, PadV2ConstantAndSixDimensions) {
  // int16 [1,1,1,1,2,1], dim 0 padded {0,1}, dim 4 padded {1,0}, constant 9:
  // output [2,1,1,1,3,1] = first block [9, a, b], second block all 9.
  const int16_t constant = 9;
  auto p = prepare_padv2(DType::kInt16, Shape{1, 1, 1, 1, 2, 1},
                         {{0, 1}, {0, 0}, {0, 0}, {0, 0}, {1, 0}, {0, 0}},
                         std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&constant), 2));
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 1, 1, 1, 3, 1}));
  const octet_shape in_shape = *to_octet_shape(Shape{1, 1, 1, 1, 2, 1});
  const int16_t in[2] = {-300, 400};
  int16_t out[6];
  octet_ref_pad(&p->params, &in_shape, in, out);
  EXPECT_EQ(std::vector<int16_t>(out, out + 6), (std::vector<int16_t>{9, -300, 400, 9, 9, 9}));

  // float PADV2 constant -1.5 on a rank-1 tensor.
  const float c = -1.5f;
  auto q = prepare_padv2(DType::kFloat32, Shape{2}, {{2, 1}},
                         std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&c), 4));
  ASSERT_TRUE(q.ok()) << q.message();
  const octet_shape s = *to_octet_shape(Shape{2});
  const float x[2] = {7.0f, 8.0f};
  float y[5];
  octet_ref_pad(&q->params, &s, x, y);
  EXPECT_EQ(std::vector<float>(y, y + 5), (std::vector<float>{-1.5f, -1.5f, 7.0f, 8.0f, -1.5f}));
}

TEST(Pad, Uint8ZeroPointAndErrors) {
  auto p = prepare_pad(DType::kUInt8, Shape{1}, {{1, 1}}, 128);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = *to_octet_shape(Shape{1});
  const uint8_t in[1] = {7};
  uint8_t out[3];
  octet_ref_pad(&p->params, &s, in, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 3), (std::vector<uint8_t>{128, 7, 128}));
  EXPECT_FALSE(prepare_pad(DType::kInt8, Shape{2}, {{-1, 0}}, 0).ok());     // negative
  EXPECT_FALSE(prepare_pad(DType::kInt8, Shape{2, 2}, {{0, 0}}, 0).ok());   // rank mismatch
  EXPECT_FALSE(prepare_pad(DType::kUInt8, Shape{2}, {{0, 0}}, 256).ok());   // zero point
  EXPECT_FALSE(prepare_pad(DType::kFloat32, Shape{2}, {{0, 0}}, 3).ok());   // not quantized
  EXPECT_FALSE(prepare_padv2(DType::kInt32, Shape{2}, {{0, 0}}, {}).ok());  // no constant
  // A padded size past INT32_MAX is an error, not a wrapped dimension.
  EXPECT_FALSE(prepare_pad(DType::kInt8, Shape{2}, {{INT32_MAX, 0}}, 0).ok());
  EXPECT_TRUE(prepare_pad(DType::kInt8, Shape{2}, {{INT32_MAX - 2, 0}}, 0).ok());
}

std::vector<int8_t> mirror(const Shape& shape, const std::vector<std::array<int32_t, 2>>& pads,
                           bool reflect, const std::vector<int8_t>& in) {
  auto p = prepare_mirror_pad(DType::kInt8, shape, pads, reflect);
  EXPECT_TRUE(p.ok()) << p.message();
  if (!p.ok()) return {};
  const octet_shape s = *to_octet_shape(shape);
  std::vector<int8_t> out(static_cast<size_t>(p->output_shape.elements()));
  octet_ref_mirror_pad(&p->params, &s, in.data(), out.data());
  return out;
}

TEST(MirrorPad, ReflectAndSymmetric1D) {
  // (1 2 3) padded {2, 2}: REFLECT leaves the edge out (3 2 | 1 2 3 | 2 1), SYMMETRIC repeats it
  // (2 1 | 1 2 3 | 3 2).
  EXPECT_EQ(mirror(Shape{3}, {{2, 2}}, true, {1, 2, 3}),
            (std::vector<int8_t>{3, 2, 1, 2, 3, 2, 1}));
  EXPECT_EQ(mirror(Shape{3}, {{2, 2}}, false, {1, 2, 3}),
            (std::vector<int8_t>{2, 1, 1, 2, 3, 3, 2}));
}

TEST(MirrorPad, Reflect2DOuterDimension) {
  // [[1 2], [3 4], [5 6]] padded one row above and below, one column on the right (REFLECT).
  EXPECT_EQ(mirror(Shape{3, 2}, {{1, 1}, {0, 1}}, true, {1, 2, 3, 4, 5, 6}),
            (std::vector<int8_t>{3, 4, 3, 1, 2, 1, 3, 4, 3, 5, 6, 5, 3, 4, 3}));
}

TEST(MirrorPad, LongAfterPadKeepsReflectingTheFirstElementAsTflm) {
  // TFLM clamps past the far end: (1 2) REFLECT with after 3 -> 1 2 | 1 1 1.
  EXPECT_EQ(mirror(Shape{2}, {{0, 3}}, true, {1, 2}), (std::vector<int8_t>{1, 2, 1, 1, 1}));
}

TEST(MirrorPad, RejectsBeforePadsThatWouldReadOutsideTheInput) {
  EXPECT_FALSE(prepare_mirror_pad(DType::kInt8, Shape{3}, {{3, 0}}, true).ok());
  EXPECT_TRUE(prepare_mirror_pad(DType::kInt8, Shape{3}, {{3, 0}}, false).ok());
  EXPECT_FALSE(prepare_mirror_pad(DType::kInt8, Shape{3}, {{4, 0}}, false).ok());
  EXPECT_FALSE(prepare_mirror_pad(DType::kInt8, Shape{0}, {{0, 1}}, false).ok());
}

}  // namespace
}  // namespace octet
