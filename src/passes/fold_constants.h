// fold_constants.h - evaluates ops whose inputs are all constants (shape arithmetic, DEQUANTIZE of
// float16 or int8 weights, transposes of weights...) once, with the reference kernels, and
// replaces their outputs by constants. Weights then reach their consumers as constants (DESIGN.md
// rule 4), so patterns and the quantizer see them.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

Result<int> fold_constants(Graph& graph);

}  // namespace octet
