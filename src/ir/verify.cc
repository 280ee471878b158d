// verify.cc - see verify.h.
#include "ir/verify.h"

#include <fmt/format.h>

namespace octet {

namespace {

Status verify_structure(const Graph& g) {
  const ValueId count = static_cast<ValueId>(g.values.size());
  std::vector<bool> available(g.values.size(), false);
  for (ValueId v : g.inputs) {
    if (v < 0 || v >= count) return error("graph input id {} out of range", v);
    available[v] = true;
  }
  for (ValueId v = 0; v < count; ++v) {
    const Value& val = g.values[v];
    if (!val.type.shape.checked_elements()) {
      return error("tensor '{}' has invalid shape {}", val.name, val.type.shape.to_string());
    }
    if (val.variable) available[v] = true;
    if (val.is_constant()) {
      available[v] = true;
      if (static_cast<int64_t>(val.data->size()) != val.type.byte_size()) {
        return error("constant '{}' {} holds {} bytes, its type needs {}", val.name,
                     val.type.to_string(), val.data->size(), val.type.byte_size());
      }
    }
    if (val.type.quant) {
      const QuantParams& q = *val.type.quant;
      if (q.scales.empty()) return error("tensor '{}' has quantization without scales", val.name);
      if (!q.zero_points.empty() && q.zero_points.size() != q.scales.size()) {
        return error("tensor '{}' has {} scales but {} zero points", val.name, q.scales.size(),
                     q.zero_points.size());
      }
      if (q.per_axis()) {
        if (q.axis < 0 || q.axis >= val.type.shape.rank() ||
            val.type.shape[q.axis] != static_cast<int32_t>(q.scales.size())) {
          return error("tensor '{}' {} has {} scales on axis {}", val.name,
                       val.type.shape.to_string(), q.scales.size(), q.axis);
        }
      }
      if (is_quantizable_integer(val.type.dtype)) {
        for (size_t c = 0; c < q.zero_points.size(); ++c) {
          if (q.zero_points[c] < dtype_min(val.type.dtype) ||
              q.zero_points[c] > dtype_max(val.type.dtype)) {
            return error("tensor '{}' zero point {} is outside {}'s range", val.name,
                         q.zero_points[c], dtype_name(val.type.dtype));
          }
        }
      }
    }
  }
  std::vector<bool> written(g.values.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    const OpDef& def = op_def(n.op);
    const std::string label = fmt::format(
        "#{} {}", i, n.op == OpKind::kUnsupported ? n.unsupported_name : std::string(def.name));
    const int ni = static_cast<int>(n.inputs.size()), no = static_cast<int>(n.outputs.size());
    if (ni < def.min_inputs || (def.max_inputs >= 0 && ni > def.max_inputs)) {
      return error("{}: has {} inputs, expects {}..{}", label, ni, def.min_inputs,
                   def.max_inputs < 0 ? std::string("n") : std::to_string(def.max_inputs));
    }
    if (no < def.min_outputs || (def.max_outputs >= 0 && no > def.max_outputs)) {
      return error("{}: has {} outputs, expects {}..{}", label, no, def.min_outputs,
                   def.max_outputs < 0 ? std::string("n") : std::to_string(def.max_outputs));
    }
    for (int k = 0; k < ni; ++k) {
      const ValueId v = n.inputs[k];
      if (v == kNoValue) {
        // A variadic op's inputs (CONCATENATION's, PACK's, ADD_N's) are all required.
        if (k < def.min_inputs || (def.max_inputs < 0 && n.op != OpKind::kUnsupported)) {
          return error("{}: required input {} is missing", label, k);
        }
        continue;
      }
      if (v < 0 || v >= count)
        return error("{}: input {} refers to tensor {} of {}", label, k, v, count);
      if (!available[v]) {
        return error("{}: reads '{}' before any op writes it", label, g.values[v].name);
      }
    }
    for (int k = 0; k < no; ++k) {
      const ValueId v = n.outputs[k];
      if (v < 0 || v >= count)
        return error("{}: output {} refers to tensor {} of {}", label, k, v, count);
      if (g.values[v].is_constant()) {
        return error("{}: writes constant tensor '{}'", label, g.values[v].name);
      }
      if (written[v] || g.is_graph_input(v)) {
        return error("{}: tensor '{}' is written more than once", label, g.values[v].name);
      }
      written[v] = true;
      available[v] = true;
    }
  }
  for (ValueId v : g.outputs) {
    if (v < 0 || v >= count) return error("graph output id {} out of range", v);
    if (!available[v]) return error("graph output '{}' is never written", g.values[v].name);
  }
  return Status::Ok();
}

}  // namespace

Status verify_graph(const Graph& g) {
  OCTET_RETURN_IF_ERROR(verify_structure(g));
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (n.op == OpKind::kUnsupported) continue;
    const OpDef& def = op_def(n.op);
    const std::string label = fmt::format("op #{}", i);
    OCTET_ASSIGN_OR_RETURN(std::vector<Shape> shapes, [&]() -> Result<std::vector<Shape>> {
      auto r = def.infer_shapes(g, n);
      if (!r.ok()) return r.status().with_context(label);
      return r;
    }());
    if (shapes.size() != n.outputs.size()) {
      return error("{} {}: infers {} outputs, has {}", label, def.name, shapes.size(),
                   n.outputs.size());
    }
    for (size_t k = 0; k < shapes.size(); ++k) {
      const Value& out = g.value(n.outputs[k]);
      if (shapes[k] != out.type.shape) {
        return error("{} {}: output '{}' is declared {} but the inputs give {}", label, def.name,
                     out.name, out.type.shape.to_string(), shapes[k].to_string());
      }
    }
    OCTET_RETURN_IF_ERROR(def.check_types(g, n).with_context(label));
  }
  return Status::Ok();
}

}  // namespace octet
