// quantizer.h - post-training quantization of a float graph to full integer.
//
//   1. Prepare the float graph: fold constants, fold batch-norm style MUL/ADD/SUB into the
//      preceding conv/dense, fuse RELU/RELU6 into producers, drop dead ops.
//   2. Refuse early, naming every op, when some op has no integer form and the caller requires
//      full integer (the default) and did not allow that op type to stay float.
//   3. Calibrate: run the float graph with octet's float reference kernels on the samples; one
//      observer per activation tensor gives its clipping range.
//   4. Choose parameters: int8 asymmetric activations (int16 symmetric in 16x8 mode); fixed output
//      quantization where TFLite's integer kernels require it (softmax, logistic, tanh);
//      value-moving ops (reshape, pooling, pad, slice, transpose, gather...) keep their input's
//      parameters; concatenation/pack inputs with other parameters get a requantize op.
//      What each op needs is its QuantRule in the op table (ir/ops.h); the quantizer has no op
//      switch of its own.
//   5. Quantize constants per use (DESIGN.md rule 3): int8 symmetric per-channel weights, int32
//      bias with scale input_scale x weight_scale[c] and zero point 0 (int64 in 16x8 mode), other
//      float constants asymmetric per tensor.
//   6. Model boundaries per --io, then verify the graph and prove it: the coverage report must show
//      no float op except explicitly allowed ones and the --io float boundary converters.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "quantize/calibration_data.h"
#include "quantize/coverage.h"
#include "quantize/progress.h"

namespace octet {

enum class IoType { kInt8, kUInt8, kFloat };

struct QuantizeOptions {
  DType activations = DType::kInt8;  // kInt8, or kInt16 for TFLite's 16x8 mode
  IoType io = IoType::kInt8;
  bool per_channel = true;          // weights per output channel (false: per tensor)
  bool require_integer = true;      // fail unless every op is integer (--require-int8)
  std::set<OpKind> allow_float;     // op types allowed to stay float (--allow-float)
  std::string observer = "minmax";  // observer spec (quantize/observer.h)
  ProgressFn progress;
};

// An op of the prepared float graph that cannot become integer, and why.
struct FloatOpReason {
  size_t node = 0;
  std::string label;   // "#12 EXP ('model/exp')"
  std::string reason;  // "octet has no integer form of EXP"
};

struct QuantizeReport {
  CoverageReport coverage;
  int folded_batch_norms = 0;
  int fused_activations = 0;
  int folded_constants = 0;
  int calibration_samples = 0;
  std::vector<std::string> notes;  // requantize ops inserted, float ops kept, ...
  // Ops that cannot be integer and are not allowed to stay float: quantize_model refuses them
  // when require_integer (the Python module's NotIntegerError lists them).
  std::vector<FloatOpReason> blocking_ops;
};

// Ops of `graph` (a prepared float graph) with no integer form under `options`.
std::vector<FloatOpReason> ops_without_integer_form(const Graph& graph,
                                                    const QuantizeOptions& options);

// The float-graph rewrites of step 1 (also useful on their own).
Status prepare_float_graph(Graph& graph, QuantizeReport* report);

Result<Graph> quantize_model(const Graph& float_graph,
                             const std::vector<CalibrationSample>& samples,
                             const QuantizeOptions& options, QuantizeReport* report = nullptr);

// TFLite's ChooseQuantizationParams: scale and zero point mapping [rmin, rmax] (widened to contain
// 0) onto [qmin, qmax] with 0 exactly representable.
QuantParams choose_quant_params(float rmin, float rmax, int32_t qmin, int32_t qmax);

}  // namespace octet
