// op_support.cc - see op_support.h.
#include "report/op_support.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "frontend/tflite/reader.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/ops.h"
#include "runtime/plan_builder.h"

namespace octet {

namespace {

// The column of a kernel level (kOpSupportLevels).
size_t column(KernelLevel level) {
  switch (level) {
    case KernelLevel::kReference:
      return 0;
    case KernelLevel::kAvx2:
      return 1;
    case KernelLevel::kAvx512Vnni:
      return 2;
    case KernelLevel::kCortexMDsp:
      return 3;
  }
  return 0;
}

// A step's kernel level: its kernel row's.
KernelLevel level_of(const Step& step) { return step.kernel->level; }

std::string dtype_text(DType in, DType out) {
  if (in == out) return std::string(dtype_name(in));
  return fmt::format("{}->{}", dtype_name(in), dtype_name(out));
}

// The dtypes a node runs at: its first non-constant input's (an op's data, not its shape or index
// constants; input 0 when all are constant) and its first output's.
std::string node_dtypes(const Graph& g, const Node& n) {
  ValueId in = kNoValue;
  for (ValueId v : n.inputs) {
    if (v != kNoValue && !g.value(v).is_constant()) {
      in = v;
      break;
    }
  }
  if (in == kNoValue && !n.inputs.empty()) in = n.inputs[0];
  const DType out = g.value(n.outputs[0]).type.dtype;
  return dtype_text(in == kNoValue ? out : g.value(in).type.dtype, out);
}

// The targets whose plans are built: each x86 level, and the code generator's DSP target.
std::vector<KernelTarget> targets() {
  std::vector<KernelTarget> t(4);
  t[0].isa = Isa::kReference;
  t[1].isa = Isa::kAvx2;
  t[2].isa = Isa::kAvx512Vnni;
  t[3].cortex_m_dsp = true;
  t[3].c_only = true;
  return t;
}

}  // namespace

std::vector<OpSupport> op_support(std::span<const Graph> graphs) {
  std::vector<OpSupport> table;
  std::vector<int> row_of(static_cast<size_t>(OpKind::kUnsupported) + 1, -1);
  for (OpKind op : all_ops()) {
    row_of[static_cast<size_t>(op)] = static_cast<int>(table.size());
    table.push_back(OpSupport{op, {}});
  }
  auto add = [&](OpKind op, KernelLevel level, std::string dtypes) {
    const int row = row_of[static_cast<size_t>(op)];
    if (row >= 0) table[row].dtypes[column(level)].insert(std::move(dtypes));
  };
  for (const Graph& model : graphs) {
    Graph g = model;
    if (!apply_runtime_passes(g).ok()) continue;
    for (const KernelTarget& target : targets()) {
      PlanOptions options;
      options.target = target;
      auto plan = build_plan(g, options);
      if (!plan.ok()) continue;
      for (const Step& step : plan->steps) {
        const Node& n = g.nodes[step.node];
        add(n.op, level_of(step), node_dtypes(g, n));
      }
    }
  }
  // Kernel rows declare their dtypes (input 0, and output 0 when it differs) whether or not a
  // model uses them; a row for any dtype declares none.
  for (std::span<const KernelRow> rows : all_kernel_rows()) {
    for (const KernelRow& r : rows) {
      if (r.in) add(r.op, r.kernel->level, dtype_text(*r.in, r.out.value_or(*r.in)));
    }
  }
  return table;
}

std::vector<Graph> read_models_under(std::span<const std::string> folders, int* files) {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  for (const std::string& folder : folders) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".tflite") {
        paths.push_back(it->path().string());
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Graph> graphs;
  for (const std::string& p : paths) {
    auto g = read_tflite_file(p);
    if (g.ok()) graphs.push_back(std::move(g).value());
  }
  if (files) *files = static_cast<int>(graphs.size());
  return graphs;
}

std::string op_support_markdown(std::span<const OpSupport> table) {
  std::string s = "| op |";
  for (std::string_view level : kOpSupportLevels) s += fmt::format(" {} |", level);
  s += "\n|---|---|---|---|---|\n";
  for (const OpSupport& row : table) {
    s += fmt::format("| {} |", op_name(row.op));
    for (const std::set<std::string>& dtypes : row.dtypes) {
      std::string cell;
      for (const std::string& d : dtypes) cell += (cell.empty() ? "" : ", ") + d;
      s += fmt::format(" {} |", cell.empty() ? "-" : cell);
    }
    s += "\n";
  }
  return s;
}

Result<std::string> splice_op_table(std::string_view doc, std::string_view table) {
  const size_t begin = doc.find(kOpTableBegin);
  const size_t end = doc.find(kOpTableEnd);
  if (begin == std::string_view::npos || end == std::string_view::npos || end < begin) {
    return error("the document has no op table markers ('{}' ... '{}')", kOpTableBegin,
                 kOpTableEnd);
  }
  const size_t body = begin + kOpTableBegin.size();
  return fmt::format("{}\n{}{}", doc.substr(0, body), table, doc.substr(end));
}

std::string current_op_table(std::string_view doc) {
  const size_t begin = doc.find(kOpTableBegin);
  const size_t end = doc.find(kOpTableEnd);
  if (begin == std::string_view::npos || end == std::string_view::npos || end < begin) return {};
  const size_t body = begin + kOpTableBegin.size() + 1;  // past the marker's newline
  return body <= end ? std::string(doc.substr(body, end - body)) : std::string();
}

}  // namespace octet
