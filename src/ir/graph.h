// graph.h - octet's IR: a typed, quantization-aware dataflow graph. Values are tensors (activations
// or constants); nodes are ops in execution order. Frontends build it, passes rewrite it, backends
// (runtime, writer, code generator, reports) consume it.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor_type.h"
#include "ir/ops.h"

namespace octet {

using ValueId = int32_t;
constexpr ValueId kNoValue = -1;

struct Value {
  std::string name;
  TensorType type;
  // Constant payload, little-endian, dense. Each constant Value owns its bytes (DESIGN.md rule 3:
  // two tensors that shared one buffer in a file are independent here).
  std::optional<std::vector<uint8_t>> data;
  // A variable (state) tensor: neither input nor constant, read before it is written (LSTM state).
  bool variable = false;

  bool is_constant() const { return data.has_value(); }
  template <typename T>
  std::span<const T> as() const {
    return {reinterpret_cast<const T*>(data->data()), data->size() / sizeof(T)};
  }
  template <typename T>
  std::span<T> as_mutable() {
    return {reinterpret_cast<T*>(data->data()), data->size() / sizeof(T)};
  }
};

struct Node {
  OpKind op = OpKind::kUnsupported;
  std::vector<ValueId> inputs;  // kNoValue marks an absent optional input
  std::vector<ValueId> outputs;
  Attrs attrs;
  // For kUnsupported: what the file called it ("UNIDIRECTIONAL_SEQUENCE_LSTM",
  // "CUSTOM:TFLite_Detection_PostProcess").
  std::string unsupported_name;

  ValueId input(size_t i) const { return i < inputs.size() ? inputs[i] : kNoValue; }
};

class Graph {
 public:
  std::vector<Value> values;
  std::vector<Node> nodes;  // execution order
  std::vector<ValueId> inputs;
  std::vector<ValueId> outputs;
  std::string description;

  ValueId add_value(Value v) {
    values.push_back(std::move(v));
    return static_cast<ValueId>(values.size() - 1);
  }
  ValueId add_activation(std::string name, TensorType type) {
    return add_value(Value{std::move(name), std::move(type), std::nullopt, false});
  }
  ValueId add_constant(std::string name, TensorType type, std::vector<uint8_t> bytes) {
    return add_value(Value{std::move(name), std::move(type), std::move(bytes), false});
  }
  template <typename T>
  ValueId add_constant_of(std::string name, TensorType type, std::span<const T> elements) {
    std::vector<uint8_t> bytes(elements.size_bytes());
    if (!bytes.empty()) std::memcpy(bytes.data(), elements.data(), bytes.size());
    return add_constant(std::move(name), std::move(type), std::move(bytes));
  }

  const Value& value(ValueId id) const { return values[id]; }
  Value& value(ValueId id) { return values[id]; }
  const TensorType& type(ValueId id) const { return values[id].type; }
  // The type of input i of a node; the node must have that input.
  const TensorType& input_type(const Node& n, size_t i) const { return values[n.inputs[i]].type; }
  const TensorType& output_type(const Node& n, size_t i) const { return values[n.outputs[i]].type; }
  bool has_input(const Node& n, size_t i) const { return n.input(i) != kNoValue; }

  // producer[v] = index of the node that writes value v, or -1 (graph input or constant).
  std::vector<int> producers() const;
  // consumers[v] = indices of the nodes that read value v, in execution order.
  std::vector<std::vector<int>> consumers() const;
  bool is_graph_output(ValueId v) const;
  bool is_graph_input(ValueId v) const;

  // A short human name for a node: "#12 CONV_2D (out: name)".
  std::string node_label(size_t node_index) const;

  // Drops values that no node or graph input/output references, renumbering ids.
  void remove_unused_values();
  // Points every reader of `from` (node inputs, graph outputs) at `to`.
  void replace_uses(ValueId from, ValueId to);
  // Removes the nodes whose flag is set, keeping the order of the rest.
  void erase_nodes(const std::vector<bool>& erase);
};

}  // namespace octet
