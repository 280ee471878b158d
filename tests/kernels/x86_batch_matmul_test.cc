// The BATCH_MATMUL tester: x86::BatchMatMulGemm (constant rhs on every GEMM kernel variant: AVX2
// c2, AVX-512 VNNI c4 and the portable models of both) against octet_ref_batch_matmul_s8, byte
// for byte: rows, columns and depth around the tiles (1, odd, 15-17, 33+), batch dimensions
// broadcast on either side, the adjoint flags, lhs and output zero points at both ends,
// saturating multipliers, the preferred scratch and the least. Variants the CPU lacks are skipped
// with a message.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "kernels/prepare/batch_matmul.h"
#include "kernels/x86/batch_matmul.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::Rng;
using x86::GemmKernel;

struct BmmCase {
  Shape lhs, rhs;
  bool adj_x = false, adj_y = false;
  int32_t zp_lhs = 0, zp_out = 0;
  float gain = 1.0f;
  std::string describe() const {
    return fmt::format("lhs {} rhs {} adj {}{} zp lhs/out {}/{} gain {}", lhs.to_string(),
                       rhs.to_string(), adj_x, adj_y, zp_lhs, zp_out, gain);
  }
};

std::string run_case(const BmmCase& c, GemmKernel kernel, uint32_t seed) {
  Rng rng(seed);
  const int32_t depth = c.adj_x ? c.lhs.dim(-2) : c.lhs.dim(-1);
  // A random accumulator (std ~ 74 * 74 * sqrt(depth)) over the output range, times the gain.
  const float s_lhs = 0.05f, s_out = 1.0f;
  const float s_rhs =
      c.gain * 0.012f / std::sqrt(static_cast<float>(depth)) / s_lhs * rng.uniform_real(0.5f, 2.0f);
  auto plan = prepare_batch_matmul(DType::kInt8, c.lhs, c.rhs, c.adj_x, c.adj_y, {s_lhs, c.zp_lhs},
                                   {s_rhs, 0}, {s_out, c.zp_out});
  if (!plan.ok()) return "prepare failed: " + plan.message();
  if (!x86::BatchMatMulGemm::applies(plan->params)) return "does not apply";
  const std::vector<uint8_t> lhs = rng.bytes(static_cast<size_t>(c.lhs.elements()));
  const std::vector<uint8_t> rhs = rng.bytes(static_cast<size_t>(c.rhs.elements()));
  const size_t out_size = static_cast<size_t>(plan->output_shape.elements());
  std::vector<uint8_t> want(out_size), got(out_size);
  octet_ref_batch_matmul_s8(&plan->params, reinterpret_cast<const int8_t*>(lhs.data()),
                            reinterpret_cast<const int8_t*>(rhs.data()),
                            reinterpret_cast<int8_t*>(want.data()));
  const x86::BatchMatMulGemm bmm(plan->params, reinterpret_cast<const int8_t*>(rhs.data()), kernel);
  for (size_t bytes : {bmm.scratch_bytes(), bmm.min_scratch_bytes()}) {
    std::fill(got.begin(), got.end(), 0xCD);
    std::vector<uint8_t> scratch(bytes);
    bmm.run(reinterpret_cast<const int8_t*>(lhs.data()), reinterpret_cast<int8_t*>(got.data()),
            scratch.data(), bytes);
    const std::string diff = testing::first_difference(got, want, false);
    if (!diff.empty()) return fmt::format("scratch {} bytes: {}", bytes, diff);
  }
  return "";
}

// [batch..., a, b] with the last two dimensions read as (outer, inner) = (x, y), swapped by adj.
Shape matrix(std::vector<int32_t> batch, int32_t x, int32_t y, bool adj) {
  batch.push_back(adj ? y : x);
  batch.push_back(adj ? x : y);
  return Shape(batch);
}

