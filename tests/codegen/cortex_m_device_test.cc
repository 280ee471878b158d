// On-device tests on QEMU's mps2-an386 (Cortex-M4): the bare-metal runtime (exit status,
// semihosting output, the instruction counter validated on loops of known length, stack
// painting), the "does not fit" error, the DSP instructions against their portable models, and
// every DSP kernel and its reference kernel, built for the board with test vectors computed here
// by the host reference, compared byte for byte on the device. The program is integer-only: its
// link map must show no soft-float helper. The instruction counts of reference and dsp on layer
// shapes of vww, kws and pretrainedResnet are printed (docs/MICROCONTROLLERS.md records them).
// Skips, naming the Debian packages, when the Arm toolchain or qemu is missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "codegen/mcu_toolchain.h"
#include "kernels/prepare/add.h"
#include "kernels/prepare/conv.h"
#include "kernels/prepare/depthwise_conv.h"
#include "kernels/prepare/fully_connected.h"
#include "kernels/prepare/pool.h"
#include "octet_dsp.h"
#include "octet_kernels.h"

namespace octet {
namespace {

namespace fs = std::filesystem;

#define OCTET_REQUIRE_ARM_TOOLCHAIN(var)                          \
  auto var##_result = mcu::find_toolchain();                      \
  if (!var##_result.ok()) GTEST_SKIP() << var##_result.message(); \
  const mcu::Toolchain var = var##_result.value()

mcu::BuildOptions with_sources(std::vector<std::string> sources) {
  mcu::BuildOptions options;
  options.sources = std::move(sources);
  return options;
}

const mcu::Board& an386() { return *mcu::board_for_target("cortex-m4").value(); }

std::string fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("octet_device_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string write_source(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = (fs::path(dir) / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(CortexMDevice, RuntimeExitStatusOutputInstructionCountAndStack) {
  OCTET_REQUIRE_ARM_TOOLCHAIN(tc);
  const std::string dir = fresh_dir("runtime");
  const std::string src = write_source(dir, "runtime.c", R"(
#include <stdio.h>
#include "octet_device.h"
extern void initialise_monitor_handles(void);
/* n iterations of SUBS + BNE: exactly 2n instructions. */
static void __attribute__((noinline)) spin(uint32_t n) {
  __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
}
static uint32_t __attribute__((noinline)) deep(void) {
  volatile uint8_t buffer[8192];
  uint32_t i, sum = 0;
  for (i = 0; i < sizeof buffer; ++i) buffer[i] = (uint8_t)i;
  for (i = 0; i < sizeof buffer; i += 97) sum += buffer[i];
  return sum;
}
int main(void) {
  uint32_t n, t0;
  initialise_monitor_handles();
  printf("octet: answer 42\n");
  for (n = 1000; n <= 1000000; n *= 10) {
    t0 = octet_device_timer_now();
    spin(n);
    printf("octet: spin%lu %lu\n", (unsigned long)n,
           (unsigned long)octet_device_instructions_since(t0));
  }
  t0 = octet_device_timer_now();
  printf("octet: empty %lu\n", (unsigned long)octet_device_instructions_since(t0));
  printf("octet: deep %lu\n", (unsigned long)deep());
  printf("octet: stack_used %lu\n", (unsigned long)octet_device_stack_high_water());
  printf("octet: stack_size %lu\n", (unsigned long)octet_device_stack_size());
  return 3;
}
)");
  auto program = mcu::build_program(tc, an386(), with_sources({src}), dir, "runtime");
  ASSERT_TRUE(program.ok()) << program.message();
  auto run = mcu::run_program(tc, an386(), program->elf, {60, true});
  ASSERT_TRUE(run.ok()) << run.message();
  EXPECT_FALSE(run->timed_out);
  EXPECT_EQ(run->exit_status, 3) << run->output;  // main's return value, through semihosting
  const auto report = mcu::parse_device_report(run->output);
  EXPECT_EQ(report.at("answer"), 42u);
  // 2n instructions plus the call, measured in 40-instruction ticks: within two ticks.
  for (uint64_t n : {1000, 10000, 100000, 1000000}) {
    const uint64_t got = report.at("spin" + std::to_string(n));
    EXPECT_GE(got + 80, 2 * n) << "n " << n;
    EXPECT_LE(got, 2 * n + 80) << "n " << n;
  }
  EXPECT_LE(report.at("empty"), 40u);
  EXPECT_GE(report.at("stack_used"), 8192u);  // deep()'s buffer
  EXPECT_LE(report.at("stack_used"), 8192u + 2048u);
  EXPECT_EQ(report.at("stack_size"), 65536u);
  auto floats = mcu::soft_float_symbols(program->map);
  ASSERT_TRUE(floats.ok()) << floats.message();
  EXPECT_TRUE(floats->empty()) << (*floats)[0];

  // The same program on the Cortex-M7 board.
  const mcu::Board& an500 = *mcu::board_for_target("mps2-an500").value();
  auto program7 = mcu::build_program(tc, an500, with_sources({src}), dir, "runtime_m7");
  ASSERT_TRUE(program7.ok()) << program7.message();
  auto run7 = mcu::run_program(tc, an500, program7->elf, {60, true});
  ASSERT_TRUE(run7.ok()) << run7.message();
  EXPECT_EQ(run7->exit_status, 3) << run7->output;
  EXPECT_EQ(mcu::parse_device_report(run7->output).at("answer"), 42u);
  fs::remove_all(dir);
}

TEST(CortexMDevice, SoftFloatHelpersAreFoundInTheLinkMap) {
  OCTET_REQUIRE_ARM_TOOLCHAIN(tc);
  const std::string dir = fresh_dir("float");
  const std::string src = write_source(dir, "float.c", R"(
volatile float x = 1.5f;
volatile int n = 3;
int main(void) { return (int)(x * (float)n) == 4 ? 0 : 1; }
)");
  auto program = mcu::build_program(tc, an386(), with_sources({src}), dir, "float");
  ASSERT_TRUE(program.ok()) << program.message();
  auto floats = mcu::soft_float_symbols(program->map);
  ASSERT_TRUE(floats.ok()) << floats.message();
  EXPECT_NE(std::find(floats->begin(), floats->end(), "__aeabi_fmul"), floats->end());
  EXPECT_NE(std::find(floats->begin(), floats->end(), "__aeabi_i2f"), floats->end());
  auto run = mcu::run_program(tc, an386(), program->elf, {60, true});
  ASSERT_TRUE(run.ok()) << run.message();
  EXPECT_EQ(run->exit_status, 0);
  fs::remove_all(dir);
}

TEST(CortexMDevice, ProgramTooLargeNamesTheRegionAndTheOverflow) {
  OCTET_REQUIRE_ARM_TOOLCHAIN(tc);
  const std::string dir = fresh_dir("big");
  // 4 MiB of zeroed data plus the 64 KiB heap and 64 KiB stack overflow RAM by 128 KiB plus the
  // runtime's own variables; 4 MiB + 1000 bytes of constants overflow CODE.
  const std::string ram = write_source(dir, "ram.c", R"(
#include <stdint.h>
volatile uint8_t big[4u << 20];
int main(void) { big[12345] = 1; return big[54321]; }
)");
  auto program = mcu::build_program(tc, an386(), with_sources({ram}), dir, "ram");
  ASSERT_FALSE(program.ok());
  EXPECT_NE(program.message().find("ram does not fit mps2-an386: region RAM (ZBT SSRAM2&3, "
                                   "4194304 bytes at 0x20000000) overflowed by 131376 bytes"),
            std::string::npos)
      << program.message();
  const std::string code = write_source(dir, "code.c", R"(
#include <stdint.h>
const uint8_t table[(4u << 20) + 1000] = {1};
int main(int argc, char** argv) { return table[argc * 1000]; }
)");
  program = mcu::build_program(tc, an386(), with_sources({code}), dir, "code");
  ASSERT_FALSE(program.ok());
  EXPECT_NE(program.message().find("region CODE (ZBT SSRAM1, 4194304 bytes at 0x00000000) "
                                   "overflowed by"),
            std::string::npos)
      << program.message();
  EXPECT_EQ(program.message().find('\n'), std::string::npos);  // one line
  fs::remove_all(dir);
}

// The real DSP instructions against the portable models the host tests run, on edge and random
// operands.
TEST(CortexMDevice, DspInstructionsMatchTheirPortableModels) {
  OCTET_REQUIRE_ARM_TOOLCHAIN(tc);
  const std::string dir = fresh_dir("acle");
  ASSERT_TRUE(mcu::write_embedded_folder("kernels/cortex_m", dir + "/cortex_m").ok());
  const std::string src = write_source(dir, "acle.c", R"(
#include <stdio.h>
#include "octet_acle.h"
#if !OCTET_ACLE_NATIVE
#error "built without the DSP extension"
#endif
extern void initialise_monitor_handles(void);
static uint32_t state = 2463534242u;
static uint32_t next(void) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }
static const uint32_t edges[] = {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0x80008000u,
                                 0x7FFF7FFFu, 0x00FF00FFu, 0x80807F7Fu, 0x01800180u};
static unsigned long checks, mismatches;
static void check(uint32_t a, uint32_t b, uint32_t c) {
  uint32_t ge;
  checks += 9;
  mismatches += octet_sxtb16(a) != octet_model_sxtb16(a);
  mismatches += octet_sxtb16_ror8(a) != octet_model_sxtb16(octet_model_ror(a, 8));
  mismatches += octet_sxtab16(a, b) != octet_model_sxtab16(a, b);
  mismatches += octet_sxtab16_ror8(a, b) != octet_model_sxtab16(a, octet_model_ror(b, 8));
  mismatches += (uint32_t)octet_smlad(a, b, (int32_t)c) != octet_model_smlad(a, b, c);
  mismatches += (uint32_t)octet_smlabb(a, b, (int32_t)c) != octet_model_smlabb(a, b, c);
  mismatches += (uint32_t)octet_smlatt(a, b, (int32_t)c) != octet_model_smlatt(a, b, c);
  (void)octet_model_ssub8(a, b, &ge);
  mismatches += octet_max_s8x4(a, b) != octet_model_sel(a, b, ge);
  mismatches += octet_min_s8x4(a, b) != octet_model_sel(b, a, ge);
}
int main(void) {
  unsigned i, j, k;
  initialise_monitor_handles();
  for (i = 0; i < 10; ++i)
    for (j = 0; j < 10; ++j)
      for (k = 0; k < 10; ++k) check(edges[i], edges[j], edges[k]);
  for (i = 0; i < 200000; ++i) check(next(), next(), next());
  printf("octet: checks %lu\noctet: mismatches %lu\n", checks, mismatches);
  return mismatches != 0;
}
)");
  mcu::BuildOptions options = with_sources({src});
  options.include_dirs = {dir + "/cortex_m"};
  auto program = mcu::build_program(tc, an386(), options, dir, "acle");
  ASSERT_TRUE(program.ok()) << program.message();
  auto run = mcu::run_program(tc, an386(), program->elf, {120, false});
  ASSERT_TRUE(run.ok()) << run.message();
  const auto report = mcu::parse_device_report(run->output);
  ASSERT_TRUE(report.count("mismatches")) << run->output;
  EXPECT_EQ(report.at("checks"), 9u * (1000 + 200000));
  EXPECT_EQ(report.at("mismatches"), 0u);
  EXPECT_EQ(run->exit_status, 0);
  fs::remove_all(dir);
}

// ---- the kernels on the device ---------------------------------------------------------------

std::string c_bytes(const std::vector<uint8_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    s += std::to_string(static_cast<int8_t>(v[i]));
    s += (i % 32 == 31) ? ",\n" : ",";
  }
  return s.empty() ? "0" : s;
}
template <typename T>
std::string c_ints(const std::vector<T>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += std::to_string(v[i]) + ((i % 16 == 15) ? ",\n" : ",");
  return s.empty() ? "0" : s;
}
std::string c_shape(const octet_shape& s) {
  std::string d;
  for (int i = 0; i < s.rank; ++i) d += std::to_string(s.dims[i]) + ",";
  return "{" + std::to_string(s.rank) + ", {" + d + "}}";
}
octet_shape shape(std::initializer_list<int32_t> dims) {
  octet_shape s{};
  for (int32_t d : dims) s.dims[s.rank++] = d;
  return s;
}
const int8_t* s8(const std::vector<uint8_t>& v) {
  return reinterpret_cast<const int8_t*>(v.data());
}
int8_t* s8(std::vector<uint8_t>& v) { return reinterpret_cast<int8_t*>(v.data()); }

// One kernel call with its data, as C: declarations, the reference and dsp calls (writing NAME_ref
// and NAME_dsp), and the expected bytes computed on the host by the reference kernel.
struct DeviceCase {
  std::string name, decls, call_ref, call_dsp;
  std::vector<uint8_t> expected;
};

class CaseBuilder {
 public:
  explicit CaseBuilder(uint32_t seed) : rng_(seed) {}
  std::vector<uint8_t> bytes(size_t n) {
    std::vector<uint8_t> v(n);
    for (auto& b : v) b = static_cast<uint8_t>(rng_());
    return v;
  }
  std::vector<int32_t> bias(int32_t n) {
    std::vector<int32_t> v(n);
    for (auto& b : v) b = static_cast<int32_t>(rng_() % 40001) - 20000;
    return v;
  }
  float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng_); }
  std::vector<float> scales(int32_t channels, int32_t k) {
    std::vector<float> s(channels);
    for (float& x : s) x = 0.012f / std::sqrt(static_cast<float>(k)) / 0.05f * uniform(0.5f, 2.0f);
    return s;
  }

 private:
  std::mt19937 rng_;
};

