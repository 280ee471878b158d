// The depthwise family's tester: the AVX2 and AVX-512 kernels (3x3, 5x5 and any other filter) and
// the portable model of each one's packing against octet_ref_depthwise_conv2d_s8/u8, byte for byte,
// on channel counts around the 16- and 32-channel blocks, every stride, padding and dilation, zero
// points at both ends, per-channel and per-tensor quantization, saturation and every fused
// activation; a guard after the output catches stores past its end.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/depthwise_conv.h"
#include "kernels/x86/depthwise_conv2d.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;
using x86::DepthwiseKernel;

struct DwCase {
  int32_t batches = 1, in_h = 6, in_w = 6, channels = 16;
  int32_t fh = 3, fw = 3, sh = 1, sw = 1, dh = 1, dw = 1;
  Padding padding = Padding::kSame;
  ExplicitPadding pads;  // padding == kExplicit
  bool is_unsigned = false;
  int32_t zp_in = 0, zp_out = 0, zp_w = 0;
  bool per_channel = true;
  FusedActivation act = FusedActivation::kNone;
  float gain = 1.0f;
  std::string describe() const {
    return fmt::format(
        "b{} {}x{}x{} filter {}x{} stride {}x{} dil {}x{} {} {} zp in/out/w {}/{}/{} {} act {} "
        "gain {}",
        batches, in_h, in_w, channels, fh, fw, sh, sw, dh, dw,
        padding == Padding::kExplicit
            ? fmt::format("EXPLICIT({},{},{},{})", pads.top, pads.bottom, pads.left, pads.right)
            : std::string(padding == Padding::kSame ? "SAME" : "VALID"),
        is_unsigned ? "u8" : "s8", zp_in, zp_out, zp_w, per_channel ? "per-channel" : "per-tensor",
        static_cast<int>(act), gain);
  }
};

