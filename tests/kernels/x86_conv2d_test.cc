// The conv2d / GEMM family's tester: every GEMM kernel variant (AVX2 c2, AVX-512 VNNI c4, and the
// portable models of both layouts; im2col, pointwise and the direct route) against
// octet_ref_conv2d_s8/u8 on many shapes and quantizations, SAME/VALID/explicit padding, with the
// preferred scratch and the least, byte for byte. Variants the CPU lacks are skipped with a
// message.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/conv.h"
#include "kernels/x86/conv2d_gemm.h"
#include "kernels/x86_test_util.h"
#include "octet_fixed_point.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;
using x86::GemmKernel;

struct ConvCase {
  int32_t batches = 1, in_h = 5, in_w = 5, in_c = 3, out_c = 4;
  int32_t fh = 1, fw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  Padding padding = Padding::kValid;
  ExplicitPadding pads;  // padding == kExplicit
  bool is_unsigned = false;
  int32_t zp_in = 0, zp_out = 0, zp_w = 0;
  bool per_channel = true;
  // uint8: weights within [zp_w - 128, zp_w + 127], whose w - zp_w fit int8 (the c4 direct route
  // takes only those).
  bool centered_weights = false;
  FusedActivation act = FusedActivation::kNone;
  float gain = 1.0f;  // > 1 pushes effective scales above 1 (left shifts) and into saturation
  std::string describe() const {
    return fmt::format(
        "b{} {}x{}x{} -> {} filter {}x{} stride {}x{} dil {}x{} {} {} zp in/out/w {}/{}/{}{} {} "
        "act {} gain {}",
        batches, in_h, in_w, in_c, out_c, fh, fw, sh, sw, dh, dw,
        padding == Padding::kExplicit
            ? fmt::format("EXPLICIT({},{},{},{})", pads.top, pads.bottom, pads.left, pads.right)
            : std::string(padding == Padding::kSame ? "SAME" : "VALID"),
        is_unsigned ? "u8" : "s8", zp_in, zp_out, zp_w, centered_weights ? " (centered)" : "",
        per_channel ? "per-channel" : "per-tensor", static_cast<int>(act), gain);
  }
};

struct Counters {
  int fast = 0, general = 0, direct = 0, winograd = 0, q4 = 0, int8_in_place = 0, pipelined = 0;
};

