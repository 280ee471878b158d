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
    bool all_constant = true;
    for (ValueId v : n.inputs) all_constant &= v == kNoValue || g.value(v).is_constant();
    if (!all_constant) continue;
    int64_t bytes = 0;
    for (ValueId v : n.outputs) bytes += g.type(v).byte_size();
    if (bytes > kMaxFoldedBytes) continue;

    // A one-op graph: the constants, the op, its outputs.
    Graph one;
    Node copy = n;
    for (ValueId& v : copy.inputs) {
      if (v != kNoValue) v = one.add_value(g.value(v));
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
