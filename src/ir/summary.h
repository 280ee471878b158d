// summary.h - model statistics for reports: op counts, parameters, MACs.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "ir/graph.h"

namespace octet {

struct ModelSummary {
  int64_t ops = 0;
  int64_t parameters = 0;                    // elements of constant tensors
  int64_t parameter_bytes = 0;               // their bytes
  int64_t macs = 0;                          // multiply-accumulates of one inference
  std::map<std::string, int64_t> op_counts;  // by op name
};

ModelSummary summarize(const Graph& graph);
int64_t node_macs(const Graph& graph, const Node& node);

}  // namespace octet
