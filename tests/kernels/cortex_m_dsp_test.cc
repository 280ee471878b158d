// The Cortex-M DSP kernels' tester: every kernel of src/kernels/cortex_m (run here through the
// portable models of the DSP instructions) against its reference kernel, byte for byte, on many
// shapes: edge sizes, channel counts that are not multiples of 2 or 4, zero points at both ends,
// saturation (gain), per-channel and per-tensor, SAME/VALID/explicit padding, strides, dilation,
// depth multipliers, no bias; plus the fallbacks and a hand-derived accumulator wrap-around case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/add.h"
#include "kernels/prepare/conv.h"
#include "kernels/prepare/depthwise_conv.h"
#include "kernels/prepare/fully_connected.h"
#include "kernels/prepare/pool.h"
#include "kernels/x86_test_util.h"
#include "octet_dsp.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;

const int8_t* s8(const std::vector<uint8_t>& v) {
  return reinterpret_cast<const int8_t*>(v.data());
}
int8_t* s8(std::vector<uint8_t>& v) { return reinterpret_cast<int8_t*>(v.data()); }

// Quantization shared by the weighted-sum cases.
struct QuantCase {
  int32_t zp_in = 0, zp_out = 0;
  bool per_channel = true;
  FusedActivation act = FusedActivation::kNone;
  float gain = 1.0f;  // > 1 pushes multipliers above 1 (left shifts) and outputs into saturation
  bool bias = true;
};

QuantCase random_quant(Rng& rng) {
  QuantCase q;
  const std::vector<int32_t> zps = {-128, 127, 0, -1, 5};
  q.zp_in = rng.coin() ? rng.pick(zps) : rng.uniform(-128, 127);
  q.zp_out = rng.coin() ? rng.pick(zps) : rng.uniform(-128, 127);
  q.per_channel = rng.coin();
  q.act = rng.pick(std::vector<FusedActivation>{FusedActivation::kNone, FusedActivation::kRelu,
                                                FusedActivation::kRelu6});
  q.gain = rng.pick(std::vector<float>{1.0f, 1.0f, 0.05f, 8.0f, 300.0f});
  q.bias = rng.uniform(0, 5) != 0;
  return q;
}

std::string describe(const QuantCase& q) {
  return "zp in/out " + std::to_string(q.zp_in) + "/" + std::to_string(q.zp_out) +
         (q.per_channel ? " per-channel" : " per-tensor") + " act " +
         std::to_string(static_cast<int>(q.act)) + " gain " + std::to_string(q.gain) +
         (q.bias ? "" : " no-bias");
}

std::vector<float> weight_scales(Rng& rng, const QuantCase& q, int32_t channels, int32_t k) {
  // Spreads a random accumulator (std ~ 74 * 74 * sqrt(k)) over the output range at gain 1.
  const float s_in = 0.05f;
  const float eff = q.gain * 0.012f / std::sqrt(static_cast<float>(k));
  std::vector<float> scales(q.per_channel ? channels : 1);
  for (float& s : scales) s = eff / s_in * rng.uniform_real(0.5f, 2.0f);
  return scales;
}

std::vector<int32_t> random_bias(Rng& rng, int32_t n) {
  std::vector<int32_t> bias(n);
  for (int32_t& b : bias) b = rng.uniform(-30000, 30000);
  return bias;
}

// Padding, strides, dilation and activation of a ConvCase or DepthwiseCase into the op's options.
template <typename Case, typename Options>
void set_window_options(const Case& c, Options* opt) {
  opt->padding = c.padding;
  opt->explicit_padding = c.pads;
  opt->stride_height = c.sh;
  opt->stride_width = c.sw;
  opt->dilation_height = c.dh;
  opt->dilation_width = c.dw;
  opt->activation = c.q.act;
}

// ---- CONV_2D ---------------------------------------------------------------------------------

