// tflite_codes.cc - see tflite_codes.h.
#include "frontend/tflite/tflite_codes.h"

#include <fmt/format.h>

#include "schema_generated.h"

namespace octet {

std::optional<DType> dtype_from_tflite(int8_t t) {
  switch (static_cast<tflite::TensorType>(t)) {
    case tflite::TensorType::FLOAT32:
      return DType::kFloat32;
    case tflite::TensorType::FLOAT16:
      return DType::kFloat16;
    case tflite::TensorType::FLOAT64:
      return DType::kFloat64;
    case tflite::TensorType::INT8:
      return DType::kInt8;
    case tflite::TensorType::UINT8:
      return DType::kUInt8;
    case tflite::TensorType::INT16:
      return DType::kInt16;
    case tflite::TensorType::INT32:
      return DType::kInt32;
    case tflite::TensorType::INT64:
      return DType::kInt64;
    case tflite::TensorType::BOOL:
      return DType::kBool;
    case tflite::TensorType::UINT32:
      return DType::kUInt32;
    default:
      return std::nullopt;
  }
}

int8_t dtype_to_tflite(DType d) {
  tflite::TensorType t = tflite::TensorType::FLOAT32;
  switch (d) {
    case DType::kFloat32:
      t = tflite::TensorType::FLOAT32;
      break;
    case DType::kFloat16:
      t = tflite::TensorType::FLOAT16;
      break;
    case DType::kFloat64:
      t = tflite::TensorType::FLOAT64;
      break;
    case DType::kInt8:
      t = tflite::TensorType::INT8;
      break;
    case DType::kUInt8:
      t = tflite::TensorType::UINT8;
      break;
    case DType::kInt16:
      t = tflite::TensorType::INT16;
      break;
    case DType::kInt32:
      t = tflite::TensorType::INT32;
      break;
    case DType::kInt64:
      t = tflite::TensorType::INT64;
      break;
    case DType::kBool:
      t = tflite::TensorType::BOOL;
      break;
    case DType::kUInt32:
      t = tflite::TensorType::UINT32;
      break;
  }
  return static_cast<int8_t>(t);
}

std::string tflite_type_name(int8_t t) {
  if (t >= 0 && t <= static_cast<int8_t>(tflite::TensorType::MAX)) {
    return tflite::EnumNameTensorType(static_cast<tflite::TensorType>(t));
  }
  return fmt::format("type code {}", t);
}

std::string tflite_op_name(int32_t code) {
  if (code >= 0 && code <= static_cast<int32_t>(tflite::BuiltinOperator::MAX)) {
    const char* name = tflite::EnumNameBuiltinOperator(static_cast<tflite::BuiltinOperator>(code));
    if (name && *name) return name;
  }
  return fmt::format("builtin op code {}", code);
}

}  // namespace octet
