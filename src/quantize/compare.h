// compare.h - per-layer quantization error: run a float model and a quantized model on the same
// inputs and measure, for every tensor the two share (matched by name; model outputs also by
// position), the signal-to-quantization-noise ratio of the dequantized integer tensor against the
// float one. The tool users open when accuracy drops: the worst layers come first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "quantize/calibration_data.h"

namespace octet {

struct TensorError {
  std::string name;
  std::string op;  // producing op in the quantized model ("CONV_2D"), "input" for model inputs
  int node = -1;   // index of that op in the quantized model (graph order), -1 for model inputs
  int64_t elements = 0;
  double sqnr_db = 0;        // 10 log10(sum f^2 / sum (f - q)^2); +inf when exact
  double max_abs_error = 0;  // in float units
};

struct CompareResult {
  int samples = 0;
  std::vector<TensorError> layers;   // shared intermediate tensors, worst SQNR first
  std::vector<TensorError> outputs;  // model outputs, in order
  // For classifier outputs (a probability vector from SOFTMAX): fraction of samples whose argmax
  // agrees.
  std::vector<std::optional<double>> top1_agreement;
};

Result<CompareResult> compare_models(const Graph& float_model, const Graph& quantized_model,
                                     const std::vector<CalibrationSample>& samples,
                                     ProgressFn progress = nullptr);

// The report `octet compare` prints.
std::string format_compare(const CompareResult& result, size_t max_layers);

// The result as JSON: {"samples", "layers": [...] in graph order, "outputs": [...]}, each tensor
// {"name", "op", "node", "elements", "sqnr_db", "max_abs_error"} (an infinite SQNR as the string
// "inf"), outputs also {"top1_agreement": fraction or null}. The Python module reads it
// (octet.compare), and so does its plot that `octet compare --plot` draws.
std::string compare_json(const CompareResult& result);

}  // namespace octet
