// graph_passes.h - rewrites of float graphs that prepare them for quantization (and make them
// faster to run): fold batch-norm style MUL/ADD/SUB by constants into the preceding conv, depthwise
// or dense layer; fuse RELU/RELU6/RELU_N1_TO_1 into their producer; drop ops nobody reads.
// Each returns the number of rewrites it made.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_manager.h"

namespace octet {

Result<int> fold_batch_norm(Graph& graph);
Result<int> fuse_activations(Graph& graph);
Result<int> remove_dead_nodes(Graph& graph);

}  // namespace octet