std::string weighted_sum_params(const std::string& n, const WeightedSumRequant& r) {
  return "static const int32_t " + n + "_mult[] = {" + c_ints(r.multiplier) + "};\n" +
         "static const int32_t " + n + "_shift[] = {" + c_ints(r.shift) + "};\n";
}

DeviceCase conv_case(CaseBuilder& cb, const std::string& n, int32_t h, int32_t w, int32_t c,
                     int32_t oc, int32_t fh, int32_t fw, int32_t stride, Padding pad,
                     int32_t zp_in) {
  Conv2DOptions opt;
  opt.padding = pad;
  opt.stride_height = opt.stride_width = stride;
  opt.activation = FusedActivation::kRelu;
  const std::vector<float> sc = cb.scales(oc, fh * fw * c);
  auto plan =
      prepare_conv2d(DType::kInt8, opt, {h, w, fh, fw, oc}, {{0.05f, zp_in}, {1.0f, -128}, sc, 0});
  EXPECT_TRUE(plan.ok()) << plan.message();
  const Conv2DPlan& pl = plan.value();
  const octet_conv_params p = pl.params();
  const octet_shape is = shape({1, h, w, c}), fs = shape({oc, fh, fw, c}),
                    os = shape({1, pl.padding.output_height, pl.padding.output_width, oc});
  const std::vector<uint8_t> in = cb.bytes(h * w * c), wt = cb.bytes(oc * fh * fw * c);
  const std::vector<int32_t> bias = cb.bias(oc);
  DeviceCase d;
  d.name = n;
  d.expected.resize(octet_shape_elements(&os));
  octet_ref_conv2d_s8(&p, &is, s8(in), &fs, s8(wt), bias.data(), &os, s8(d.expected));
  const size_t scratch = octet_dsp_conv2d_s8_scratch_size(&p, &is, &fs, &os);
  d.decls = "static const int8_t " + n + "_in[] = {" + c_bytes(in) + "};\nstatic const int8_t " +
            n + "_w[] = {" + c_bytes(wt) + "};\nstatic const int32_t " + n + "_b[] = {" +
            c_ints(bias) + "};\n" + weighted_sum_params(n, pl.requant) +
            "static const octet_conv_params " + n + "_p = {" +
            fmt::format(
                ".stride_h = {}, .stride_w = {}, .dilation_h = {}, .dilation_w = {}, "
                ".pad_top = {}, .pad_left = {}, .input_offset = {}, .weights_offset = {}, "
                ".output_offset = {}, .act_min = {}, .act_max = {}, ",
                p.stride_h, p.stride_w, p.dilation_h, p.dilation_w, p.pad_top, p.pad_left,
                p.input_offset, p.weights_offset, p.output_offset, p.act_min, p.act_max) +
            ".output_multiplier = " + n + "_mult, .output_shift = " + n + "_shift};\n" +
            "static const octet_shape " + n + "_is = " + c_shape(is) + ", " + n +
            "_fs = " + c_shape(fs) + ", " + n + "_os = " + c_shape(os) + ";\n" + "static uint8_t " +
            n + "_scratch[" + std::to_string(scratch + 1) + "];\n";
  const std::string args = "(&" + n + "_p, &" + n + "_is, " + n + "_in, &" + n + "_fs, " + n +
                           "_w, " + n + "_b, &" + n + "_os, ";
  d.call_ref = "octet_ref_conv2d_s8" + args + n + "_ref);";
  d.call_dsp = "octet_dsp_conv2d_s8" + args + n + "_dsp, " + n + "_scratch);";
  return d;
}

