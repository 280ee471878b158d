// benchmark.cc - see benchmark.h.
#include "runtime/benchmark.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>

#include "io/tensor_file.h"
#include "ir/summary.h"

namespace octet {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string commas(int64_t x) {
  std::string s = std::to_string(x);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(i, ",");
  return s;
}

std::string gmacs(int64_t macs, double ms) {
  return macs > 0 && ms > 0 ? fmt::format("{:.2f}", macs / (ms * 1e6)) : "-";
}

}  // namespace

int64_t peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<int64_t>(u.ru_maxrss) * 1024;
}

LatencyStats latency_stats(std::vector<double> s) {
  LatencyStats st;
  if (s.empty()) return st;
  std::sort(s.begin(), s.end());
  const size_t n = s.size();
  st.median_ms = n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  st.min_ms = s.front();
  st.max_ms = s.back();
  st.mean_ms = std::accumulate(s.begin(), s.end(), 0.0) / n;
  double var = 0;
  for (double x : s) var += (x - st.mean_ms) * (x - st.mean_ms);
  st.std_ms = std::sqrt(var / n);
  return st;
}

Result<std::vector<OpProfile>> profile_ops(CompiledModel& model, int runs) {
  if (runs < 1) return error("runs must be at least 1, is {}", runs);
  const Graph& g = model.graph();
  std::vector<double> seconds(g.nodes.size(), 0.0);
  for (int i = 0; i < runs; ++i) OCTET_RETURN_IF_ERROR(model.invoke_profiled(seconds));
  std::vector<OpProfile> ops;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    ops.push_back(OpProfile{i, std::string(op_name(n.op)), g.value(n.outputs[0]).name,
                            std::string(model.kernel_name(i)), seconds[i] * 1e3 / runs,
                            node_macs(g, n)});
  }
  return ops;
}

Result<BenchmarkResult> benchmark_model(const Graph& graph, const CompileOptions& compile,
                                        const BenchmarkOptions& options) {
  if (options.runs < 1) return error("--runs must be at least 1, is {}", options.runs);
  if (options.warmup < 0) return error("--warmup must not be negative, is {}", options.warmup);
  BenchmarkResult r;
  auto t0 = Clock::now();
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<CompiledModel> model,
                         CompiledModel::compile(graph, compile));
  r.compile_ms = ms_since(t0);
  r.isa = std::string(isa_name(model->isa()));
  r.threads = model->threads();
  for (size_t i = 0; i < model->input_count(); ++i) {
    const std::vector<uint8_t> bytes = random_tensor(model->input_type(i), options.seed + i);
    std::copy(bytes.begin(), bytes.end(), model->input_data(i).begin());
  }
  t0 = Clock::now();
  OCTET_RETURN_IF_ERROR(model->invoke());
  r.first_ms = ms_since(t0);
  double warm_total = 0;
  for (int i = 0; i < options.warmup; ++i) {
    t0 = Clock::now();
    OCTET_RETURN_IF_ERROR(model->invoke());
    warm_total += ms_since(t0);
  }
  r.warmup_avg_ms = options.warmup ? warm_total / options.warmup : 0;
  r.run_ms.reserve(options.runs);
  for (int i = 0; i < options.runs; ++i) {
    t0 = Clock::now();
    OCTET_RETURN_IF_ERROR(model->invoke());
    r.run_ms.push_back(ms_since(t0));
  }
  r.stats = latency_stats(r.run_ms);
  if (options.profile) {
    OCTET_ASSIGN_OR_RETURN(r.ops, profile_ops(*model, options.runs));
  }
  r.arena_bytes = model->arena_bytes();
  r.packed_weight_bytes = model->packed_weight_bytes();
  r.peak_rss_bytes = peak_rss_bytes();
  return r;
}

