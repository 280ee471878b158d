// GATHER reference kernel and prepare: axis, batch_dims, int32/int64 indices, and out-of-range
// indices reported as an error without reading or writing out of bounds.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/gather.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(Gather, Axis0Int32AndInt64Indices) {
  // [[1,2],[3,4],[5,6]] rows {2, 0} -> [[5,6],[1,2]].
  auto p = prepare_gather(DType::kInt8, Shape{3, 2}, DType::kInt32, Shape{2}, 0, 0);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 2}));
  const octet_shape in_shape = *to_octet_shape(Shape{3, 2});
  const octet_shape idx_shape = *to_octet_shape(Shape{2});
  const int8_t in[6] = {1, 2, 3, 4, 5, 6};
  const int32_t idx[2] = {2, 0};
  int8_t out[4];
  ASSERT_EQ(octet_ref_gather(&p->params, &in_shape, in, &idx_shape, idx, out), 0);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{5, 6, 1, 2}));

  auto q = prepare_gather(DType::kInt8, Shape{3, 2}, DType::kInt64, Shape{2}, 0, 0);
  ASSERT_TRUE(q.ok()) << q.message();
  const int64_t idx64[2] = {1, 1};
  ASSERT_EQ(octet_ref_gather(&q->params, &in_shape, in, &idx_shape, idx64, out), 0);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{3, 4, 3, 4}));
}

TEST(Gather, InnerAxisAndFloat) {
  // Column 1 of [[1,2],[3,4],[5,6]] with indices of shape [1] -> [[2],[4],[6]].
  auto p = prepare_gather(DType::kFloat32, Shape{3, 2}, DType::kInt32, Shape{1}, -1, 0);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{3, 1}));
  const octet_shape in_shape = *to_octet_shape(Shape{3, 2});
  const octet_shape idx_shape = *to_octet_shape(Shape{1});
  const float in[6] = {1, 2, 3, 4, 5, 6};
  const int32_t idx[1] = {1};
  float out[3];
  ASSERT_EQ(octet_ref_gather(&p->params, &in_shape, in, &idx_shape, idx, out), 0);
  EXPECT_EQ(std::vector<float>(out, out + 3), (std::vector<float>{2, 4, 6}));
}

TEST(Gather, BatchDims) {
  // in [[1,2,3],[4,5,6]], indices [[2,0],[1,1]], axis 1, batch_dims 1: row b picks its own
  // indices -> [[3,1],[5,5]].
  auto p = prepare_gather(DType::kInt16, Shape{2, 3}, DType::kInt32, Shape{2, 2}, 1, 1);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 2}));
  const octet_shape in_shape = *to_octet_shape(Shape{2, 3});
  const octet_shape idx_shape = *to_octet_shape(Shape{2, 2});
  const int16_t in[6] = {1, 2, 3, 4, 5, 6};
  const int32_t idx[4] = {2, 0, 1, 1};
  int16_t out[4];
  ASSERT_EQ(octet_ref_gather(&p->params, &in_shape, in, &idx_shape, idx, out), 0);
  EXPECT_EQ(std::vector<int16_t>(out, out + 4), (std::vector<int16_t>{3, 1, 5, 5}));
}

TEST(Gather, OutOfRangeIndexIsAnErrorAndWritesNothing) {
  auto p = prepare_gather(DType::kInt8, Shape{3, 2}, DType::kInt32, Shape{2}, 0, 0);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape in_shape = *to_octet_shape(Shape{3, 2});
  const octet_shape idx_shape = *to_octet_shape(Shape{2});
  const int8_t in[6] = {1, 2, 3, 4, 5, 6};
  int8_t out[4] = {42, 42, 42, 42};
  const int32_t too_big[2] = {0, 3};
  EXPECT_EQ(octet_ref_gather(&p->params, &in_shape, in, &idx_shape, too_big, out), -1);
  const int32_t negative[2] = {-1, 0};
  EXPECT_EQ(octet_ref_gather(&p->params, &in_shape, in, &idx_shape, negative, out), -1);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{42, 42, 42, 42}));
  auto q = prepare_gather(DType::kInt8, Shape{3, 2}, DType::kInt64, Shape{1}, 0, 0);
  ASSERT_TRUE(q.ok());
  const octet_shape one = *to_octet_shape(Shape{1});
  const int64_t huge[1] = {int64_t{1} << 32};  // would be 0 if truncated to 32 bits
  EXPECT_EQ(octet_ref_gather(&q->params, &in_shape, in, &one, huge, out), -1);
}

TEST(Gather, PrepareErrors) {
  EXPECT_FALSE(prepare_gather(DType::kInt8, Shape{3, 2}, DType::kInt16, Shape{2}, 0, 0).ok());
  EXPECT_FALSE(prepare_gather(DType::kInt8, Shape{3, 2}, DType::kInt32, Shape{2}, 2, 0).ok());
  // batch_dims above axis; batch dimension mismatch.
  EXPECT_FALSE(prepare_gather(DType::kInt8, Shape{2, 3}, DType::kInt32, Shape{2, 2}, 0, 1).ok());
  EXPECT_FALSE(prepare_gather(DType::kInt8, Shape{2, 3}, DType::kInt32, Shape{3, 2}, 1, 1).ok());
}

}  // namespace
}  // namespace octet
