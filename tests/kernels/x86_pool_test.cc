// The pooling family's tester: avg_pool2d_q8_avx2 and max_pool2d_q8_avx2 (pool.h) against
// octet_ref_avg_pool2d_s8/u8 and octet_ref_max_pool2d_s8/u8, byte for byte: channel counts around
// the 16- and 32-channel steps, every stride and padding up to the filter size (windows clipped at
// every border, some empty), global pools, windows above 128 taps (int32 sums), activation clamps.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/x86/pool.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;

struct PoolCase {
  octet_pool_params p{};
  octet_shape in{}, out{};
  bool u8 = false;
  std::string describe() const {
    return std::string(u8 ? "u8" : "s8") + " in " + std::to_string(in.dims[0]) + "x" +
           std::to_string(in.dims[1]) + "x" + std::to_string(in.dims[2]) + "x" +
           std::to_string(in.dims[3]) + " out " + std::to_string(out.dims[1]) + "x" +
           std::to_string(out.dims[2]) + " filter " + std::to_string(p.filter_h) + "x" +
           std::to_string(p.filter_w) + " stride " + std::to_string(p.stride_h) + "x" +
           std::to_string(p.stride_w) + " pad " + std::to_string(p.pad_top) + "," +
           std::to_string(p.pad_left) + " act [" + std::to_string(p.act_min) + ", " +
           std::to_string(p.act_max) + "]";
  }
};

const std::vector<int32_t> kDepths = {1, 3, 8, 15, 16, 17, 24, 31, 32, 33, 47, 48, 63, 64, 65, 100};

PoolCase random_case(Rng& rng, bool u8) {
  PoolCase c;
  c.u8 = u8;
  c.p.filter_h = rng.uniform(1, 5);
  c.p.filter_w = rng.uniform(1, 5);
  c.p.stride_h = rng.uniform(1, 4);
  c.p.stride_w = rng.uniform(1, 4);
  const int32_t in_h = rng.uniform(1, 12), in_w = rng.uniform(1, 12);
  // Paddings from none to a whole filter (beyond SAME's) clip windows at every border.
  c.p.pad_top = rng.uniform(0, c.p.filter_h - 1);
  c.p.pad_left = rng.uniform(0, c.p.filter_w - 1);
  const int32_t out_h = (in_h + 2 * c.p.pad_top - c.p.filter_h) / c.p.stride_h + 1;
  const int32_t out_w = (in_w + 2 * c.p.pad_left - c.p.filter_w) / c.p.stride_w + 1;
  const int32_t depth = rng.pick(kDepths);
  const int32_t batches = rng.uniform(1, 2);
  c.in = make_shape({batches, in_h, in_w, depth});
  c.out = make_shape({batches, std::max(out_h, 1), std::max(out_w, 1), depth});
  const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
  switch (rng.uniform(0, 3)) {
    case 0:
      c.p.act_min = lo, c.p.act_max = hi;
      break;
    case 1:  // relu-like with a zero point anywhere
      c.p.act_min = rng.uniform(lo, hi), c.p.act_max = hi;
      break;
    default:
      c.p.act_min = rng.uniform(lo, hi);
      c.p.act_max = rng.uniform(c.p.act_min, hi);
      break;
  }
  return c;
}

std::vector<uint8_t> random_input(Rng& rng, const PoolCase& c) {
  const size_t n = static_cast<size_t>(octet_shape_elements(&c.in));
  switch (rng.uniform(0, 3)) {
    case 0:  // the low end of the type (large negative int8 sums)
      return c.u8 ? rng.bytes(n, 0, 10) : rng.bytes(n, 128, 138);
    case 1:  // the high end
      return c.u8 ? rng.bytes(n, 245, 255) : rng.bytes(n, 117, 127);
    default:
      return rng.bytes(n);
  }
}