// Runs the case on the reference and on `kernel`; returns "" when identical.
std::string run_case(const ConvCase& c, GemmKernel kernel, uint32_t seed, Counters* counters,
                     const x86::GemmRouteOptions& options) {
  Rng rng(seed);
  const DType type = c.is_unsigned ? DType::kUInt8 : DType::kInt8;
  Conv2DOptions opt;
  opt.padding = c.padding;
  opt.explicit_padding = c.pads;
  opt.stride_height = c.sh;
  opt.stride_width = c.sw;
  opt.dilation_height = c.dh;
  opt.dilation_width = c.dw;
  opt.activation = c.act;
  const int32_t k = c.fh * c.fw * c.in_c;
  // Scales that spread a random accumulator (std ~ 74 * 74 * sqrt(k)) over the output range.
  const float s_in = 0.05f, s_out = 1.0f;
  const float eff = c.gain * 0.012f / std::sqrt(static_cast<float>(k));
  std::vector<float> scales(c.per_channel ? c.out_c : 1);
  for (float& s : scales) s = eff / s_in * rng.uniform_real(0.5f, 2.0f);
  WeightedSumQuant q{{s_in, c.zp_in}, {s_out, c.zp_out}, scales, c.is_unsigned ? c.zp_w : 0};
  auto plan = prepare_conv2d(type, opt, {c.in_h, c.in_w, c.fh, c.fw, c.out_c}, q);
  if (!plan.ok()) return "prepare failed: " + plan.message();
  const Conv2DPlan& pl = plan.value();
  const int32_t oh = pl.padding.output_height, ow = pl.padding.output_width;

  const std::vector<uint8_t> input =
      rng.bytes(static_cast<size_t>(c.batches) * c.in_h * c.in_w * c.in_c);
  // int8 weights span [-128, 127] (TFLite uses [-127, 127]; the extra value must work too).
  std::vector<uint8_t> filter = rng.bytes(static_cast<size_t>(c.out_c) * k);
  if (c.is_unsigned && c.centered_weights) {
    for (uint8_t& w : filter) {
      w = static_cast<uint8_t>(std::clamp<int32_t>(w, std::max(0, c.zp_w - 128), c.zp_w + 127));
    }
  }
  std::vector<int32_t> bias(c.out_c);
  for (int32_t& b : bias) b = rng.uniform(-20000, 20000);

  const size_t out_size = static_cast<size_t>(c.batches) * oh * ow * c.out_c;
  // 64 guard bytes past the output: a kernel must not store beyond the last channel.
  constexpr uint8_t kGuard = 0x5A;
  std::vector<uint8_t> want(out_size), got(out_size + 64, kGuard);
  auto compare = [&]() -> std::string {
    for (size_t i = out_size; i < got.size(); ++i) {
      if (got[i] != kGuard) return fmt::format("wrote past the output (byte {})", i);
    }
    return testing::first_difference(
        std::vector<uint8_t>(got.begin(), got.begin() + static_cast<ptrdiff_t>(out_size)), want,
        c.is_unsigned);
  };
  auto refill = [&](uint8_t v) {
    std::fill(got.begin(), got.begin() + static_cast<ptrdiff_t>(out_size), v);
  };
  refill(0xAB);
  const octet_conv_params p = pl.params();
  const octet_shape is = make_shape({c.batches, c.in_h, c.in_w, c.in_c}),
                    fs = make_shape({c.out_c, c.fh, c.fw, c.in_c}),
                    os = make_shape({c.batches, oh, ow, c.out_c});
  if (c.is_unsigned) {
    octet_ref_conv2d_u8(&p, &is, input.data(), &fs, filter.data(), bias.data(), &os, want.data());
  } else {
    octet_ref_conv2d_s8(&p, &is, reinterpret_cast<const int8_t*>(input.data()), &fs,
                        reinterpret_cast<const int8_t*>(filter.data()), bias.data(), &os,
                        reinterpret_cast<int8_t*>(want.data()));
  }

  x86::ConvGeometry g{c.batches,
                      c.in_h,
                      c.in_w,
                      c.in_c,
                      oh,
                      ow,
                      c.out_c,
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
  x86::Conv2DGemm conv(g, filter.data(), bias.data(), cq, kernel, options);
  if (conv.direct()) ++counters->direct;
  if (conv.winograd()) ++counters->winograd;
  if (conv.q4()) ++counters->q4;
  if (conv.int8_in_place()) ++counters->int8_in_place;
  if (conv.c4_pipelined()) ++counters->pipelined;
  if (conv.requant_mode() == x86::RequantMode::kFast) {
    ++counters->fast;
  } else {
    ++counters->general;
  }
  std::vector<uint8_t> scratch(conv.scratch_bytes() * 2);
  conv.run(input.data(), got.data(), 0, conv.rows(), 0, conv.blocks(), scratch.data(),
           conv.scratch_bytes());
  std::string diff = compare();
  if (!diff.empty()) return "whole: " + diff;
  // Less scratch (what a tight arena grants): the smallest chunks, and an odd size between.
  for (size_t bytes :
       {conv.min_scratch_bytes(), (conv.min_scratch_bytes() + conv.scratch_bytes()) / 2 + 13}) {
    refill(0xCD);
    std::vector<uint8_t> small(bytes);
    conv.run(input.data(), got.data(), 0, conv.rows(), 0, conv.blocks(), small.data(), bytes);
    diff = compare();
    if (!diff.empty()) return fmt::format("scratch {} bytes: {}", bytes, diff);
  }
  // The same work split as tasks split it: row ranges and channel-block ranges.
  refill(0xCD);
  const int32_t m_mid = conv.rows() / 2, b_mid = conv.blocks() / 2;
  for (auto [m0, m1] : {std::pair{0, m_mid}, std::pair{m_mid, conv.rows()}}) {
    for (auto [b0, b1] : {std::pair{0, b_mid}, std::pair{b_mid, conv.blocks()}}) {
      conv.run(input.data(), got.data(), m0, m1, b0, b1, scratch.data() + conv.scratch_bytes(),
               conv.scratch_bytes());
    }
  }
  diff = compare();
  return diff.empty() ? "" : "split: " + diff;
}

// Hand-picked edges, then random ones.
std::vector<ConvCase> conv_cases() {
  std::vector<ConvCase> cases;
  // Pointwise: rows around the 4-row tile, channels around the 16-channel block, odd k.
  for (int32_t hw : {1, 3, 4, 5, 9}) {
    for (int32_t in_c : {1, 2, 3, 15, 16, 17, 33}) {
      for (int32_t out_c : {1, 15, 16, 17, 40}) {
        ConvCase c;
        c.in_h = hw;
        c.in_w = hw == 9 ? 2 : 1;
        c.in_c = in_c;
        c.out_c = out_c;
        c.zp_in = (in_c * 7 + out_c) % 256 - 128;
        c.zp_out = (out_c * 13) % 256 - 128;
        cases.push_back(c);
      }
    }
  }
  // One row (batch-1 dense layers, 1x1 images): the GEMV path, uint8 weight zero points included.
  for (bool u8 : {false, true}) {
    for (int32_t in_c : {1, 2, 7, 64, 129}) {
      for (int32_t out_c : {1, 17, 100}) {
        ConvCase c;
        c.in_h = c.in_w = 1;
        c.in_c = in_c;
        c.out_c = out_c;
        c.is_unsigned = u8;
        c.zp_in = u8 ? in_c % 256 : 3 - in_c % 100;
        c.zp_out = u8 ? 200 : -50;
        c.zp_w = u8 ? (out_c * 37) % 256 : 0;
        c.per_channel = !u8;
        cases.push_back(c);
      }
    }
  }
  // KxK: strides, SAME/VALID, dilation, asymmetric filters, the 3-channel first layer (odd
  // filter-row runs, which the direct route pads with a zero weight), long runs.
  struct K {
    int32_t h, w, c, fh, fw, sh, sw, dh, dw;
    Padding pad;
  };
  for (const K& k : std::vector<K>{{8, 8, 3, 3, 3, 2, 2, 1, 1, Padding::kSame},
                                   {9, 9, 3, 3, 3, 2, 2, 1, 1, Padding::kValid},
                                   {7, 6, 5, 3, 3, 1, 1, 1, 1, Padding::kSame},
                                   {7, 7, 8, 5, 5, 1, 1, 1, 1, Padding::kSame},
                                   {9, 8, 4, 5, 5, 2, 2, 1, 1, Padding::kSame},
                                   {10, 9, 6, 3, 3, 1, 1, 2, 2, Padding::kSame},
                                   {11, 10, 3, 3, 2, 2, 1, 2, 3, Padding::kValid},
                                   {13, 5, 1, 10, 4, 2, 2, 1, 1, Padding::kSame},
                                   {6, 6, 16, 1, 1, 2, 2, 1, 1, Padding::kValid},
                                   {5, 5, 7, 1, 7, 1, 1, 1, 1, Padding::kSame},
                                   {4, 4, 2, 4, 4, 1, 1, 1, 1, Padding::kSame},
                                   {3, 3, 9, 3, 3, 1, 1, 1, 1, Padding::kValid},
                                   {8, 8, 3, 3, 3, 2, 2, 1, 1, Padding::kExplicit},
                                   {7, 9, 5, 3, 3, 1, 1, 1, 1, Padding::kExplicit},
                                   {6, 6, 16, 1, 1, 1, 1, 1, 1, Padding::kExplicit},
                                   {9, 7, 3, 5, 3, 2, 1, 2, 1, Padding::kExplicit},
                                   // First layers with many rows inside the image (the im2col
                                   // fast path for short filter-row runs) and its borders.
                                   {17, 19, 3, 3, 3, 2, 2, 1, 1, Padding::kSame},
                                   {15, 13, 3, 3, 3, 1, 1, 1, 1, Padding::kValid},
                                   {12, 14, 1, 5, 5, 2, 1, 1, 1, Padding::kSame},
                                   // 5 runs of 100 k pairs: more than the AVX2 kernel's pair
                                   // table holds, so its tiles go run by run.
                                   {8, 8, 40, 5, 5, 1, 1, 1, 1, Padding::kSame}}) {
    for (int variant : {0, 1, 2}) {  // int8, uint8, uint8 with centered weights
      const bool u8 = variant > 0;
      ConvCase c;
      c.centered_weights = variant == 2;
      c.in_h = k.h, c.in_w = k.w, c.in_c = k.c, c.fh = k.fh, c.fw = k.fw;
      c.sh = k.sh, c.sw = k.sw, c.dh = k.dh, c.dw = k.dw, c.padding = k.pad;
      // Explicit pads as a folded PAD leaves them: asymmetric, up to the filter size and beyond.
      c.pads = k.fh == 1 ? ExplicitPadding{1, 0, 2, 1}
                         : (u8 ? ExplicitPadding{0, 1, 0, 1} : ExplicitPadding{2, 0, 1, k.fw + 1});
      c.out_c = 19;
      c.is_unsigned = u8;
      c.zp_in = u8 ? 131 : -7;
      c.zp_out = u8 ? 120 : 5;
      c.zp_w = u8 ? 140 : 0;
      cases.push_back(c);
    }
  }
  // 3x3 stride 1 (the AVX2 kernel's Winograd route): tiles cut by odd output sizes, single rows and
  // columns, channel counts around the 16-channel groups and blocks, every padding.
  for (int32_t hw : {1, 2, 3, 4, 5, 7, 8}) {
    for (int32_t in_c : {16, 17, 24, 33, 40}) {
      for (Padding pad : {Padding::kSame, Padding::kValid, Padding::kExplicit}) {
        ConvCase c;
        c.in_h = pad == Padding::kValid ? hw + 2 : hw;
        c.in_w = pad == Padding::kValid ? (hw * 3) % 7 + 3 : (hw * 3) % 7 + 1;
        c.in_c = in_c;
        c.fh = c.fw = 3;
        c.padding = pad;
        c.pads = {hw % 3, (hw + 1) % 3, 1, (hw + 2) % 3 + 1};
        c.batches = hw % 2 + 1;
        c.out_c = (in_c * 5 + hw) % 40 + 1;
        c.is_unsigned = (hw + in_c) % 2 == 0;
        c.zp_in = c.is_unsigned ? (hw * 37) % 256 : (hw * 37) % 256 - 128;
        c.zp_out = c.is_unsigned ? 255 - in_c : in_c - 128;
        c.zp_w = c.is_unsigned ? (in_c * 29) % 256 : 0;
        c.per_channel = !c.is_unsigned;
        c.act = hw % 3 == 0 ? FusedActivation::kRelu6 : FusedActivation::kNone;
        c.gain = hw == 4 ? 100.0f : 1.0f;
        cases.push_back(c);
      }
    }
  }
  // Zero points at both ends, every activation, per-tensor, and gains that saturate / left-shift.
  for (bool u8 : {false, true}) {
    const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
    for (int32_t zp_in : {lo, hi}) {
      for (int32_t zp_out : {lo, hi}) {
        for (FusedActivation act : {FusedActivation::kNone, FusedActivation::kRelu,
                                    FusedActivation::kRelu6, FusedActivation::kReluN1To1}) {
          for (float gain : {1.0f, 40.0f, 3000.0f}) {
            ConvCase c;
            c.in_h = 6, c.in_w = 5, c.in_c = u8 ? 5 : 16, c.fh = 3, c.fw = 3;
            c.padding = Padding::kSame;
            c.out_c = 17;
            c.is_unsigned = u8;
            c.zp_in = zp_in, c.zp_out = zp_out;
            c.zp_w = u8 ? (zp_in == lo ? 0 : 255) : 0;
            c.per_channel = !u8 && gain == 1.0f;
            c.centered_weights = u8 && gain == 40.0f;
            c.act = act;
            c.gain = gain;
            cases.push_back(c);
          }
        }
      }
    }
  }
  // int8 pointwise layers with large k and few panels, whose full tiles read A in place on the
  // VNNI kernel (QGemmArgs::a_int8): rows that end in a partial tile (converted), more rows than
  // one chunk holds (24x24 at k = 192), k not a multiple of 4 (converted), narrow last panels.
  struct P {
    int32_t h, w, c, out_c;
  };
  int32_t pi = 0;
  for (const P& r : std::vector<P>{{7, 7, 96, 24},
                                   {5, 6, 144, 17},
                                   {3, 11, 100, 64},
                                   {24, 24, 192, 24},
                                   {4, 4, 96, 192},
                                   {6, 5, 98, 40},
                                   {9, 2, 160, 1},
                                   {13, 3, 128, 150}}) {
    for (int32_t zp : {-128, 127}) {
      ConvCase c;
      c.in_h = r.h, c.in_w = r.w, c.in_c = r.c, c.out_c = r.out_c;
      c.zp_in = zp;
      c.zp_out = pi % 3 == 0 ? -128 : pi % 3 == 1 ? 127 : 3;
      c.per_channel = pi % 2 == 0;
      c.act = pi % 4 == 0 ? FusedActivation::kRelu6 : FusedActivation::kNone;
      c.gain = pi % 5 == 0 ? 40.0f : 1.0f;
      cases.push_back(c);
      ++pi;
    }
  }
  Rng rng(1234);
  for (int i = 0; i < 150; ++i) {
    ConvCase c;
    c.batches = rng.uniform(1, 2);
    c.fh = rng.pick(std::vector<int32_t>{1, 1, 2, 3, 5});
    c.fw = rng.coin() ? c.fh : rng.uniform(1, 4);
    c.sh = rng.uniform(1, 3), c.sw = rng.uniform(1, 3);
    c.dh = rng.uniform(1, 2), c.dw = rng.uniform(1, 2);
    c.padding = rng.pick(std::vector<Padding>{Padding::kSame, Padding::kValid, Padding::kExplicit});
    c.pads = {rng.uniform(0, 3), rng.uniform(0, 3), rng.uniform(0, 3), rng.uniform(0, 3)};
    c.in_h = rng.uniform((c.fh - 1) * c.dh + 1, 14);
    c.in_w = rng.uniform((c.fw - 1) * c.dw + 1, 14);
    c.in_c = rng.uniform(1, 40);
    c.out_c = rng.uniform(1, 50);
    c.is_unsigned = rng.coin();
    c.zp_in = c.is_unsigned ? rng.uniform(0, 255) : rng.uniform(-128, 127);
    c.zp_out = c.is_unsigned ? rng.uniform(0, 255) : rng.uniform(-128, 127);
    c.zp_w = c.is_unsigned ? rng.uniform(0, 255) : 0;
    c.per_channel = !c.is_unsigned && rng.coin();
    c.act = rng.pick(std::vector<FusedActivation>{FusedActivation::kNone, FusedActivation::kRelu,
                                                  FusedActivation::kRelu6});
    c.gain = rng.pick(std::vector<float>{0.3f, 1.0f, 1.0f, 4.0f, 100.0f});
    c.centered_weights = c.is_unsigned && rng.coin();
    cases.push_back(c);
  }
  // The MLPerf Tiny ResNet's 3x3 layers (whole output rows of 32, 16 and 8 pixels: the c4 direct
  // route's full tiles), its first layer, and rows that end in a partial tile.
  struct R {
    int32_t hw, c, out_c, stride;
  };
  for (const R& r : std::vector<R>{{32, 3, 16, 1},
                                   {32, 16, 16, 1},
                                   {32, 16, 32, 2},
                                   {16, 32, 32, 1},
                                   {16, 32, 64, 2},
                                   {8, 64, 64, 1},
                                   {11, 20, 48, 1},
                                   {13, 12, 80, 2}}) {
    ConvCase c;
    c.in_h = c.in_w = r.hw;
    c.in_c = r.c;
    c.out_c = r.out_c;
    c.fh = c.fw = 3;
    c.sh = c.sw = r.stride;
    c.padding = Padding::kSame;
    c.zp_in = -128;
    c.zp_out = -128;
    c.act = FusedActivation::kRelu;
    cases.push_back(c);
  }
  return cases;
}

// result (if set): what the cases ran on.
void check_kernel(GemmKernel kernel, const x86::GemmRouteOptions& options = {},
                  Counters* result = nullptr) {
  Counters counters;
  uint32_t seed = 1;
  for (const ConvCase& c : conv_cases()) {
    const std::string diff = run_case(c, kernel, seed++, &counters, options);
    ASSERT_TRUE(diff.empty()) << c.describe() << ": " << diff;
  }
  if (result) *result = counters;
  if (options.q4_max_residual > 1e6) {  // q4 forced: every pointwise case with 2+ rows takes it
    EXPECT_GT(counters.q4, 120);
    return;
  }
  // Both requantization forms must have been exercised, and (c2) the direct route.
  EXPECT_GT(counters.fast, 20);
  EXPECT_GT(counters.general, 20);
  if (kernel == GemmKernel::kAvx2C2 || kernel == GemmKernel::kPortableC2 || options.c4_direct) {
    EXPECT_GT(counters.direct, 40);
  } else {
    EXPECT_EQ(counters.direct, 0);
  }
  if (kernel == GemmKernel::kAvx2C2) EXPECT_GT(counters.winograd, 100);
  if (kernel == GemmKernel::kAvx512VnniC4 && options.c4_int8_in_place &&
      options.c4_tile_channels == 0) {
    EXPECT_GE(counters.int8_in_place, 10);
  } else if (kernel != GemmKernel::kAvx512VnniC4 || !options.c4_int8_in_place) {
    EXPECT_EQ(counters.int8_in_place, 0);
  }
  // The pipelined small-k tile: only on VNNI, and there on its own choice of tile.
  if (kernel != GemmKernel::kAvx512VnniC4) {
    EXPECT_EQ(counters.pipelined, 0);
  } else if (options.c4_tile_rows == 0 && options.c4_tile_channels == 0) {
    EXPECT_GT(counters.pipelined, 30);
  }
}

TEST(X86Conv2DGemm, PortableC2MatchesReference) { check_kernel(GemmKernel::kPortableC2); }

TEST(X86Conv2DGemm, EmulatedVnniC4MatchesReference) { check_kernel(GemmKernel::kEmulatedC4); }

TEST(X86Conv2DGemm, Avx2C2MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  check_kernel(GemmKernel::kAvx2C2);
}

// The q4 kernel on every pointwise case, whatever its residual: random weights have many pairs
// that could saturate vpmaddubsw, so the residual quads (up to 3 levels for uint8 weights with a
// zero point) are exercised as much as the dense ones; zero points and gains above saturate the
// outputs and the requantization's left shifts.
TEST(X86Conv2DGemm, Avx2Q4MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  x86::GemmRouteOptions options;
  options.q4_max_residual = 1e9;
  check_kernel(GemmKernel::kAvx2C2, options);
}

// Hand-derived: inputs at their maximum against weight pairs whose products would saturate
// vpmaddubsw's int16 pair sum if q4 took them whole. Multiplier 2^30 (0.5), shift -10:
// out = RDBPOT(SRDHM(acc, 2^30), 10) + zp_out.
TEST(X86Conv2DGemm, Q4SplitsPairsThatWouldSaturate) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  x86::ConvGeometry g;
  g.in_h = g.out_h = 2;  // two rows: q4 takes pointwise layers with more than one
  g.in_c = 4;
  g.out_c = 1;
  std::vector<int32_t> multiplier{1 << 30}, shift{-10};
  x86::ConvQuant q;
  q.multiplier = multiplier.data();
  q.shift = shift.data();
  x86::GemmRouteOptions options;
  options.q4_max_residual = 1e9;
  struct Case {
    bool is_unsigned;
    std::vector<uint8_t> input, filter;
    int32_t zp_in, zp_w;
    uint8_t want;
  };
  const std::vector<Case> cases{
      // uint8: acc = 255 * 255 * 2 + 255 * 1 = 130305 (a pair of 255s: 4 levels of the split);
      // SRDHM = 65152.5 -> 65153, / 1024 = 63.63 -> 64.
      {true, {255, 255, 255, 255}, {255, 255, 1, 0}, 0, 0, 64},
      // int8: x = 127 with zp_in = -128 gives 255; acc = 255 * 127 * 4 = 129540; SRDHM = 64770,
      // / 1024 = 63.25 -> 63. Whole pairs (127, 127) would saturate at 32767 and give 32.
      {false, {127, 127, 127, 127}, {127, 127, 127, 127}, -128, 0, 63},
      // int8 negative: weights -128: acc = -255 * 128 * 4 = -130560; SRDHM = -65280,
      // / 1024 = -63.75 -> -64 (0xC0).
      {false, {127, 127, 127, 127}, {128, 128, 128, 128}, -128, 0, 0xC0},
  };
  for (const Case& c : cases) {
    q.is_unsigned = c.is_unsigned;
    q.input_zero_point = c.zp_in;
    q.weight_zero_point = c.zp_w;
    q.output_zero_point = 0;
    q.act_min = c.is_unsigned ? 0 : -128;
    q.act_max = c.is_unsigned ? 255 : 127;
    const x86::Conv2DGemm conv(g, c.filter.data(), nullptr, q, GemmKernel::kAvx2C2, options);
    ASSERT_TRUE(conv.q4());
    std::vector<uint8_t> input;
    for (int row = 0; row < 2; ++row) input.insert(input.end(), c.input.begin(), c.input.end());
    std::vector<uint8_t> out(2, 0xAB), scratch(conv.scratch_bytes());
    conv.run(input.data(), out.data(), 0, 2, 0, 1, scratch.data(), scratch.size());
    EXPECT_EQ(out[0], c.want) << (c.is_unsigned ? "u8" : "s8");
    EXPECT_EQ(out[1], c.want) << (c.is_unsigned ? "u8" : "s8");
  }
}