DeviceCase depthwise_case(CaseBuilder& cb, const std::string& n, int32_t h, int32_t w, int32_t c,
                          int32_t dm, int32_t stride, int32_t zp_in) {
  DepthwiseConv2DOptions opt;
  opt.padding = Padding::kSame;
  opt.stride_height = opt.stride_width = stride;
  opt.depth_multiplier = dm;
  opt.activation = FusedActivation::kRelu6;
  const int32_t oc = c * dm;
  const std::vector<float> sc = cb.scales(oc, 9);
  auto plan = prepare_depthwise_conv2d(DType::kInt8, opt, {h, w, c, 3, 3},
                                       {{0.05f, zp_in}, {1.0f, -128}, sc, 0});
  EXPECT_TRUE(plan.ok()) << plan.message();
  const DepthwiseConv2DPlan& pl = plan.value();
  const octet_depthwise_conv_params p = pl.params();
  const octet_shape is = shape({1, h, w, c}), fs = shape({1, 3, 3, oc}),
                    os = shape({1, pl.padding.output_height, pl.padding.output_width, oc});
  const std::vector<uint8_t> in = cb.bytes(h * w * c), wt = cb.bytes(9 * oc);
  const std::vector<int32_t> bias = cb.bias(oc);
  DeviceCase d;
  d.name = n;
  d.expected.resize(octet_shape_elements(&os));
  octet_ref_depthwise_conv2d_s8(&p, &is, s8(in), &fs, s8(wt), bias.data(), &os, s8(d.expected));
  d.decls = "static const int8_t " + n + "_in[] = {" + c_bytes(in) + "};\nstatic const int8_t " +
            n + "_w[] = {" + c_bytes(wt) + "};\nstatic const int32_t " + n + "_b[] = {" +
            c_ints(bias) + "};\n" + weighted_sum_params(n, pl.requant) +
            "static const octet_depthwise_conv_params " + n + "_p = {" +
            fmt::format(
                ".stride_h = {}, .stride_w = {}, .dilation_h = {}, .dilation_w = {}, "
                ".pad_top = {}, .pad_left = {}, .depth_multiplier = {}, "
                ".input_offset = {}, .weights_offset = {}, .output_offset = {}, "
                ".act_min = {}, .act_max = {}, ",
                p.stride_h, p.stride_w, p.dilation_h, p.dilation_w, p.pad_top, p.pad_left,
                p.depth_multiplier, p.input_offset, p.weights_offset, p.output_offset, p.act_min,
                p.act_max) +
            ".output_multiplier = " + n + "_mult, .output_shift = " + n + "_shift};\n" +
            "static const octet_shape " + n + "_is = " + c_shape(is) + ", " + n +
            "_fs = " + c_shape(fs) + ", " + n + "_os = " + c_shape(os) + ";\n";
  const std::string args = "(&" + n + "_p, &" + n + "_is, " + n + "_in, &" + n + "_fs, " + n +
                           "_w, " + n + "_b, &" + n + "_os, ";
  d.call_ref = "octet_ref_depthwise_conv2d_s8" + args + n + "_ref);";
  d.call_dsp = "octet_dsp_depthwise_conv2d_s8" + args + n + "_dsp);";
  return d;
}

