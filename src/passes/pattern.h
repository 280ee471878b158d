// pattern.h - a declarative pattern matcher over the IR (after TVM's dataflow patterns):
//
//   auto conv = op(OpKind::kConv2D, {any("x"), constant("w"), constant_or_absent("b")}, "conv");
//   auto p = op(OpKind::kMul, {conv.single_use(), constant("scale")}, "mul");
//   for (const Match& m : find_all(graph, p)) { m.value("w"), m.node("conv") ... }
//
// A pattern is a tree rooted at an op; its leaves bind values (any tensor, a constant, an absent
// optional input). Interior ops can require that their output has exactly one consumer (so fusing
// them away is safe). Commutative ops (ADD, MUL) also match with their two inputs swapped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace octet {

class Pattern {
 public:
  enum class Kind { kOp, kAny, kConstant, kConstantOrAbsent, kAbsent };

  Kind kind() const { return kind_; }
  const std::vector<OpKind>& ops() const { return ops_; }
  const std::vector<Pattern>& inputs() const { return inputs_; }
  const std::string& name() const { return name_; }
  bool requires_single_use() const { return single_use_; }

  // The output of this op may feed only the op above it (and must not be a graph output).
  Pattern single_use() const {
    Pattern p = *this;
    p.single_use_ = true;
    return p;
  }

  friend Pattern op(OpKind kind, std::vector<Pattern> inputs, std::string name);
  friend Pattern op_any_of(std::vector<OpKind> kinds, std::vector<Pattern> inputs,
                           std::string name);
  friend Pattern any(std::string name);
  friend Pattern constant(std::string name);
  friend Pattern constant_or_absent(std::string name);

 private:
  Kind kind_ = Kind::kAny;
  std::vector<OpKind> ops_;
  std::vector<Pattern> inputs_;  // for ops: patterns of the leading inputs (extra inputs ignored)
  std::string name_;
  bool single_use_ = false;
};

Pattern op(OpKind kind, std::vector<Pattern> inputs = {}, std::string name = "");
Pattern op_any_of(std::vector<OpKind> kinds, std::vector<Pattern> inputs = {},
                  std::string name = "");
Pattern any(std::string name = "");
Pattern constant(std::string name = "");
Pattern constant_or_absent(std::string name = "");

struct Match {
  int root = -1;                          // node index of the pattern's root op
  std::map<std::string, int> nodes;       // named op patterns -> node index
  std::map<std::string, ValueId> values;  // named leaves -> value id (kNoValue when absent)

  int node(const std::string& name) const { return nodes.at(name); }
  ValueId value(const std::string& name) const { return values.at(name); }
};

// Matches `pattern` with its root at node `root`.
std::optional<Match> match_at(const Graph& graph, int root, const Pattern& pattern,
                              const std::vector<std::vector<int>>& consumers);
// All matches, in execution order of their roots (matches may overlap; rewrite one at a time).
std::vector<Match> find_all(const Graph& graph, const Pattern& pattern);

}  // namespace octet
