// dtype.h - element types of tensors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace octet {

enum class DType : uint8_t {
  kFloat32,
  kFloat16,
  kFloat64,
  kInt8,
  kUInt8,
  kInt16,
  kInt32,
  kInt64,
  kBool,
  kUInt32,  // CAST's only; nothing computes on it
};

// Bytes per element.
size_t dtype_size(DType t);

// "float32", "int8", ... as TFLite/numpy spell them.
std::string_view dtype_name(DType t);
std::optional<DType> parse_dtype(std::string_view name);

bool is_float(DType t);
// Integer types that carry quantized real values (int8, uint8, int16).
bool is_quantizable_integer(DType t);
bool is_integer(DType t);

// Representable range of an integer dtype (int8: -128..127 ...).
int64_t dtype_min(DType t);
int64_t dtype_max(DType t);

}  // namespace octet
