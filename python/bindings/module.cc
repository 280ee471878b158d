// module.cc - octet._octet, the compiled part of the `octet` Python package (python/octet/): the
// model class and the library calls behind octet.quantize, octet.compare, octet.inspect and
// octet.example. The Python package shapes them into the public API.
#include <fmt/format.h>

#include "common.h"
#include "examples/color_net.h"
#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "model.h"
#include "quantize/calibration_data.h"
#include "quantize/compare.h"
#include "quantize/observer.h"
#include "quantize/quantizer.h"
#include "report/inspect.h"

namespace octet::python {

namespace {

// A model read but not compiled: what quantize and compare take.
struct PyGraph {
  PyGraph(py::handle source, bool allow_unsupported_ops) : source(model_source(source)) {
    TfliteReadOptions options;
    options.allow_unsupported_ops = allow_unsupported_ops;
    auto g = read_tflite(this->source.bytes, options);
    if (!g.ok()) raise(ErrorKind::kModel, g.status().with_context(this->source.origin));
    graph = std::move(*g);
  }
  ModelSource source;
  Graph graph;
};

// Calibration or comparison samples for one model's inputs, from a source (folder, file,
// "random") or from arrays added one element of a Python iterable at a time.
class PyCalibration {
 public:
  PyCalibration(const PyGraph& model, std::vector<float> mean, std::vector<float> std,
                std::optional<std::pair<float, float>> input_range, int max_samples,
                uint64_t seed) {
    for (ValueId v : model.graph.inputs) {
      types_.push_back(model.graph.type(v));
      options_.input_names.push_back(model.graph.value(v).name);
    }
    options_.mean = std::move(mean);
    options_.std = std::move(std);
    options_.input_range = input_range;
    options_.max_samples = max_samples;
    options_.seed = seed;
  }

  void load(const std::string& source, py::object progress) {
    CalibrationOptions options = options_;
    options.source = source;
    ProgressForwarder forward(std::move(progress));
    Result<std::vector<CalibrationSample>> samples = error("not loaded");
    {
      py::gil_scoped_release release;
      samples = load_calibration(types_, options, forward.function());
    }
    forward.rethrow_if_failed();
    append(take(ErrorKind::kData, std::move(samples)));
  }

  // `members`: (name, array) pairs; names as in an .npz file (input names, or arr_0, arr_1...).
  void add(const std::vector<std::pair<std::string, py::object>>& members,
           const std::string& where) {
    if (full()) return;
    std::vector<NpzMember> arrays;
    for (const auto& [name, obj] : members) {
      InputArray a = to_input_array(obj, fmt::format("{} '{}'", where, name), false);
      NpyArray npy{a.view.dtype, a.view.shape, {a.view.data.begin(), a.view.data.end()}};
      arrays.push_back(NpzMember{name, std::move(npy)});
    }
    CalibrationOptions options = options_;
    if (options.max_samples > 0) options.max_samples -= static_cast<int>(samples_.size());
    append(take(ErrorKind::kData, calibration_from_arrays(types_, arrays, options, where)));
  }

  bool full() const {
    return options_.max_samples > 0 && samples_.size() >= static_cast<size_t>(options_.max_samples);
  }
  size_t size() const { return samples_.size(); }
  const std::vector<CalibrationSample>& samples() const { return samples_; }
  std::vector<std::string> input_names() const { return options_.input_names; }

 private:
  void append(std::vector<CalibrationSample> more) {
    for (CalibrationSample& s : more) {
      if (full()) break;
      samples_.push_back(std::move(s));
    }
  }