void check_avg(const PoolCase& c, const std::vector<uint8_t>& input) {
  const size_t n_out = static_cast<size_t>(octet_shape_elements(&c.out));
  std::vector<uint8_t> want(n_out, 0xCD), got(n_out, 0xCD);
  const int want_ok =
      c.u8 ? octet_ref_avg_pool2d_u8(&c.p, &c.in, input.data(), &c.out, want.data())
           : octet_ref_avg_pool2d_s8(&c.p, &c.in, reinterpret_cast<const int8_t*>(input.data()),
                                     &c.out, reinterpret_cast<int8_t*>(want.data()));
  ASSERT_TRUE(x86::avg_pool2d_q8_avx2_supports(&c.p));
  const int got_ok = x86::avg_pool2d_q8_avx2(&c.p, c.u8, &c.in, input.data(), &c.out, got.data());
  ASSERT_EQ(got_ok, want_ok) << "avg " << c.describe();
  ASSERT_EQ(testing::first_difference(got, want, c.u8), "") << "avg " << c.describe();
}

void check_max(const PoolCase& c, const std::vector<uint8_t>& input) {
  const size_t n_out = static_cast<size_t>(octet_shape_elements(&c.out));
  std::vector<uint8_t> want(n_out, 0xCD), got(n_out, 0xEF);
  if (c.u8) {
    octet_ref_max_pool2d_u8(&c.p, &c.in, input.data(), &c.out, want.data());
  } else {
    octet_ref_max_pool2d_s8(&c.p, &c.in, reinterpret_cast<const int8_t*>(input.data()), &c.out,
                            reinterpret_cast<int8_t*>(want.data()));
  }
  x86::max_pool2d_q8_avx2(&c.p, c.u8, &c.in, input.data(), &c.out, got.data());
  ASSERT_EQ(testing::first_difference(got, want, c.u8), "") << "max " << c.describe();
}

TEST(X86Pool, Avx2MatchesReferenceOnRandomGeometry) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  Rng rng(31);
  for (bool u8 : {false, true}) {
    for (int i = 0; i < 1500; ++i) {
      const PoolCase c = random_case(rng, u8);
      const std::vector<uint8_t> input = random_input(rng, c);
      check_avg(c, input);
      if (HasFatalFailure()) return;
      check_max(c, input);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(X86Pool, Avx2MatchesReferenceOnGlobalAndLargeWindows) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  Rng rng(32);
  // Global pools of the real models, and windows around the int16/int32 switch (128 taps).
  struct Global {
    int32_t h, w, depth;
  };
  const Global globals[] = {{7, 7, 1024}, {5, 5, 256},  {3, 3, 256}, {25, 5, 64}, {8, 8, 64},
                            {1, 1, 17},   {11, 11, 33}, {8, 16, 16}, {16, 8, 31}, {12, 12, 48},
                            {13, 10, 40}, {64, 64, 16}, {2, 65, 20}};
  for (bool u8 : {false, true}) {
    for (const Global& g : globals) {
      for (int rep = 0; rep < 4; ++rep) {
        PoolCase c;
        c.u8 = u8;
        c.p.filter_h = g.h, c.p.filter_w = g.w;
        c.p.stride_h = c.p.stride_w = 1;
        c.in = make_shape({1, g.h, g.w, g.depth});
        c.out = make_shape({1, 1, 1, g.depth});
        c.p.act_min = u8 ? 0 : -128, c.p.act_max = u8 ? 255 : 127;
        if (rep == 3) c.p.act_min = u8 ? 100 : 0;
        const std::vector<uint8_t> input = random_input(rng, c);
        check_avg(c, input);
        if (HasFatalFailure()) return;
        check_max(c, input);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST(X86Pool, Avx2MatchesReferenceWithEmptyWindows) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  // Padding beyond the filter leaves some windows without input: the average reports failure
  // like the reference (with the same bytes written), the maximum gives the clamped lowest value.
  Rng rng(33);
  for (bool u8 : {false, true}) {
    PoolCase c;
    c.u8 = u8;
    c.p.filter_h = 2, c.p.filter_w = 2;
    c.p.stride_h = 1, c.p.stride_w = 2;
    c.p.pad_top = 3, c.p.pad_left = 0;
    c.in = make_shape({1, 4, 4, 20});
    c.out = make_shape({1, 6, 2, 20});
    c.p.act_min = u8 ? 0 : -128, c.p.act_max = u8 ? 255 : 127;
    const std::vector<uint8_t> input = random_input(rng, c);
    check_avg(c, input);
    if (HasFatalFailure()) return;
    check_max(c, input);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace octet
