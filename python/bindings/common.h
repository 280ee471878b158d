// common.h - what the parts of the octet Python module share: octet errors as Python exceptions
// (classes in octet/_errors.py), numpy arrays <-> tensors, and reading a model given as a path,
// bytes or an octet.Model.
//
// Locking rule of the module: a model's mutex is only taken with the GIL released, so a thread
// waiting for a model never holds the GIL that the thread running it needs to return.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/tensor_file.h"
#include "quantize/progress.h"
#include "quantize/quantizer.h"

namespace octet::python {

namespace py = pybind11;

// The Python class an error becomes (octet/_errors.py).
enum class ErrorKind { kModel, kInput, kData, kState, kInvoke, kQuantize, kNotInteger };

class OctetError : public std::exception {
 public:
  OctetError(ErrorKind kind, std::string message, std::vector<FloatOpReason> ops = {})
      : kind_(kind), message_(std::move(message)), ops_(std::move(ops)) {}
  const char* what() const noexcept override { return message_.c_str(); }
  ErrorKind kind() const { return kind_; }
  const std::vector<FloatOpReason>& ops() const { return ops_; }

 private:
  ErrorKind kind_;
  std::string message_;
  std::vector<FloatOpReason> ops_;
};

[[noreturn]] inline void raise(ErrorKind kind, const Status& status) {
  throw OctetError(kind, status.message());
}
inline void check(ErrorKind kind, const Status& status) {
  if (!status.ok()) raise(kind, status);
}
template <typename T>
T take(ErrorKind kind, Result<T> result) {
  if (!result.ok()) raise(kind, result.status());
  return std::move(result).value();
}

// Registers the translation of OctetError into octet._errors' classes.
void register_errors();

// An array argument made fit to read as a tensor: C-contiguous, native byte order, a dtype octet
// knows. Holds the numpy array the view points into.
struct InputArray {
  py::array array;
  ArrayView view;
};

// numpy.asarray(obj) made C-contiguous and native-endian (copied only when needed: lists,
// non-contiguous, byte-swapped arrays). With `float32_for_floats`, float64/float16 data becomes
// float32 (numpy's default float type, for inputs that take float32 or quantize it). Errors
// (object, string, complex or unsigned 16-64 bit arrays) are InputErrors naming `where`.
InputArray to_input_array(py::handle obj, const std::string& where, bool float32_for_floats);

py::dtype numpy_dtype(DType dtype);
// A new C-contiguous array for a tensor of this dtype and shape.
py::array new_array(DType dtype, const Shape& shape);

// A model's file bytes and a name for messages (the path, or "<bytes>").
struct ModelSource {
  std::vector<uint8_t> bytes;
  std::string origin;
};
// From a str or os.PathLike (read now; errors name the path), a bytes-like object, or an
// octet.Model (its bytes).
ModelSource model_source(py::handle obj);

// Forwards library progress reports to a Python callable `callback(task, unit, done, total)`,
// taking the GIL for each call. The first exception the callable raises stops the forwarding and
// is raised again by rethrow_if_failed() (library work cannot be interrupted midway).
class ProgressForwarder {
 public:
  explicit ProgressForwarder(py::object callback) : callback_(std::move(callback)) {}
  // The returned function holds only a pointer to this forwarder: copying it never touches
  // Python reference counts, so the library may copy it with the GIL released.
  ProgressFn function();
  void rethrow_if_failed();

 private:
  py::object callback_;
  std::exception_ptr error_;
};

}  // namespace octet::python
