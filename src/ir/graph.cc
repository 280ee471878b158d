// graph.cc - see graph.h.
#include "ir/graph.h"

#include <fmt/format.h>

#include <algorithm>

namespace octet {

std::vector<int> Graph::producers() const {
  std::vector<int> p(values.size(), -1);
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (ValueId v : nodes[i].outputs) {
      if (v >= 0) p[v] = static_cast<int>(i);
    }
  }
  return p;
}

std::vector<std::vector<int>> Graph::consumers() const {
  std::vector<std::vector<int>> c(values.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (ValueId v : nodes[i].inputs) {
      if (v >= 0 && (c[v].empty() || c[v].back() != static_cast<int>(i))) {
        c[v].push_back(static_cast<int>(i));
      }
    }
  }
  return c;
}

bool Graph::is_graph_output(ValueId v) const {
  return std::find(outputs.begin(), outputs.end(), v) != outputs.end();
}

bool Graph::is_graph_input(ValueId v) const {
  return std::find(inputs.begin(), inputs.end(), v) != inputs.end();
}

std::string Graph::node_label(size_t i) const {
  const Node& n = nodes[i];
  std::string name = n.op == OpKind::kUnsupported ? n.unsupported_name : std::string(op_name(n.op));
  if (!n.outputs.empty() && n.outputs[0] >= 0) {
    return fmt::format("#{} {} ('{}')", i, name, values[n.outputs[0]].name);
  }
  return fmt::format("#{} {}", i, name);
}

void Graph::remove_unused_values() {
  std::vector<bool> used(values.size(), false);
  for (const Node& n : nodes) {
    for (ValueId v : n.inputs) {
      if (v >= 0) used[v] = true;
    }
    for (ValueId v : n.outputs) {
      if (v >= 0) used[v] = true;
    }
  }
  for (ValueId v : inputs) used[v] = true;
  for (ValueId v : outputs) used[v] = true;
  std::vector<ValueId> remap(values.size(), kNoValue);
  std::vector<Value> kept;
  for (size_t v = 0; v < values.size(); ++v) {
    if (!used[v]) continue;
    remap[v] = static_cast<ValueId>(kept.size());
    kept.push_back(std::move(values[v]));
  }
  values = std::move(kept);
  auto fix = [&](std::vector<ValueId>& ids) {
    for (ValueId& v : ids) {
      if (v >= 0) v = remap[v];
    }
  };
  for (Node& n : nodes) {
    fix(n.inputs);
    fix(n.outputs);
  }
  fix(inputs);
  fix(outputs);
}

void Graph::replace_uses(ValueId from, ValueId to) {
  for (Node& n : nodes) {
    for (ValueId& v : n.inputs) {
      if (v == from) v = to;
    }
  }
  for (ValueId& v : outputs) {
    if (v == from) v = to;
  }
}

void Graph::erase_nodes(const std::vector<bool>& erase) {
  std::vector<Node> kept;
  kept.reserve(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!erase[i]) kept.push_back(std::move(nodes[i]));
  }
  nodes = std::move(kept);
}

}  // namespace octet
