// DYNAMIC_UPDATE_SLICE reference kernel and prepare: the update written at run-time start indices
// (int32 and int64), clamped into the operand as TFLM does, and in place.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/dynamic_update_slice.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(DynamicUpdateSlice, WritesTheWindow) {
  // operand [3,3] zeros, update [2,2] (1 2 / 3 4) at (1, 0).
  auto p =
      prepare_dynamic_update_slice(DType::kInt8, Shape{3, 3}, Shape{2, 2}, DType::kInt32, Shape{2});
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape os = *to_octet_shape(Shape{3, 3}), us = *to_octet_shape(Shape{2, 2});
  const int8_t operand[9] = {};
  const int8_t update[4] = {1, 2, 3, 4};
  const int32_t start[2] = {1, 0};
  int8_t out[9];
  octet_ref_dynamic_update_slice(&p->params, &os, operand, &us, update, start, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 9), (std::vector<int8_t>{0, 0, 0, 1, 2, 0, 3, 4, 0}));
}

TEST(DynamicUpdateSlice, ClampsStartIndicesAndRunsInPlace) {
  // int16 operand [4] = (10 20 30 40), update (7 8) at 5 -> clamped to 2; at -3 -> clamped to 0.
  auto p = prepare_dynamic_update_slice(DType::kInt16, Shape{4}, Shape{2}, DType::kInt64, Shape{1});
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape os = *to_octet_shape(Shape{4}), us = *to_octet_shape(Shape{2});
  int16_t data[4] = {10, 20, 30, 40};
  const int16_t update[2] = {7, 8};
  const int64_t past[1] = {5}, before[1] = {-3};
  octet_ref_dynamic_update_slice(&p->params, &os, data, &us, update, past, data);
  EXPECT_EQ(std::vector<int16_t>(data, data + 4), (std::vector<int16_t>{10, 20, 7, 8}));
  octet_ref_dynamic_update_slice(&p->params, &os, data, &us, update, before, data);
  EXPECT_EQ(std::vector<int16_t>(data, data + 4), (std::vector<int16_t>{7, 8, 7, 8}));
}

TEST(DynamicUpdateSlice, PrepareErrors) {
  EXPECT_FALSE(
      prepare_dynamic_update_slice(DType::kInt8, Shape{3}, Shape{4}, DType::kInt32, Shape{1}).ok());
  EXPECT_FALSE(
      prepare_dynamic_update_slice(DType::kInt8, Shape{3}, Shape{1, 1}, DType::kInt32, Shape{1})
          .ok());
  EXPECT_FALSE(
      prepare_dynamic_update_slice(DType::kInt8, Shape{3}, Shape{1}, DType::kInt32, Shape{2}).ok());
  EXPECT_FALSE(
      prepare_dynamic_update_slice(DType::kInt8, Shape{3}, Shape{1}, DType::kInt16, Shape{1}).ok());
}

}  // namespace
}  // namespace octet
