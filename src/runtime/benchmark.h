// benchmark.h - whole-model latency measurement in the manner of TFLite's benchmark_model:
// compile time, first inference, warm-up, then timed runs (median/min/mean/std), optional per-op
// profile, and memory figures (arena, packed weights, peak RSS).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "runtime/compiled_model.h"

namespace octet {

struct BenchmarkOptions {
  int runs = 50;
  int warmup = 10;
  bool profile = false;  // per-op times, measured in extra profiled runs after the timed ones
  uint64_t seed = 0;     // random inputs
};

struct LatencyStats {
  double median_ms = 0, min_ms = 0, max_ms = 0, mean_ms = 0, std_ms = 0;
};
LatencyStats latency_stats(std::vector<double> samples_ms);

struct OpProfile {
  size_t node = 0;
  std::string op;      // "CONV_2D"
  std::string name;    // output tensor name
  std::string kernel;  // "conv2d_s8_avx2_gemm"
  double avg_ms = 0;
  int64_t macs = 0;
};

struct BenchmarkResult {
  std::string isa;
  int threads = 1;
  double compile_ms = 0;
  double first_ms = 0;
  double warmup_avg_ms = 0;
  std::vector<double> run_ms;
  LatencyStats stats;
  std::vector<OpProfile> ops;  // when profiled, in run order
  int64_t arena_bytes = 0;
  int64_t packed_weight_bytes = 0;
  int64_t peak_rss_bytes = 0;
};

// Per-op wall time of `model` averaged over `runs` profiled invokes of its current inputs, in run
// order.
Result<std::vector<OpProfile>> profile_ops(CompiledModel& model, int runs);

// Compiles the graph, fills inputs with deterministic random data and measures.
Result<BenchmarkResult> benchmark_model(const Graph& graph, const CompileOptions& compile,
                                        const BenchmarkOptions& options);

// The report `octet bench` prints; includes a line "median: X ms".
std::string format_benchmark(const BenchmarkResult& result, bool profile);

// Peak resident set size of this process so far, in bytes.
int64_t peak_rss_bytes();

}  // namespace octet
