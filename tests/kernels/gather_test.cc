// GATHER reference kernel and prepare: axis, batch_dims, int32/int64 indices, and out-of-range
// indices reported as an error without reading or writing out of bounds. GATHER_ND and
// EMBEDDING_LOOKUP (a GATHER on axis 0, or TFLM's int8-to-float hybrid lookup).
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

TEST(GatherNd, ElementsAndSlices) {
  // params [2,3] = [[1 2 3], [4 5 6]]. Full-depth indices pick elements: (1,2) -> 6, (0,0) -> 1.
  const octet_shape ps = *to_octet_shape(Shape{2, 3});
  const int8_t params[6] = {1, 2, 3, 4, 5, 6};
  auto p = prepare_gather_nd(DType::kInt8, Shape{2, 3}, DType::kInt32, Shape{2, 2});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2}));
  const octet_shape is = *to_octet_shape(Shape{2, 2});
  const int32_t idx[4] = {1, 2, 0, 0};
  int8_t out[6];
  ASSERT_EQ(octet_ref_gather_nd(&p->params, &ps, params, &is, idx, out), 0);
  EXPECT_EQ(std::vector<int8_t>(out, out + 2), (std::vector<int8_t>{6, 1}));
  // Depth 1 picks rows: indices [3,1] = (1, 0, 1) -> [[4 5 6], [1 2 3], [4 5 6]].
  auto q = prepare_gather_nd(DType::kInt8, Shape{2, 3}, DType::kInt64, Shape{3, 1});
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(q->output_shape, (Shape{3, 3}));
  const octet_shape qs = *to_octet_shape(Shape{3, 1});
  const int64_t rows[3] = {1, 0, 1};
  int8_t out9[9];
  ASSERT_EQ(octet_ref_gather_nd(&q->params, &ps, params, &qs, rows, out9), 0);
  EXPECT_EQ(std::vector<int8_t>(out9, out9 + 9), (std::vector<int8_t>{4, 5, 6, 1, 2, 3, 4, 5, 6}));
}

TEST(GatherNd, OutOfRangeIndexWritesNothing) {
  auto p = prepare_gather_nd(DType::kInt8, Shape{2, 3}, DType::kInt32, Shape{1, 2});
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape ps = *to_octet_shape(Shape{2, 3}), is = *to_octet_shape(Shape{1, 2});
  const int8_t params[6] = {1, 2, 3, 4, 5, 6};
  const int32_t column_3[2] = {0, 3}, row_m1[2] = {-1, 0};
  int8_t out[1] = {42};
  EXPECT_EQ(octet_ref_gather_nd(&p->params, &ps, params, &is, column_3, out), -1);
  EXPECT_EQ(octet_ref_gather_nd(&p->params, &ps, params, &is, row_m1, out), -1);
  EXPECT_EQ(out[0], 42);
  EXPECT_FALSE(prepare_gather_nd(DType::kInt8, Shape{2, 3}, DType::kInt32, Shape{1, 3}).ok());
  EXPECT_FALSE(prepare_gather_nd(DType::kInt8, Shape{2, 3}, DType::kInt16, Shape{1, 2}).ok());
}

TEST(EmbeddingLookup, RowsAndHybridFloat) {
  // table [3,2] = [[1 2], [-3 4], [5 -128]], ids (2, 0, 2).
  auto p = prepare_embedding_lookup(DType::kInt8, Shape{3, 2}, DType::kInt32, Shape{3});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{3, 2}));
  const octet_shape ts = *to_octet_shape(Shape{3, 2}), is = *to_octet_shape(Shape{3});
  const int8_t table[6] = {1, 2, -3, 4, 5, -128};
  const int32_t ids[3] = {2, 0, 2};
  int8_t out[6];
  ASSERT_EQ(octet_ref_gather(&p->params, &ts, table, &is, ids, out), 0);
  EXPECT_EQ(std::vector<int8_t>(out, out + 6), (std::vector<int8_t>{5, -128, 1, 2, 5, -128}));
  // Hybrid: value * 0.5.
  float f[4];
  const int32_t two_ids[2] = {1, 2};
  const octet_embedding_lookup_s8_f32_params half{0.5f};
  ASSERT_EQ(octet_ref_embedding_lookup_s8_f32(&half, &ts, table, 2, two_ids, f), 0);
  EXPECT_EQ(std::vector<float>(f, f + 4), (std::vector<float>{-1.5f, 2.0f, 2.5f, -64.0f}));
  const int32_t bad[1] = {3};
  EXPECT_EQ(octet_ref_embedding_lookup_s8_f32(&half, &ts, table, 1, bad, f), -1);
  EXPECT_FALSE(prepare_embedding_lookup(DType::kInt8, Shape{3}, DType::kInt32, Shape{1}).ok());
  EXPECT_FALSE(prepare_embedding_lookup(DType::kInt8, Shape{3, 2}, DType::kInt64, Shape{1}).ok());
}

}  // namespace
}  // namespace octet
