// graph_passes.cc - see graph_passes.h.
#include "passes/graph_passes.h"

#include <fmt/format.h>

#include "passes/pattern.h"

namespace octet {

namespace {

const std::vector<OpKind> kWeightedOps = {OpKind::kConv2D, OpKind::kDepthwiseConv2D,
                                          OpKind::kFullyConnected};

// Per-output-channel values of a constant that broadcasts along the last axis only: a scalar,
// [C], or [1, ..., 1, C]. nullopt otherwise.
std::optional<std::vector<float>> channel_values(const Value& c, int32_t channels) {
  if (c.type.dtype != DType::kFloat32 || !c.is_constant()) return std::nullopt;
  const Shape& s = c.type.shape;
  for (int d = 0; d + 1 < s.rank(); ++d) {
    if (s[d] != 1) return std::nullopt;
  }
  const std::span<const float> v = c.as<float>();
  if (v.size() == 1) return std::vector<float>(channels, v[0]);
  if (static_cast<int32_t>(v.size()) != channels) return std::nullopt;
  return std::vector<float>(v.begin(), v.end());
}

int32_t output_channels(const Graph& g, const Node& n) {
  const Shape& w = g.input_type(n, 1).shape;
  return n.op == OpKind::kDepthwiseConv2D ? w[3] : w[0];
}

}  // namespace

Result<int> fold_batch_norm(Graph& g) {
  int rewrites = 0;
  // One rewrite per round: a fold invalidates node indices of later matches.
  for (bool changed = true; changed;) {
    changed = false;
    const Pattern producer =
        op_any_of(kWeightedOps, {any("x"), constant("w"), constant_or_absent("b")}, "producer")
            .single_use();
    const Pattern pattern =
        op_any_of({OpKind::kMul, OpKind::kAdd, OpKind::kSub}, {producer, constant("c")}, "affine");
    for (const Match& m : find_all(g, pattern)) {
      Node& prod = g.nodes[m.node("producer")];
      const Node& aff = g.nodes[m.node("affine")];
      if (prod.attrs.activation != FusedActivation::kNone) continue;
      if (g.input_type(prod, 0).dtype != DType::kFloat32) continue;
      if (aff.op == OpKind::kSub && aff.inputs[1] != m.value("c")) continue;  // c - conv: no
      const int32_t channels = output_channels(g, prod);
      auto c = channel_values(g.value(m.value("c")), channels);
      if (!c) continue;
      // The affine op must not change the output shape (broadcast only along channels).
      if (g.output_type(aff, 0).shape != g.output_type(prod, 0).shape) continue;

      const ValueId w_id = m.value("w"), b_id = m.value("b");
      std::vector<float> w(g.value(w_id).as<float>().begin(), g.value(w_id).as<float>().end());
      std::vector<float> b(channels, 0.0f);
      if (b_id != kNoValue) {
        const auto bias = g.value(b_id).as<float>();
        b.assign(bias.begin(), bias.end());
      }
      if (aff.op == OpKind::kMul) {
        const bool depthwise = prod.op == OpKind::kDepthwiseConv2D;
        const size_t per_channel = w.size() / channels;
        for (size_t i = 0; i < w.size(); ++i) {
          const size_t ch = depthwise ? i % channels : i / per_channel;
          w[i] *= (*c)[ch];
        }
        for (int32_t ch = 0; ch < channels; ++ch) b[ch] *= (*c)[ch];
      } else {
        const float sign = aff.op == OpKind::kAdd ? 1.0f : -1.0f;
        for (int32_t ch = 0; ch < channels; ++ch) b[ch] += sign * (*c)[ch];
      }
      // New constants: the old ones may be read elsewhere (DESIGN.md rule 3: never edit in place).
      const std::string base = g.value(w_id).name;
      TensorType wt = g.type(w_id);
      const ValueId new_w = g.add_constant_of<float>(base, wt, w);
      const ValueId new_b =
          g.add_constant_of<float>(b_id != kNoValue ? g.value(b_id).name : base + "/bias",
                                   TensorType{DType::kFloat32, Shape{channels}, std::nullopt}, b);
      Node& p =
          g.nodes[m.node("producer")];  // re-fetch: add_constant may not move nodes, but be safe
      const ValueId aff_out = g.nodes[m.node("affine")].outputs[0];
      p.inputs.resize(3);
      p.inputs[1] = new_w;
      p.inputs[2] = new_b;
      p.outputs[0] = aff_out;
      std::vector<bool> erase(g.nodes.size(), false);
      erase[m.node("affine")] = true;
      g.erase_nodes(erase);
      g.remove_unused_values();
      ++rewrites;
      changed = true;
      break;
    }
  }
  return rewrites;
}

Result<int> fuse_activations(Graph& g) {
  int rewrites = 0;
  for (bool changed = true; changed;) {
    changed = false;
    const Pattern producer =
        op_any_of({OpKind::kConv2D, OpKind::kDepthwiseConv2D, OpKind::kFullyConnected, OpKind::kAdd,
                   OpKind::kSub, OpKind::kMul, OpKind::kAveragePool2D, OpKind::kMaxPool2D},
                  {}, "producer")
            .single_use();
    const Pattern pattern =
        op_any_of({OpKind::kRelu, OpKind::kRelu6, OpKind::kReluN1To1}, {producer}, "act");
    for (const Match& m : find_all(g, pattern)) {
      Node& p = g.nodes[m.node("producer")];
      const Node& a = g.nodes[m.node("act")];
      if (p.attrs.activation != FusedActivation::kNone) continue;
      if (g.output_type(p, 0).dtype != DType::kFloat32) continue;
      p.attrs.activation = a.op == OpKind::kRelu    ? FusedActivation::kRelu
                           : a.op == OpKind::kRelu6 ? FusedActivation::kRelu6
                                                    : FusedActivation::kReluN1To1;
      p.outputs[0] = a.outputs[0];
      std::vector<bool> erase(g.nodes.size(), false);
      erase[m.node("act")] = true;
      g.erase_nodes(erase);
      g.remove_unused_values();
      ++rewrites;
      changed = true;
      break;
    }
  }
  return rewrites;
}

Result<int> remove_dead_nodes(Graph& g) {
  int removed = 0;
  for (bool changed = true; changed;) {
    changed = false;
    const auto consumers = g.consumers();
    std::vector<bool> erase(g.nodes.size(), false);
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      bool used = false;
      for (ValueId v : g.nodes[i].outputs) used |= !consumers[v].empty() || g.is_graph_output(v);
      if (!used) {
        erase[i] = true;
        ++removed;
        changed = true;
      }
    }
    if (changed) {
      g.erase_nodes(erase);
      g.remove_unused_values();
    }
  }
  return removed;
}

}  // namespace octet