std::string format_benchmark(const BenchmarkResult& r, bool profile) {
  std::string s;
  s += fmt::format("isa: {}   threads: {}\n", r.isa, r.threads);
  s += fmt::format("init (compile: kernels, weight packing, memory plan): {:.3f} ms\n",
                   r.compile_ms);
  s += fmt::format("first inference: {:.3f} ms\n", r.first_ms);
  s += fmt::format("warm-up average: {:.3f} ms\n", r.warmup_avg_ms);
  s += fmt::format(
      "inference ({} runs): median {:.3f} ms, min {:.3f}, mean {:.3f}, std {:.3f}, max {:.3f}\n",
      r.run_ms.size(), r.stats.median_ms, r.stats.min_ms, r.stats.mean_ms, r.stats.std_ms,
      r.stats.max_ms);
  s += fmt::format("memory: arena {} bytes, packed weights {} bytes, peak RSS {:.1f} MiB\n",
                   commas(r.arena_bytes), commas(r.packed_weight_bytes),
                   r.peak_rss_bytes / (1024.0 * 1024.0));
  if (profile && !r.ops.empty()) {
    double total = 0;
    for (const OpProfile& op : r.ops) total += op.avg_ms;
    auto short_name = [](const std::string& n) {
      return n.size() <= 60 ? n : n.substr(0, 57) + "...";
    };
    size_t kernel_width = 6;  // the kernel column fits the longest kernel name
    for (const OpProfile& op : r.ops) kernel_width = std::max(kernel_width, op.kernel.size());
    auto row = [&](const OpProfile& op, double cumulative) {
      return fmt::format("{:>5}  {:<20} {:>9.4f} {:>6.2f} {:>7.2f} {:>13} {:>7}  {:<{}} {}\n",
                         op.node, op.op, op.avg_ms, 100 * op.avg_ms / total,
                         100 * cumulative / total, commas(op.macs), gmacs(op.macs, op.avg_ms),
                         op.kernel, kernel_width, short_name(op.name));
    };
    const std::string header =
        fmt::format("{:>5}  {:<20} {:>9} {:>6} {:>7} {:>13} {:>7}  {:<{}} {}\n", "#", "op",
                    "avg ms", "%", "cum %", "MACs", "GMAC/s", "kernel", kernel_width, "name");
    s += "\nper-op profile, run order:\n" + header;
    double cum = 0;
    for (const OpProfile& op : r.ops) s += row(op, cum += op.avg_ms);
    std::vector<OpProfile> sorted = r.ops;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const OpProfile& a, const OpProfile& b) { return a.avg_ms > b.avg_ms; });
    s += "\ntop ops by time:\n" + header;
    cum = 0;
    for (size_t i = 0; i < std::min<size_t>(10, sorted.size()); ++i)
      s += row(sorted[i], cum += sorted[i].avg_ms);
    struct TypeTotal {
      int count = 0;
      double ms = 0;
      int64_t macs = 0;
    };
    std::map<std::string, TypeTotal> by_type;
    for (const OpProfile& op : r.ops) {
      TypeTotal& t = by_type[op.op];
      ++t.count;
      t.ms += op.avg_ms;
      t.macs += op.macs;
    }
    std::vector<std::pair<std::string, TypeTotal>> types(by_type.begin(), by_type.end());
    std::stable_sort(types.begin(), types.end(),
                     [](const auto& a, const auto& b) { return a.second.ms > b.second.ms; });
    s += fmt::format("\nsummary by op type:\n{:<20} {:>6} {:>9} {:>6} {:>7} {:>13} {:>7}\n", "op",
                     "count", "avg ms", "%", "cum %", "MACs", "GMAC/s");
    cum = 0;
    for (const auto& [name, t] : types) {
      cum += t.ms;
      s +=
          fmt::format("{:<20} {:>6} {:>9.4f} {:>6.2f} {:>7.2f} {:>13} {:>7}\n", name, t.count, t.ms,
                      100 * t.ms / total, 100 * cum / total, commas(t.macs), gmacs(t.macs, t.ms));
    }
    s += fmt::format("total of per-op averages: {:.3f} ms\n", total);
  }
  s += fmt::format("median: {:.4f} ms\n", r.stats.median_ms);
  return s;
}

}  // namespace octet
