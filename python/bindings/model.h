// model.h - octet._octet._Model: a model read and compiled once, run from Python. octet.Model
// (python/octet/_model.py) and octet.Interpreter build on it: inputs are staged in the model (as
// TFLite keeps set_tensor's values), each invoke copies them into the arena and runs with the GIL
// released, one invoke at a time per model (separate models run in parallel).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common.h"
#include "ir/graph.h"
#include "runtime/compiled_model.h"

namespace octet::python {

class PyModel {
 public:
  // isa: None (OCTET_ISA or the best this CPU has) or "reference", "avx2", "avx512vnni";
  // threads: 1 or more, 0 for one per core.
  PyModel(py::object source, py::object isa, int threads, bool preserve_intermediates);

  const ModelSource& source() const { return source_; }
  const Graph& graph() const { return graph_; }
  std::string isa() const;
  std::optional<std::string> requested_isa() const { return requested_isa_; }
  int threads() const { return threads_; }
  int requested_threads() const { return requested_threads_; }
  bool preserve_intermediates() const { return preserve_; }
  int64_t arena_bytes() const { return compiled_->arena_bytes(); }

  // Every tensor as a dict: index, name, dtype (numpy name), shape, scales, zero_points,
  // quantized_dimension, constant.
  py::list tensors() const;
  std::vector<int> input_indices() const;
  std::vector<int> output_indices() const;

  // Stages `array` as input `input` (position among the inputs). strict: the dtype must be the
  // tensor's (tf.lite.Interpreter.set_tensor); otherwise float data for a quantized input is
  // quantized and float64 is taken as float32 (octet.Model.run).
  void set_input(size_t input, py::handle array, bool strict);
  void invoke();
  // Zeroes the variable (state) tensors: a new sequence for LSTM and SVDF models.
  void reset_variables();
  // Stages every input, invokes and returns the outputs (dequantized to float32 if asked), under
  // one lock: concurrent calls on one model do not interleave.
  py::list run(const py::sequence& arrays, bool dequantize);
  // A copy of tensor `index`: a constant, a staged input, an output after an invoke, or (with
  // preserve_intermediates) any tensor the last invoke produced.
  py::array get_tensor(int64_t index);
  // Per-op profile over `runs` invokes of the staged inputs (random ones if `random_inputs`).
  py::list profile(int runs, bool random_inputs);
  std::string summary() const;

 private:
  std::string tensor_label(int64_t index) const;
  void invoke_locked();

  ModelSource source_;
  std::optional<std::string> requested_isa_;
  int requested_threads_ = 1;
  int threads_ = 1;
  bool preserve_ = false;
  Graph graph_;  // as read: tensor indices are the file's, constants keep their bytes
  std::unique_ptr<CompiledModel> compiled_;
  std::mutex mutex_;  // guards compiled_'s arena, staged_ and invoked_
  std::vector<std::vector<uint8_t>> staged_;
  bool invoked_ = false;
};

}  // namespace octet::python
