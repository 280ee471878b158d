// inspect.cc - `octet inspect MODEL`: one row per op (types, shapes, quantization, MACs), totals,
// and whether the model is integer-only. --json for machines, --ir for the IR text form.
#include <nlohmann/json.hpp>

#include "frontend/tflite/reader.h"
#include "ir/printer.h"
#include "ir/summary.h"
#include "quantize/coverage.h"
#include "runtime/compiled_model.h"
#include "tools/octet/commands.h"

namespace octet::cli {

namespace {

struct InspectOptions {
  std::string model;
  bool json = false;
  bool ir = false;
};

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

int run_inspect(const InspectOptions& o) {
  TfliteReadOptions read_options;
  read_options.allow_unsupported_ops = true;
  auto graph = read_tflite_file(o.model, read_options);
  if (!graph.ok()) return fail(graph.status());
  const Graph& g = *graph;
  if (o.ir) {
    fmt::print("{}", print_graph(g));
    return 0;
  }
  const ModelSummary summary = summarize(g);
  const CoverageReport coverage = integer_coverage(g);
  auto compiled = CompiledModel::compile(g);
  const std::string arena = compiled.ok()
                                ? fmt::format("{} bytes", with_commas((*compiled)->arena_bytes()))
                                : fmt::format("unavailable ({})", compiled.message());

  if (o.json) {
    nlohmann::json j;
    j["model"] = o.model;
    for (ValueId v : g.inputs) j["inputs"].push_back(tensor_json(g, v));
    for (ValueId v : g.outputs) j["outputs"].push_back(tensor_json(g, v));
    j["ops"] = nlohmann::json::array();
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      const Node& n = g.nodes[i];
      nlohmann::json op = {
          {"index", i},
          {"op", n.op == OpKind::kUnsupported ? n.unsupported_name : std::string(op_name(n.op))},
          {"attributes", format_attrs(n)},
          {"macs", node_macs(g, n)},
          {"arithmetic", coverage.ops[i].arithmetic == OpArithmetic::kInteger    ? "integer"
                         : coverage.ops[i].arithmetic == OpArithmetic::kBoundary ? "boundary"
                                                                                 : "float"}};
      if (!coverage.ops[i].reason.empty()) op["reason"] = coverage.ops[i].reason;
      op["inputs"] = nlohmann::json::array();
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
    j["integer_only"] = coverage.integer_only();
    j["integer_ops"] = coverage.integer_ops;
    j["boundary_ops"] = coverage.boundary_ops;
    j["float_ops"] = coverage.float_ops;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }

  fmt::print("model: {}\n", o.model);
  for (ValueId v : g.inputs)
    fmt::print("input:  '{}' {}\n", g.value(v).name, g.type(v).to_string());
  for (ValueId v : g.outputs) {
    fmt::print("output: '{}' {}\n", g.value(v).name, g.type(v).to_string());
  }
  fmt::print("\n{:>4}  {:<24} {:<36} {:>13}  {}\n", "#", "op", "attributes", "MACs",
             "inputs -> outputs");
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    std::string ins, outs;
    for (size_t k = 0; k < n.inputs.size(); ++k) ins += (k ? ", " : "") + type_text(g, n.inputs[k]);
    for (size_t k = 0; k < n.outputs.size(); ++k)
      outs += (k ? ", " : "") + type_text(g, n.outputs[k]);
    const std::string name = n.op == OpKind::kUnsupported ? n.unsupported_name + " (unsupported)"
                                                          : std::string(op_name(n.op));
    fmt::print("{:>4}  {:<24} {:<36} {:>13}  {} -> {}\n", i, name, format_attrs(n),
               with_commas(node_macs(g, n)), ins, outs);
  }
  std::string counts;
  for (const auto& [name, count] : summary.op_counts) {
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", name, count);
  }
  fmt::print("\nops:          {} ({})\n", summary.ops, counts);
  fmt::print("parameters:   {} ({} bytes)\n", with_commas(summary.parameters),
             with_commas(summary.parameter_bytes));
  fmt::print("MACs:         {}\n", with_commas(summary.macs));
  fmt::print("arena:        {}\n", arena);
  fmt::print("integer-only: {}\n", coverage.verdict(g));
  for (const OpCoverage& c : coverage.ops) {
    if (c.arithmetic == OpArithmetic::kFloat) {
      fmt::print("  float op {}: {}\n", g.node_label(c.node), c.reason);
    }
  }
  return 0;
}

}  // namespace

void add_inspect(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Show a model's ops (types, shapes, quantization, MACs), totals and whether it is "
      "integer-only");
  cmd->add_option("model", o->model, "TFLite model (.tflite)")->required();
  cmd->add_flag("--json", o->json, "Machine-readable output");
  cmd->add_flag("--ir", o->ir, "Print the IR text form instead");
  cmd->callback([o, &exit_code] { exit_code = run_inspect(*o); });
}

}  // namespace octet::cli