DeviceCase fc_case(CaseBuilder& cb, const std::string& n, int32_t batches, int32_t depth,
                   int32_t oc, int32_t zp_in) {
  const std::vector<float> sc = cb.scales(oc, depth);
  auto plan = prepare_fully_connected(DType::kInt8, FusedActivation::kNone, oc,
                                      {{0.05f, zp_in}, {1.0f, 3}, sc, 0});
  EXPECT_TRUE(plan.ok()) << plan.message();
  const octet_fully_connected_params p = plan.value().params();
  const octet_shape fs = shape({oc, depth}), os = shape({batches, oc});
  const std::vector<uint8_t> in = cb.bytes(batches * depth), wt = cb.bytes(oc * depth);
  const std::vector<int32_t> bias = cb.bias(oc);
  DeviceCase d;
  d.name = n;
  d.expected.resize(batches * oc);
  octet_ref_fully_connected_s8(&p, s8(in), &fs, s8(wt), bias.data(), &os, s8(d.expected));
  d.decls = "static const int8_t " + n + "_in[] = {" + c_bytes(in) + "};\nstatic const int8_t " +
            n + "_w[] = {" + c_bytes(wt) + "};\nstatic const int32_t " + n + "_b[] = {" +
            c_ints(bias) + "};\n" + weighted_sum_params(n, plan.value().requant) +
            "static const octet_fully_connected_params " + n + "_p = {" +
            fmt::format(
                ".input_offset = {}, .weights_offset = {}, .output_offset = {}, "
                ".act_min = {}, .act_max = {}, ",
                p.input_offset, p.weights_offset, p.output_offset, p.act_min, p.act_max) +
            ".output_multiplier = " + n + "_mult, .output_shift = " + n + "_shift};\n" +
            "static const octet_shape " + n + "_fs = " + c_shape(fs) + ", " + n +
            "_os = " + c_shape(os) + ";\n";
  const std::string args =
      "(&" + n + "_p, " + n + "_in, &" + n + "_fs, " + n + "_w, " + n + "_b, &" + n + "_os, ";
  d.call_ref = "octet_ref_fully_connected_s8" + args + n + "_ref);";
  d.call_dsp = "octet_dsp_fully_connected_s8" + args + n + "_dsp);";
  return d;
}

