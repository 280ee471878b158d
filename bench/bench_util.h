// bench_util.h - what the kernel microbenchmarks report besides time: the core clock, measured in
// the same run with a chain of dependent adds (one per cycle; hardware counters are unavailable in
// VMs), and the exact int8 peak of each ISA level in MACs per cycle per core.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "core/aligned_vector.h"
#include "kernels/x86/cpu_features.h"

namespace octet::bench {

// Core clock in GHz: 4 dependent adds per iteration retire at one per cycle. The fastest of 100
// short samples: a sample that shares the core with another process reads low.
inline double measure_clock_ghz() {
  constexpr uint64_t kIterations = 250'000;
  double best = 0;
  for (int sample = 0; sample < 100; ++sample) {
    uint64_t x = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < kIterations; ++i) {
      asm volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0" : "+r"(x));
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    benchmark::DoNotOptimize(x);
    best = std::max(best, 4.0 * kIterations / s / 1e9);
  }
  return best;
}

// Exact int8 MACs per cycle per core: AVX2 vpmaddwd, 16 MACs x 2 per cycle; AVX-512 VNNI
// vpdpbusd, 64 MACs x 2 per cycle.
inline double peak_macs_per_cycle(Isa isa) {
  switch (isa) {
    case Isa::kAvx512Vnni:
      return 128.0;
    case Isa::kAvx2:
      return 32.0;
    case Isa::kReference:
      break;
  }
  return 1.0;
}

// Runs body() as the benchmark loop and reports, from per-iteration times: GMAC/s and % of the
// ISA's exact peak at the median iteration (peak_pct) and at the fastest one (peak_pct_best), with
// the clock measured right after the loop (each call of body does `macs` MACs). Both because this
// machine's VM shares cores: back-to-back runs of one binary differ by up to 1.5x, and the best
// iteration is the closest to the uncontended speed.
template <typename Body>
void run_mac_benchmark(benchmark::State& state, double macs, Isa isa, Body body) {
  std::vector<double> seconds;
  seconds.reserve(1 << 16);
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    body();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  if (seconds.empty()) return;
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2], best = seconds.front();
  const double ghz = measure_clock_ghz();
  const double peak = ghz * 1e9 * peak_macs_per_cycle(isa);
  state.counters["GMAC/s"] = macs / median * 1e-9;
  state.counters["clock_GHz"] = ghz;
  state.counters["peak_pct"] = 100.0 * macs / median / peak;
  state.counters["peak_pct_best"] = 100.0 * macs / best / peak;
}

// 64-byte aligned, as the runtime's arena places activations and the kernels their weights
// (an unaligned zmm load splits across two cache lines).
inline AlignedVector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  AlignedVector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(gen());
  return v;
}

}  // namespace octet::bench
