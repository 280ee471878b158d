// dtype.cc - see dtype.h.
#include "core/dtype.h"

namespace octet {

size_t dtype_size(DType t) {
  switch (t) {
    case DType::kFloat32:
    case DType::kInt32:
    case DType::kUInt32:
      return 4;
    case DType::kFloat16:
    case DType::kInt16:
      return 2;
    case DType::kFloat64:
    case DType::kInt64:
      return 8;
    case DType::kInt8:
    case DType::kUInt8:
    case DType::kBool:
      return 1;
  }
  return 0;
}

std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::kFloat32:
      return "float32";
    case DType::kFloat16:
      return "float16";
    case DType::kFloat64:
      return "float64";
    case DType::kInt8:
      return "int8";
    case DType::kUInt8:
      return "uint8";
    case DType::kInt16:
      return "int16";
    case DType::kInt32:
      return "int32";
    case DType::kInt64:
      return "int64";
    case DType::kBool:
      return "bool";
    case DType::kUInt32:
      return "uint32";
  }
  return "?";
}

std::optional<DType> parse_dtype(std::string_view name) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kFloat64, DType::kInt8, DType::kUInt8,
                  DType::kInt16, DType::kInt32, DType::kInt64, DType::kBool, DType::kUInt32}) {
    if (dtype_name(t) == name) return t;
  }
  return std::nullopt;
}

bool is_float(DType t) {
  return t == DType::kFloat32 || t == DType::kFloat16 || t == DType::kFloat64;
}

bool is_quantizable_integer(DType t) {
  return t == DType::kInt8 || t == DType::kUInt8 || t == DType::kInt16;
}

bool is_integer(DType t) {
  return t == DType::kInt8 || t == DType::kUInt8 || t == DType::kInt16 || t == DType::kInt32 ||
         t == DType::kInt64 || t == DType::kUInt32;
}

int64_t dtype_min(DType t) {
  switch (t) {
    case DType::kInt8:
      return -128;
    case DType::kUInt8:
    case DType::kBool:
      return 0;
    case DType::kInt16:
      return -32768;
    case DType::kInt32:
      return INT32_MIN;
    case DType::kInt64:
      return INT64_MIN;
    default:
      return 0;
  }
}

int64_t dtype_max(DType t) {
  switch (t) {
    case DType::kInt8:
      return 127;
    case DType::kUInt8:
      return 255;
    case DType::kBool:
      return 1;
    case DType::kInt16:
      return 32767;
    case DType::kInt32:
      return INT32_MAX;
    case DType::kInt64:
      return INT64_MAX;
    case DType::kUInt32:
      return UINT32_MAX;
    default:
      return 0;
  }
}

}  // namespace octet
