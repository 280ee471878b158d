// lift_to_float.h - turns a partially quantized model (the "full integer" conversion that left some
// layers float between DEQUANTIZE and QUANTIZE) back into a float graph: quantized activations
// become float, quantized constants are dequantized, and the QUANTIZE/DEQUANTIZE ops, now
// identities, disappear. The quantizer then quantizes the whole graph, islands included.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

// Returns the number of tensors lifted.
Result<int> lift_to_float(Graph& graph);

}  // namespace octet
