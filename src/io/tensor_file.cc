// tensor_file.cc - see tensor_file.h.
#include "io/tensor_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "frontend/tflite/reader.h"
#include "io/npy.h"

namespace octet {

namespace {

Shape without_leading_ones(Shape s) {
  while (s.rank() > 0 && s[0] == 1) s.dims.erase(s.dims.begin());
  return s;
}

}  // namespace

Status array_to_tensor(const ArrayView& a, const TensorType& type, std::string_view where,
                       std::string_view what, std::span<uint8_t> out, bool* quantized_from_float) {
  if (quantized_from_float) *quantized_from_float = false;
  const bool quantize =
      a.dtype == DType::kFloat32 && type.quant && is_quantizable_integer(type.dtype);
  if (!quantize && a.dtype != type.dtype) {
    return error("{}: the array holds {}, but {} is {}", where, dtype_name(a.dtype), what,
                 dtype_name(type.dtype));
  }
  if (without_leading_ones(a.shape) != without_leading_ones(type.shape)) {
    return error("{}: array shape {} does not match {} shape {}", where, a.shape.to_string(), what,
                 type.shape.to_string());
  }
  if (static_cast<int64_t>(out.size()) != type.byte_size() ||
      a.data.size() != static_cast<size_t>(type.elements()) * dtype_size(a.dtype)) {
    return error("{}: {} bytes of data for {} ({}), which needs {}", where, a.data.size(), what,
                 type.to_string(), type.byte_size());
  }
  if (!quantize) {
    if (!out.empty()) std::memcpy(out.data(), a.data.data(), out.size());
    return Status::Ok();
  }
  // The bytes of an .npy file or a numpy buffer need not be 4-byte aligned.
  std::vector<float> values(static_cast<size_t>(type.elements()));
  if (!values.empty()) std::memcpy(values.data(), a.data.data(), a.data.size());
  OCTET_RETURN_IF_ERROR(real_to_tensor(values, type, where, out));
  if (quantized_from_float) *quantized_from_float = true;
  return Status::Ok();
}

Result<std::vector<uint8_t>> load_tensor_file(const std::string& path, const TensorType& type,
                                              const std::string& what, bool* quantized_from_float) {
  if (quantized_from_float) *quantized_from_float = false;
  if (path.ends_with(".npy")) {
    OCTET_ASSIGN_OR_RETURN(NpyArray a, read_npy(path));
    std::vector<uint8_t> out(static_cast<size_t>(type.byte_size()));
    OCTET_RETURN_IF_ERROR(array_to_tensor(ArrayView{a.dtype, a.shape, a.data}, type, path, what,
                                          out, quantized_from_float));
    return out;
  }
  OCTET_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, read_file_bytes(path));
  if (static_cast<int64_t>(bytes.size()) != type.byte_size()) {
    return error("{}: {} bytes, but {} ({}) needs exactly {}", path, bytes.size(), what,
                 type.to_string(), type.byte_size());
  }
  return bytes;
}

namespace {

// Scale and zero point of each element: per tensor, or per index along the quantized axis.
class ElementQuant {
 public:
  explicit ElementQuant(const TensorType& t) {
    if (!t.quant) return;
    const QuantParams& q = *t.quant;
    if (q.per_axis() && q.axis >= 0 && q.axis < t.shape.rank() &&
        static_cast<size_t>(t.shape[q.axis]) == q.channels()) {
      channels_ = q.channels();
      for (int d = q.axis + 1; d < t.shape.rank(); ++d) inner_ *= t.shape[d];
    }
    scales_.clear();
    zero_points_.clear();
    for (size_t c = 0; c < channels_; ++c) {
      scales_.push_back(q.scale(c));
      zero_points_.push_back(static_cast<double>(q.zero_point(c)));
    }
  }
  double scale(int64_t i) const { return scales_[channel(i)]; }
  double zero_point(int64_t i) const { return zero_points_[channel(i)]; }

 private:
  size_t channel(int64_t i) const {
    return channels_ == 1 ? 0 : static_cast<size_t>((i / inner_) % static_cast<int64_t>(channels_));
  }
  size_t channels_ = 1;
  int64_t inner_ = 1;
  std::vector<double> scales_{1.0};
  std::vector<double> zero_points_{0.0};
};

}  // namespace

