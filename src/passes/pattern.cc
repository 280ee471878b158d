// pattern.cc - see pattern.h.
#include "passes/pattern.h"

#include <algorithm>

namespace octet {

Pattern op(OpKind kind, std::vector<Pattern> inputs, std::string name) {
  return op_any_of({kind}, std::move(inputs), std::move(name));
}

Pattern op_any_of(std::vector<OpKind> kinds, std::vector<Pattern> inputs, std::string name) {
  Pattern p;
  p.kind_ = Pattern::Kind::kOp;
  p.ops_ = std::move(kinds);
  p.inputs_ = std::move(inputs);
  p.name_ = std::move(name);
  return p;
}

Pattern any(std::string name) {
  Pattern p;
  p.kind_ = Pattern::Kind::kAny;
  p.name_ = std::move(name);
  return p;
}

Pattern constant(std::string name) {
  Pattern p;
  p.kind_ = Pattern::Kind::kConstant;
  p.name_ = std::move(name);
  return p;
}

Pattern constant_or_absent(std::string name) {
  Pattern p;
  p.kind_ = Pattern::Kind::kConstantOrAbsent;
  p.name_ = std::move(name);
  return p;
}

namespace {

struct Matcher {
  const Graph& g;
  const std::vector<int>& producers;
  const std::vector<std::vector<int>>& consumers;

  bool match_value(ValueId v, const Pattern& p, Match& m) const {
    switch (p.kind()) {
      case Pattern::Kind::kAny:
        if (v == kNoValue) return false;
        break;
      case Pattern::Kind::kConstant:
        if (v == kNoValue || !g.value(v).is_constant()) return false;
        break;
      case Pattern::Kind::kConstantOrAbsent:
        if (v != kNoValue && !g.value(v).is_constant()) return false;
        break;
      case Pattern::Kind::kAbsent:
        if (v != kNoValue) return false;
        break;
      case Pattern::Kind::kOp: {
        if (v == kNoValue || producers[v] < 0) return false;
        const int n = producers[v];
        if (p.requires_single_use() && (consumers[v].size() != 1 || g.is_graph_output(v))) {
          return false;
        }
        if (!match_node(n, p, m)) return false;
        break;
      }
    }
    if (!p.name().empty() && p.kind() != Pattern::Kind::kOp) m.values[p.name()] = v;
    return true;
  }

  bool match_inputs(const Node& node, const Pattern& p, const std::vector<size_t>& order,
                    Match& m) const {
    Match trial = m;
    for (size_t k = 0; k < p.inputs().size(); ++k) {
      const ValueId v = node.input(order[k]);
      if (!match_value(v, p.inputs()[k], trial)) return false;
    }
    m = std::move(trial);
    return true;
  }

  bool match_node(int n, const Pattern& p, Match& m) const {
    const Node& node = g.nodes[n];
    if (std::find(p.ops().begin(), p.ops().end(), node.op) == p.ops().end()) return false;
    if (p.inputs().size() > node.inputs.size() &&
        !std::all_of(p.inputs().begin() + node.inputs.size(), p.inputs().end(),
                     [](const Pattern& q) {
                       return q.kind() == Pattern::Kind::kConstantOrAbsent ||
                              q.kind() == Pattern::Kind::kAbsent;
                     })) {
      return false;
    }
    std::vector<size_t> order(p.inputs().size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    bool ok = match_inputs(node, p, order, m);
    const bool commutative = node.op == OpKind::kAdd || node.op == OpKind::kMul;
    if (!ok && commutative && order.size() == 2) {
      order = {1, 0};
      ok = match_inputs(node, p, order, m);
    }
    if (!ok) return false;
    if (!p.name().empty()) m.nodes[p.name()] = n;
    return true;
  }
};

}  // namespace

std::optional<Match> match_at(const Graph& g, int root, const Pattern& p,
                              const std::vector<std::vector<int>>& consumers) {
  const std::vector<int> producers = g.producers();
  Matcher matcher{g, producers, consumers};
  Match m;
  if (!matcher.match_node(root, p, m)) return std::nullopt;
  m.root = root;
  return m;
}

std::vector<Match> find_all(const Graph& g, const Pattern& p) {
  const std::vector<int> producers = g.producers();
  const auto consumers = g.consumers();
  Matcher matcher{g, producers, consumers};
  std::vector<Match> out;
  for (int n = 0; n < static_cast<int>(g.nodes.size()); ++n) {
    Match m;
    if (matcher.match_node(n, p, m)) {
      m.root = n;
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace octet
