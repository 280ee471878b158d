// common.cc - see common.h.
#include "common.h"

#include <fmt/format.h>

#include <limits>

#include "frontend/tflite/reader.h"
#include "model.h"

namespace octet::python {

namespace {

const char* class_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kModel:
      return "ModelError";
    case ErrorKind::kInput:
      return "InputError";
    case ErrorKind::kData:
      return "DataError";
    case ErrorKind::kState:
      return "StateError";
    case ErrorKind::kInvoke:
      return "InvokeError";
    case ErrorKind::kQuantize:
      return "QuantizeError";
    case ErrorKind::kNotInteger:
      return "NotIntegerError";
  }
  return "Error";
}

// numpy's dtype names are octet's (dtype_name); a byte-swapped dtype has its type's name.
std::optional<DType> dtype_of(const py::dtype& dt) {
  return parse_dtype(py::str(dt.attr("name")).cast<std::string>());
}

}  // namespace

void register_errors() {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const OctetError& e) {
      try {
        py::object cls = py::module_::import("octet._errors").attr(class_name(e.kind()));
        py::object exception;
        if (e.kind() == ErrorKind::kNotInteger) {
          py::list ops;
          for (const FloatOpReason& op : e.ops()) {
            py::dict d;
            d["node"] = op.node;
            d["label"] = op.label;
            d["reason"] = op.reason;
            ops.append(d);
          }
          exception = cls(e.what(), ops);
        } else {
          exception = cls(e.what());
        }
        PyErr_SetObject(cls.ptr(), exception.ptr());
      } catch (py::error_already_set& import_error) {
        // octet._octet used without the octet package: the message still gets through.
        PyErr_SetString(PyExc_RuntimeError, e.what());
      }
    }
  });
}

InputArray to_input_array(py::handle obj, const std::string& where, bool float32_for_floats) {
  py::module_ np = py::module_::import("numpy");
  py::object a;
  try {
    a = np.attr("asarray")(obj);
  } catch (py::error_already_set& e) {
    throw OctetError(ErrorKind::kInput, fmt::format("{}: not an array ({})", where,
                                                    py::str(e.value()).cast<std::string>()));
  }
  py::dtype dt = a.attr("dtype");
  std::optional<DType> dtype = dtype_of(dt);
  if (!dtype) {
    throw OctetError(
        ErrorKind::kInput,
        fmt::format("{}: {} arrays are not tensor data (float32, float16, float64, int8, "
                    "uint8, int16, int32, int64 or bool)",
                    where, py::str(dt).cast<std::string>()));
  }
  if (float32_for_floats && (*dtype == DType::kFloat64 || *dtype == DType::kFloat16)) {
    a = a.attr("astype")(np.attr("float32"));
    dtype = DType::kFloat32;
  } else if (!dt.attr("isnative").cast<bool>()) {
    a = a.attr("astype")(dt.attr("newbyteorder")("="));
  }
  if (!a.attr("flags").attr("c_contiguous").cast<bool>()) a = a.attr("copy")("C");
  py::array array = a.cast<py::array>();
  Shape shape;
  for (py::ssize_t i = 0; i < array.ndim(); ++i) {
    if (array.shape(i) > std::numeric_limits<int32_t>::max()) {
      throw OctetError(ErrorKind::kInput,
                       fmt::format("{}: dimension {} is {}, too large", where, i, array.shape(i)));
    }
    shape.dims.push_back(static_cast<int32_t>(array.shape(i)));
  }
  const auto* data = static_cast<const uint8_t*>(array.data());
  return InputArray{array,
                    ArrayView{*dtype, std::move(shape),
                              std::span<const uint8_t>(data, static_cast<size_t>(array.nbytes()))}};
}

py::dtype numpy_dtype(DType dtype) { return py::dtype(std::string(dtype_name(dtype))); }

py::array new_array(DType dtype, const Shape& shape) {
  std::vector<py::ssize_t> dims(shape.dims.begin(), shape.dims.end());
  return py::array(numpy_dtype(dtype), dims);
}

ModelSource model_source(py::handle obj) {
  if (py::isinstance<PyModel>(obj)) return obj.cast<const PyModel&>().source();
  if (py::isinstance<py::str>(obj) || py::hasattr(obj, "__fspath__")) {
    py::object path = py::module_::import("os").attr("fspath")(obj);
    if (!py::isinstance<py::str>(path)) {
      throw OctetError(ErrorKind::kInput, "a model path must be a str or os.PathLike of str");
    }
    const std::string p = path.cast<std::string>();
    return ModelSource{take(ErrorKind::kModel, read_file_bytes(p)), p};
  }
  if (PyObject_CheckBuffer(obj.ptr())) {
    py::bytes b = py::module_::import("builtins").attr("bytes")(obj);
    const std::string_view s = b;
    return ModelSource{std::vector<uint8_t>(s.begin(), s.end()), "<bytes>"};
  }
  throw OctetError(ErrorKind::kInput,
                   fmt::format("a model is a path, bytes or an octet.Model, not {}",
                               py::str(py::type::of(obj).attr("__name__")).cast<std::string>()));
}

ProgressFn ProgressForwarder::function() {
  if (callback_.is_none()) return nullptr;
  return [this](const Progress& p) {
    py::gil_scoped_acquire gil;
    if (error_) return;
    try {
      callback_(std::string(p.task), std::string(p.unit), p.done, p.total);
    } catch (...) {
      error_ = std::current_exception();
    }
  };
}

void ProgressForwarder::rethrow_if_failed() {
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

}  // namespace octet::python
