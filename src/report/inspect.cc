// inspect.cc - see inspect.h.
#include "report/inspect.h"

#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "ir/summary.h"
#include "quantize/coverage.h"
#include "runtime/compiled_model.h"

namespace octet {

namespace {

std::string type_text(const Graph& g, ValueId v) {
  if (v == kNoValue) return "-";
  const Value& val = g.value(v);
  return (val.is_constant() ? "const " : "") + val.type.to_string();
}

std::string with_commas(int64_t x) {
  std::string s = std::to_string(x);
  for (int i = static_cast<int>(s.size()) - 3; i > (x < 0 ? 1 : 0); i -= 3) s.insert(i, ",");
  return s;
}

std::string op_label(const Node& n) {
  return n.op == OpKind::kUnsupported ? n.unsupported_name : std::string(op_name(n.op));
}

nlohmann::json tensor_json(const Graph& g, ValueId v) {
  if (v == kNoValue) return nullptr;
  const Value& val = g.value(v);
  nlohmann::json j = {{"id", v},
                      {"name", val.name},
                      {"dtype", dtype_name(val.type.dtype)},
                      {"shape", val.type.shape.dims},
                      {"constant", val.is_constant()}};
  if (val.type.quant) {
    j["quantization"] = {{"scales", val.type.quant->scales},
                         {"zero_points", val.type.quant->zero_points},
                         {"axis", val.type.quant->axis}};
  }
  return j;
}

const char* arithmetic_name(OpArithmetic a) {
  return a == OpArithmetic::kInteger    ? "integer"
         : a == OpArithmetic::kBoundary ? "boundary"
                                        : "float";
}

// The ops octet cannot run (read with allow_unsupported_ops), by node index.
std::vector<size_t> unsupported_ops(const Graph& g) {
  std::vector<size_t> out;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].op == OpKind::kUnsupported) out.push_back(i);
  }
  return out;
}

}  // namespace

std::string inspect_text(const Graph& g, std::string_view model_name, bool op_table) {
  const ModelSummary summary = summarize(g);
  const CoverageReport coverage = integer_coverage(g);
  auto compiled = CompiledModel::compile(g);
  const std::string arena = compiled.ok()
                                ? fmt::format("{} bytes", with_commas((*compiled)->arena_bytes()))
                                : fmt::format("unavailable ({})", compiled.message());
  std::string s = fmt::format("model: {}\n", model_name);
  for (ValueId v : g.inputs)
    s += fmt::format("input:  '{}' {}\n", g.value(v).name, g.type(v).to_string());
  for (ValueId v : g.outputs) {
    s += fmt::format("output: '{}' {}\n", g.value(v).name, g.type(v).to_string());
  }
  if (op_table) {
    s += fmt::format("\n{:>4}  {:<24} {:<36} {:>13}  {}\n", "#", "op", "attributes", "MACs",
                     "inputs -> outputs");
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      const Node& n = g.nodes[i];
      std::string ins, outs;
      for (size_t k = 0; k < n.inputs.size(); ++k) {
        ins += (k ? ", " : "") + type_text(g, n.inputs[k]);
      }
      for (size_t k = 0; k < n.outputs.size(); ++k) {
        outs += (k ? ", " : "") + type_text(g, n.outputs[k]);
      }
      const std::string name =
          n.op == OpKind::kUnsupported ? op_label(n) + " (unsupported)" : op_label(n);
      s += fmt::format("{:>4}  {:<24} {:<36} {:>13}  {} -> {}\n", i, name, format_attrs(n),
                       with_commas(node_macs(g, n)), ins, outs);
    }
  }
  std::string counts;
  for (const auto& [name, count] : summary.op_counts) {
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", name, count);
  }
  s += fmt::format("\nops:          {} ({})\n", summary.ops, counts);
  const std::vector<size_t> unsupported = unsupported_ops(g);
  if (!unsupported.empty()) {
    std::string list;
    for (size_t i : unsupported) list += (list.empty() ? "" : ", ") + g.node_label(i);
    s += fmt::format("unsupported:  {} op{} octet does not support: {}\n", unsupported.size(),
                     unsupported.size() == 1 ? "" : "s", list);
  }
  s += fmt::format("parameters:   {} ({} bytes)\n", with_commas(summary.parameters),
                   with_commas(summary.parameter_bytes));
  s += fmt::format("MACs:         {}\n", with_commas(summary.macs));
  s += fmt::format("arena:        {}\n", arena);
  s += fmt::format("integer-only: {}\n", coverage.verdict(g));
  for (const OpCoverage& c : coverage.ops) {
    if (c.arithmetic == OpArithmetic::kFloat) {
      s += fmt::format("  float op {}: {}\n", g.node_label(c.node), c.reason);
    }
  }
  return s;
}

std::string inspect_json(const Graph& g, std::string_view model_name) {
  const ModelSummary summary = summarize(g);
  const CoverageReport coverage = integer_coverage(g);
  auto compiled = CompiledModel::compile(g);
  nlohmann::json j;
  j["model"] = model_name;
  j["inputs"] = nlohmann::json::array();
  j["outputs"] = nlohmann::json::array();
  for (ValueId v : g.inputs) j["inputs"].push_back(tensor_json(g, v));
  for (ValueId v : g.outputs) j["outputs"].push_back(tensor_json(g, v));
  j["ops"] = nlohmann::json::array();
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    nlohmann::json op = {{"index", i},
                         {"op", op_label(n)},
                         {"attributes", format_attrs(n)},
                         {"macs", node_macs(g, n)},
                         {"arithmetic", arithmetic_name(coverage.ops[i].arithmetic)}};
    if (!coverage.ops[i].reason.empty()) op["reason"] = coverage.ops[i].reason;
    op["inputs"] = nlohmann::json::array();
    op["outputs"] = nlohmann::json::array();
    for (ValueId v : n.inputs) op["inputs"].push_back(tensor_json(g, v));
    for (ValueId v : n.outputs) op["outputs"].push_back(tensor_json(g, v));
    j["ops"].push_back(op);
  }
  j["totals"] = {{"ops", summary.ops},
                 {"parameters", summary.parameters},
                 {"parameter_bytes", summary.parameter_bytes},
                 {"macs", summary.macs},
                 {"op_counts", summary.op_counts}};
  if (compiled.ok()) {
    j["totals"]["arena_bytes"] = (*compiled)->arena_bytes();
  } else {
    j["totals"]["arena_bytes"] = nullptr;
    j["totals"]["arena_error"] = compiled.message();
  }
  j["unsupported_ops"] = nlohmann::json::array();
  for (size_t i : unsupported_ops(g)) {
    j["unsupported_ops"].push_back({{"index", i}, {"op", op_label(g.nodes[i])}});
  }
  j["integer_only"] = coverage.integer_only();
  j["integer_ops"] = coverage.integer_ops;
  j["boundary_ops"] = coverage.boundary_ops;
  j["float_ops"] = coverage.float_ops;
  return j.dump(2);
}

}  // namespace octet