TEST(X86Conv2DGemm, Avx512VnniC4MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  check_kernel(GemmKernel::kAvx512VnniC4);
}

// KxK layers on c4 without the direct route: im2col rows (and uint8 row terms) instead.
TEST(X86Conv2DGemm, C4Im2colMatchesReference) {
  x86::GemmRouteOptions options;
  options.c4_direct = false;
  check_kernel(GemmKernel::kEmulatedC4, options);
  if (!isa_supported(Isa::kAvx512Vnni)) GTEST_SKIP() << "no AVX-512 VNNI: emulated c4 only";
  check_kernel(GemmKernel::kAvx512VnniC4, options);
}

// Every c4 tile the VNNI kernel has (kC4TileRows x 16..64 channels), forced on every case: full
// tiles, shorter last tiles (on the tile that holds their rows, the rest repeating the last row),
// panels cut by the channel count (narrower last panels), and each way the tile narrows and
// stores its outputs (one, two or four rows per 64-byte vector); the 4-, 8- and 12-row 32-channel
// tiles also run pipelined (qgemm.h's c4_pipelined_fits) on every case of k <= 32 and of k = 40,
// 48, 56 or 64.
TEST(X86Conv2DGemm, Avx512VnniC4EveryTileMatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  for (int32_t channels = 16; channels <= 64; channels += 16) {
    for (int32_t rows : x86::kC4TileRows[channels / 16 - 1]) {
      if (rows == 0) break;
      SCOPED_TRACE(fmt::format("tile {}x{}", rows, channels));
      x86::GemmRouteOptions options;
      options.c4_tile_rows = rows;
      options.c4_tile_channels = channels;
      Counters counters;
      check_kernel(GemmKernel::kAvx512VnniC4, options, &counters);
      // 32-channel tiles of a multiple of 4 rows run pipelined wherever c4_pipelined_k (kFast).
      if (x86::c4_pipelined_fits(4, channels, rows)) {
        EXPECT_GT(counters.pipelined, 120);
      } else {
        EXPECT_EQ(counters.pipelined, 0);
      }
    }
  }
}

