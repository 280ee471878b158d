// SLICE, REVERSE_V2 and BROADCAST_TO: their prepare functions turn each into a strided view run by
// octet_ref_strided_slice. Hand-derived cases, plus the errors TFLite's Prepare raises.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/strided_slice.h"
#include "octet_kernels.h"

namespace octet {
namespace {

template <typename T>
std::vector<T> run(const StridedSlicePrepared& p, const std::vector<T>& in) {
  std::vector<T> out(static_cast<size_t>(p.output_shape.elements()));
  octet_ref_strided_slice(&p.params, in.data(), out.data());
  return out;
}

TEST(Slice, BeginAndSizeWithMinusOne) {
  // [[0 1 2 3], [4 5 6 7], [8 9 10 11]], begin (1, 1), size (-1, 2) -> [[5 6], [9 10]].
  const std::vector<int8_t> in = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const std::vector<int32_t> begin = {1, 1}, size = {-1, 2};
  auto p = prepare_slice(DType::kInt8, Shape{3, 4}, begin, size);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 2}));
  EXPECT_EQ(run(*p, in), (std::vector<int8_t>{5, 6, 9, 10}));
}

TEST(Slice, Int32AndEmpty) {
  const std::vector<int32_t> in = {-7, 70000, 3};
  const std::vector<int32_t> begin = {2}, size = {1};
  auto p = prepare_slice(DType::kInt32, Shape{3}, begin, size);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(run(*p, in), (std::vector<int32_t>{3}));
  const std::vector<int32_t> end_begin = {3}, zero = {0};
  auto e = prepare_slice(DType::kInt32, Shape{3}, end_begin, zero);
  ASSERT_TRUE(e.ok()) << e.message();
  EXPECT_EQ(e->output_shape, (Shape{0}));
}

TEST(Slice, RejectsWindowsOutsideTheInput) {
  const std::vector<int32_t> b1 = {2}, s3 = {3}, bm = {-1}, s1 = {1}, s_bad = {-2};
  EXPECT_FALSE(prepare_slice(DType::kInt8, Shape{4}, b1, s3).ok());
  EXPECT_FALSE(prepare_slice(DType::kInt8, Shape{4}, bm, s1).ok());
  EXPECT_FALSE(prepare_slice(DType::kInt8, Shape{4}, b1, s_bad).ok());
  EXPECT_FALSE(prepare_slice(DType::kInt8, Shape{4, 1}, b1, s1).ok());  // rank mismatch
}

TEST(Reverse, OneAxisAndTwoAxes) {
  // [2,3]: [[1 2 3], [4 5 6]].
  const std::vector<int16_t> in = {1, 2, 3, 4, 5, 6};
  const std::vector<int32_t> inner = {-1}, both = {1, 0};
  auto p = prepare_reverse(DType::kInt16, Shape{2, 3}, inner);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(run(*p, in), (std::vector<int16_t>{3, 2, 1, 6, 5, 4}));
  auto q = prepare_reverse(DType::kInt16, Shape{2, 3}, both);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_EQ(run(*q, in), (std::vector<int16_t>{6, 5, 4, 3, 2, 1}));
}

TEST(Reverse, NonContiguousAxesOfA3DTensor) {
  // [2,2,2] reversed on axes 0 and 2 (TFLM refuses non-contiguous axes; the result is defined).
  const std::vector<int8_t> in = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<int32_t> axes = {0, 2};
  auto p = prepare_reverse(DType::kInt8, Shape{2, 2, 2}, axes);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(run(*p, in), (std::vector<int8_t>{5, 4, 7, 6, 1, 0, 3, 2}));
  const std::vector<int32_t> twice = {1, -2}, out_of_range = {3};
  EXPECT_FALSE(prepare_reverse(DType::kInt8, Shape{2, 2, 2}, twice).ok());
  EXPECT_FALSE(prepare_reverse(DType::kInt8, Shape{2, 2, 2}, out_of_range).ok());
}

TEST(BroadcastTo, ColumnAndLeadingDimensions) {
  // [3,1] column (1 2 3) to [2,3,2]: each row repeats its value, the whole block twice.
  const std::vector<int8_t> in = {1, 2, 3};
  const std::vector<int32_t> shape = {2, 3, 2};
  auto p = prepare_broadcast_to(DType::kInt8, Shape{3, 1}, shape);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 3, 2}));
  EXPECT_EQ(run(*p, in), (std::vector<int8_t>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
}

TEST(BroadcastTo, RowOfInt16AndErrors) {
  const std::vector<int16_t> in = {-1, 300};
  const std::vector<int32_t> shape = {3, 2};
  auto p = prepare_broadcast_to(DType::kInt16, Shape{2}, shape);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(run(*p, in), (std::vector<int16_t>{-1, 300, -1, 300, -1, 300}));
  const std::vector<int32_t> wrong = {3, 4}, shorter = {2};
  EXPECT_FALSE(prepare_broadcast_to(DType::kInt16, Shape{2}, wrong).ok());
  EXPECT_FALSE(prepare_broadcast_to(DType::kInt16, Shape{1, 2}, shorter).ok());
}

}  // namespace
}  // namespace octet
