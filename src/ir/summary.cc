// summary.cc - see summary.h.
#include "ir/summary.h"

namespace octet {

int64_t node_macs(const Graph& g, const Node& n) { return op_def(n.op).macs(g, n); }

ModelSummary summarize(const Graph& g) {
  ModelSummary s;
  s.ops = static_cast<int64_t>(g.nodes.size());
  for (const Value& v : g.values) {
    if (!v.is_constant()) continue;
    s.parameters += v.type.elements();
    s.parameter_bytes += static_cast<int64_t>(v.data->size());
  }
  for (const Node& n : g.nodes) {
    s.macs += node_macs(g, n);
    s.op_counts[n.op == OpKind::kUnsupported ? n.unsupported_name : std::string(op_name(n.op))]++;
  }
  return s;
}

}  // namespace octet
