// The softmax family's tester: the table softmax (softmax.h) against octet_ref_softmax_s8,
// s8_s16 and u8, byte for byte: row lengths 1..2000, input patterns that stress every part of the
// arithmetic (random, all equal, one maximum among minima, values near the maximum, both ends of
// the range), betas and input scales from tiny to saturating, several rows per call.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/softmax.h"
#include "kernels/x86/softmax.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::Rng;

enum class Variant { kS8, kS8S16, kU8 };

const char* variant_name(Variant v) {
  return v == Variant::kS8 ? "s8" : v == Variant::kS8S16 ? "s8_s16" : "u8";
}

// Row patterns; values are raw bytes (the kernel reinterprets them per type).
std::vector<uint8_t> make_rows(Rng& rng, int pattern, size_t n, bool u8) {
  const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
  auto raw = [&](int32_t v) { return static_cast<uint8_t>(v); };
  std::vector<uint8_t> v(n);
  switch (pattern) {
    case 0:  // random over the whole range
      return rng.bytes(n);
    case 1: {  // all equal
      const uint8_t x = raw(rng.uniform(lo, hi));
      std::fill(v.begin(), v.end(), x);
      return v;
    }
    case 2: {  // minima with one maximum
      std::fill(v.begin(), v.end(), raw(lo));
      v[static_cast<size_t>(rng.uniform(0, static_cast<int32_t>(n) - 1))] = raw(hi);
      return v;
    }
    case 3: {  // clustered near a random maximum (many large exps)
      const int32_t top = rng.uniform(lo + 8, hi);
      for (auto& b : v) b = raw(rng.uniform(top - 8, top));
      return v;
    }
    default: {  // both ends only
      for (auto& b : v) b = raw(rng.coin() ? lo : hi);
      return v;
    }
  }
}

void check_one(Variant variant, const SoftmaxPlan& plan, const octet_shape& shape,
               const std::vector<uint8_t>& input, const std::string& what) {
  const octet_softmax_params p = plan.params();
  const x86::SoftmaxExpTable table = x86::softmax_exp_table(&p);
  const size_t n = input.size();
  if (variant == Variant::kS8S16) {
    std::vector<int16_t> want(n), got(n, 0x5A5A);
    const auto* in = reinterpret_cast<const int8_t*>(input.data());
    octet_ref_softmax_s8_s16(&p, &shape, in, want.data());
    x86::softmax_s8_s16_avx2(&table, &p, &shape, in, got.data());
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(got[i], want[i]) << what << " element " << i;
    }
    return;
  }
  std::vector<uint8_t> want(n), got(n, 0xAB);
  if (variant == Variant::kU8) {
    octet_ref_softmax_u8(&p, &shape, input.data(), want.data());
    x86::softmax_u8_avx2(&table, &p, &shape, input.data(), got.data());
  } else {
    const auto* in = reinterpret_cast<const int8_t*>(input.data());
    octet_ref_softmax_s8(&p, &shape, in, reinterpret_cast<int8_t*>(want.data()));
    x86::softmax_s8_avx2(&table, &p, &shape, in, reinterpret_cast<int8_t*>(got.data()));
  }
  ASSERT_EQ(testing::first_difference(got, want, variant == Variant::kU8), "") << what;
}

Result<SoftmaxPlan> plan_for(Variant v, float beta, float input_scale) {
  switch (v) {
    case Variant::kS8:
      return prepare_softmax(DType::kInt8, DType::kInt8, beta, {input_scale, 0},
                             {1.0f / 256.0f, -128});
    case Variant::kS8S16:
      return prepare_softmax(DType::kInt8, DType::kInt16, beta, {input_scale, 0},
                             {1.0f / 65536.0f, -32768});
    case Variant::kU8:
      break;
  }
  return prepare_softmax(DType::kUInt8, DType::kUInt8, beta, {input_scale, 128},
                         {1.0f / 256.0f, 0});
}

