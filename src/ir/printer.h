// printer.h - the IR's text form, the debugging interface of every pass (`octet inspect --ir`).
//
//   graph(%0: int8[1,96,96,3]{s=0.0039 zp=-128}) -> (%61) {
//     const @1 "conv/weights": int8[8,3,3,3]{per-axis(axis=0) 8 scales ...}
//     %3: int8[1,48,48,8]{...} = CONV_2D(%0, @1, @2) stride=2x2 pad=SAME act=RELU   // #0
//   }
#pragma once

#include <string>

#include "ir/graph.h"

namespace octet {

std::string print_graph(const Graph& graph);

}  // namespace octet