Status real_to_tensor(std::span<const float> x, const TensorType& type, std::string_view where,
                      std::span<uint8_t> out) {
  const int64_t n = type.elements();
  if (static_cast<int64_t>(x.size()) != n || static_cast<int64_t>(out.size()) != type.byte_size()) {
    return error("{}: {} values for {} ({} elements)", where, x.size(), type.to_string(), n);
  }
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) return error("{}: element {} is {}", where, i, x[i]);
  }
  if (type.dtype == DType::kFloat32) {
    if (n > 0) std::memcpy(out.data(), x.data(), out.size());
    return Status::Ok();
  }
  if (!is_integer(type.dtype)) {
    return error("{}: real values cannot become {} data", where, dtype_name(type.dtype));
  }
  const ElementQuant q(type);
  const size_t es = dtype_size(type.dtype);
  const double lo = static_cast<double>(dtype_min(type.dtype));
  const double hi = static_cast<double>(dtype_max(type.dtype));
  for (int64_t i = 0; i < n; ++i) {
    const double v = std::clamp(std::round(x[i] / q.scale(i)) + q.zero_point(i), lo, hi);
    const int64_t iv = static_cast<int64_t>(v);
    std::memcpy(out.data() + i * es, &iv, es);  // little-endian: low bytes first
  }
  return Status::Ok();
}

void tensor_to_real(const TensorType& t, std::span<const uint8_t> bytes, std::vector<double>& out) {
  const int64_t n = t.elements();
  out.assign(static_cast<size_t>(n), 0.0);
  auto raw = [&]<typename T>(T, int64_t i) {
    T v;
    std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
    return static_cast<double>(v);
  };
  const ElementQuant q(t);
  for (int64_t i = 0; i < n; ++i) {
    double r = 0;
    switch (t.dtype) {
      case DType::kFloat32:
        out[i] = raw(float{}, i);
        continue;
      case DType::kFloat64:
        out[i] = raw(double{}, i);
        continue;
      case DType::kBool:
        out[i] = bytes[i] != 0;
        continue;
      case DType::kInt8:
        r = raw(int8_t{}, i);
        break;
      case DType::kUInt8:
        r = raw(uint8_t{}, i);
        break;
      case DType::kInt16:
        r = raw(int16_t{}, i);
        break;
      case DType::kInt32:
        r = raw(int32_t{}, i);
        break;
      case DType::kInt64:
        r = raw(int64_t{}, i);
        break;
      case DType::kUInt32:
        r = raw(uint32_t{}, i);
        break;
      default:
        continue;  // float16: not produced by octet's kernels
    }
    out[i] = (r - q.zero_point(i)) * q.scale(i);
  }
}

std::vector<uint8_t> random_tensor(const TensorType& type, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const int64_t n = type.elements();
  std::vector<uint8_t> out(static_cast<size_t>(type.byte_size()));
  auto fill = [&](auto* p, auto draw) {
    for (int64_t i = 0; i < n; ++i) p[i] = draw();
  };
  switch (type.dtype) {
    case DType::kFloat32: {
      std::uniform_real_distribution<float> d(-1.0f, 1.0f);
      fill(reinterpret_cast<float*>(out.data()), [&] { return d(rng); });
      break;
    }
    case DType::kFloat64: {
      std::uniform_real_distribution<double> d(-1.0, 1.0);
      fill(reinterpret_cast<double*>(out.data()), [&] { return d(rng); });
      break;
    }
    case DType::kBool:
      fill(out.data(), [&] { return static_cast<uint8_t>(rng() & 1); });
      break;
    case DType::kFloat16:
      // Half-precision values in [-1, 1): sign, exponent 0..14, random mantissa.
      fill(reinterpret_cast<uint16_t*>(out.data()), [&] {
        const uint64_t r = rng();
        return static_cast<uint16_t>(((r & 1) << 15) | (((r >> 1) % 15) << 10) |
                                     ((r >> 8) & 0x3ff));
      });
      break;
    default: {
      std::uniform_int_distribution<int64_t> d(dtype_min(type.dtype), dtype_max(type.dtype));
      const size_t size = dtype_size(type.dtype);
      for (int64_t i = 0; i < n; ++i) {
        const int64_t v = d(rng);
        std::memcpy(out.data() + i * size, &v, size);  // little-endian: low bytes first
      }
    }
  }
  return out;
}

Status save_tensor_file(const std::string& path, TensorFormat format, const TensorType& type,
                        std::span<const uint8_t> data) {
  if (format == TensorFormat::kNpy) return write_npy(path, type.dtype, type.shape, data);
  return write_file_bytes(path, data);
}

}  // namespace octet
