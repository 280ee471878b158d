// TRANSPOSE reference kernel and prepare.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/operand.h"
#include "kernels/prepare/transpose.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(Transpose, Matrix) {
  // [[0,1,2],[3,4,5]] -> [[0,3],[1,4],[2,5]].
  auto p = prepare_transpose(DType::kInt8, Shape{2, 3}, {1, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{3, 2}));
  const octet_shape s = *to_octet_shape(Shape{2, 3});
  const int8_t in[6] = {0, 1, 2, 3, 4, 5};
  int8_t out[6];
  octet_ref_transpose(&p->params, &s, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 6), (std::vector<int8_t>{0, 3, 1, 4, 2, 5}));
}

TEST(Transpose, Rank3Rotation) {
  // in[i][j][k] = 100i + 10j + k, shape [2,3,4], perm {2,0,1}: out[k][i][j] = in[i][j][k],
  // shape [4,2,3].
  auto p = prepare_transpose(DType::kInt32, Shape{2, 3, 4}, {2, 0, 1});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{4, 2, 3}));
  std::vector<int32_t> in;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) in.push_back(100 * i + 10 * j + k);
  const octet_shape s = *to_octet_shape(Shape{2, 3, 4});
  int32_t out[24];
  octet_ref_transpose(&p->params, &s, in.data(), out);
  const std::vector<int32_t> expected{0, 10, 20, 100, 110, 120,  //
                                      1, 11, 21, 101, 111, 121,  //
                                      2, 12, 22, 102, 112, 122,  //
                                      3, 13, 23, 103, 113, 123};
  EXPECT_EQ(std::vector<int32_t>(out, out + 24), expected);
}

TEST(Transpose, SixDimensionsReversed) {
  // [1,2,1,2,1,2] reversed -> [2,1,2,1,2,1]. The input's flat index is 4b + 2d + f for
  // (0,b,0,d,0,f); the output runs f, d, b: 0,4,2,6,1,5,3,7.
  auto p = prepare_transpose(DType::kInt16, Shape{1, 2, 1, 2, 1, 2}, {5, 4, 3, 2, 1, 0});
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{2, 1, 2, 1, 2, 1}));
  const octet_shape s = *to_octet_shape(Shape{1, 2, 1, 2, 1, 2});
  const int16_t in[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  int16_t out[8];
  octet_ref_transpose(&p->params, &s, in, out);
  EXPECT_EQ(std::vector<int16_t>(out, out + 8), (std::vector<int16_t>{0, 4, 2, 6, 1, 5, 3, 7}));
}

TEST(Transpose, RejectsNonPermutations) {
  EXPECT_FALSE(prepare_transpose(DType::kInt8, Shape{2, 3}, {0, 0}).ok());
  EXPECT_FALSE(prepare_transpose(DType::kInt8, Shape{2, 3}, {0, -1}).ok());
  EXPECT_FALSE(prepare_transpose(DType::kInt8, Shape{2, 3}, {0}).ok());
}

}  // namespace
}  // namespace octet