std::string run_case(const DwCase& c, DepthwiseKernel kernel, uint32_t seed, int* fast,
                     int* general) {
  Rng rng(seed);
  const DType type = c.is_unsigned ? DType::kUInt8 : DType::kInt8;
  DepthwiseConv2DOptions opt;
  opt.padding = c.padding;
  opt.explicit_padding = c.pads;
  opt.stride_height = c.sh;
  opt.stride_width = c.sw;
  opt.dilation_height = c.dh;
  opt.dilation_width = c.dw;
  opt.depth_multiplier = 1;
  opt.activation = c.act;
  const int32_t taps = c.fh * c.fw;
  const float s_in = 0.05f, s_out = 1.0f;
  const float eff = c.gain * 0.012f / std::sqrt(static_cast<float>(taps));
  std::vector<float> scales(c.per_channel ? c.channels : 1);
  for (float& s : scales) s = eff / s_in * rng.uniform_real(0.5f, 2.0f);
  WeightedSumQuant q{{s_in, c.zp_in}, {s_out, c.zp_out}, scales, c.is_unsigned ? c.zp_w : 0};
  auto plan = prepare_depthwise_conv2d(type, opt, {c.in_h, c.in_w, c.channels, c.fh, c.fw}, q);
  if (!plan.ok()) return "prepare failed: " + plan.message();
  const DepthwiseConv2DPlan& pl = plan.value();
  const int32_t oh = pl.padding.output_height, ow = pl.padding.output_width;
  const std::vector<uint8_t> input =
      rng.bytes(static_cast<size_t>(c.batches) * c.in_h * c.in_w * c.channels);
  const std::vector<uint8_t> filter = rng.bytes(static_cast<size_t>(taps) * c.channels);
  std::vector<int32_t> bias(c.channels);
  for (int32_t& b : bias) b = rng.uniform(-5000, 5000);
  const size_t out_size = static_cast<size_t>(c.batches) * oh * ow * c.channels;
  constexpr uint8_t kGuard = 0x5A;
  std::vector<uint8_t> want(out_size), got(out_size + 64, kGuard);
  std::fill(got.begin(), got.begin() + static_cast<ptrdiff_t>(out_size), 0xAB);
  const octet_depthwise_conv_params p = pl.params();
  const octet_shape is = make_shape({c.batches, c.in_h, c.in_w, c.channels}),
                    fs = make_shape({1, c.fh, c.fw, c.channels}),
                    os = make_shape({c.batches, oh, ow, c.channels});
  if (c.is_unsigned) {
    octet_ref_depthwise_conv2d_u8(&p, &is, input.data(), &fs, filter.data(), bias.data(), &os,
                                  want.data());
  } else {
    octet_ref_depthwise_conv2d_s8(&p, &is, reinterpret_cast<const int8_t*>(input.data()), &fs,
                                  reinterpret_cast<const int8_t*>(filter.data()), bias.data(), &os,
                                  reinterpret_cast<int8_t*>(want.data()));
  }
  x86::DepthwiseGeometry g{c.batches,
                           c.in_h,
                           c.in_w,
                           c.channels,
                           oh,
                           ow,
                           c.fh,
                           c.fw,
                           c.sh,
                           c.sw,
                           c.dh,
                           c.dw,
                           pl.padding.pad_top,
                           pl.padding.pad_left};
  x86::ConvQuant cq;
  cq.is_unsigned = c.is_unsigned;
  cq.input_zero_point = c.zp_in;
  cq.weight_zero_point = c.zp_w;
  cq.multiplier = pl.requant.multiplier.data();
  cq.shift = pl.requant.shift.data();
  cq.output_zero_point = c.zp_out;
  cq.act_min = pl.requant.act.min;
  cq.act_max = pl.requant.act.max;
  x86::DepthwiseConv2D dw(g, filter.data(), bias.data(), cq, kernel);
  ++(dw.requant_mode() == x86::RequantMode::kFast ? *fast : *general);
  std::vector<uint8_t> scratch(dw.scratch_bytes());
  // Exact-size copies so that any read past the input or write past the output is caught by
  // ASan builds.
  const std::vector<uint8_t> in_copy = input;
  dw.run(in_copy.data(), got.data(), 0, dw.rows() / 2, scratch.data());
  dw.run(in_copy.data(), got.data(), dw.rows() / 2, dw.rows(), scratch.data());
  for (size_t i = out_size; i < got.size(); ++i) {
    if (got[i] != kGuard) return fmt::format("wrote past the output (byte {})", i);
  }
  got.resize(out_size);
  return testing::first_difference(got, want, c.is_unsigned);
}

