// The TRANSPOSE_CONV tester: x86::TransposeConvGemm (phase convolutions on every GEMM kernel
// variant: AVX2 c2, AVX-512 VNNI c4 and the portable models of both) against
// octet_ref_transpose_conv_s8, byte for byte, over strides 1-3, filters smaller and larger than
// the stride, SAME and VALID, odd channels, batches, zero points at both ends, per-channel and
// per-tensor scales, fused activations and saturating gains, with the preferred scratch and the
// least. Variants the CPU lacks are skipped with a message.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/conv.h"
#include "kernels/x86/transpose_conv.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;
using x86::GemmKernel;

struct TConvCase {
  int32_t batches = 1, in_h = 3, in_w = 3, in_c = 2, out_c = 3;
  int32_t fh = 3, fw = 3, sh = 2, sw = 2;
  Padding padding = Padding::kSame;
  int32_t extra_h = 0, extra_w = 0;  // output larger (or smaller) than the natural size
  int32_t zp_in = 0, zp_out = 0;
  bool per_channel = true;
  FusedActivation act = FusedActivation::kNone;
  float gain = 1.0f;
  std::string describe() const {
    return fmt::format(
        "b{} {}x{}x{} -> {} filter {}x{} stride {}x{} {} extra {}x{} zp in/out {}/{} {} act {} "
        "gain {}",
        batches, in_h, in_w, in_c, out_c, fh, fw, sh, sw,
        padding == Padding::kSame ? "SAME" : "VALID", extra_h, extra_w, zp_in, zp_out,
        per_channel ? "per-channel" : "per-tensor", static_cast<int>(act), gain);
  }
};

// TFLite's output size for a transpose convolution (the converter's choice): SAME in * stride,
// VALID (in - 1) * stride + filter.
int32_t natural_out(Padding p, int32_t in, int32_t stride, int32_t filter) {
  return p == Padding::kSame ? in * stride : (in - 1) * stride + filter;
}

// "" when the x86 route is byte-identical with the reference; "n/a" when it does not apply.
std::string run_case(const TConvCase& c, GemmKernel kernel, uint32_t seed) {
  Rng rng(seed);
  const int32_t oh = natural_out(c.padding, c.in_h, c.sh, c.fh) + c.extra_h;
  const int32_t ow = natural_out(c.padding, c.in_w, c.sw, c.fw) + c.extra_w;
  if (oh <= 0 || ow <= 0) return "n/a";
  const float s_in = 0.05f, s_out = 1.0f;
  // Taps per output: about fh * fw / (sh * sw) of them, each in_c deep.
  const float taps = std::max(1.0f, static_cast<float>(c.fh * c.fw) / (c.sh * c.sw)) * c.in_c;
  const float eff = c.gain * 0.012f / std::sqrt(taps);
  std::vector<float> scales(c.per_channel ? c.out_c : 1);
  for (float& s : scales) s = eff / s_in * rng.uniform_real(0.5f, 2.0f);
  WeightedSumQuant q{{s_in, c.zp_in}, {s_out, c.zp_out}, scales, 0};
  TransposeConvGeometry geo;
  geo.input_height = c.in_h, geo.input_width = c.in_w;
  geo.output_height = oh, geo.output_width = ow;
  geo.filter_height = c.fh, geo.filter_width = c.fw;
  geo.output_channels = c.out_c;
  auto plan = prepare_transpose_conv(DType::kInt8, c.padding, c.sh, c.sw, c.act, geo, q);
  if (!plan.ok()) return "prepare failed: " + plan.message();
  const octet_conv_params p = plan->params();

  x86::TransposeConvGeometry g;
  g.batches = c.batches;
  g.in_h = c.in_h, g.in_w = c.in_w, g.in_c = c.in_c;
  g.out_h = oh, g.out_w = ow, g.out_c = c.out_c;
  g.filter_h = c.fh, g.filter_w = c.fw;
  g.stride_h = c.sh, g.stride_w = c.sw;
  g.pad_top = p.pad_top, g.pad_left = p.pad_left;
  if (!x86::TransposeConvGemm::applies(g)) return "n/a";

  const std::vector<uint8_t> input =
      rng.bytes(static_cast<size_t>(c.batches) * c.in_h * c.in_w * c.in_c);
  const std::vector<uint8_t> filter =
      rng.bytes(static_cast<size_t>(c.out_c) * c.fh * c.fw * c.in_c);
  std::vector<int32_t> bias(c.out_c);
  for (int32_t& b : bias) b = rng.uniform(-20000, 20000);
  const size_t out_size = static_cast<size_t>(c.batches) * oh * ow * c.out_c;
  std::vector<uint8_t> want(out_size), got(out_size, 0xAB);
  std::vector<int32_t> acc(out_size);
  const octet_shape is = make_shape({c.batches, c.in_h, c.in_w, c.in_c}),
                    fs = make_shape({c.out_c, c.fh, c.fw, c.in_c}),
                    os = make_shape({c.batches, oh, ow, c.out_c});
  octet_ref_transpose_conv_s8(&p, &is, reinterpret_cast<const int8_t*>(input.data()), &fs,
                              reinterpret_cast<const int8_t*>(filter.data()), bias.data(), &os,
                              reinterpret_cast<int8_t*>(want.data()), acc.data());

  x86::ConvQuant cq;
  cq.input_zero_point = c.zp_in;
  cq.multiplier = plan->requant.multiplier.data();
  cq.shift = plan->requant.shift.data();
  cq.output_zero_point = c.zp_out;
  cq.act_min = plan->requant.act.min;
  cq.act_max = plan->requant.act.max;
  const x86::TransposeConvGemm tconv(g, reinterpret_cast<const int8_t*>(filter.data()), bias.data(),
                                     cq, kernel);
  for (size_t bytes : {tconv.scratch_bytes(), tconv.min_scratch_bytes()}) {
    std::fill(got.begin(), got.end(), 0xCD);
    std::vector<uint8_t> scratch(bytes);
    tconv.run(reinterpret_cast<const int8_t*>(input.data()), reinterpret_cast<int8_t*>(got.data()),
              scratch.data(), bytes);
    const std::string diff = testing::first_difference(got, want, false);
    if (!diff.empty()) return fmt::format("scratch {} bytes: {}", bytes, diff);
  }
  return "";
}

