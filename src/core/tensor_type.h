// tensor_type.h - a tensor's type: dtype + shape + optional quantization. Quantization is part of
// the type (DESIGN.md rule 1): a uint8 tensor with scale 0.02 and zero point 128 is a different
// type from a plain uint8 tensor, and the verifier checks the rules that relate them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/dtype.h"

namespace octet {

struct Shape {
  std::vector<int32_t> dims;

  Shape() = default;
  Shape(std::initializer_list<int32_t> d) : dims(d) {}
  explicit Shape(std::vector<int32_t> d) : dims(std::move(d)) {}

  int rank() const { return static_cast<int>(dims.size()); }
  int32_t operator[](int i) const { return dims[i]; }
  int32_t& operator[](int i) { return dims[i]; }
  // Negative indices count from the back (-1 is the last dimension).
  int32_t dim(int i) const { return dims[i < 0 ? i + rank() : i]; }

  // Element count, or nullopt when a dimension is negative or the product exceeds 2^40
  // (no tensor octet handles is that large; the bound keeps byte sizes far from overflow).
  std::optional<int64_t> checked_elements() const;
  // Element count of a shape already known to be valid.
  int64_t elements() const;

  std::string to_string() const;  // "[1,224,224,3]"
  bool operator==(const Shape& o) const { return dims == o.dims; }
  bool operator!=(const Shape& o) const { return dims != o.dims; }
};

// Affine quantization: real = scale * (q - zero_point). Per tensor (one scale) or per axis (one
// scale and zero point per index along `axis`).
struct QuantParams {
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int32_t axis = 0;

  static QuantParams per_tensor(float scale, int64_t zero_point) {
    return QuantParams{{scale}, {zero_point}, 0};
  }
  bool per_axis() const { return scales.size() > 1; }
  size_t channels() const { return scales.size(); }
  float scale(size_t c = 0) const { return scales[scales.size() == 1 ? 0 : c]; }
  int64_t zero_point(size_t c = 0) const {
    return zero_points.empty() ? 0 : zero_points[zero_points.size() == 1 ? 0 : c];
  }
  std::string to_string() const;  // "s=0.0186 zp=-14" or "per-axis(3) 32 scales"
  bool operator==(const QuantParams& o) const {
    return scales == o.scales && zero_points == o.zero_points && (!per_axis() || axis == o.axis);
  }
};

struct TensorType {
  DType dtype = DType::kFloat32;
  Shape shape;
  std::optional<QuantParams> quant;

  bool quantized() const { return quant.has_value(); }
  int64_t elements() const { return shape.elements(); }
  int64_t byte_size() const { return elements() * static_cast<int64_t>(dtype_size(dtype)); }
  std::string to_string() const;  // "int8[1,224,224,3]{s=0.0186 zp=-14}"
  bool operator==(const TensorType& o) const {
    return dtype == o.dtype && shape == o.shape && quant == o.quant;
  }
};

}  // namespace octet