struct ConvCase {
  int32_t batches = 1, in_h = 5, in_w = 5, in_c = 3, out_c = 4;
  int32_t fh = 3, fw = 3, sh = 1, sw = 1, dh = 1, dw = 1;
  Padding padding = Padding::kSame;
  ExplicitPadding pads;
  QuantCase q;
  std::string describe() const {
    return "b" + std::to_string(batches) + " " + std::to_string(in_h) + "x" + std::to_string(in_w) +
           "x" + std::to_string(in_c) + " -> " + std::to_string(out_c) + " filter " +
           std::to_string(fh) + "x" + std::to_string(fw) + " stride " + std::to_string(sh) + "x" +
           std::to_string(sw) + " dil " + std::to_string(dh) + "x" + std::to_string(dw) + " pad " +
           std::to_string(static_cast<int>(padding)) + " " + octet::describe(q);
  }
};

// "" when the DSP kernel matches the reference (or when prepare refuses the case: *ran = false).
std::string run_conv(const ConvCase& c, uint32_t seed, bool* ran) {
  Rng rng(seed);
  Conv2DOptions opt;
  set_window_options(c, &opt);
  const int32_t k = c.fh * c.fw * c.in_c;
  const std::vector<float> scales = weight_scales(rng, c.q, c.out_c, k);
  WeightedSumQuant wq{{0.05f, c.q.zp_in}, {1.0f, c.q.zp_out}, scales, 0};
  auto plan = prepare_conv2d(DType::kInt8, opt, {c.in_h, c.in_w, c.fh, c.fw, c.out_c}, wq);
  *ran =
      plan.ok() && plan.value().padding.output_height > 0 && plan.value().padding.output_width > 0;
  if (!*ran) return "";
  const Conv2DPlan& pl = plan.value();
  const int32_t oh = pl.padding.output_height, ow = pl.padding.output_width;
  const std::vector<uint8_t> input =
      rng.bytes(static_cast<size_t>(c.batches) * c.in_h * c.in_w * c.in_c);
  const std::vector<uint8_t> filter = rng.bytes(static_cast<size_t>(c.out_c) * k);
  const std::vector<int32_t> bias = random_bias(rng, c.out_c);
  const int32_t* b = c.q.bias ? bias.data() : nullptr;
  const octet_conv_params p = pl.params();
  const octet_shape is = make_shape({c.batches, c.in_h, c.in_w, c.in_c}),
                    fs = make_shape({c.out_c, c.fh, c.fw, c.in_c}),
                    os = make_shape({c.batches, oh, ow, c.out_c});
  const size_t out_size = static_cast<size_t>(c.batches) * oh * ow * c.out_c;
  std::vector<uint8_t> want(out_size), got(out_size, 0xAB);
  octet_ref_conv2d_s8(&p, &is, s8(input), &fs, s8(filter), b, &os, s8(want));
  // Exactly the scratch the kernel asks for, followed by guard bytes it must not touch.
  const size_t scratch_size = octet_dsp_conv2d_s8_scratch_size(&p, &is, &fs, &os);
  std::vector<uint8_t> scratch(scratch_size + 16, 0x5A);
  octet_dsp_conv2d_s8(&p, &is, s8(input), &fs, s8(filter), b, &os, s8(got),
                      scratch_size ? scratch.data() : nullptr);
  for (size_t i = scratch_size; i < scratch.size(); ++i) {
    if (scratch[i] != 0x5A) return "wrote past its scratch of " + std::to_string(scratch_size);
  }
  return testing::first_difference(got, want, false);
}

