// builder.cc - see builder.h.
#include "ir/builder.h"

#include <fmt/format.h>

#include "ir/verify.h"

namespace octet {

ValueId GraphBuilder::input(std::string name, Shape shape, DType dtype) {
  const ValueId v = graph_.add_activation(std::move(name), TensorType{dtype, std::move(shape), {}});
  graph_.inputs.push_back(v);
  return v;
}

ValueId GraphBuilder::constant(std::string name, Shape shape, const std::vector<float>& values) {
  if (shape.elements() != static_cast<int64_t>(values.size()) && status_.ok()) {
    status_ =
        error("constant '{}' has {} values for shape {}", name, values.size(), shape.to_string());
  }
  return graph_.add_constant_of<float>(std::move(name), TensorType{DType::kFloat32, shape, {}},
                                       values);
}

ValueId GraphBuilder::constant_i32(std::string name, Shape shape,
                                   const std::vector<int32_t>& values) {
  return graph_.add_constant_of<int32_t>(std::move(name), TensorType{DType::kInt32, shape, {}},
                                         values);
}

ValueId GraphBuilder::variable(std::string name, Shape shape, DType dtype) {
  const ValueId v = graph_.add_activation(std::move(name), TensorType{dtype, std::move(shape), {}});
  graph_.value(v).variable = true;
  return v;
}

std::vector<ValueId> GraphBuilder::op_n(OpKind kind, std::vector<ValueId> inputs, int outputs,
                                        Attrs attrs, std::string name) {
  if (name.empty()) name = fmt::format("{}_{}", op_name(kind), counter_);
  ++counter_;
  Node n;
  n.op = kind;
  n.inputs = std::move(inputs);
  n.attrs = std::move(attrs);
  // The data input decides the output dtype (SPLIT takes its axis first, SELECT_V2 its condition).
  const size_t data = kind == OpKind::kSplit || kind == OpKind::kSelectV2 ? 1 : 0;
  const DType dtype = n.inputs.size() <= data || n.inputs[data] == kNoValue
                          ? DType::kFloat32
                          : graph_.type(n.inputs[data]).dtype;
  for (int i = 0; i < outputs; ++i) {
    n.outputs.push_back(graph_.add_activation(outputs == 1 ? name : fmt::format("{}:{}", name, i),
                                              TensorType{dtype, {}, {}}));
  }
  auto shapes = op_def(kind).infer_shapes(graph_, n);
  if (shapes.ok() && shapes->size() == n.outputs.size()) {
    for (size_t i = 0; i < n.outputs.size(); ++i)
      graph_.value(n.outputs[i]).type.shape = (*shapes)[i];
  } else if (status_.ok()) {
    status_ = shapes.ok() ? error("{}: {} outputs inferred", name, shapes->size())
                          : shapes.status().with_context(name);
  }
  std::vector<ValueId> outs = n.outputs;
  graph_.nodes.push_back(std::move(n));
  return outs;
}

ValueId GraphBuilder::op(OpKind kind, std::vector<ValueId> inputs, Attrs attrs, std::string name,
                         std::optional<DType> out_dtype) {
  const ValueId out = op_n(kind, std::move(inputs), 1, std::move(attrs), std::move(name))[0];
  if (out_dtype) graph_.value(out).type.dtype = *out_dtype;
  return out;
}

Result<Graph> GraphBuilder::finish(std::vector<ValueId> outputs) {
  OCTET_RETURN_IF_ERROR(status_);
  graph_.outputs = std::move(outputs);
  OCTET_RETURN_IF_ERROR(verify_graph(graph_));
  return graph_;
}

}  // namespace octet