// The pipelined small-k tile across panels: each step requantizes the previous step's sums with
// the previous step's panel's table, so layers of several full 32-channel panels, per-channel
// scales, uint8 (row terms) and int8, k = 4..32 and 40, 48, 64, row order and (800 channels of
// k = 32: 25 KiB of weights) panel order, and a partial last panel; on the tile the layer
// chooses and on each pipelined tile forced.
TEST(X86Conv2DGemm, Avx512VnniC4PipelinedPanels) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  uint32_t seed = 7;
  int32_t pipelined = 0;
  for (int32_t k : {4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 64}) {
    for (int32_t out_c : {64, 100, 160, k == 32 ? 800 : 96}) {
      for (bool u8 : {false, true}) {
        for (int32_t rows : {0, 4, 8, 12}) {
          ConvCase c;
          c.in_h = 7, c.in_w = 13;  // 91 rows: full tiles and a last partial one
          c.in_c = k;
          c.out_c = out_c;
          c.is_unsigned = u8;
          c.per_channel = !u8;
          c.zp_in = u8 ? 7 : -5;
          c.zp_out = u8 ? 120 : -3;
          c.zp_w = u8 ? 131 : 0;
          c.act = (seed % 2) != 0 ? FusedActivation::kRelu : FusedActivation::kNone;
          x86::GemmRouteOptions options;
          options.c4_tile_rows = rows;
          options.c4_tile_channels = rows > 0 ? 32 : 0;
          Counters counters;
          const std::string diff =
              run_case(c, GemmKernel::kAvx512VnniC4, seed++, &counters, options);
          ASSERT_TRUE(diff.empty()) << c.describe() << " tile rows " << rows << ": " << diff;
          // Forced 32-channel tiles always; the layer's own choice at k <= 32 (past it the cost
          // model may pick a wider panel).
          if (counters.fast > 0 && (rows > 0 || k <= 32)) {
            EXPECT_EQ(counters.pipelined, 1) << c.describe() << " tile rows " << rows;
          }
          pipelined += counters.pipelined;
        }
      }
    }
  }
  // Every forced case (all kFast: 11 k x 4 layers x 2 types x 3 tiles) and every chosen one at
  // k <= 32 (8 x 4 x 2).
  EXPECT_GE(pipelined, 264 + 64);
}