TEST(CortexMDspConv2D, EdgeShapes) {
  std::vector<ConvCase> cases;
  for (int32_t in_c : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17}) {
    for (int32_t out_c : {1, 2, 3, 5, 8}) {
      ConvCase c;
      c.in_c = in_c;
      c.out_c = out_c;
      cases.push_back(c);  // 3x3 SAME: padding on every border, im2col
      c.fh = c.fw = 1;
      c.padding = Padding::kValid;
      cases.push_back(c);  // pointwise: read in place
    }
  }
  for (int32_t size : {1, 2, 3}) {  // 1x1 images, odd pixel counts, filters larger than the image
    ConvCase c;
    c.in_h = size;
    c.in_w = size + 1;
    c.fh = 3;
    c.fw = 5;
    cases.push_back(c);
  }
  {
    ConvCase c;  // kws's first layer: one input channel, a 10x4 filter, stride 2
    c.in_h = 49;
    c.in_w = 10;
    c.in_c = 1;
    c.out_c = 8;
    c.fh = 10;
    c.fw = 4;
    c.sh = c.sw = 2;
    cases.push_back(c);
    c.padding = Padding::kExplicit;  // explicit, asymmetric padding larger than the filter
    c.pads = {3, 0, 5, 1};
    cases.push_back(c);
    ConvCase d;  // 1x1 with stride 2 (ResNet's shortcut) reads in place with a stride
    d.in_h = d.in_w = 8;
    d.in_c = 16;
    d.out_c = 6;
    d.fh = d.fw = 1;
    d.sh = d.sw = 2;
    cases.push_back(d);
    d.padding = Padding::kSame;
    d.in_h = 7;  // 1x1 stride 2 SAME on an odd size
    cases.push_back(d);
  }
  Rng qr(7);
  int n = 0;
  for (ConvCase& c : cases) {
    for (int rep = 0; rep < 3; ++rep) {
      c.q = random_quant(qr);
      if (rep == 0) {
        c.q.zp_in = -128;  // both ends of the zero point range
        c.q.zp_out = 127;
      } else if (rep == 1) {
        c.q.zp_in = 127;
        c.q.zp_out = -128;
      }
      bool ran = false;
      const std::string diff = run_conv(c, 1000 + n++, &ran);
      EXPECT_TRUE(diff.empty()) << c.describe() << ": " << diff;
    }
  }
}

TEST(CortexMDspConv2D, RandomShapes) {
  Rng rng(42);
  int ran_count = 0;
  for (int i = 0; i < 400; ++i) {
    ConvCase c;
    c.batches = rng.uniform(1, 2);
    c.in_h = rng.uniform(1, 9);
    c.in_w = rng.uniform(1, 9);
    c.in_c = rng.uniform(1, 19);
    c.out_c = rng.uniform(1, 9);
    c.fh = rng.uniform(1, 4);
    c.fw = rng.uniform(1, 4);
    c.sh = rng.uniform(1, 3);
    c.sw = rng.uniform(1, 3);
    c.dh = rng.uniform(1, 3) == 3 ? 2 : 1;
    c.dw = rng.uniform(1, 3) == 3 ? 2 : 1;
    c.padding = rng.pick(std::vector<Padding>{Padding::kSame, Padding::kValid, Padding::kExplicit});
    c.pads = {rng.uniform(0, 3), rng.uniform(0, 3), rng.uniform(0, 3), rng.uniform(0, 3)};
    c.q = random_quant(rng);
    bool ran = false;
    const std::string diff = run_conv(c, 5000 + i, &ran);
    ran_count += ran;
    EXPECT_TRUE(diff.empty()) << c.describe() << ": " << diff;
  }
  EXPECT_GT(ran_count, 300);  // most random cases are valid convolutions
}

// ---- DEPTHWISE_CONV_2D -----------------------------------------------------------------------

struct DepthwiseCase {
  int32_t batches = 1, in_h = 6, in_w = 5, in_c = 8, dm = 1;
  int32_t fh = 3, fw = 3, sh = 1, sw = 1, dh = 1, dw = 1;
  Padding padding = Padding::kSame;
  ExplicitPadding pads;
  QuantCase q;
  std::string describe() const {
    return "b" + std::to_string(batches) + " " + std::to_string(in_h) + "x" + std::to_string(in_w) +
           "x" + std::to_string(in_c) + " dm " + std::to_string(dm) + " filter " +
           std::to_string(fh) + "x" + std::to_string(fw) + " stride " + std::to_string(sh) + "x" +
           std::to_string(sw) + " dil " + std::to_string(dh) + "x" + std::to_string(dw) + " pad " +
           std::to_string(static_cast<int>(padding)) + " " + octet::describe(q);
  }
};