std::vector<DwCase> dw_cases() {
  std::vector<DwCase> cases;
  // (48, 63, 64, 96, 127, 144, 192: the AVX-512 quad route for int8 3x3, 64-channel blocks.)
  for (int32_t ch : {1, 3, 8, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 96, 127, 144, 192}) {
    for (int32_t f : {3, 5}) {
      for (int32_t s : {1, 2}) {
        for (Padding pad : {Padding::kSame, Padding::kValid, Padding::kExplicit}) {
          for (bool u8 : {false, true}) {
            DwCase c;
            c.channels = ch, c.fh = c.fw = f, c.sh = c.sw = s, c.padding = pad;
            // Asymmetric, as a folded PAD leaves them (MobileNetV2: 0,1,0,1 before stride 2).
            c.pads = u8 ? ExplicitPadding{0, 1, 0, 1} : ExplicitPadding{2, 0, 1, f};
            c.in_h = 9, c.in_w = 8;
            c.is_unsigned = u8;
            c.zp_in = u8 ? 121 : -9;
            c.zp_out = u8 ? 128 : 3;
            c.zp_w = u8 ? 133 : 0;
            c.act = ch % 2 ? FusedActivation::kRelu6 : FusedActivation::kNone;
            cases.push_back(c);
          }
        }
      }
    }
  }
  // Generic filters: 1x1, 2x2, 1x3, 3x1, 7x7, 10x1 (odd and even tap counts), dilation.
  struct F {
    int32_t fh, fw, dh, dw;
  };
  for (const F& f : std::vector<F>{{1, 1, 1, 1},
                                   {2, 2, 1, 1},
                                   {1, 3, 1, 1},
                                   {3, 1, 1, 1},
                                   {7, 7, 1, 1},
                                   {10, 1, 1, 1},
                                   {3, 3, 2, 2},
                                   {3, 3, 1, 3},
                                   {5, 5, 2, 1}}) {
    for (int32_t ch : {5, 16, 20}) {
      DwCase c;
      c.fh = f.fh, c.fw = f.fw, c.dh = f.dh, c.dw = f.dw, c.channels = ch;
      c.in_h = 12, c.in_w = 11;
      c.zp_in = -128 + ch, c.zp_out = 127 - ch;
      cases.push_back(c);
    }
  }
  // Rows of 1 to 24 output pixels (the quad route's pixel pairs, odd last pixel, and the two
  // half rows of a block of at most 32 channels), stride 1 to 3, 64-channel blocks full, partial
  // and halved.
  for (int32_t s : {1, 2, 3}) {
    for (int32_t w : {3, 4, 5, 23, 24}) {
      for (int32_t ch : {16, 32, 64, 96, 112}) {
        DwCase c;
        c.channels = ch, c.sh = c.sw = s, c.in_h = 4, c.in_w = w;
        c.padding = w > 20 ? Padding::kValid : Padding::kSame;
        c.zp_in = -100 + w + ch, c.zp_out = 20 - w;
        c.act = w % 2 ? FusedActivation::kRelu : FusedActivation::kNone;
        cases.push_back(c);
      }
    }
  }
  // Layers over a single column (in_w = 1, kh x 1 filters: 1-D convolutions along H, which run
  // as one row per image in segments of output pixels, the last one often partial), strides and
  // dilations along H, the padding of each kind (explicit left and right padding widens the
  // output, which keeps it on rows), one and two images.
  for (int32_t fh : {1, 2, 3, 5, 10, 15}) {
    for (int32_t ch : {1, 40, 33, 128}) {
      for (Padding pad : {Padding::kSame, Padding::kValid, Padding::kExplicit}) {
        DwCase c;
        c.fh = fh, c.fw = 1, c.in_w = 1, c.channels = ch, c.padding = pad;
        c.in_h = fh * 2 + ch % 7;
        c.sh = 1 + ch % 3, c.dh = fh <= 5 ? 1 + fh % 2 : 1;
        c.pads = ch == 33 ? ExplicitPadding{1, 2, 1, 0} : ExplicitPadding{fh / 2, fh - 1, 0, 0};
        c.batches = 1 + fh % 2;
        c.is_unsigned = ch == 40;
        c.zp_in = c.is_unsigned ? 200 : -128 + fh, c.zp_out = c.is_unsigned ? 3 : 100 - fh;
        c.zp_w = c.is_unsigned ? 129 : 0;
        c.act = fh % 3 == 0 ? FusedActivation::kRelu6 : FusedActivation::kNone;
        cases.push_back(c);
        if (pad == Padding::kValid) {  // the filter as tall as the input: one output pixel
          c.in_h = (fh - 1) * c.dh + 1;
          cases.push_back(c);
        }
        if (pad == Padding::kExplicit && ch != 33) {  // (a folded PAD) more padding than filter
          c.pads = ExplicitPadding{fh + 6, 2 * fh + 9, 0, 0};
          c.in_h = 2 + fh % 3, c.sh = 1 + fh % 2;
          cases.push_back(c);
        }
      }
    }
  }
  for (bool u8 : {false, true}) {
    const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
    for (int32_t zp_in : {lo, hi}) {
      for (int32_t zp_out : {lo, hi}) {
        for (FusedActivation act : {FusedActivation::kNone, FusedActivation::kRelu,
                                    FusedActivation::kRelu6, FusedActivation::kReluN1To1}) {
          for (float gain : {1.0f, 40.0f, 3000.0f}) {
            DwCase c;
            c.channels = gain == 40.0f ? 48 : 19, c.in_h = 5, c.in_w = 7;
            c.is_unsigned = u8;
            c.zp_in = zp_in, c.zp_out = zp_out;
            c.zp_w = u8 ? (zp_in == lo ? 255 : 0) : 0;
            c.per_channel = !u8 && gain != 40.0f;
            c.act = act;
            c.gain = gain;
            cases.push_back(c);
          }
        }
      }
    }
  }
  Rng rng(99);
  for (int i = 0; i < 120; ++i) {
    DwCase c;
    c.batches = rng.uniform(1, 2);
    c.fh = rng.pick(std::vector<int32_t>{1, 2, 3, 3, 5});
    c.fw = rng.coin() ? c.fh : rng.uniform(1, 5);
    c.sh = rng.uniform(1, 3), c.sw = rng.uniform(1, 3);
    c.dh = rng.uniform(1, 2), c.dw = rng.uniform(1, 2);
    c.padding = rng.pick(std::vector<Padding>{Padding::kSame, Padding::kValid, Padding::kExplicit});
    c.pads = {rng.uniform(0, 4), rng.uniform(0, 4), rng.uniform(0, 4), rng.uniform(0, 4)};
    c.in_h = rng.uniform((c.fh - 1) * c.dh + 1, 13);
    c.in_w = rng.uniform((c.fw - 1) * c.dw + 1, 13);
    c.channels = rng.uniform(1, 70);
    c.is_unsigned = rng.coin();
    c.zp_in = c.is_unsigned ? rng.uniform(0, 255) : rng.uniform(-128, 127);
    c.zp_out = c.is_unsigned ? rng.uniform(0, 255) : rng.uniform(-128, 127);
    c.zp_w = c.is_unsigned ? rng.uniform(0, 255) : 0;
    c.per_channel = !c.is_unsigned && rng.coin();
    c.act = rng.pick(std::vector<FusedActivation>{FusedActivation::kNone, FusedActivation::kRelu,
                                                  FusedActivation::kRelu6});
    c.gain = rng.pick(std::vector<float>{0.3f, 1.0f, 4.0f, 100.0f});
    cases.push_back(c);
  }
  return cases;
}

