// conv2d_bench.cc - the GEMM-based CONV_2D kernels on MobileNet-class shapes: GMAC/s and the
// fraction of the exact int8 peak of the ISA in use (see bench_util.h), single thread.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <random>
#include <vector>

#include "bench_util.h"
#include "kernels/x86/conv2d_gemm.h"

namespace octet::bench {
namespace {

struct ConvShape {
  int32_t h, w, in_c, out_c, filter, stride;
  int32_t pad = -1;  // -1: SAME-style (filter - 1) / 2
};

// Weights: uniform random bytes, or (per_tensor_u8) uint8 weights as a per-tensor quantized model
// has them, spread around their zero point 128 (normal, sigma 20): those rarely form a pair that
// could saturate vpmaddubsw, which is what lets the q4 kernel take them.
void BM_Conv2D(benchmark::State& state, ConvShape s, x86::GemmKernel kernel, Isa isa, bool winograd,
               bool per_tensor_u8 = false, bool q4 = true, bool c4_direct = true) {
  if (!isa_supported(isa)) {
    state.SkipWithError("ISA not supported by this CPU");
    return;
  }
  x86::ConvGeometry g;
  g.in_h = s.h, g.in_w = s.w, g.in_c = s.in_c, g.out_c = s.out_c;
  g.filter_h = g.filter_w = s.filter;
  g.stride_h = g.stride_w = s.stride;
  const int32_t pad = s.pad >= 0 ? s.pad : (s.filter - 1) / 2;
  g.pad_top = g.pad_left = pad;
  g.out_h = (s.h + 2 * pad - s.filter) / s.stride + 1;
  g.out_w = (s.w + 2 * pad - s.filter) / s.stride + 1;
  const AlignedVector<uint8_t> input = random_bytes(size_t(s.h) * s.w * s.in_c, 1);
  AlignedVector<uint8_t> filter = random_bytes(size_t(s.out_c) * s.filter * s.filter * s.in_c, 2);
  if (per_tensor_u8) {
    std::mt19937 rng(2);
    std::normal_distribution<float> spread(0.0f, 20.0f);
    for (uint8_t& b : filter) b = uint8_t(std::clamp(128 + int(spread(rng)), 0, 255));
  }
  std::vector<int32_t> bias(s.out_c, 1000), multiplier(s.out_c, 1518500250), shift(s.out_c, -12);
  x86::ConvQuant q;
  q.is_unsigned = per_tensor_u8;
  q.input_zero_point = per_tensor_u8 ? 3 : -3;
  q.weight_zero_point = per_tensor_u8 ? 128 : 0;
  q.multiplier = multiplier.data();
  q.shift = shift.data();
  q.output_zero_point = 5;
  q.act_min = 5;
  q.act_max = 127;
  x86::GemmRouteOptions options;
  options.winograd = winograd;
  if (!q4) options.q4_max_residual = -1;
  options.c4_direct = c4_direct;
  // To compare c4 tiles: OCTET_BENCH_C4_TILE_ROWS / _CHANNELS force the tile of every layer.
  if (const char* t = std::getenv("OCTET_BENCH_C4_TILE_ROWS")) options.c4_tile_rows = std::atoi(t);
  // OCTET_BENCH_C4_INT8_IN_PLACE=0: int8 pointwise layers convert their A rows first, as before.
  if (const char* t = std::getenv("OCTET_BENCH_C4_INT8_IN_PLACE")) {
    options.c4_int8_in_place = std::atoi(t) != 0;
  }
  if (const char* t = std::getenv("OCTET_BENCH_C4_TILE_CHANNELS")) {
    options.c4_tile_channels = std::atoi(t);
  }
  const x86::Conv2DGemm conv(g, filter.data(), bias.data(), q, kernel, options);
  AlignedVector<uint8_t> output(size_t(g.out_h) * g.out_w * s.out_c);
  AlignedVector<uint8_t> scratch(conv.scratch_bytes());
  const double macs = double(g.out_h) * g.out_w * s.out_c * s.filter * s.filter * s.in_c;
  state.SetLabel(fmt::format("tile {}x{}{}", conv.c4_tile().rows, conv.c4_tile().channels,
                             conv.c4_pipelined() ? " pipelined" : ""));
  run_mac_benchmark(state, macs, isa, [&] {
    conv.run(input.data(), output.data(), 0, conv.rows(), 0, conv.blocks(), scratch.data(),
             scratch.size());
    benchmark::ClobberMemory();
  });
}

// MobileNetV1-class square layers, then MobileNetV2's: expansions (small K) and projections
// (small N).
const ConvShape kPointwise[] = {{56, 56, 128, 128, 1, 1},
                                {14, 14, 512, 512, 1, 1},
                                {7, 7, 1024, 1024, 1, 1},
                                {112, 112, 16, 96, 1, 1},
                                {56, 56, 24, 144, 1, 1},
                                {28, 28, 32, 192, 1, 1},
                                {28, 28, 16, 96, 1, 1},
                                {16, 16, 16, 96, 1, 1},
                                {112, 112, 32, 16, 1, 1},
                                {28, 28, 192, 32, 1, 1},
                                {14, 14, 384, 64, 1, 1},
                                {7, 7, 960, 160, 1, 1},
                                {7, 7, 320, 1280, 1, 1},
                                // the rest of MobileNetV2's pointwise layers
                                {56, 56, 96, 24, 1, 1},
                                {56, 56, 144, 24, 1, 1},
                                {28, 28, 144, 32, 1, 1},
                                {28, 28, 192, 64, 1, 1},
                                {14, 14, 64, 384, 1, 1},
                                {14, 14, 384, 96, 1, 1},
                                {14, 14, 96, 576, 1, 1},
                                {14, 14, 576, 96, 1, 1},
                                {7, 7, 576, 160, 1, 1},
                                {7, 7, 160, 960, 1, 1},
                                {7, 7, 960, 320, 1, 1}};
// MobileNetV2's first layer as the converted model has it (input pre-padded to 226, VALID),
// ResNet-style 3x3 layers, and the MLPerf Tiny ResNet's. The 3x3 stride-1 ones with 16 or more
// input channels (x86/winograd.cc says why not fewer) run as Winograd F(2x2, 3x3) on AVX2 ("avx2";
// GMAC/s and peak_pct count the direct convolution's MACs, so they can pass 100%) and, for
// comparison, on the direct route ("avx2_direct"); at AVX-512 VNNI they run on the direct route
// ("avx512vnni") and, for comparison, on im2col rows ("avx512vnni_im2col").
const ConvShape kSpatial[] = {
    {226, 226, 3, 32, 3, 2, 0}, {56, 56, 64, 64, 3, 1}, {14, 14, 256, 256, 3, 1},
    {7, 7, 512, 512, 3, 1},     {32, 32, 3, 16, 3, 1},  {32, 32, 8, 16, 3, 1},
    {32, 32, 16, 16, 3, 1},     {16, 16, 32, 32, 3, 1}, {8, 8, 64, 64, 3, 1}};

// MobileNetV1 0.5 (coral, uint8 per tensor) pointwise layers: the q4 kernel against c2.
const ConvShape kPointwiseU8[] = {{80, 80, 16, 32, 1, 1},
                                  {40, 40, 64, 64, 1, 1},
                                  {20, 20, 128, 128, 1, 1},
                                  {10, 10, 256, 256, 1, 1}};

void register_all() {
  for (const ConvShape& s : kPointwiseU8) {
    const std::string name = fmt::format("conv2d_1x1_u8/{}x{}x{}->{}", s.h, s.w, s.in_c, s.out_c);
    benchmark::RegisterBenchmark((name + "/avx2").c_str(), BM_Conv2D, s, x86::GemmKernel::kAvx2C2,
                                 Isa::kAvx2, true, true, true, true)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx2_c2").c_str(), BM_Conv2D, s,
                                 x86::GemmKernel::kAvx2C2, Isa::kAvx2, true, true, false, true)
        ->Unit(benchmark::kMicrosecond);
  }
  for (const ConvShape& s : kPointwise) {
    const std::string name = fmt::format("conv2d_1x1/{}x{}x{}->{}", s.h, s.w, s.in_c, s.out_c);
    benchmark::RegisterBenchmark((name + "/avx2").c_str(), BM_Conv2D, s, x86::GemmKernel::kAvx2C2,
                                 Isa::kAvx2, true, false, true, true)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx512vnni").c_str(), BM_Conv2D, s,
                                 x86::GemmKernel::kAvx512VnniC4, Isa::kAvx512Vnni, true, false,
                                 true, true)
        ->Unit(benchmark::kMicrosecond);
  }
  for (const ConvShape& s : kSpatial) {
    const std::string name = fmt::format("conv2d_{}x{}s{}/{}x{}x{}->{}", s.filter, s.filter,
                                         s.stride, s.h, s.w, s.in_c, s.out_c);
    benchmark::RegisterBenchmark((name + "/avx2").c_str(), BM_Conv2D, s, x86::GemmKernel::kAvx2C2,
                                 Isa::kAvx2, true, false, true, true)
        ->Unit(benchmark::kMicrosecond);
    // 32x32x8->16 is below the Winograd threshold (both run direct): it shows why it is there.
    if (s.filter == 3 && s.stride == 1 && s.in_c >= 8) {
      benchmark::RegisterBenchmark((name + "/avx2_direct").c_str(), BM_Conv2D, s,
                                   x86::GemmKernel::kAvx2C2, Isa::kAvx2, false, false, true, true)
          ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark((name + "/avx512vnni").c_str(), BM_Conv2D, s,
                                 x86::GemmKernel::kAvx512VnniC4, Isa::kAvx512Vnni, true, false,
                                 true, true)
        ->Unit(benchmark::kMicrosecond);
    // The c4 direct route (the default) against im2col rows.
    benchmark::RegisterBenchmark((name + "/avx512vnni_im2col").c_str(), BM_Conv2D, s,
                                 x86::GemmKernel::kAvx512VnniC4, Isa::kAvx512Vnni, true, false,
                                 true, false)
        ->Unit(benchmark::kMicrosecond);
  }
}

const int kRegistered = (register_all(), 0);

}  // namespace
}  // namespace octet::bench