std::string run_depthwise(const DepthwiseCase& c, uint32_t seed, bool* ran) {
  Rng rng(seed);
  DepthwiseConv2DOptions opt;
  set_window_options(c, &opt);
  opt.depth_multiplier = c.dm;
  const int32_t out_c = c.in_c * c.dm;
  const std::vector<float> scales = weight_scales(rng, c.q, out_c, c.fh * c.fw);
  WeightedSumQuant wq{{0.05f, c.q.zp_in}, {1.0f, c.q.zp_out}, scales, 0};
  auto plan = prepare_depthwise_conv2d(DType::kInt8, opt, {c.in_h, c.in_w, c.in_c, c.fh, c.fw}, wq);
  *ran =
      plan.ok() && plan.value().padding.output_height > 0 && plan.value().padding.output_width > 0;
  if (!*ran) return "";
  const DepthwiseConv2DPlan& pl = plan.value();
  const int32_t oh = pl.padding.output_height, ow = pl.padding.output_width;
  const std::vector<uint8_t> input =
      rng.bytes(static_cast<size_t>(c.batches) * c.in_h * c.in_w * c.in_c);
  const std::vector<uint8_t> filter = rng.bytes(static_cast<size_t>(c.fh) * c.fw * out_c);
  const std::vector<int32_t> bias = random_bias(rng, out_c);
  const int32_t* b = c.q.bias ? bias.data() : nullptr;
  const octet_depthwise_conv_params p = pl.params();
  const octet_shape is = make_shape({c.batches, c.in_h, c.in_w, c.in_c}),
                    fs = make_shape({1, c.fh, c.fw, out_c}),
                    os = make_shape({c.batches, oh, ow, out_c});
  const size_t out_size = static_cast<size_t>(c.batches) * oh * ow * out_c;
  std::vector<uint8_t> want(out_size), got(out_size, 0xAB);
  octet_ref_depthwise_conv2d_s8(&p, &is, s8(input), &fs, s8(filter), b, &os, s8(want));
  octet_dsp_depthwise_conv2d_s8(&p, &is, s8(input), &fs, s8(filter), b, &os, s8(got));
  return testing::first_difference(got, want, false);
}

TEST(CortexMDspDepthwiseConv2D, EdgeShapes) {
  std::vector<DepthwiseCase> cases;
  for (int32_t in_c : {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17}) {
    for (int32_t dm : {1, 2, 3}) {  // dm > 1 takes the reference path inside the kernel
      DepthwiseCase c;
      c.in_c = in_c;
      c.dm = dm;
      cases.push_back(c);
      c.sh = c.sw = 2;
      c.padding = Padding::kValid;
      cases.push_back(c);
    }
  }
  for (int32_t size : {1, 2}) {
    DepthwiseCase c;
    c.in_h = size;
    c.in_w = size;
    c.fh = 5;
    c.fw = 3;
    cases.push_back(c);
  }
  {
    DepthwiseCase c;  // a window entirely in the padding: only the bias
    c.padding = Padding::kExplicit;
    c.pads = {4, 4, 0, 0};
    c.in_h = 1;
    c.fh = 3;
    cases.push_back(c);
    c.dh = c.dw = 2;  // dilation with padding
    c.pads = {2, 1, 3, 2};
    c.in_h = 7;
    cases.push_back(c);
  }
  Rng qr(9);
  int n = 0;
  for (DepthwiseCase& c : cases) {
    for (int rep = 0; rep < 3; ++rep) {
      c.q = random_quant(qr);
      if (rep == 0) {
        c.q.zp_in = -128;
        c.q.zp_out = 127;
      } else if (rep == 1) {
        c.q.zp_in = 127;
        c.q.zp_out = -128;
      }
      bool ran = false;
      const std::string diff = run_depthwise(c, 2000 + n++, &ran);
      EXPECT_TRUE(diff.empty()) << c.describe() << ": " << diff;
    }
  }
}

