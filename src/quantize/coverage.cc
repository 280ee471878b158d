// coverage.cc - see coverage.h.
#include "quantize/coverage.h"

#include <fmt/format.h>

namespace octet {

CoverageReport integer_coverage(const Graph& g) {
  CoverageReport report;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    OpCoverage c;
    c.node = i;
    if (n.op == OpKind::kQuantize && g.is_graph_input(n.inputs[0]) &&
        g.input_type(n, 0).dtype == DType::kFloat32) {
      c.arithmetic = OpArithmetic::kBoundary;
      c.reason = "converts float model input to integer";
    } else if (n.op == OpKind::kDequantize && g.is_graph_output(n.outputs[0])) {
      c.arithmetic = OpArithmetic::kBoundary;
      c.reason = "converts integer result to float model output";
    } else if (n.op == OpKind::kUnsupported) {
      c.arithmetic = OpArithmetic::kFloat;
      c.reason = fmt::format("{} is not supported", n.unsupported_name);
    } else {
      auto check = [&](ValueId v, const char* role, size_t k) {
        if (v == kNoValue || c.arithmetic == OpArithmetic::kFloat) return;
        if (is_float(g.type(v).dtype)) {
          c.arithmetic = OpArithmetic::kFloat;
          c.reason = fmt::format("{} {} '{}' is {}", role, k, g.value(v).name,
                                 dtype_name(g.type(v).dtype));
        }
      };
      for (size_t k = 0; k < n.inputs.size(); ++k) check(n.inputs[k], "input", k);
      for (size_t k = 0; k < n.outputs.size(); ++k) check(n.outputs[k], "output", k);
    }
    switch (c.arithmetic) {
      case OpArithmetic::kInteger:
        ++report.integer_ops;
        break;
      case OpArithmetic::kBoundary:
        ++report.boundary_ops;
        break;
      case OpArithmetic::kFloat:
        ++report.float_ops;
        break;
    }
    report.ops.push_back(std::move(c));
  }
  return report;
}

std::string CoverageReport::verdict(const Graph& g) const {
  if (integer_only()) return "yes";
  std::string list;
  int shown = 0;
  for (const OpCoverage& c : ops) {
    if (c.arithmetic != OpArithmetic::kFloat) continue;
    if (shown++ == 8) {
      list += ", ...";
      break;
    }
    const Node& n = g.nodes[c.node];
    list +=
        fmt::format("{}#{} {}", shown > 1 ? ", " : "", c.node,
                    n.op == OpKind::kUnsupported ? n.unsupported_name : std::string(op_name(n.op)));
  }
  return fmt::format("no ({} float op{}: {})", float_ops, float_ops == 1 ? "" : "s", list);
}

}  // namespace octet