DeviceCase add_case(CaseBuilder& cb, const std::string& n, int32_t h, int32_t w, int32_t c) {
  auto params =
      prepare_add(DType::kInt8, {0.04f, -128}, {0.1f, 7}, {0.11f, -20}, FusedActivation::kRelu);
  EXPECT_TRUE(params.ok()) << params.message();
  const octet_add_params p = params.value();
  const octet_shape s = shape({1, h, w, c});
  const std::vector<uint8_t> a = cb.bytes(h * w * c), b = cb.bytes(h * w * c);
  DeviceCase d;
  d.name = n;
  d.expected.resize(a.size());
  octet_ref_add_s8(&p, &s, s8(a), &s, s8(b), &s, s8(d.expected));
  d.decls = "static const int8_t " + n + "_a[] = {" + c_bytes(a) + "};\nstatic const int8_t " + n +
            "_b[] = {" + c_bytes(b) + "};\nstatic const octet_add_params " + n + "_p = {" +
            fmt::format(
                ".input1_offset = {}, .input2_offset = {}, .output_offset = {}, "
                ".left_shift = {}, .input1_multiplier = {}, .input1_shift = {}, "
                ".input2_multiplier = {}, .input2_shift = {}, .output_multiplier = {}, "
                ".output_shift = {}, .act_min = {}, .act_max = {}}};\n",
                p.input1_offset, p.input2_offset, p.output_offset, p.left_shift,
                p.input1_multiplier, p.input1_shift, p.input2_multiplier, p.input2_shift,
                p.output_multiplier, p.output_shift, p.act_min, p.act_max) +
            "static const octet_shape " + n + "_s = " + c_shape(s) + ";\n";
  const std::string args =
      "(&" + n + "_p, &" + n + "_s, " + n + "_a, &" + n + "_s, " + n + "_b, &" + n + "_s, ";
  d.call_ref = "octet_ref_add_s8" + args + n + "_ref);";
  d.decls += "static int32_t " + n + "_scratch[" +
             std::to_string(octet_dsp_add_s8_scratch_size(&s, &s, &s) / 4 + 1) + "];\n";
  d.call_dsp = "octet_dsp_add_s8" + args + n + "_dsp, " + n + "_scratch);";
  return d;
}