TEST(CortexMDspDepthwiseConv2D, RandomShapes) {
  Rng rng(43);
  int ran_count = 0;
  for (int i = 0; i < 400; ++i) {
    DepthwiseCase c;
    c.batches = rng.uniform(1, 2);
    c.in_h = rng.uniform(1, 9);
    c.in_w = rng.uniform(1, 9);
    c.in_c = rng.uniform(1, 21);
    c.dm = rng.uniform(1, 4) == 4 ? 2 : 1;
    c.fh = rng.uniform(1, 5);
    c.fw = rng.uniform(1, 5);
    c.sh = rng.uniform(1, 3);
    c.sw = rng.uniform(1, 3);
    c.dh = rng.uniform(1, 3) == 3 ? 2 : 1;
    c.dw = rng.uniform(1, 3) == 3 ? 3 : 1;
    c.padding = rng.pick(std::vector<Padding>{Padding::kSame, Padding::kValid, Padding::kExplicit});
    c.pads = {rng.uniform(0, 4), rng.uniform(0, 4), rng.uniform(0, 4), rng.uniform(0, 4)};
    c.q = random_quant(rng);
    bool ran = false;
    const std::string diff = run_depthwise(c, 6000 + i, &ran);
    ran_count += ran;
    EXPECT_TRUE(diff.empty()) << c.describe() << ": " << diff;
  }
  EXPECT_GT(ran_count, 300);
}

// ---- FULLY_CONNECTED -------------------------------------------------------------------------

std::string run_fc(int32_t batches, int32_t depth, int32_t out_c, const QuantCase& q,
                   uint32_t seed) {
  Rng rng(seed);
  const std::vector<float> scales = weight_scales(rng, q, out_c, depth);
  WeightedSumQuant wq{{0.05f, q.zp_in}, {1.0f, q.zp_out}, scales, 0};
  auto plan = prepare_fully_connected(DType::kInt8, q.act, out_c, wq);
  if (!plan.ok()) return "prepare failed: " + plan.message();
  const std::vector<uint8_t> input = rng.bytes(static_cast<size_t>(batches) * depth);
  const std::vector<uint8_t> filter = rng.bytes(static_cast<size_t>(out_c) * depth);
  const std::vector<int32_t> bias = random_bias(rng, out_c);
  const int32_t* b = q.bias ? bias.data() : nullptr;
  const octet_fully_connected_params p = plan.value().params();
  const octet_shape fs = make_shape({out_c, depth}), os = make_shape({batches, out_c});
  std::vector<uint8_t> want(static_cast<size_t>(batches) * out_c), got(want.size(), 0xAB);
  octet_ref_fully_connected_s8(&p, s8(input), &fs, s8(filter), b, &os, s8(want));
  octet_dsp_fully_connected_s8(&p, s8(input), &fs, s8(filter), b, &os, s8(got));
  return testing::first_difference(got, want, false);
}

TEST(CortexMDspFullyConnected, Shapes) {
  Rng qr(11);
  int n = 0;
  for (int32_t batches : {1, 2, 3, 5}) {
    for (int32_t depth : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 64, 100, 257}) {
      for (int32_t out_c : {1, 2, 3, 7, 10}) {
        QuantCase q = random_quant(qr);
        if (n % 3 == 0) {
          q.zp_in = -128;
          q.zp_out = 127;
        } else if (n % 3 == 1) {
          q.zp_in = 127;
          q.zp_out = -128;
        }
        const std::string diff = run_fc(batches, depth, out_c, q, 3000 + n++);
        EXPECT_TRUE(diff.empty()) << "b" << batches << " depth " << depth << " out " << out_c << " "
                                  << describe(q) << ": " << diff;
      }
    }
  }
}