std::vector<TConvCase> cases() {
  std::vector<TConvCase> out;
  // Every stride x filter combination (filters smaller than, equal to and larger than the stride:
  // phases without taps, with one, with several), both paddings.
  for (int32_t s : {1, 2, 3}) {
    for (int32_t f : {1, 2, 3, 4, 5}) {
      for (Padding pad : {Padding::kSame, Padding::kValid}) {
        TConvCase c;
        c.sh = c.sw = s;
        c.fh = c.fw = f;
        c.padding = pad;
        c.in_h = 4, c.in_w = 3;
        c.in_c = 1 + (s * 5 + f) % 4;
        c.out_c = 1 + (s * 7 + f * 3) % 19;
        c.zp_in = (s * 37 + f * 11) % 256 - 128;
        c.zp_out = (s * 53 + f * 29) % 256 - 128;
        out.push_back(c);
      }
    }
  }
  // Channels around the 16-channel block and the k pairs/quads; batches; edge sizes.
  for (int32_t in_c : {1, 3, 4, 15, 16, 17, 33}) {
    for (int32_t out_c : {1, 16, 17, 40}) {
      TConvCase c;
      c.in_c = in_c;
      c.out_c = out_c;
      c.batches = in_c % 2 + 1;
      c.in_h = 1 + in_c % 5, c.in_w = 1 + out_c % 4;
      c.fh = 3, c.fw = 2, c.sh = 2, c.sw = 1;
      c.zp_in = in_c % 2 ? -128 : 127;
      c.zp_out = out_c % 2 ? 127 : -128;
      c.per_channel = out_c != 16;
      out.push_back(c);
    }
  }
  // Outputs larger than the natural size (outputs no tap reaches: bias only) and smaller.
  for (int32_t extra : {-1, 1, 3}) {
    TConvCase c;
    c.extra_h = extra;
    c.extra_w = -extra;
    c.fh = 4, c.fw = 3;
    out.push_back(c);
  }
  // Zero points at both ends, saturation, fused activations, per-tensor.
  for (int32_t zp : {-128, 127}) {
    for (float gain : {1.0f, 20.0f}) {
      for (FusedActivation act : {FusedActivation::kNone, FusedActivation::kRelu6}) {
        TConvCase c;
        c.in_h = 5, c.in_w = 4, c.in_c = 7, c.out_c = 9;
        c.fh = 4, c.fw = 4;
        c.zp_in = zp, c.zp_out = -zp - 1;
        c.gain = gain;
        c.act = act;
        c.per_channel = gain > 1.0f;
        out.push_back(c);
      }
    }
  }
  // Random ones.
  Rng rng(2024);
  for (int i = 0; i < 60; ++i) {
    TConvCase c;
    c.batches = rng.uniform(1, 2);
    c.in_h = rng.uniform(1, 9), c.in_w = rng.uniform(1, 9);
    c.in_c = rng.uniform(1, 40), c.out_c = rng.uniform(1, 40);
    c.fh = rng.uniform(1, 5), c.fw = rng.uniform(1, 5);
    c.sh = rng.uniform(1, 3), c.sw = rng.uniform(1, 3);
    c.padding = rng.coin() ? Padding::kSame : Padding::kValid;
    c.zp_in = rng.uniform(-128, 127), c.zp_out = rng.uniform(-128, 127);
    c.per_channel = rng.coin();
    c.gain = rng.coin() ? 1.0f : rng.uniform_real(0.1f, 30.0f);
    out.push_back(c);
  }
  return out;
}

void run_all(GemmKernel kernel) {
  int ran = 0;
  uint32_t seed = 1;
  for (const TConvCase& c : cases()) {
    const std::string r = run_case(c, kernel, seed++);
    if (r == "n/a") continue;
    ++ran;
    EXPECT_EQ(r, "") << c.describe();
  }
  EXPECT_GE(ran, 120);
}

TEST(X86TransposeConv, PortableC2MatchesReference) { run_all(GemmKernel::kPortableC2); }
TEST(X86TransposeConv, EmulatedC4MatchesReference) { run_all(GemmKernel::kEmulatedC4); }
TEST(X86TransposeConv, Avx2MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  run_all(GemmKernel::kAvx2C2);
}
TEST(X86TransposeConv, Avx512VnniMatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  run_all(GemmKernel::kAvx512VnniC4);
}

}  // namespace
}  // namespace octet
