// The MEAN family's tester: mean_q8_rows against octet_ref_mean_s8/u8, byte for byte, on random
// shapes with contiguous reduced axes, shared and different input/output quantization.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/reduce.h"
#include "kernels/x86/mean.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::Rng;

TEST(X86Mean, RowsMatchReference) {
  Rng rng(11);
  int checked = 0;
  for (int i = 0; i < 300; ++i) {
    const int rank = rng.uniform(1, 5);
    octet_shape s{};
    s.rank = rank;
    for (int d = 0; d < rank; ++d) s.dims[d] = rng.uniform(1, 9);
    const int32_t first = rng.uniform(0, rank - 1), last = rng.uniform(first, rank - 1);
    std::vector<int32_t> axes;
    for (int32_t a = first; a <= last; ++a) axes.push_back(a);
    if (rng.coin()) std::swap(axes.front(), axes.back());  // order does not matter
    const bool u8 = rng.coin();
    const DType t = u8 ? DType::kUInt8 : DType::kInt8;
    const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
    const TensorQuant in{rng.uniform_real(0.01f, 0.1f), rng.uniform(lo, hi)};
    const TensorQuant out =
        rng.coin() ? in : TensorQuant{rng.uniform_real(0.01f, 0.1f), rng.uniform(lo, hi)};
    auto plan = prepare_mean(t, s, axes, rng.coin(), in, out);
    ASSERT_TRUE(plan.ok()) << plan.message();
    ASSERT_TRUE(x86::mean_axes_contiguous(&plan->params));
    const std::vector<uint8_t> input = rng.bytes(static_cast<size_t>(octet_shape_elements(&s)));
    const size_t n_out = static_cast<size_t>(octet_shape_elements(&plan->output_shape));
    std::vector<uint8_t> want(n_out), got(n_out, 0xAB);
    std::vector<int32_t> scratch(n_out + 1);
    if (u8) {
      octet_ref_mean_u8(&plan->params, &s, input.data(), &plan->output_shape, want.data(),
                        scratch.data());
    } else {
      octet_ref_mean_s8(&plan->params, &s, reinterpret_cast<const int8_t*>(input.data()),
                        &plan->output_shape, reinterpret_cast<int8_t*>(want.data()),
                        scratch.data());
    }
    x86::mean_q8_rows(&plan->params, &s, input.data(), u8, &plan->output_shape, got.data(),
                      scratch.data());
    ASSERT_EQ(testing::first_difference(got, want, u8), "") << "case " << i;
    ++checked;
  }
  EXPECT_EQ(checked, 300);
}

}  // namespace
}  // namespace octet
