// The fully-connected family's tester: FULLY_CONNECTED as the runtime runs it on x86 (a 1x1
// convolution over [batches, depth] rows: the GEMV for one row, the GEMM for more) against
// octet_ref_fully_connected_s8/u8, byte for byte: batch 1 and batched, depths around the k pair,
// outputs around the 16-channel block, per-channel and per-tensor (float-product multiplier rule)
// quantization, uint8 weight zero points, every activation; the preferred scratch and the least
// (a batch-1 row then goes in k chunks).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/fully_connected.h"
#include "kernels/x86/conv2d_gemm.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;
using x86::GemmKernel;

void check_kernel(GemmKernel kernel) {
  Rng rng(21);
  int checked = 0;
  for (int i = 0; i < 250; ++i) {
    const bool u8 = rng.coin();
    const int32_t batches = rng.pick(std::vector<int32_t>{1, 1, 1, 2, 5, 7, 13});
    const int32_t depth =
        rng.pick(std::vector<int32_t>{1, 2, 3, 15, 16, 33, 128, 300, 257, 599, 1000, 1201});
    const int32_t out_c = rng.pick(std::vector<int32_t>{1, 8, 15, 16, 17, 40, 100});
    const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
    const bool per_channel = !u8 && rng.coin();
    std::vector<float> scales(per_channel ? out_c : 1);
    const float gain = rng.pick(std::vector<float>{0.5f, 1.0f, 1.0f, 50.0f});
    for (float& s : scales) {
      s = gain * 0.012f / std::sqrt(static_cast<float>(depth)) / 0.05f * rng.uniform_real(0.5f, 2);
    }
    WeightedSumQuant q{{0.05f, rng.uniform(lo, hi)},
                       {1.0f, rng.uniform(lo, hi)},
                       scales,
                       u8 ? rng.uniform(0, 255) : 0};
    const FusedActivation act = rng.pick(std::vector<FusedActivation>{
        FusedActivation::kNone, FusedActivation::kRelu, FusedActivation::kRelu6});
    auto plan = prepare_fully_connected(u8 ? DType::kUInt8 : DType::kInt8, act, out_c, q);
    ASSERT_TRUE(plan.ok()) << plan.message();
    const std::vector<uint8_t> input = rng.bytes(static_cast<size_t>(batches) * depth);
    const std::vector<uint8_t> weights = rng.bytes(static_cast<size_t>(out_c) * depth);
    std::vector<int32_t> bias(out_c);
    for (int32_t& b : bias) b = rng.uniform(-20000, 20000);
    std::vector<uint8_t> want(static_cast<size_t>(batches) * out_c), got(want.size(), 0xAB);
    const octet_fully_connected_params p = plan->params();
    const octet_shape fs = make_shape({out_c, depth}), os = make_shape({batches, out_c});
    if (u8) {
      octet_ref_fully_connected_u8(&p, input.data(), &fs, weights.data(), bias.data(), &os,
                                   want.data());
    } else {
      octet_ref_fully_connected_s8(&p, reinterpret_cast<const int8_t*>(input.data()), &fs,
                                   reinterpret_cast<const int8_t*>(weights.data()), bias.data(),
                                   &os, reinterpret_cast<int8_t*>(want.data()));
    }
    x86::ConvGeometry g;  // as runtime/ops/fully_connected.cc binds it
    g.in_h = g.out_h = batches;
    g.in_c = depth;
    g.out_c = out_c;
    x86::ConvQuant cq;
    cq.is_unsigned = u8;
    cq.input_zero_point = q.input.zero_point;
    cq.weight_zero_point = q.weight_zero_point;
    cq.multiplier = plan->requant.multiplier.data();
    cq.shift = plan->requant.shift.data();
    cq.output_zero_point = q.output.zero_point;
    cq.act_min = plan->requant.act.min;
    cq.act_max = plan->requant.act.max;
    const x86::Conv2DGemm fc(g, weights.data(), bias.data(), cq, kernel);
    for (size_t bytes : {fc.scratch_bytes(), fc.min_scratch_bytes(),
                         (fc.scratch_bytes() + fc.min_scratch_bytes()) / 2 + 7}) {
      std::vector<uint8_t> scratch(bytes);
      std::fill(got.begin(), got.end(), 0xAB);
      fc.run(input.data(), got.data(), 0, fc.rows(), 0, fc.blocks(), scratch.data(), bytes);
      ASSERT_EQ(testing::first_difference(got, want, u8), "")
          << "case " << i << (u8 ? " u8" : " s8") << " batches " << batches << " depth " << depth
          << " out " << out_c << " scratch " << bytes;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 250);
}

TEST(X86FullyConnected, PortableC2MatchesReference) { check_kernel(GemmKernel::kPortableC2); }

TEST(X86FullyConnected, EmulatedVnniC4MatchesReference) { check_kernel(GemmKernel::kEmulatedC4); }

TEST(X86FullyConnected, Avx2MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  check_kernel(GemmKernel::kAvx2C2);
}

TEST(X86FullyConnected, Avx512VnniMatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  check_kernel(GemmKernel::kAvx512VnniC4);
}

}  // namespace
}  // namespace octet