void check_kernel(DepthwiseKernel kernel) {
  int fast = 0, general = 0;
  uint32_t seed = 7;
  for (const DwCase& c : dw_cases()) {
    const std::string diff = run_case(c, kernel, seed++, &fast, &general);
    ASSERT_TRUE(diff.empty()) << c.describe() << ": " << diff;
  }
  EXPECT_GT(fast, 20);
  EXPECT_GT(general, 20);
}

// A layer over a single column is split into tasks by image (it runs as one row), any other by
// output row.
TEST(X86DepthwiseConv2D, SingleColumnRunsAsOneRowPerImage) {
  const std::vector<uint8_t> filter(5 * 8, 1);
  const std::vector<int32_t> bias(8, 0), multiplier(8, 1 << 30), shift(8, -1);
  x86::ConvQuant q;
  q.multiplier = multiplier.data();
  q.shift = shift.data();
  x86::DepthwiseGeometry g;
  g.batches = 2, g.in_h = 20, g.in_w = 1, g.channels = 8, g.out_h = 16, g.out_w = 1;
  g.filter_h = 5;
  EXPECT_EQ(
      x86::DepthwiseConv2D(g, filter.data(), bias.data(), q, DepthwiseKernel::kPortable).rows(), 2);
  g.in_w = 2, g.out_w = 2;  // two columns: output rows
  EXPECT_EQ(
      x86::DepthwiseConv2D(g, filter.data(), bias.data(), q, DepthwiseKernel::kPortable).rows(),
      32);
}

TEST(X86DepthwiseConv2D, PortableMatchesReference) { check_kernel(DepthwiseKernel::kPortable); }

TEST(X86DepthwiseConv2D, Avx2MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  check_kernel(DepthwiseKernel::kAvx2);
}

// The AVX-512 kernel's 32-channel packing on any CPU.
TEST(X86DepthwiseConv2D, PortableWideMatchesReference) {
  check_kernel(DepthwiseKernel::kPortableWide);
}

TEST(X86DepthwiseConv2D, Avx512VnniMatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  check_kernel(DepthwiseKernel::kAvx512Vnni);
}

}  // namespace
}  // namespace octet