std::vector<BmmCase> cases() {
  std::vector<BmmCase> out;
  // Sizes around the tiles (rows 4/6, channels 16, k pairs/quads), one rhs matrix.
  for (int32_t rows : {1, 3, 6, 13}) {
    for (int32_t depth : {1, 3, 16, 17, 33}) {
      for (int32_t cols : {1, 15, 16, 17, 40}) {
        BmmCase c;
        c.lhs = matrix({}, rows, depth, false);
        c.rhs = matrix({}, depth, cols, false);
        c.zp_lhs = (rows * 37 + depth) % 256 - 128;
        c.zp_out = (cols * 53 + depth) % 256 - 128;
        out.push_back(c);
      }
    }
  }
  // Batches: one rhs for all (one GEMM), an rhs per batch, broadcast on either side, adjoints.
  struct B {
    std::vector<int32_t> lhs_batch, rhs_batch;
  };
  for (const B& b : std::vector<B>{{{2}, {}},
                                   {{3, 2}, {}},
                                   {{2}, {2}},
                                   {{1}, {3}},
                                   {{2, 1}, {1, 3}},
                                   {{2, 1, 2}, {2, 2, 1}},
                                   {{}, {2}}}) {
    for (bool adj_x : {false, true}) {
      for (bool adj_y : {false, true}) {
        BmmCase c;
        c.lhs = matrix(b.lhs_batch, 5, 19, adj_x);
        c.rhs = matrix(b.rhs_batch, 19, 18, adj_y);
        c.adj_x = adj_x, c.adj_y = adj_y;
        c.zp_lhs = adj_x ? 127 : -128;
        c.zp_out = adj_y ? -128 : 127;
        out.push_back(c);
      }
    }
  }
  // Saturation and zero points at both ends.
  for (int32_t zp : {-128, 127}) {
    for (float gain : {0.2f, 8.0f, 40.0f}) {
      BmmCase c;
      c.lhs = Shape{2, 7, 24};
      c.rhs = Shape{24, 33};
      c.zp_lhs = zp, c.zp_out = -zp - 1;
      c.gain = gain;
      out.push_back(c);
    }
  }
  Rng rng(99);
  for (int i = 0; i < 60; ++i) {
    BmmCase c;
    const int32_t rows = rng.uniform(1, 30), depth = rng.uniform(1, 70), cols = rng.uniform(1, 50);
    std::vector<int32_t> lb, rb;
    for (int d = rng.uniform(0, 3); d > 0; --d) {
      const int32_t n = rng.uniform(1, 3);
      lb.push_back(rng.coin() ? n : 1);
      rb.push_back(lb.back() == 1 ? rng.uniform(1, 3) : (rng.coin() ? n : 1));
    }
    if (rng.coin()) rb.clear();  // one rhs matrix: the usual constant-weights case
    c.adj_x = rng.coin(), c.adj_y = rng.coin();
    c.lhs = matrix(lb, rows, depth, c.adj_x);
    c.rhs = matrix(rb, depth, cols, c.adj_y);
    c.zp_lhs = rng.uniform(-128, 127), c.zp_out = rng.uniform(-128, 127);
    c.gain = rng.coin() ? 1.0f : rng.uniform_real(0.1f, 30.0f);
    out.push_back(c);
  }
  return out;
}

void run_all(GemmKernel kernel) {
  uint32_t seed = 1;
  int ran = 0;
  for (const BmmCase& c : cases()) {
    EXPECT_EQ(run_case(c, kernel, seed++), "") << c.describe();
    ++ran;
  }
  EXPECT_GE(ran, 180);
}

TEST(X86BatchMatMul, PortableC2MatchesReference) { run_all(GemmKernel::kPortableC2); }
TEST(X86BatchMatMul, EmulatedC4MatchesReference) { run_all(GemmKernel::kEmulatedC4); }
TEST(X86BatchMatMul, Avx2MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  run_all(GemmKernel::kAvx2C2);
}
TEST(X86BatchMatMul, Avx512VnniMatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  run_all(GemmKernel::kAvx512VnniC4);
}

}  // namespace
}  // namespace octet