// ---- ADD -------------------------------------------------------------------------------------

TEST(CortexMDspAdd, ShapesAndQuantizations) {
  Rng rng(12);
  const std::vector<int32_t> zps = {-128, 127, 0};
  for (int i = 0; i < 200; ++i) {
    const TensorQuant a{rng.uniform_real(0.01f, 0.2f),
                        rng.coin() ? rng.pick(zps) : rng.uniform(-128, 127)};
    const TensorQuant b{rng.uniform_real(0.01f, 0.2f),
                        rng.coin() ? rng.pick(zps) : rng.uniform(-128, 127)};
    // Output scales from well above to below the inputs': saturation at the small ones.
    const TensorQuant o{rng.uniform_real(0.005f, 0.5f),
                        rng.coin() ? rng.pick(zps) : rng.uniform(-128, 127)};
    const FusedActivation act = rng.pick(std::vector<FusedActivation>{
        FusedActivation::kNone, FusedActivation::kRelu, FusedActivation::kRelu6});
    auto params = prepare_add(DType::kInt8, a, b, o, act);
    ASSERT_TRUE(params.ok()) << params.message();
    const octet_add_params p = params.value();
    // Small (table-free) and large (lookup tables in scratch) element counts.
    const int32_t h = rng.uniform(1, 7), w = rng.uniform(1, 7), c = rng.uniform(1, i % 2 ? 19 : 40);
    const bool broadcast = i % 10 == 9;  // the reference path inside the kernel
    const octet_shape s1 = make_shape({1, h, w, c});
    const octet_shape s2 = broadcast ? make_shape({1, 1, w, c}) : s1;
    const std::vector<uint8_t> x = rng.bytes(static_cast<size_t>(h) * w * c);
    const std::vector<uint8_t> y = rng.bytes(static_cast<size_t>(octet_shape_elements(&s2)));
    std::vector<uint8_t> want(x.size()), got(x.size(), 0xAB);
    const int rw = octet_ref_add_s8(&p, &s1, s8(x), &s2, s8(y), &s1, s8(want));
    const size_t scratch_size = octet_dsp_add_s8_scratch_size(&s1, &s2, &s1);
    std::vector<int32_t> scratch(scratch_size / 4 + 4, 0x5A5A5A5A);
    const int rg = octet_dsp_add_s8(&p, &s1, s8(x), &s2, s8(y), &s1, s8(got), scratch.data());
    EXPECT_EQ(rg, rw);
    EXPECT_EQ(testing::first_difference(got, want, false), "") << "case " << i;
    for (size_t k = scratch_size / 4; k < scratch.size(); ++k) EXPECT_EQ(scratch[k], 0x5A5A5A5A);
    std::fill(got.begin(), got.end(), 0xAB);  // without scratch: the table-free path
    EXPECT_EQ(octet_dsp_add_s8(&p, &s1, s8(x), &s2, s8(y), &s1, s8(got), nullptr), rw);
    EXPECT_EQ(testing::first_difference(got, want, false), "") << "case " << i << " no scratch";
  }
  // Shapes that do not broadcast: the same error as the reference.
  const octet_add_params p =
      prepare_add(DType::kInt8, {0.1f, 0}, {0.1f, 0}, {0.2f, 0}, FusedActivation::kNone).value();
  const octet_shape s1 = make_shape({2, 3}), s2 = make_shape({3, 2});
  int8_t x[6] = {}, out[6] = {};
  EXPECT_EQ(octet_dsp_add_s8(&p, &s1, x, &s2, x, &s1, out, nullptr), -1);
}

// ---- AVERAGE_POOL_2D / MAX_POOL_2D -----------------------------------------------------------

