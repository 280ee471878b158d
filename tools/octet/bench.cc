// bench.cc - `octet bench MODEL`: latency in the manner of TFLite's benchmark_model (see
// runtime/benchmark.h); prints a "median: X ms" line that ../shared/peers/ort/compare.sh reads.
#include <algorithm>
#include <chrono>
#include <thread>

#include "frontend/tflite/reader.h"
#include "runtime/benchmark.h"
#include "tools/octet/commands.h"

namespace octet::cli {

namespace {

struct BenchOptions {
  std::string model;
  BenchmarkOptions bench;
  int threads = 1;
  std::string isa;
};

int run_bench(const BenchOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  auto graph = read_tflite_file(o.model);
  if (!graph.ok()) return fail(graph.status());
  const double read_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  CompileOptions copts;
  // 0: one thread per core the system reports (1 if it reports none).
  copts.threads = o.threads > 0
                      ? o.threads
                      : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (!o.isa.empty()) {
    auto isa = parse_isa(o.isa);
    if (!isa) return fail(fmt::format("--isa {}: not one of reference, avx2, avx512vnni", o.isa));
    copts.isa = *isa;
  }
  auto result = benchmark_model(*graph, copts, o.bench);
  if (!result.ok()) return fail(result.status());
  fmt::print("model: {}\nread: {:.3f} ms\n{}", o.model, read_ms,
             format_benchmark(*result, o.bench.profile));
  return 0;
}

}  // namespace

void add_bench(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "Measure inference latency (median/min/mean/std), memory, and per-op time");
  cmd->add_option("model", o->model, "TFLite model (.tflite)")->required();
  cmd->add_option("--runs", o->bench.runs, "Timed runs")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--warmup", o->bench.warmup, "Untimed runs before timing")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", o->threads,
                  "Threads for conv, depthwise and dense ops, 0 for one per core; ops under 250k "
                  "MACs stay on one thread (default 1, as on a microcontroller and for "
                  "comparisons; larger models gain from more, see docs/BENCHMARKS.md)")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  cmd->add_option("--isa", o->isa, "Kernel ISA level: reference, avx2, avx512vnni (default: best)");
  cmd->add_option("--seed", o->bench.seed, "Seed of the random inputs")->capture_default_str();
  cmd->add_flag("--profile", o->bench.profile,
                "Per-op tables: run order, top ops by time, summary by op type");
  cmd->callback([o, &exit_code] { exit_code = run_bench(*o); });
}

}  // namespace octet::cli
