// SPLIT, SPLIT_V, PACK and UNPACK reference kernels and prepare functions.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/operand.h"
#include "kernels/prepare/split.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(Split, EqualPartsAlongAxis1) {
  // [[0,1,2,3],[4,5,6,7]] split in 2 along axis 1 -> [[0,1],[4,5]] and [[2,3],[6,7]].
  auto p = prepare_split(DType::kInt8, Shape{2, 4}, 1, 2);
  ASSERT_TRUE(p.ok()) << p.message();
  ASSERT_EQ(p->output_shapes.size(), 2u);
  EXPECT_EQ(p->output_shapes[0], (Shape{2, 2}));
  const octet_shape in_shape = *to_octet_shape(Shape{2, 4});
  const octet_shape o0 = *to_octet_shape(p->output_shapes[0]);
  const octet_shape o1 = *to_octet_shape(p->output_shapes[1]);
  const octet_shape* out_shapes[2] = {&o0, &o1};
  const int8_t in[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  int8_t a[4], b[4];
  void* outputs[2] = {a, b};
  octet_ref_split(&p->params, &in_shape, in, out_shapes, outputs);
  EXPECT_EQ(std::vector<int8_t>(a, a + 4), (std::vector<int8_t>{0, 1, 4, 5}));
  EXPECT_EQ(std::vector<int8_t>(b, b + 4), (std::vector<int8_t>{2, 3, 6, 7}));
  EXPECT_FALSE(prepare_split(DType::kInt8, Shape{2, 4}, 1, 3).ok());
}

TEST(Split, SplitVWithInferredSize) {
  // [0..5] sizes {1, -1, 2} -> [0], [1,2,3], [4,5].
  auto p = prepare_split_v(DType::kFloat32, Shape{6}, -1, {1, -1, 2});
  ASSERT_TRUE(p.ok()) << p.message();
  ASSERT_EQ(p->output_shapes.size(), 3u);
  EXPECT_EQ(p->output_shapes[1], (Shape{3}));
  const octet_shape in_shape = *to_octet_shape(Shape{6});
  std::vector<octet_shape> shapes;
  for (const Shape& s : p->output_shapes) shapes.push_back(*to_octet_shape(s));
  const octet_shape* out_shapes[3] = {&shapes[0], &shapes[1], &shapes[2]};
  const float in[6] = {0, 1, 2, 3, 4, 5};
  float a[1], b[3], c[2];
  void* outputs[3] = {a, b, c};
  octet_ref_split(&p->params, &in_shape, in, out_shapes, outputs);
  EXPECT_EQ(a[0], 0.0f);
  EXPECT_EQ(std::vector<float>(b, b + 3), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(std::vector<float>(c, c + 2), (std::vector<float>{4, 5}));
  EXPECT_FALSE(prepare_split_v(DType::kFloat32, Shape{6}, 0, {1, 2}).ok());
  EXPECT_FALSE(prepare_split_v(DType::kFloat32, Shape{6}, 0, {7, -1}).ok());
}

TEST(Pack, AlongNewFirstAndLastAxis) {
  const int16_t a[2] = {1, 2};
  const int16_t b[2] = {3, 4};
  const void* inputs[2] = {a, b};
  const octet_shape in_shape = *to_octet_shape(Shape{2});
  int16_t out[4];
  auto first = prepare_pack(DType::kInt16, Shape{2}, 0, 2);
  ASSERT_TRUE(first.ok()) << first.message();
  EXPECT_EQ(first->output_shape, (Shape{2, 2}));
  octet_ref_pack(&first->params, &in_shape, inputs, out);
  EXPECT_EQ(std::vector<int16_t>(out, out + 4), (std::vector<int16_t>{1, 2, 3, 4}));
  auto last = prepare_pack(DType::kInt16, Shape{2}, -1, 2);
  ASSERT_TRUE(last.ok()) << last.message();
  EXPECT_EQ(last->params.axis, 1);
  octet_ref_pack(&last->params, &in_shape, inputs, out);
  EXPECT_EQ(std::vector<int16_t>(out, out + 4), (std::vector<int16_t>{1, 3, 2, 4}));
}

TEST(Unpack, AlongAxis1) {
  // [[0,1,2],[3,4,5]] unpacked along axis 1 -> [0,3], [1,4], [2,5].
  auto p = prepare_unpack(DType::kInt32, Shape{2, 3}, 1, 3);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2}));
  const octet_shape in_shape = *to_octet_shape(Shape{2, 3});
  const int32_t in[6] = {0, 1, 2, 3, 4, 5};
  int32_t a[2], b[2], c[2];
  void* outputs[3] = {a, b, c};
  octet_ref_unpack(&p->params, &in_shape, in, outputs);
  EXPECT_EQ(std::vector<int32_t>(a, a + 2), (std::vector<int32_t>{0, 3}));
  EXPECT_EQ(std::vector<int32_t>(b, b + 2), (std::vector<int32_t>{1, 4}));
  EXPECT_EQ(std::vector<int32_t>(c, c + 2), (std::vector<int32_t>{2, 5}));
  EXPECT_FALSE(prepare_unpack(DType::kInt32, Shape{2, 3}, 1, 2).ok());
}

TEST(Copy, ReshapeIsACopy) {
  const uint8_t in[3] = {1, 2, 3};
  uint8_t out[3] = {};
  octet_ref_copy(in, out, 3);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 3), (std::vector<uint8_t>{1, 2, 3}));
  octet_ref_copy(out, out, 3);  // aliasing is allowed
  EXPECT_EQ(out[2], 3);
}

}  // namespace
}  // namespace octet