TEST(CortexMDspPool, AverageAndMax) {
  Rng rng(13);
  struct Filter {
    int32_t h, w;
  };
  const std::vector<Filter> filters = {{1, 1}, {2, 2}, {3, 3}, {3, 2}, {1, 5}, {16, 16}, {17, 16}};
  int n = 0;
  for (const Filter& f : filters) {
    for (int32_t depth : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17}) {
      for (int rep = 0; rep < 3; ++rep, ++n) {
        Pool2DOptions opt;
        opt.filter_height = f.h;
        opt.filter_width = f.w;
        opt.stride_height = rng.uniform(1, 3);
        opt.stride_width = rng.uniform(1, 3);
        opt.padding = rng.coin() ? Padding::kSame : Padding::kValid;
        opt.activation = rng.pick(std::vector<FusedActivation>{
            FusedActivation::kNone, FusedActivation::kRelu, FusedActivation::kRelu6});
        const TensorQuant q{0.05f, rep == 0 ? -128 : (rep == 1 ? 127 : rng.uniform(-128, 127))};
        const int32_t in_h = std::max(f.h, rng.uniform(1, 20)),
                      in_w = std::max(f.w, rng.uniform(1, 20));
        auto plan = prepare_pool2d(DType::kInt8, opt, in_h, in_w, q, q);
        ASSERT_TRUE(plan.ok()) << plan.message();
        const octet_pool_params p = plan.value().params;
        const int32_t oh = plan.value().padding.output_height,
                      ow = plan.value().padding.output_width;
        const int32_t batches = rng.uniform(1, 2);
        const octet_shape is = make_shape({batches, in_h, in_w, depth}),
                          os = make_shape({batches, oh, ow, depth});
        // rep 0: all -128 or all 127 (the 16-bit lane sums at their extremes); else random.
        std::vector<uint8_t> input = rng.bytes(static_cast<size_t>(octet_shape_elements(&is)));
        if (rep == 0) std::fill(input.begin(), input.end(), n % 2 ? 0x80 : 0x7F);
        const size_t out_size = static_cast<size_t>(octet_shape_elements(&os));
        std::vector<uint8_t> want(out_size), got(out_size, 0xAB);
        const int rw = octet_ref_avg_pool2d_s8(&p, &is, s8(input), &os, s8(want));
        const int rg = octet_dsp_avg_pool2d_s8(&p, &is, s8(input), &os, s8(got));
        EXPECT_EQ(rg, rw);
        EXPECT_EQ(testing::first_difference(got, want, false), "")
            << "avg filter " << f.h << "x" << f.w << " depth " << depth << " rep " << rep;
        std::fill(got.begin(), got.end(), 0xAB);
        octet_ref_max_pool2d_s8(&p, &is, s8(input), &os, s8(want));
        octet_dsp_max_pool2d_s8(&p, &is, s8(input), &os, s8(got));
        EXPECT_EQ(testing::first_difference(got, want, false), "")
            << "max filter " << f.h << "x" << f.w << " depth " << depth << " rep " << rep;
      }
    }
  }
}

// A window with no tap in the image: average pool fails at the same window as the reference,
// having written the same outputs before it; max pool writes the clamped lowest value.
TEST(CortexMDspPool, EmptyWindow) {
  octet_pool_params p{};
  p.stride_h = p.stride_w = 1;
  p.filter_h = p.filter_w = 2;
  p.pad_top = 0;
  p.pad_left = 0;
  p.act_min = -100;
  p.act_max = 100;
  const octet_shape is = make_shape({1, 2, 2, 5}), os = make_shape({1, 3, 2, 5});  // row 2 empty
  std::vector<uint8_t> input(20);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i * 37);
  std::vector<uint8_t> want(30, 0x11), got(30, 0x11);
  EXPECT_EQ(octet_ref_avg_pool2d_s8(&p, &is, s8(input), &os, s8(want)), -1);
  EXPECT_EQ(octet_dsp_avg_pool2d_s8(&p, &is, s8(input), &os, s8(got)), -1);
  EXPECT_EQ(testing::first_difference(got, want, false), "");
  octet_ref_max_pool2d_s8(&p, &is, s8(input), &os, s8(want));
  octet_dsp_max_pool2d_s8(&p, &is, s8(input), &os, s8(got));
  EXPECT_EQ(testing::first_difference(got, want, false), "");
  EXPECT_EQ(static_cast<int8_t>(got[29]), -100);  // INT8_MIN clamped to act_min
}

