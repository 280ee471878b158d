// inspect.h - the model report of `octet inspect` (and octet.inspect / repr(octet.Model) in
// Python): inputs and outputs, one row per op (types, shapes, quantization, MACs), totals, the
// arena size, whether the model is integer-only, naming every float op and why, and the ops octet
// does not support (a model read with allow_unsupported_ops), each by index and name.
#pragma once

#include <string>
#include <string_view>

#include "ir/graph.h"

namespace octet {

// The text report. `model_name` heads it (a path, or "<bytes>"); without `op_table`, only the
// summary: inputs, outputs, totals, the unsupported ops, arena and the integer-only verdict.
std::string inspect_text(const Graph& graph, std::string_view model_name, bool op_table = true);

// The same as JSON, indented by 2: {"model", "inputs", "outputs", "ops": [{"index", "op",
// "attributes", "macs", "arithmetic", "reason"?, "inputs", "outputs"}], "totals",
// "unsupported_ops": [{"index", "op"}], "integer_only", "integer_ops", "boundary_ops",
// "float_ops"}; a tensor is {"id", "name", "dtype", "shape", "constant", "quantization"?:
// {"scales", "zero_points", "axis"}}.
std::string inspect_json(const Graph& graph, std::string_view model_name);

}  // namespace octet
