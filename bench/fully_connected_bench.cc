// fully_connected_bench.cc - FULLY_CONNECTED on the x86 GEMM, single thread: the 1024 -> 1000
// classifier of a MobileNet at batch 1 (GEMV over 8-bit weights: bound by streaming them) and
// batched. GMAC/s and % of the ISA's exact peak (bench_util.h).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <vector>

#include "bench_util.h"
#include "kernels/x86/conv2d_gemm.h"

namespace octet::bench {
namespace {

void BM_FullyConnected(benchmark::State& state, int32_t batches, int32_t depth, int32_t out_c,
                       x86::GemmKernel kernel, Isa isa) {
  if (!isa_supported(isa)) {
    state.SkipWithError("ISA not supported by this CPU");
    return;
  }
  x86::ConvGeometry g;
  g.in_h = g.out_h = batches;
  g.in_c = depth;
  g.out_c = out_c;
  const AlignedVector<uint8_t> input = random_bytes(size_t(batches) * depth, 1);
  const AlignedVector<uint8_t> weights = random_bytes(size_t(out_c) * depth, 2);
  std::vector<int32_t> bias(out_c, 1000), multiplier(out_c, 1518500250), shift(out_c, -12);
  x86::ConvQuant q;
  q.input_zero_point = -3;
  q.multiplier = multiplier.data();
  q.shift = shift.data();
  q.output_zero_point = 5;
  const x86::Conv2DGemm fc(g, weights.data(), bias.data(), q, kernel);
  AlignedVector<uint8_t> output(size_t(batches) * out_c), scratch(fc.scratch_bytes());
  run_mac_benchmark(state, double(batches) * depth * out_c, isa, [&] {
    fc.run(input.data(), output.data(), 0, fc.rows(), 0, fc.blocks(), scratch.data(),
           scratch.size());
    benchmark::ClobberMemory();
  });
  state.counters["weight_MB"] = double(fc.packed_bytes()) / 1e6;
}

void register_all() {
  for (int32_t batches : {1, 8}) {
    const std::string name = fmt::format("fully_connected/1024->1000/batch{}", batches);
    benchmark::RegisterBenchmark((name + "/avx2").c_str(), BM_FullyConnected, batches, 1024, 1000,
                                 x86::GemmKernel::kAvx2C2, Isa::kAvx2)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx512vnni").c_str(), BM_FullyConnected, batches, 1024,
                                 1000, x86::GemmKernel::kAvx512VnniC4, Isa::kAvx512Vnni)
        ->Unit(benchmark::kMicrosecond);
  }
}

const int kRegistered = (register_all(), 0);

}  // namespace
}  // namespace octet::bench