  std::vector<TensorType> types_;
  CalibrationOptions options_;
  std::vector<CalibrationSample> samples_;
};

const std::vector<CalibrationSample>& nonempty_samples(const PyCalibration& c) {
  if (c.size() == 0) throw OctetError(ErrorKind::kData, "the data holds no samples");
  return c.samples();
}

py::bytes quantize(const PyGraph& model, const PyCalibration& calibration, const std::string& io,
                   const std::string& activations, const std::string& observer, bool per_tensor,
                   const std::vector<std::string>& allow_float, bool require_integer,
                   py::object progress) {
  QuantizeOptions q;
  if (io != "int8" && io != "uint8" && io != "float") {
    throw OctetError(ErrorKind::kInput, fmt::format("io '{}': not one of int8, uint8, float", io));
  }
  q.io = io == "float" ? IoType::kFloat : io == "uint8" ? IoType::kUInt8 : IoType::kInt8;
  if (activations != "int8" && activations != "int16") {
    throw OctetError(ErrorKind::kInput,
                     fmt::format("activations '{}': not one of int8, int16", activations));
  }
  q.activations = activations == "int16" ? DType::kInt16 : DType::kInt8;
  q.per_channel = !per_tensor;
  q.require_integer = require_integer;
  q.observer = observer;
  take(ErrorKind::kInput, make_observer(observer));
  for (const std::string& name : allow_float) {
    auto op = op_from_name(name);
    if (!op) {
      throw OctetError(ErrorKind::kInput,
                       fmt::format("allow_float '{}': not an op name (e.g. EXP, LOGISTIC)", name));
    }
    q.allow_float.insert(*op);
  }
  const std::vector<CalibrationSample>& samples = nonempty_samples(calibration);
  ProgressForwarder forward(std::move(progress));
  q.progress = forward.function();
  QuantizeReport report;
  Result<Graph> quantized = error("not run");
  Result<std::vector<uint8_t>> bytes = error("not written");
  {
    py::gil_scoped_release release;
    quantized = quantize_model(model.graph, samples, q, &report);
    if (quantized.ok()) bytes = write_tflite(*quantized);
  }
  forward.rethrow_if_failed();
  if (!quantized.ok()) {
    if (!report.blocking_ops.empty() && require_integer) {
      throw OctetError(ErrorKind::kNotInteger, quantized.message(), report.blocking_ops);
    }
    raise(ErrorKind::kQuantize, quantized.status());
  }
  check(ErrorKind::kQuantize, bytes.status());
  const std::vector<uint8_t>& b = *bytes;
  return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
}

py::tuple compare(const PyGraph& float_model, const PyGraph& quantized_model,
                  const PyCalibration& data, size_t max_layers, py::object progress) {
  const std::vector<CalibrationSample>& samples = nonempty_samples(data);
  ProgressForwarder forward(std::move(progress));
  Result<CompareResult> r = error("not run");
  {
    py::gil_scoped_release release;
    r = compare_models(float_model.graph, quantized_model.graph, samples, forward.function());
  }
  forward.rethrow_if_failed();
  check(ErrorKind::kData, r.status());
  return py::make_tuple(compare_json(*r), format_compare(*r, max_layers));
}

}  // namespace

PYBIND11_MODULE(_octet, m) {
  m.doc() = "octet's compiled core; use the `octet` package, not this module";
  register_errors();

  py::class_<PyModel>(m, "_Model")
      .def(py::init<py::object, py::object, int, bool>(), py::arg("model"),
           py::arg("isa") = py::none(), py::arg("threads") = 1,
           py::arg("preserve_intermediates") = false)
      .def_property_readonly("isa", &PyModel::isa)
      .def_property_readonly("threads", &PyModel::threads)
      .def_property_readonly("preserve_intermediates", &PyModel::preserve_intermediates)
      .def_property_readonly("arena_bytes", &PyModel::arena_bytes)
      .def_property_readonly("_origin", [](const PyModel& m) { return m.source().origin; })
      .def_property_readonly("_requested_isa", &PyModel::requested_isa)
      .def_property_readonly("_requested_threads", &PyModel::requested_threads)
      .def("_bytes",
           [](const PyModel& m) {
             const std::vector<uint8_t>& b = m.source().bytes;
             return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
           })
      .def("_tensors", &PyModel::tensors)
      .def("_input_indices", &PyModel::input_indices)
      .def("_output_indices", &PyModel::output_indices)
      .def("_set_input", &PyModel::set_input, py::arg("input"), py::arg("array"), py::arg("strict"))
      .def("_invoke", &PyModel::invoke)
      .def("_reset_variables", &PyModel::reset_variables)
      .def("_run", &PyModel::run, py::arg("arrays"), py::arg("dequantize"))
      .def("_get_tensor", &PyModel::get_tensor, py::arg("index"))
      .def("_profile", &PyModel::profile, py::arg("runs"), py::arg("random_inputs"))
      .def("_summary", &PyModel::summary);

  py::class_<PyGraph>(m, "_Graph")
      .def(py::init<py::handle, bool>(), py::arg("model"), py::arg("allow_unsupported_ops") = false)
      .def_property_readonly("origin", [](const PyGraph& g) { return g.source.origin; })
      .def("inspect_json", [](const PyGraph& g) { return inspect_json(g.graph, g.source.origin); });

  py::class_<PyCalibration>(m, "_Calibration")
      .def(py::init<const PyGraph&, std::vector<float>, std::vector<float>,
                    std::optional<std::pair<float, float>>, int, uint64_t>(),
           py::arg("model"), py::arg("mean"), py::arg("std"), py::arg("input_range"),
           py::arg("max_samples"), py::arg("seed"))
      .def("load", &PyCalibration::load, py::arg("source"), py::arg("progress"))
      .def("add", &PyCalibration::add, py::arg("members"), py::arg("where"))
      .def_property_readonly("full", &PyCalibration::full)
      .def_property_readonly("input_names", &PyCalibration::input_names)
      .def("__len__", &PyCalibration::size);

  m.def("_quantize", &quantize, py::arg("model"), py::arg("calibration"), py::arg("io"),
        py::arg("activations"), py::arg("observer"), py::arg("per_tensor"), py::arg("allow_float"),
        py::arg("require_integer"), py::arg("progress"));
  m.def("_compare", &compare, py::arg("float_model"), py::arg("quantized_model"), py::arg("data"),
        py::arg("max_layers"), py::arg("progress"));
  m.def(
      "_example",
      [](const std::string& dir, int calibration_samples, int test_samples) {
        check(ErrorKind::kInput, write_color_net_example(dir, calibration_samples, test_samples));
      },
      py::arg("dir"), py::arg("calibration_samples"), py::arg("test_samples"));
  m.def("_observer_specs", [] { return std::string(observer_specs()); });
}

}  // namespace octet::python
