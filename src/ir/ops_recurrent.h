// ops_recurrent.h - the op-table functions (shape inference, type and quantization rules, MACs)
// of the ops with state: UNIDIRECTIONAL_SEQUENCE_LSTM and SVDF. Their rows are in ops.cc; the
// rules follow what TFLM's kernels accept (lstm_eval_common.cc, svdf_common.cc Prepare).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor_type.h"

namespace octet {

class Graph;
struct Node;

// UNIDIRECTIONAL_SEQUENCE_LSTM's 24 inputs, in TFLite's order (lstm_shared.h).
enum LstmInput : int {
  kLstmInput = 0,
  kLstmInputToInputWeights = 1,      // 1..4: input, forget, cell, output gate
  kLstmRecurrentToInputWeights = 5,  // 5..8
  kLstmCellToInputWeights = 9,       // 9..11: peephole (input, forget, output)
  kLstmInputGateBias = 12,           // 12..15
  kLstmProjectionWeights = 16,
  kLstmProjectionBias = 17,
  kLstmOutputState = 18,     // the hidden state h: a variable tensor
  kLstmCellState = 19,       // a variable tensor
  kLstmInputLayerNorm = 20,  // 20..23
  kLstmInputCount = 24,
};

// SVDF's inputs.
enum SvdfInput : int {
  kSvdfInput = 0,
  kSvdfWeightsFeature = 1,
  kSvdfWeightsTime = 2,
  kSvdfBias = 3,   // optional
  kSvdfState = 4,  // the activation state: a variable tensor
  kSvdfInputCount = 5,
};

Result<std::vector<Shape>> infer_lstm(const Graph& g, const Node& n);
Status check_lstm(const Graph& g, const Node& n);
int64_t macs_lstm(const Graph& g, const Node& n);

Result<std::vector<Shape>> infer_svdf(const Graph& g, const Node& n);
Status check_svdf(const Graph& g, const Node& n);
int64_t macs_svdf(const Graph& g, const Node& n);

// The op-table helpers these share with ops.cc: "OP (output 'name')" and "'name' type".
std::string op_where(const Graph& g, const Node& n);
std::string op_tensor_label(const Graph& g, int32_t value);

}  // namespace octet
