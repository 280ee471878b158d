// model.cc - see model.h.
#include "model.h"

#include <fmt/format.h>

#include <cstring>
#include <thread>

#include "frontend/tflite/reader.h"
#include "report/inspect.h"
#include "runtime/benchmark.h"

namespace octet::python {

PyModel::PyModel(py::object source, py::object isa, int threads, bool preserve_intermediates)
    : source_(model_source(source)), preserve_(preserve_intermediates) {
  CompileOptions options;
  if (!isa.is_none()) {
    requested_isa_ = py::str(isa).cast<std::string>();
    auto parsed = parse_isa(*requested_isa_);
    if (!parsed) {
      throw OctetError(
          ErrorKind::kInput,
          fmt::format("isa '{}': not one of reference, avx2, avx512vnni", *requested_isa_));
    }
    options.isa = *parsed;
  }
  options.isa = take(ErrorKind::kInput, choose_isa(options.isa));
  if (threads < 0) {
    throw OctetError(ErrorKind::kInput,
                     fmt::format("threads must be 1 or more (0: one per core), not {}", threads));
  }
  requested_threads_ = threads;
  // 0: one thread per core the system reports, as `octet bench --threads 0`.
  options.threads =
      threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  options.preserve_intermediates = preserve_;
  {
    py::gil_scoped_release release;
    auto graph = read_tflite(source_.bytes);
    if (!graph.ok()) raise(ErrorKind::kModel, graph.status().with_context(source_.origin));
    graph_ = std::move(*graph);
    auto compiled = CompiledModel::compile(graph_, options);
    if (!compiled.ok()) raise(ErrorKind::kModel, compiled.status().with_context(source_.origin));
    compiled_ = std::move(*compiled);
  }
  threads_ = compiled_->threads();
  for (size_t i = 0; i < compiled_->input_count(); ++i) {
    staged_.emplace_back(static_cast<size_t>(compiled_->input_type(i).byte_size()), 0);
  }
}

std::string PyModel::isa() const { return std::string(isa_name(compiled_->isa())); }

py::list PyModel::tensors() const {
  py::list out;
  for (size_t v = 0; v < graph_.values.size(); ++v) {
    const Value& val = graph_.values[v];
    py::dict d;
    d["index"] = v;
    d["name"] = val.name;
    d["dtype"] = std::string(dtype_name(val.type.dtype));
    d["shape"] = val.type.shape.dims;
    d["scales"] = val.type.quant ? val.type.quant->scales : std::vector<float>{};
    d["zero_points"] = val.type.quant ? val.type.quant->zero_points : std::vector<int64_t>{};
    d["quantized_dimension"] = val.type.quant ? val.type.quant->axis : 0;
    d["constant"] = val.is_constant();
    out.append(d);
  }
  return out;
}

std::vector<int> PyModel::input_indices() const {
  return std::vector<int>(graph_.inputs.begin(), graph_.inputs.end());
}

std::vector<int> PyModel::output_indices() const {
  return std::vector<int>(graph_.outputs.begin(), graph_.outputs.end());
}

std::string PyModel::tensor_label(int64_t index) const {
  return fmt::format("tensor {} '{}'", index, graph_.value(static_cast<ValueId>(index)).name);
}

void PyModel::set_input(size_t input, py::handle array, bool strict) {
  if (input >= staged_.size()) {
    throw OctetError(ErrorKind::kInput,
                     fmt::format("input {} out of range: the model has {} input{}", input,
                                 staged_.size(), staged_.size() == 1 ? "" : "s"));
  }
  const ValueId v = graph_.inputs[input];
  const TensorType& type = compiled_->input_type(input);
  const std::string what = fmt::format("input {} '{}'", input, graph_.value(v).name);
  const std::string where =
      strict ? fmt::format("set_tensor({})", v) : fmt::format("run() input {}", input);
  InputArray a = to_input_array(array, where, /*float32_for_floats=*/!strict);
  if (strict && a.view.dtype != type.dtype) {
    throw OctetError(ErrorKind::kInput,
                     fmt::format("{}: the array holds {}, but {} is {}{}", where,
                                 dtype_name(a.view.dtype), what, dtype_name(type.dtype),
                                 type.quant && a.view.dtype == DType::kFloat32
                                     ? " (quantize it with the input's 'quantization' (scale, zero "
                                       "point), or use octet.Model.run, which does)"
                                     : ""));
  }
  Status s;
  {
    py::gil_scoped_release release;
    std::lock_guard lock(mutex_);
    s = array_to_tensor(a.view, type, where, what, staged_[input]);
  }
  check(ErrorKind::kInput, s);
}

void PyModel::invoke_locked() {
  for (size_t i = 0; i < staged_.size(); ++i) {
    std::memcpy(compiled_->input_data(i).data(), staged_[i].data(), staged_[i].size());
  }
  Status s = compiled_->invoke();
  invoked_ = s.ok();
  check(ErrorKind::kInvoke, s);
}

void PyModel::invoke() {
  py::gil_scoped_release release;
  std::lock_guard lock(mutex_);
  invoke_locked();
}

void PyModel::reset_variables() {
  py::gil_scoped_release release;
  std::lock_guard lock(mutex_);
  compiled_->reset_variables();
}

py::list PyModel::run(const py::sequence& arrays, bool dequantize) {
  const size_t n = staged_.size();
  if (arrays.size() != n) {
    throw OctetError(ErrorKind::kInput, fmt::format("the model has {} input{}, {} given", n,
                                                    n == 1 ? "" : "s", arrays.size()));
  }
  std::vector<InputArray> inputs;
  for (size_t i = 0; i < n; ++i) {
    inputs.push_back(to_input_array(arrays[i], fmt::format("run() input {}", i), true));
  }
  std::vector<py::array> outputs;
  std::vector<void*> output_ptrs;
  for (size_t j = 0; j < compiled_->output_count(); ++j) {
    const TensorType& t = compiled_->output_type(j);
    const bool to_float = dequantize && t.quant && t.dtype != DType::kFloat32;
    outputs.push_back(new_array(to_float ? DType::kFloat32 : t.dtype, t.shape));
    output_ptrs.push_back(outputs.back().mutable_data());
  }
  Status status;
  ErrorKind kind = ErrorKind::kInput;
  {
    py::gil_scoped_release release;
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < n && status.ok(); ++i) {
      const ValueId v = graph_.inputs[i];
      status = array_to_tensor(inputs[i].view, compiled_->input_type(i),
                               fmt::format("run() input {}", i),
                               fmt::format("input {} '{}'", i, graph_.value(v).name), staged_[i]);
    }
    if (status.ok()) {
      try {
        invoke_locked();
      } catch (const OctetError& e) {
        status = Status::Error(e.what());
        kind = ErrorKind::kInvoke;
      }
    }
    std::vector<double> real;
    for (size_t j = 0; j < outputs.size() && status.ok(); ++j) {
      const TensorType& t = compiled_->output_type(j);
      std::span<const uint8_t> data = compiled_->output_data(j);
      if (dequantize && t.quant && t.dtype != DType::kFloat32) {
        tensor_to_real(t, data, real);
        float* out = static_cast<float*>(output_ptrs[j]);
        for (size_t k = 0; k < real.size(); ++k) out[k] = static_cast<float>(real[k]);
      } else {
        std::memcpy(output_ptrs[j], data.data(), data.size());
      }
    }
  }
  check(kind, status);
  py::list out;
  for (py::array& a : outputs) out.append(a);
  return out;
}

