// coverage.h - the integer coverage report: for every op, whether it runs in integer arithmetic,
// and if not, why. "Full integer" means every op is integer except, optionally, one QUANTIZE per
// float model input and one DEQUANTIZE per float model output (boundary converters).
#pragma once

#include <string>
#include <vector>

#include "ir/graph.h"

namespace octet {

enum class OpArithmetic { kInteger, kBoundary, kFloat };

struct OpCoverage {
  size_t node = 0;
  OpArithmetic arithmetic = OpArithmetic::kInteger;
  std::string reason;  // for float ops: which tensor is float ("input 0 'x' is float32")
};

struct CoverageReport {
  std::vector<OpCoverage> ops;
  int integer_ops = 0;
  int boundary_ops = 0;
  int float_ops = 0;
  bool integer_only() const { return float_ops == 0; }
  // "yes" or "no (2 float ops: #3 CONV_2D, #7 LOGISTIC)".
  std::string verdict(const Graph& graph) const;
};

CoverageReport integer_coverage(const Graph& graph);

}  // namespace octet