TEST(X86Softmax, TableIsZeroBelowDiffMin) {
  // The entries themselves are checked through the outputs below; here the fixed points of the
  // table: exp(0) is one, differences below diff_min contribute nothing.
  auto plan = plan_for(Variant::kS8, 1.0f, 0.1f);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_softmax_params p = plan->params();
  const x86::SoftmaxExpTable t = x86::softmax_exp_table(&p);
  EXPECT_EQ(t.exp[0], INT32_MAX);
  EXPECT_EQ(t.accum_term[0], 1 << 19);
  for (int32_t d = 0; d < 256; ++d) {
    if (-d < p.diff_min) {
      EXPECT_EQ(t.exp[d], 0) << d;
      EXPECT_EQ(t.accum_term[d], 0) << d;
    }
  }
}

TEST(X86Softmax, Avx2MatchesReferenceEveryLength) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  Rng rng(21);
  int cases = 0;
  for (Variant v : {Variant::kS8, Variant::kS8S16, Variant::kU8}) {
    for (int32_t n = 1; n <= 2000; n += n < 70 ? 1 : rng.uniform(1, 23)) {
      const int pattern = n % 5;
      const float beta = rng.pick(std::vector<float>{1.0f, 0.5f, 2.0f, 1e-3f});
      const float scale = rng.pick(std::vector<float>{0.1f, 0.02f, 0.25f, 0.004f, 1.0f});
      auto plan = plan_for(v, beta, scale);
      if (!plan.ok()) continue;
      const octet_shape shape = testing::make_shape({1, n});
      check_one(v, *plan, shape, make_rows(rng, pattern, static_cast<size_t>(n), v == Variant::kU8),
                std::string(variant_name(v)) + " n " + std::to_string(n) + " pattern " +
                    std::to_string(pattern) + " beta " + std::to_string(beta) + " scale " +
                    std::to_string(scale));
      if (HasFatalFailure()) return;
      ++cases;
    }
  }
  EXPECT_GT(cases, 500);
}

TEST(X86Softmax, Avx2MatchesReferenceOnPatternsAndScales) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  Rng rng(22);
  int cases = 0;
  for (Variant v : {Variant::kS8, Variant::kS8S16, Variant::kU8}) {
    for (int i = 0; i < 400; ++i) {
      // Scales from "every difference contributes" to "only the maximum does".
      const float beta = rng.uniform_real(0.05f, 4.0f);
      const float scale = rng.uniform_real(0.0005f, 0.5f);
      auto plan = plan_for(v, beta, scale);
      if (!plan.ok()) continue;
      const int32_t depth = rng.pick(std::vector<int32_t>{1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 100,
                                                          255, 256, 257, 1001, 1500, 2000});
      const int32_t rows = rng.uniform(1, 4);
      const octet_shape shape = rng.coin() ? testing::make_shape({rows, depth})
                                           : testing::make_shape({1, rows, 1, depth});
      std::vector<uint8_t> input;
      for (int32_t r = 0; r < rows; ++r) {
        const auto row =
            make_rows(rng, rng.uniform(0, 4), static_cast<size_t>(depth), v == Variant::kU8);
        input.insert(input.end(), row.begin(), row.end());
      }
      check_one(v, *plan, shape, input,
                std::string(variant_name(v)) + " case " + std::to_string(i) + " depth " +
                    std::to_string(depth) + " rows " + std::to_string(rows));
      if (HasFatalFailure()) return;
      ++cases;
    }
  }
  EXPECT_GT(cases, 1000);
}

TEST(X86Softmax, Avx2MatchesReferenceOnEveryTwoValueRow) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  // Every (maximum, other) pair of a 17-element row (16 vector lanes plus a scalar tail): each
  // table entry reaches both the vector and the scalar output path.
  for (Variant v : {Variant::kS8, Variant::kS8S16, Variant::kU8}) {
    auto plan = plan_for(v, 1.0f, 0.05f);
    ASSERT_TRUE(plan.ok()) << plan.message();
    const octet_shape shape = testing::make_shape({17});
    for (int a = 0; a < 256; ++a) {
      for (int b = 0; b < 256; b += 3) {
        std::vector<uint8_t> input(17, static_cast<uint8_t>(b));
        input[5] = static_cast<uint8_t>(a);
        check_one(
            v, *plan, shape, input,
            std::string(variant_name(v)) + " a " + std::to_string(a) + " b " + std::to_string(b));
        if (HasFatalFailure()) return;
      }
    }
  }
}

}  // namespace
}  // namespace octet