py::array PyModel::get_tensor(int64_t index) {
  const int64_t count = static_cast<int64_t>(graph_.values.size());
  if (index < 0 || index >= count) {
    throw OctetError(ErrorKind::kInput,
                     fmt::format("tensor index {} out of range: the model has {} tensors (0..{})",
                                 index, count, count - 1));
  }
  const ValueId v = static_cast<ValueId>(index);
  const Value& val = graph_.value(v);
  py::array out = new_array(val.type.dtype, val.type.shape);
  auto* dst = static_cast<uint8_t*>(out.mutable_data());
  if (val.is_constant()) {
    std::memcpy(dst, val.data->data(), std::min<size_t>(val.data->size(), out.nbytes()));
    return out;
  }
  std::string problem;
  {
    py::gil_scoped_release release;
    std::lock_guard lock(mutex_);
    std::span<const uint8_t> data;
    bool input = false;
    for (size_t i = 0; i < graph_.inputs.size(); ++i) {
      if (graph_.inputs[i] == v) {
        data = staged_[i];
        input = true;
      }
    }
    if (!input && !graph_.is_graph_output(v) && !preserve_) {
      problem = fmt::format(
          "{} is an intermediate tensor and octet reuses its memory; to read it, create the "
          "model with preserve_intermediates=True (octet.Interpreter: "
          "experimental_preserve_all_tensors=True)",
          tensor_label(index));
    } else if (!input && !invoked_) {
      problem = fmt::format("{}: no invoke() has run yet", tensor_label(index));
    } else if (!input && graph_.is_graph_output(v)) {
      for (size_t j = 0; j < graph_.outputs.size(); ++j) {
        if (graph_.outputs[j] == v) data = compiled_->output_data(j);
      }
    } else if (!input) {
      data = compiled_->tensor_data(v);
      if (data.empty()) {
        problem = fmt::format(
            "{} has no data: the runtime folded the op that produces it into its consumer",
            tensor_label(index));
      }
    }
    if (problem.empty()) {
      if (static_cast<py::ssize_t>(data.size()) != out.nbytes()) {
        problem = fmt::format("{}: {} bytes of data for {} bytes", tensor_label(index), data.size(),
                              out.nbytes());
      } else if (!data.empty()) {
        std::memcpy(dst, data.data(), data.size());
      }
    }
  }
  if (!problem.empty()) throw OctetError(ErrorKind::kState, problem);
  return out;
}

py::list PyModel::profile(int runs, bool random_inputs) {
  if (runs < 1)
    throw OctetError(ErrorKind::kInput, fmt::format("runs must be 1 or more, not {}", runs));
  std::vector<OpProfile> ops;
  {
    py::gil_scoped_release release;
    std::lock_guard lock(mutex_);
    if (random_inputs) {
      for (size_t i = 0; i < staged_.size(); ++i) {
        staged_[i] = random_tensor(compiled_->input_type(i), i);
      }
    }
    invoke_locked();  // writes the staged inputs; profile_ops then reuses them as bench does
    ops = take(ErrorKind::kInvoke, profile_ops(*compiled_, runs));
  }
  py::list out;
  for (const OpProfile& op : ops) {
    py::dict d;
    d["index"] = op.node;
    d["op"] = op.op;
    d["name"] = op.name;
    d["kernel"] = op.kernel;
    d["ms"] = op.avg_ms;
    d["macs"] = op.macs;
    out.append(d);
  }
  return out;
}

std::string PyModel::summary() const { return inspect_text(graph_, source_.origin, false); }

}  // namespace octet::python