DeviceCase pool_case(CaseBuilder& cb, const std::string& n, bool average, int32_t h, int32_t w,
                     int32_t c, int32_t fh, int32_t fw, Padding pad) {
  Pool2DOptions opt;
  opt.filter_height = opt.stride_height = fh;
  opt.filter_width = opt.stride_width = fw;
  opt.padding = pad;
  auto plan = prepare_pool2d(DType::kInt8, opt, h, w, {0.05f, -3}, {0.05f, -3});
  EXPECT_TRUE(plan.ok()) << plan.message();
  const octet_pool_params p = plan.value().params;
  const octet_shape is = shape({1, h, w, c}), os = shape({1, plan.value().padding.output_height,
                                                          plan.value().padding.output_width, c});
  const std::vector<uint8_t> in = cb.bytes(h * w * c);
  DeviceCase d;
  d.name = n;
  d.expected.resize(octet_shape_elements(&os));
  if (average) {
    EXPECT_EQ(octet_ref_avg_pool2d_s8(&p, &is, s8(in), &os, s8(d.expected)), 0);
  } else {
    octet_ref_max_pool2d_s8(&p, &is, s8(in), &os, s8(d.expected));
  }
  d.decls = "static const int8_t " + n + "_in[] = {" + c_bytes(in) +
            "};\nstatic const octet_pool_params " + n + "_p = {" +
            fmt::format(
                ".stride_h = {}, .stride_w = {}, .filter_h = {}, .filter_w = {}, "
                ".pad_top = {}, .pad_left = {}, .act_min = {}, .act_max = {}}};\n",
                p.stride_h, p.stride_w, p.filter_h, p.filter_w, p.pad_top, p.pad_left, p.act_min,
                p.act_max) +
            "static const octet_shape " + n + "_is = " + c_shape(is) + ", " + n +
            "_os = " + c_shape(os) + ";\n";
  const std::string kind = average ? "avg_pool2d_s8" : "max_pool2d_s8";
  const std::string args = "(&" + n + "_p, &" + n + "_is, " + n + "_in, &" + n + "_os, ";
  d.call_ref = "octet_ref_" + kind + args + n + "_ref);";
  d.call_dsp = "octet_dsp_" + kind + args + n + "_dsp);";
  return d;
}