// ---- int32 accumulation wraps (issue 13's definition) ----------------------------------------
// Hand-derived: bias INT32_MAX - 100000 plus 8 products of (-128) * (-128 - 127) = 32640 each is
// INT32_MAX + 161120, which wraps to INT32_MIN + 161119. With multiplier 2^30 (0.5) and shift -24
// that requantizes to round((INT32_MIN + 161119) / 2^25) = -64 (the unwrapped sum would give +64).
TEST(CortexMDspAccumulator, WrapsModulo2To32) {
  const int32_t bias = INT32_MAX - 100000;
  const int32_t wrapped = static_cast<int32_t>(static_cast<uint32_t>(bias) + 8u * 32640u);
  ASSERT_EQ(wrapped, INT32_MIN + 161119);
  const int32_t want = octet_mul_by_quantized_mul(wrapped, 1 << 30, -24);
  ASSERT_EQ(want, -64);
  const int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {-24, -24};
  const int32_t biases[2] = {bias, bias};
  std::vector<int8_t> x(8, -128), w(16, -128);
  {
    octet_fully_connected_params p{};
    p.input_offset = -127;  // input zero point 127
    p.output_multiplier = mult;
    p.output_shift = shift;
    p.act_min = -128;
    p.act_max = 127;
    const octet_shape fs = make_shape({2, 8}), os = make_shape({1, 2});
    int8_t out[2] = {0, 0};
    octet_dsp_fully_connected_s8(&p, x.data(), &fs, w.data(), biases, &os, out);
    EXPECT_EQ(out[0], want);
    EXPECT_EQ(out[1], want);
  }
  {
    octet_conv_params p{};
    p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
    p.input_offset = -127;
    p.output_multiplier = mult;
    p.output_shift = shift;
    p.act_min = -128;
    p.act_max = 127;
    const octet_shape is = make_shape({1, 1, 1, 8}), fs = make_shape({2, 1, 1, 8}),
                      os = make_shape({1, 1, 1, 2});
    int8_t out[2] = {0, 0};
    octet_dsp_conv2d_s8(&p, &is, x.data(), &fs, w.data(), biases, &os, out, nullptr);
    EXPECT_EQ(out[0], want);
    EXPECT_EQ(out[1], want);
  }
  {
    // Depthwise: 8 taps (2x4 filter) of one channel group of 4 plus... each channel sums 8 taps.
    octet_depthwise_conv_params p{};
    p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = p.depth_multiplier = 1;
    p.input_offset = -127;
    const int32_t m4[5] = {1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30};
    const int32_t s4[5] = {-24, -24, -24, -24, -24};
    const int32_t b4[5] = {bias, bias, bias, bias, bias};
    p.output_multiplier = m4;
    p.output_shift = s4;
    p.act_min = -128;
    p.act_max = 127;
    const octet_shape is = make_shape({1, 2, 4, 5}), fs = make_shape({1, 2, 4, 5}),
                      os = make_shape({1, 1, 1, 5});
    std::vector<int8_t> xi(40, -128), wi(40, -128);
    int8_t out[5] = {};
    octet_dsp_depthwise_conv2d_s8(&p, &is, xi.data(), &fs, wi.data(), b4, &os, out);
    for (int8_t v : out) EXPECT_EQ(v, want);  // the SMLABB/SMLATT lanes and the scalar tail
  }
}

}  // namespace
}  // namespace octet
