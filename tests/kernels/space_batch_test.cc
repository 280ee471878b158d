// SPACE_TO_DEPTH, DEPTH_TO_SPACE (rank-6 transposes), SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND:
// hand-derived element orders from TFLite's definitions, TFLM's zero padding, and shape errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "kernels/prepare/operand.h"
#include "kernels/prepare/space_batch.h"
#include "octet_kernels.h"

namespace octet {
namespace {

std::vector<int8_t> iota8(int n) {
  std::vector<int8_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), int8_t{0});
  return v;
}

std::vector<int8_t> transpose_view(const SpaceDepthPrepared& p, const std::vector<int8_t>& in) {
  std::vector<int8_t> out(static_cast<size_t>(p.output_shape.elements()));
  octet_ref_transpose(&p.params, &p.view, in.data(), out.data());
  return out;
}

TEST(SpaceToDepth, Block2) {
  // [1,4,4,1] holding y*4+x, block 2: output pixel (Y, X) holds depth (dy*2+dx) = input
  // (2Y+dy, 2X+dx).
  auto p = prepare_space_to_depth(DType::kInt8, Shape{1, 4, 4, 1}, 2);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{1, 2, 2, 4}));
  EXPECT_EQ(transpose_view(*p, iota8(16)),
            (std::vector<int8_t>{0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15}));
}

TEST(SpaceToDepth, Block2WithTwoChannels) {
  // [1,2,2,2]: channel c of pixel (y, x) is (y*2+x)*2+c; one output pixel of depth 8 in the
  // order (dy, dx, c), which is the input order.
  auto p = prepare_space_to_depth(DType::kInt8, Shape{1, 2, 2, 2}, 2);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(transpose_view(*p, iota8(8)), iota8(8));
  EXPECT_FALSE(prepare_space_to_depth(DType::kInt8, Shape{1, 3, 2, 1}, 2).ok());
  EXPECT_FALSE(prepare_space_to_depth(DType::kInt8, Shape{1, 2, 2, 1}, 0).ok());
}

TEST(DepthToSpace, InvertsSpaceToDepth) {
  // [1,2,2,4] -> [1,4,4,1]: depth index dy*2+dx of pixel (Y, X) goes to (2Y+dy, 2X+dx).
  auto p = prepare_depth_to_space(DType::kInt8, Shape{1, 2, 2, 4}, 2);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{1, 4, 4, 1}));
  EXPECT_EQ(transpose_view(*p, iota8(16)),
            (std::vector<int8_t>{0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15}));
  EXPECT_FALSE(prepare_depth_to_space(DType::kInt8, Shape{1, 2, 2, 6}, 2).ok());
}

std::vector<int8_t> space_batch(const SpaceBatchPrepared& p, const std::vector<int8_t>& in,
                                bool to_batch) {
  std::vector<int8_t> out(static_cast<size_t>(p.output_shape.elements()), 99);
  if (to_batch) {
    octet_ref_space_to_batch_nd(&p.params, &p.input4, in.data(), &p.output4, out.data());
  } else {
    octet_ref_batch_to_space_nd(&p.params, &p.input4, in.data(), &p.output4, out.data());
  }
  return out;
}

TEST(SpaceToBatchND, Block2x2) {
  // [1,2,4,1] = [[0 1 2 3], [4 5 6 7]], block (2, 2): batch (dy*2+dx) takes (dy::2, dx::2).
  const std::vector<int32_t> block = {2, 2}, pads = {0, 0, 0, 0};
  auto p = prepare_space_to_batch_nd(DType::kInt8, Shape{1, 2, 4, 1}, block, pads);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{4, 1, 2, 1}));
  EXPECT_EQ(space_batch(*p, iota8(8), true), (std::vector<int8_t>{0, 2, 1, 3, 4, 6, 5, 7}));
}

TEST(SpaceToBatchND, PaddingIsZeroBytesAsInTflm) {
  // 3-D [1,3,1] = (5 6 7), block 2, paddings (1, 0): padded column (0? 5 6 7) -> batch 0 takes
  // rows 0 and 2 (pad, 6), batch 1 rows 1 and 3 (5, 7). TFLM pads with 0, not the zero point.
  const std::vector<int32_t> block = {2}, pads = {1, 0};
  auto p = prepare_space_to_batch_nd(DType::kInt8, Shape{1, 3, 1}, block, pads);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 2, 1}));
  EXPECT_EQ(space_batch(*p, {5, 6, 7}, true), (std::vector<int8_t>{0, 6, 5, 7}));
  const std::vector<int32_t> bad_pads = {0, 0};
  EXPECT_FALSE(prepare_space_to_batch_nd(DType::kInt8, Shape{1, 3, 1}, block, bad_pads).ok());
  // A padded size past INT32_MAX (block 1) is an error, not a wrapped dimension.
  const std::vector<int32_t> one = {1}, huge = {INT32_MAX, 0};
  EXPECT_FALSE(prepare_space_to_batch_nd(DType::kInt8, Shape{1, 3, 1}, one, huge).ok());
}

TEST(BatchToSpaceND, InvertsAndCrops) {
  // The inverse of the Block2x2 case.
  const std::vector<int32_t> block = {2, 2}, crops = {0, 0, 0, 0};
  auto p = prepare_batch_to_space_nd(DType::kInt8, Shape{4, 1, 2, 1}, block, crops);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{1, 2, 4, 1}));
  EXPECT_EQ(space_batch(*p, {0, 2, 1, 3, 4, 6, 5, 7}, false), iota8(8));
  // 3-D [2,2,1] = batches (0 6), (5 7), block 2, crop 1 at the top: rows 0 5 6 7 minus the first.
  const std::vector<int32_t> b1 = {2}, c1 = {1, 0};
  auto q = prepare_batch_to_space_nd(DType::kInt8, Shape{2, 2, 1}, b1, c1);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(q->output_shape, (Shape{1, 3, 1}));
  EXPECT_EQ(space_batch(*q, {0, 6, 5, 7}, false), (std::vector<int8_t>{5, 6, 7}));
  EXPECT_FALSE(prepare_batch_to_space_nd(DType::kInt8, Shape{3, 2, 1}, b1, c1).ok());
}

}  // namespace
}  // namespace octet
