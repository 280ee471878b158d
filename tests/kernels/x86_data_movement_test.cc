// The data-movement family's tester: pad_blocks and transpose_blocks against octet_ref_pad and
// octet_ref_transpose, byte for byte, on every rank, element size and padding pattern.
#include <gtest/gtest.h>

#include <array>
#include <numeric>
#include <vector>

#include "kernels/prepare/pad.h"
#include "kernels/prepare/transpose.h"
#include "kernels/x86/data_movement.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::Rng;

octet_shape to_c(const std::vector<int32_t>& dims) {
  octet_shape s{};
  s.rank = static_cast<int32_t>(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) s.dims[i] = dims[i];
  return s;
}

DType dtype_of_size(int es) {
  return es == 1 ? DType::kInt8 : es == 2 ? DType::kInt16 : DType::kFloat32;
}

TEST(X86Pad, MatchesReference) {
  Rng rng(3);
  for (int i = 0; i < 400; ++i) {
    const int rank = rng.uniform(1, 5);
    const int es = rng.pick(std::vector<int>{1, 1, 2, 4});
    std::vector<int32_t> dims(rank);
    std::vector<std::array<int32_t, 2>> pads(rank);
    for (int d = 0; d < rank; ++d) {
      dims[d] = rng.uniform(1, 6);
      const bool padded = rng.uniform(0, 2) > 0;
      pads[d] = {padded ? rng.uniform(0, 3) : 0, padded ? rng.uniform(0, 3) : 0};
    }
    auto plan =
        prepare_pad(dtype_of_size(es), Shape(dims), pads, es == 1 ? rng.uniform(-100, 100) : 0);
    ASSERT_TRUE(plan.ok()) << plan.message();
    const octet_shape s = to_c(dims);
    const size_t in_bytes = static_cast<size_t>(octet_shape_elements(&s)) * es;
    const std::vector<uint8_t> in = rng.bytes(in_bytes);
    const size_t out_bytes =
        static_cast<size_t>(plan->output_shape.elements()) * static_cast<size_t>(es);
    std::vector<uint8_t> want(out_bytes), got(out_bytes, 0xAB);
    octet_ref_pad(&plan->params, &s, in.data(), want.data());
    x86::pad_blocks(&plan->params, &s, in.data(), got.data());
    ASSERT_EQ(got, want) << "case " << i << " rank " << rank << " es " << es;
  }
}

TEST(X86Transpose, MatchesReference) {
  Rng rng(4);
  for (int i = 0; i < 400; ++i) {
    const int rank = rng.uniform(1, 6);
    const int es = rng.pick(std::vector<int>{1, 1, 2, 4});
    std::vector<int32_t> dims(rank), perm(rank);
    for (int d = 0; d < rank; ++d) dims[d] = rng.uniform(1, rank > 4 ? 3 : 7);
    std::iota(perm.begin(), perm.end(), 0);
    for (int d = rank - 1; d > 0; --d) std::swap(perm[d], perm[rng.uniform(0, d)]);
    auto plan = prepare_transpose(dtype_of_size(es), Shape(dims), perm);
    ASSERT_TRUE(plan.ok()) << plan.message();
    const octet_shape s = to_c(dims);
    const size_t bytes = static_cast<size_t>(octet_shape_elements(&s)) * es;
    const std::vector<uint8_t> in = rng.bytes(bytes);
    std::vector<uint8_t> want(bytes), got(bytes, 0xAB);
    octet_ref_transpose(&plan->params, &s, in.data(), want.data());
    x86::transpose_blocks(&plan->params, &s, in.data(), got.data());
    ASSERT_EQ(got, want) << "case " << i << " rank " << rank << " es " << es;
  }
  // NCHW -> NHWC of an image (the input transpose of converted PyTorch models).
  const std::vector<int32_t> dims{1, 3, 20, 24}, perm{0, 2, 3, 1};
  auto plan = prepare_transpose(DType::kInt8, Shape(dims), perm);
  ASSERT_TRUE(plan.ok());
  const octet_shape s = to_c(dims);
  const std::vector<uint8_t> in = rng.bytes(3 * 20 * 24);
  std::vector<uint8_t> want(in.size()), got(in.size());
  octet_ref_transpose(&plan->params, &s, in.data(), want.data());
  x86::transpose_blocks(&plan->params, &s, in.data(), got.data());
  EXPECT_EQ(got, want);
}

// A rank-0 TRANSPOSE (a scalar, empty permutation) copies its one element. Fuzz finding
// (fuzz/regressions/transpose-rank0-crash-f3aaca87): the innermost-dimension search started at
// rank - 1 = -1 and read count[-1].
TEST(X86Transpose, ScalarCopiesItsElement) {
  for (int es : {1, 2, 4}) {
    auto plan = prepare_transpose(dtype_of_size(es), Shape(std::vector<int32_t>{}), {});
    ASSERT_TRUE(plan.ok()) << plan.message();
    const octet_shape s = to_c({});
    const std::vector<uint8_t> in{0x12, 0x34, 0x56, 0x78};
    std::vector<uint8_t> got(4, 0xAB);
    x86::transpose_blocks(&plan->params, &s, in.data(), got.data());
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(got[i], i < es ? in[i] : 0xAB) << "es " << es << " byte " << i;
  }
}

TEST(X86Transpose, NchwToNhwcThreeChannelsMatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  Rng rng(8);
  for (const std::vector<int32_t>& dims : std::vector<std::vector<int32_t>>{{1, 3, 1, 1},
                                                                            {1, 3, 4, 4},
                                                                            {1, 3, 5, 7},
                                                                            {2, 3, 16, 16},
                                                                            {1, 3, 224, 224},
                                                                            {3, 3, 9, 11}}) {
    auto plan = prepare_transpose(DType::kInt8, Shape(dims), {0, 2, 3, 1});
    ASSERT_TRUE(plan.ok());
    const octet_shape s = to_c(dims);
    ASSERT_TRUE(x86::transpose_is_nchw_to_nhwc_c3(&plan->params, &s));
    const std::vector<uint8_t> in = rng.bytes(static_cast<size_t>(octet_shape_elements(&s)));
    std::vector<uint8_t> want(in.size()), got(in.size(), 0xAB);
    octet_ref_transpose(&plan->params, &s, in.data(), want.data());
    x86::transpose_nchw_to_nhwc_c3_avx2(&s, in.data(), got.data());
    ASSERT_EQ(got, want) << dims[0] << "x3x" << dims[2] << "x" << dims[3];
  }
}

}  // namespace
}  // namespace octet
