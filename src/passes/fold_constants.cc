// fold_constants.cc - see fold_constants.h.
#include "passes/fold_constants.h"

#include <fmt/format.h>

#include "runtime/compiled_model.h"

namespace octet {

namespace {

constexpr int64_t kMaxFoldedBytes = int64_t{64} << 20;

}  // namespace

Result<int> fold_constants(Graph& g) {
  int folded = 0;
  std::vector<bool> erase(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (n.op == OpKind::kUnsupported || n.inputs.empty()) continue;
    // Inputs the op reads only the shape of (SHAPE, ZEROS_LIKE) count as known.
    const uint32_t shape_only = op_def(n.op).shape_only_inputs;
    bool all_constant = true;
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      const ValueId v = n.inputs[k];
      all_constant &= v == kNoValue || g.value(v).is_constant() || (shape_only >> k & 1u);
    }
    if (!all_constant) continue;
    int64_t bytes = 0;
    for (ValueId v : n.outputs) bytes += g.type(v).byte_size();
    if (bytes > kMaxFoldedBytes) continue;

    // A one-op graph: the constants, the op, its outputs.
    Graph one;
    Node copy = n;
    for (ValueId& v : copy.inputs) {
      if (v == kNoValue) continue;
      Value known = g.value(v);
      if (!known.is_constant()) known.data.emplace(static_cast<size_t>(known.type.byte_size()), 0);
      v = one.add_value(std::move(known));
    }
    for (ValueId& v : copy.outputs) {
      v = one.add_activation(g.value(v).name, g.type(v));
      one.outputs.push_back(v);
    }
    one.nodes.push_back(copy);
    CompileOptions options;
    options.isa = Isa::kReference;
    auto compiled = CompiledModel::compile(one, options);
    if (!compiled.ok()) {
      return compiled.status().with_context(fmt::format("folding {}", g.node_label(i)));
    }
    OCTET_RETURN_IF_ERROR(
        (*compiled)->invoke().with_context(fmt::format("folding {}", g.node_label(i))));
    for (size_t k = 0; k < n.outputs.size(); ++k) {
      const auto bytes_out = (*compiled)->output_data(k);
      g.value(n.outputs[k]).data.emplace(bytes_out.begin(), bytes_out.end());
    }
    erase[i] = true;
    ++folded;
  }
  if (folded) {
    g.erase_nodes(erase);
    g.remove_unused_values();
  }
  return folded;
}

}  // namespace octet