std::string device_program(const std::vector<DeviceCase>& cases) {
  std::string c = R"(#include <stdio.h>
#include <string.h>
#include "octet_device.h"
#include "octet_dsp.h"
#include "octet_kernels.h"
extern void initialise_monitor_handles(void);
)";
  for (const DeviceCase& d : cases) {
    c += d.decls;
    c += "static const int8_t " + d.name + "_expected[] = {" + c_bytes(d.expected) + "};\n";
    c += "static int8_t " + d.name + "_ref[" + std::to_string(d.expected.size()) + "], " + d.name +
         "_dsp[" + std::to_string(d.expected.size()) + "];\n";
  }
  c += R"(
static void report(const char* name, const char* kernels, uint32_t t0, const int8_t* got,
                   const int8_t* want, size_t n) {
  const unsigned long instructions = (unsigned long)octet_device_instructions_since(t0);
  size_t i = 0;
  while (i < n && got[i] == want[i]) ++i;
  printf("octet: %s.%s_instructions %lu\n", name, kernels, instructions);
  printf("octet: %s.%s_mismatch %lu\n", name, kernels, (unsigned long)(i < n ? i + 1 : 0));
}
int main(void) {
  uint32_t t0;
  initialise_monitor_handles();
)";
  for (const DeviceCase& d : cases) {
    const std::string n = d.name, size = std::to_string(d.expected.size());
    c += "  t0 = octet_device_timer_now();\n  " + d.call_ref + "\n  report(\"" + n +
         "\", \"ref\", t0, " + n + "_ref, " + n + "_expected, " + size + ");\n";
    c += "  t0 = octet_device_timer_now();\n  " + d.call_dsp + "\n  report(\"" + n +
         "\", \"dsp\", t0, " + n + "_dsp, " + n + "_expected, " + size + ");\n";
  }
  c += "  printf(\"octet: stack_used %lu\\n\", (unsigned long)octet_device_stack_high_water());\n"
       "  return 0;\n}\n";
  return c;
}