// The AVX-512 kFast requantization (requant.h: a = x + B, hi32(a * 2m) + K - [a < B], >> e), and
// its form without the sign term for clamped outputs, on accumulators that hit its edges: every
// input byte times +-1 and +-127 around biases that make RDBPOT ties of both signs frequent (m a
// power of two), multipliers with 0 to 30 trailing zero bits and 0, |acc| just under the 2^30
// the form allows; int8 and uint8 outputs, zero points at both ends, with and without a clamp at
// the zero point. Expected values from the reference arithmetic (octet_mul_by_quantized_mul).
TEST(X86Conv2DGemm, Avx512VnniC4FastRequantEdges) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  const std::vector<int32_t> multipliers{
      1 << 30, (1 << 30) + (1 << 29), 1518500250, 1518500249, 2147483647, 1073741825, 1 << 30, 0};
  const std::vector<int32_t> shifts{-1, -2, -1, -7, -3, -12, -5, -1};
  const std::vector<int32_t> weights{1, -1, 127, -127};
  const std::vector<int32_t> biases{0, -1, 1, -255, 1000, -3001, 536870000, -536870000};
  const int32_t out_c = static_cast<int32_t>(multipliers.size() * weights.size());
  for (bool u8 : {false, true}) {
    for (int32_t zp_out : {u8 ? 0 : -128, u8 ? 128 : 0, u8 ? 255 : 127}) {
      for (bool clamp_at_zp : {false, true}) {
        for (int32_t bias_index = 0; bias_index < static_cast<int32_t>(biases.size());
             ++bias_index) {
          SCOPED_TRACE(fmt::format("{} zp_out {} clamp {} bias {}", u8 ? "u8" : "s8", zp_out,
                                   clamp_at_zp, biases[bias_index]));
          // Channel c: multiplier and shift c / 4, weight c % 4; biases shifted per channel so
          // that neighbouring channels see different residues.
          std::vector<int32_t> m(out_c), shift(out_c), bias(out_c);
          std::vector<uint8_t> filter(out_c);
          const int32_t zp_w = u8 ? 128 : 0;
          for (int32_t c = 0; c < out_c; ++c) {
            m[c] = multipliers[c / 4];
            shift[c] = shifts[c / 4];
            bias[c] = biases[bias_index] + (biases[bias_index] >= 0 ? c : -c);
            filter[c] = static_cast<uint8_t>(weights[c % 4] + zp_w);
          }
          // Every input byte once (zero point 0: the accumulator is bias + x * w).
          const int32_t rows = 256;
          std::vector<uint8_t> input(rows);
          for (int32_t i = 0; i < rows; ++i) input[i] = static_cast<uint8_t>(i);
          x86::ConvGeometry g;
          g.in_h = g.out_h = rows;
          g.in_c = 1;
          g.out_c = out_c;
          x86::ConvQuant q;
          q.is_unsigned = u8;
          q.input_zero_point = u8 ? 128 : 0;
          q.weight_zero_point = zp_w;
          q.multiplier = m.data();
          q.shift = shift.data();
          q.output_zero_point = zp_out;
          q.act_min = clamp_at_zp ? zp_out : (u8 ? 0 : -128);
          q.act_max = u8 ? 255 : 127;
          const x86::Conv2DGemm conv(g, filter.data(), bias.data(), q, GemmKernel::kAvx512VnniC4);
          ASSERT_EQ(conv.requant_mode(), x86::RequantMode::kFast);
          std::vector<uint8_t> out(static_cast<size_t>(rows) * out_c, 0xAB);
          std::vector<uint8_t> scratch(conv.scratch_bytes());
          conv.run(input.data(), out.data(), 0, rows, 0, conv.blocks(), scratch.data(),
                   scratch.size());
          for (int32_t i = 0; i < rows; ++i) {
            const int32_t x = u8 ? i - 128 : static_cast<int8_t>(i);
            for (int32_t c = 0; c < out_c; ++c) {
              const int32_t acc = bias[c] + x * weights[c % 4];
              const int32_t want = std::clamp(
                  octet_mul_by_quantized_mul(acc, m[c], shift[c]) + zp_out, q.act_min, q.act_max);
              const int32_t got = u8 ? out[i * out_c + c] : static_cast<int8_t>(out[i * out_c + c]);
              ASSERT_EQ(got, want)
                  << "acc " << acc << " multiplier " << m[c] << " shift " << shift[c];
            }
          }
        }
      }
    }
  }
}

// The panel layouts of the c4 packing on any CPU: each panel width with its widest tile.
TEST(X86Conv2DGemm, EmulatedVnniC4PanelsMatchReference) {
  for (int32_t channels = 32; channels <= 64; channels += 16) {
    SCOPED_TRACE(fmt::format("panel {}", channels));
    x86::GemmRouteOptions options;
    options.c4_tile_rows = x86::max_c4_tile_rows(channels);
    options.c4_tile_channels = channels;
    check_kernel(GemmKernel::kEmulatedC4, options);
  }
}

}  // namespace
}  // namespace octet
