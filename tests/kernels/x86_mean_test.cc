// The MEAN family's tester: mean_q8_rows and mean_q8_rows_avx2 against octet_ref_mean_s8/u8, byte
// for byte, on random shapes with contiguous reduced axes, shared and different input/output
// quantization, and on a grid of row widths, row counts (the AVX2 kernel's int16 flush every 128
// rows) and extreme inputs and zero points.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "kernels/prepare/reduce.h"
#include "kernels/x86/mean.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::Rng;

using RowsKernel = void (*)(const octet_mean_params*, const octet_shape*, const uint8_t*, bool,
                            const octet_shape*, uint8_t*, int32_t*);

// The kernel's bytes against the reference's; "" when equal. Also checks that the kernel writes
// no byte past the output.
std::string compare(RowsKernel kernel, const ReducePlan& plan, const octet_shape& s,
                    const std::vector<uint8_t>& input, bool u8) {
  constexpr size_t kGuard = 16;
  const size_t n_out = static_cast<size_t>(octet_shape_elements(&plan.output_shape));
  std::vector<uint8_t> want(n_out), got(n_out + kGuard, 0xAB);
  std::vector<int32_t> scratch(n_out + 1);
  if (u8) {
    octet_ref_mean_u8(&plan.params, &s, input.data(), &plan.output_shape, want.data(),
                      scratch.data());
  } else {
    octet_ref_mean_s8(&plan.params, &s, reinterpret_cast<const int8_t*>(input.data()),
                      &plan.output_shape, reinterpret_cast<int8_t*>(want.data()), scratch.data());
  }
  // The kernel's sums must not come from the reference's.
  std::fill(scratch.begin(), scratch.end(), 0x5A5A5A5A);
  kernel(&plan.params, &s, input.data(), u8, &plan.output_shape, got.data(), scratch.data());
  for (size_t i = n_out; i < got.size(); ++i) {
    if (got[i] != 0xAB) return "wrote past the output";
  }
  got.resize(n_out);
  return testing::first_difference(got, want, u8);
}

TEST(X86Mean, RowsMatchReference) {
  const bool avx2 = isa_supported(Isa::kAvx2);
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
    ASSERT_EQ(compare(x86::mean_q8_rows, *plan, s, input, u8), "") << "case " << i;
    if (avx2) {
      ASSERT_EQ(compare(x86::mean_q8_rows_avx2, *plan, s, input, u8), "") << "avx2, case " << i;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 300);
}

// [outer, reduced, inner] over axis 1: row widths around the 16- and 64-column blocks (and below
// 16, the portable path), row counts around the int16 flush, inputs all at one end of the type or
// random, zero points at both ends, MEAN with and without shared quantization and SUM.
TEST(X86Mean, RowsAvx2MatchReferenceOnEdges) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  Rng rng(12);
  int checked = 0;
  for (bool u8 : {false, true}) {
    const DType t = u8 ? DType::kUInt8 : DType::kInt8;
    const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127, mid = u8 ? 128 : 0;
    for (int32_t inner : {1, 15, 63, 64, 65, 1280, 1283}) {
      for (int32_t reduced : {1, 49, 127, 128, 129, 300}) {
        for (int32_t outer : {1, 3}) {
          octet_shape s{};
          s.rank = 3, s.dims[0] = outer, s.dims[1] = reduced, s.dims[2] = inner;
          const size_t n = static_cast<size_t>(outer) * reduced * inner;
          const int32_t axes[] = {1};
          // Quantizations: shared (same_quantization), input and output zero points at opposite
          // ends, and SUM's multiplier (no 1 / count; scale ratio 2 is a left shift).
          std::vector<std::pair<std::string, Result<ReducePlan>>> plans;
          plans.emplace_back("shared lo",
                             prepare_mean(t, s, axes, false, {0.05f, lo}, {0.05f, lo}));
          plans.emplace_back("shared hi", prepare_mean(t, s, axes, true, {0.05f, hi}, {0.05f, hi}));
          plans.emplace_back("lo -> hi", prepare_mean(t, s, axes, false, {0.05f, lo}, {0.03f, hi}));
          plans.emplace_back("hi -> lo", prepare_mean(t, s, axes, true, {0.05f, hi}, {0.07f, lo}));
          plans.emplace_back("sum", prepare_sum(t, s, axes, false, {0.05f, lo}, {0.6f, hi}));
          plans.emplace_back("sum x2", prepare_sum(t, s, axes, false, {0.02f, mid}, {0.01f, mid}));
          for (const auto& [quant, plan] : plans) {
            ASSERT_TRUE(plan.ok()) << plan.message();
            ASSERT_EQ(plan->params.same_quantization != 0, quant.starts_with("shared")) << quant;
            for (int data = 0; data < 3; ++data) {
              const std::vector<uint8_t> input =
                  data == 0   ? std::vector<uint8_t>(n, static_cast<uint8_t>(lo))
                  : data == 1 ? std::vector<uint8_t>(n, static_cast<uint8_t>(hi))
                              : rng.bytes(n);
              ASSERT_EQ(compare(x86::mean_q8_rows_avx2, *plan, s, input, u8), "")
                  << (u8 ? "uint8" : "int8") << " [" << outer << ", " << reduced << ", " << inner
                  << "], " << quant << ", "
                  << (data == 0   ? "all min"
                      : data == 1 ? "all max"
                                  : "random");
              ++checked;
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 2 * 7 * 6 * 2 * 6 * 3);
}

}  // namespace
}  // namespace octet