TEST(CortexMDevice, DspAndReferenceKernelsMatchTheHostReferenceOnTheDevice) {
  OCTET_REQUIRE_ARM_TOOLCHAIN(tc);
  CaseBuilder cb(2024);
  std::vector<DeviceCase> cases = {
      // Correctness: odd channels, both zero point ends, padding, strides, fallbacks.
      conv_case(cb, "conv_3x3_c3", 7, 6, 3, 5, 3, 3, 1, Padding::kSame, -128),
      conv_case(cb, "conv_1x1_c17", 5, 3, 17, 7, 1, 1, 1, Padding::kValid, 127),
      conv_case(cb, "conv_2x5_s2", 9, 11, 5, 4, 2, 5, 2, Padding::kSame, 3),
      depthwise_case(cb, "dw_c5", 6, 7, 5, 1, 1, -128),
      depthwise_case(cb, "dw_c16_s2", 9, 8, 16, 1, 2, 127),
      depthwise_case(cb, "dw_c3_dm2", 5, 5, 3, 2, 1, 0),
      fc_case(cb, "fc_17x3", 1, 17, 3, -128),
      fc_case(cb, "fc_b3_64x10", 3, 64, 10, 127),
      add_case(cb, "add_5x5x7", 5, 5, 7),
      pool_case(cb, "avgpool_2x2_c7", true, 6, 5, 7, 2, 2, Padding::kSame),
      pool_case(cb, "maxpool_3x2_c9", false, 7, 7, 9, 3, 2, Padding::kSame),
      // Layer shapes of the MLPerf Tiny models (instruction counts for the doc).
      conv_case(cb, "vww_conv0_96x96x3_s2", 96, 96, 3, 8, 3, 3, 2, Padding::kSame, -128),
      depthwise_case(cb, "vww_dw1_48x48x8", 48, 48, 8, 1, 1, -128),
      conv_case(cb, "vww_pw2_48x48x8_16", 48, 48, 8, 16, 1, 1, 1, Padding::kSame, -128),
      conv_case(cb, "vww_pw10_12x12x64_64", 12, 12, 64, 64, 1, 1, 1, Padding::kSame, -128),
      depthwise_case(cb, "vww_dw13_6x6x128", 6, 6, 128, 1, 1, -128),
      conv_case(cb, "kws_conv0_49x10x1_10x4", 49, 10, 1, 64, 10, 4, 2, Padding::kSame, 83),
      depthwise_case(cb, "kws_dw1_25x5x64", 25, 5, 64, 1, 1, -128),
      conv_case(cb, "kws_pw2_25x5x64_64", 25, 5, 64, 64, 1, 1, 1, Padding::kSame, -128),
      pool_case(cb, "kws_avgpool_25x5x64", true, 25, 5, 64, 25, 5, Padding::kValid),
      fc_case(cb, "kws_fc_64x12", 1, 64, 12, -128),
      conv_case(cb, "resnet_conv1_32x32x16_3x3", 32, 32, 16, 16, 3, 3, 1, Padding::kSame, -128),
      conv_case(cb, "resnet_conv8_16x16x32_3x3_s2", 16, 16, 32, 64, 3, 3, 2, Padding::kSame, -128),
      add_case(cb, "resnet_add_32x32x16", 32, 32, 16),
      pool_case(cb, "resnet_avgpool_8x8x64", true, 8, 8, 64, 8, 8, Padding::kValid),
  };
  const std::string dir = fresh_dir("kernels");
  ASSERT_TRUE(mcu::write_embedded_folder("kernels/reference", dir + "/reference").ok());
  ASSERT_TRUE(mcu::write_embedded_folder("kernels/cortex_m", dir + "/cortex_m").ok());
  mcu::BuildOptions options;
  options.sources = {write_source(dir, "kernels.c", device_program(cases))};
  for (const std::string sub : {"reference", "cortex_m"}) {
    options.include_dirs.push_back(dir + "/" + sub);
    for (const auto& e : fs::directory_iterator(dir + "/" + sub)) {
      if (e.path().extension() == ".c") options.sources.push_back(e.path().string());
    }
  }
  auto program = mcu::build_program(tc, an386(), options, dir, "kernels");
  ASSERT_TRUE(program.ok()) << program.message();
  auto floats = mcu::soft_float_symbols(program->map);
  ASSERT_TRUE(floats.ok()) << floats.message();
  EXPECT_TRUE(floats->empty()) << "the int8 kernel program links " << (*floats)[0];
  auto run = mcu::run_program(tc, an386(), program->elf, {300, true});
  ASSERT_TRUE(run.ok()) << run.message();
  ASSERT_FALSE(run->timed_out);
  ASSERT_EQ(run->exit_status, 0) << run->output;
  const auto report = mcu::parse_device_report(run->output);
  std::printf("%-32s %14s %14s %7s\n", "case (mps2-an386, -O2)", "reference", "dsp", "ratio");
  for (const DeviceCase& d : cases) {
    for (const std::string kernels : {"ref", "dsp"}) {
      const std::string key = d.name + "." + kernels + "_mismatch";
      ASSERT_TRUE(report.count(key)) << key << " missing from:\n" << run->output;
      EXPECT_EQ(report.at(key), 0u)
          << d.name << " " << kernels << " differs from the host reference at byte "
          << report.at(key) - 1;
    }
    const uint64_t r = report.at(d.name + ".ref_instructions");
    const uint64_t s = report.at(d.name + ".dsp_instructions");
    std::printf("%-32s %14llu %14llu %6.2fx\n", d.name.c_str(), static_cast<unsigned long long>(r),
                static_cast<unsigned long long>(s), s ? static_cast<double>(r) / s : 0.0);
    if (d.name.rfind("vww_", 0) == 0 || d.name.rfind("kws_", 0) == 0 ||
        d.name.rfind("resnet_", 0) == 0) {
      // The layers that carry the models: the DSP kernels must be clearly faster.
      EXPECT_LT(s * 3, r * 2) << d.name << ": dsp " << s << " vs reference " << r;
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace octet
