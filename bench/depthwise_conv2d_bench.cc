// depthwise_conv2d_bench.cc - the depthwise kernel on MobileNet-class shapes (3x3, stride 1 and 2),
// single thread: GMAC/s and % of the ISA's exact peak (bench_util.h), and the memory-bandwidth
// bound. Depthwise does 9 MACs per output byte, so it is bound by moving its bytes rather than by
// multiplies: the bound is the time to read the input and write the output at the bandwidth of a
// streaming copy of the same size measured in the same run; bw_bound_pct is that time over the
// kernel's (100% = running at copy speed), both best-of-run.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "bench_util.h"
#include "kernels/x86/depthwise_conv2d.h"

namespace octet::bench {
namespace {

struct DwShape {
  int32_t h, w, c, stride;
  int32_t filter = 3;
};

// Seconds per byte of a memcpy whose source and destination together are `bytes` (best of 20).
double copy_seconds_per_byte(size_t bytes) {
  AlignedVector<uint8_t> a(bytes / 2 + 64, 1), b(bytes / 2 + 64, 2);
  double best = 1e9;
  for (int i = 0; i < 20; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(a.data());
    std::memcpy(b.data(), a.data(), bytes / 2);
    benchmark::DoNotOptimize(b.data());
    benchmark::ClobberMemory();
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best / static_cast<double>(bytes);
}

void BM_Depthwise(benchmark::State& state, DwShape s, x86::DepthwiseKernel kernel, Isa isa) {
  if (!isa_supported(isa)) {
    state.SkipWithError("ISA not supported by this CPU");
    return;
  }
  x86::DepthwiseGeometry g;
  g.in_h = s.h, g.in_w = s.w, g.channels = s.c;
  g.filter_h = g.filter_w = s.filter;
  g.stride_h = g.stride_w = s.stride;
  g.out_h = (s.h + s.stride - 1) / s.stride;
  g.out_w = (s.w + s.stride - 1) / s.stride;
  g.pad_top = g.pad_left = s.stride == 1 ? s.filter / 2 : 0;  // SAME (stride 2: as pre-padded)
  const AlignedVector<uint8_t> input = random_bytes(size_t(s.h) * s.w * s.c, 1);
  const AlignedVector<uint8_t> filter = random_bytes(size_t(s.filter) * s.filter * s.c, 2);
  std::vector<int32_t> bias(s.c, 100), multiplier(s.c, 1518500250), shift(s.c, -8);
  x86::ConvQuant q;
  q.input_zero_point = -3;
  q.multiplier = multiplier.data();
  q.shift = shift.data();
  q.output_zero_point = 5;
  q.act_min = 5;
  q.act_max = 127;
  const x86::DepthwiseConv2D dw(g, filter.data(), bias.data(), q, kernel);
  AlignedVector<uint8_t> output(size_t(g.out_h) * g.out_w * s.c);
  AlignedVector<uint8_t> scratch(dw.scratch_bytes());
  const double macs = double(g.out_h) * g.out_w * s.c * s.filter * s.filter;
  double kernel_s = 1e9;  // fastest iteration, compared with the fastest copy
  run_mac_benchmark(state, macs, isa, [&] {
    const auto t0 = std::chrono::steady_clock::now();
    dw.run(input.data(), output.data(), 0, dw.rows(), scratch.data());
    benchmark::ClobberMemory();
    kernel_s = std::min(
        kernel_s, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  });
  const size_t bytes = input.size() + output.size();
  const double bound_s = copy_seconds_per_byte(bytes) * static_cast<double>(bytes);
  state.counters["bw_bound_us"] = bound_s * 1e6;
  state.counters["bw_bound_pct"] = 100.0 * bound_s / kernel_s;
}

// MobileNetV2's depthwise layers (224x224 input; stride 2 ones as the converted model pre-pads
// them), then MobileNetV1-class and 5x5 ones.
const DwShape kShapes[] = {
    {112, 112, 32, 1}, {113, 113, 96, 2}, {56, 56, 144, 1},   {57, 57, 144, 2},    {28, 28, 192, 1},
    {29, 29, 192, 2},  {14, 14, 384, 1},  {14, 14, 576, 1},   {15, 15, 576, 2},    {7, 7, 960, 1},
    {56, 56, 128, 1},  {14, 14, 512, 1},  {28, 28, 96, 1, 5}, {14, 14, 240, 2, 5}, {56, 56, 64, 1},
    {56, 56, 80, 1},   {56, 56, 96, 1},   {56, 56, 160, 1}};

void register_all() {
  for (const DwShape& s : kShapes) {
    const std::string name =
        fmt::format("depthwise_{}x{}s{}/{}x{}x{}", s.filter, s.filter, s.stride, s.h, s.w, s.c);
    benchmark::RegisterBenchmark((name + "/avx2").c_str(), BM_Depthwise, s,
                                 x86::DepthwiseKernel::kAvx2, Isa::kAvx2)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx512vnni").c_str(), BM_Depthwise, s,
                                 x86::DepthwiseKernel::kAvx512Vnni, Isa::kAvx512Vnni)
        ->Unit(benchmark::kMicrosecond);
  }
}

const int kRegistered = (register_all(), 0);

}  // namespace
}  // namespace octet::bench
