// verify.h - the IR verifier: structure (ids, arity, execution order, single writer), shapes
// (re-inferred from the op table and compared with the declared ones) and types/quantization
// (DESIGN.md rule 1). Run after import and between passes.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

Status verify_graph(const Graph& graph);

}  // namespace octet
