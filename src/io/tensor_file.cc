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

Result<std::vector<uint8_t>> load_tensor_file(const std::string& path, const TensorType& type,
                                              const std::string& what, bool* quantized_from_float) {
  if (quantized_from_float) *quantized_from_float = false;
  if (path.ends_with(".npy")) {
    OCTET_ASSIGN_OR_RETURN(NpyArray a, read_npy(path));
    if (a.dtype == DType::kFloat32 && type.quant && is_quantizable_integer(type.dtype)) {
      if (without_leading_ones(a.shape) != without_leading_ones(type.shape)) {
        return error("{}: array shape {} does not match {} shape {}", path, a.shape.to_string(),
                     what, type.shape.to_string());
      }
      const float* x = reinterpret_cast<const float*>(a.data.data());
      const size_t n = a.data.size() / sizeof(float), es = dtype_size(type.dtype);
      std::vector<uint8_t> out(n * es);
      const double scale = type.quant->scale(), zp = static_cast<double>(type.quant->zero_point());
      for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) return error("{}: element {} is {}", path, i, x[i]);
        const double q = std::clamp(std::round(x[i] / scale) + zp, double(dtype_min(type.dtype)),
                                    double(dtype_max(type.dtype)));
        const int64_t v = static_cast<int64_t>(q);
        std::memcpy(out.data() + i * es, &v, es);
      }
      if (quantized_from_float) *quantized_from_float = true;
      return out;
    }
    if (a.dtype != type.dtype) {
      return error("{}: {} holds {}, but {} is {}", path, "the array", dtype_name(a.dtype), what,
                   dtype_name(type.dtype));
    }
    if (without_leading_ones(a.shape) != without_leading_ones(type.shape)) {
      return error("{}: array shape {} does not match {} shape {}", path, a.shape.to_string(), what,
                   type.shape.to_string());
    }
    return std::move(a.data);
  }
  OCTET_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, read_file_bytes(path));
  if (static_cast<int64_t>(bytes.size()) != type.byte_size()) {
    return error("{}: {} bytes, but {} ({}) needs exactly {}", path, bytes.size(), what,
                 type.to_string(), type.byte_size());
  }
  return bytes;
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
