// printer.cc - see printer.h.
#include "ir/printer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace octet {

namespace {

std::string ref(const Graph& g, ValueId v) {
  if (v == kNoValue) return "none";
  return fmt::format("{}{}", g.value(v).is_constant() ? "@" : "%", v);
}

// A few leading elements of a small constant, so shape-like constants read naturally.
std::string preview(const Value& v) {
  if (!v.is_constant() || v.type.elements() > 8) return "";
  std::vector<std::string> items;
  switch (v.type.dtype) {
    case DType::kInt32:
      for (int32_t x : v.as<int32_t>()) items.push_back(std::to_string(x));
      break;
    case DType::kInt64:
      for (int64_t x : v.as<int64_t>()) items.push_back(std::to_string(x));
      break;
    case DType::kFloat32:
      for (float x : v.as<float>()) items.push_back(fmt::format("{:g}", x));
      break;
    case DType::kInt8:
      for (int8_t x : v.as<int8_t>()) items.push_back(std::to_string(x));
      break;
    case DType::kUInt8:
      for (uint8_t x : v.as<uint8_t>()) items.push_back(std::to_string(x));
      break;
    default:
      return "";
  }
  return fmt::format(" = [{}]", fmt::join(items, ","));
}

}  // namespace

std::string print_graph(const Graph& g) {
  std::string out = "graph(";
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const ValueId v = g.inputs[i];
    out += fmt::format("{}{}: {} \"{}\"", i ? ", " : "", ref(g, v), g.type(v).to_string(),
                       g.value(v).name);
  }
  out += ") -> (";
  for (size_t i = 0; i < g.outputs.size(); ++i) {
    out += fmt::format("{}{}", i ? ", " : "", ref(g, g.outputs[i]));
  }
  out += ") {\n";
  for (size_t v = 0; v < g.values.size(); ++v) {
    const Value& val = g.values[v];
    if (!val.is_constant()) continue;
    out +=
        fmt::format("  const @{} \"{}\": {}{}\n", v, val.name, val.type.to_string(), preview(val));
  }
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    std::vector<std::string> outs, ins;
    for (ValueId v : n.outputs)
      outs.push_back(fmt::format("{}: {}", ref(g, v), g.type(v).to_string()));
    for (ValueId v : n.inputs) ins.push_back(ref(g, v));
    const std::string name =
        n.op == OpKind::kUnsupported ? "UNSUPPORTED" : std::string(op_name(n.op));
    const std::string attrs = format_attrs(n);
    out += fmt::format("  {} = {}({}){}{}   // #{} \"{}\"\n", fmt::join(outs, ", "), name,
                       fmt::join(ins, ", "), attrs.empty() ? "" : " ", attrs, i,
                       n.outputs.empty() ? "" : g.value(n.outputs[0]).name);
  }
  out += "}\n";
  return out;
}

}  // namespace octet
