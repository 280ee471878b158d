// builder.h - building graphs in code: inputs, constants and ops whose output shapes come from the
// op table's shape inference. Used by tests, the example model and passes that add ops.
//
//   GraphBuilder b;
//   ValueId x = b.input("x", {1, 8, 8, 3});
//   ValueId w = b.constant("w", {4, 3, 3, 3}, weights);
//   Attrs a; a.padding = Padding::kSame;
//   ValueId y = b.op(OpKind::kConv2D, {x, w, b.constant("b", {4}, bias)}, a);
//   Result<Graph> g = b.finish({y});
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

class GraphBuilder {
 public:
  ValueId input(std::string name, Shape shape, DType dtype = DType::kFloat32);
  ValueId constant(std::string name, Shape shape, const std::vector<float>& values);
  ValueId constant_i32(std::string name, Shape shape, const std::vector<int32_t>& values);
  // A variable (state) tensor: read and updated in place by a stateful op (LSTM, SVDF), kept
  // from one invoke to the next, zero at the start of a sequence.
  ValueId variable(std::string name, Shape shape, DType dtype = DType::kFloat32);
  // Adds an op with one output; the output's dtype is input 0's (or `out_dtype` when given), its
  // shape inferred. Errors are kept and reported by finish().
  ValueId op(OpKind kind, std::vector<ValueId> inputs, Attrs attrs = {}, std::string name = "",
             std::optional<DType> out_dtype = std::nullopt);
  // Ops with several outputs (SPLIT, UNPACK).
  std::vector<ValueId> op_n(OpKind kind, std::vector<ValueId> inputs, int outputs, Attrs attrs = {},
                            std::string name = "");

  Graph& graph() { return graph_; }
  // Sets the outputs and verifies the graph.
  Result<Graph> finish(std::vector<ValueId> outputs);

 private:
  Graph graph_;
  Status status_;
  int counter_ = 0;
};

}  // namespace octet
