// tflite_codes.h - mapping between TFLite schema enums and octet's types, shared by the reader and
// the writer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/dtype.h"

namespace octet {

constexpr int32_t kTfliteCustomCode = 32;  // BuiltinOperator CUSTOM
// Codes above this value live only in OperatorCode.builtin_code; the deprecated byte holds 127.
constexpr int32_t kTflitePlaceholderForGreaterOpCodes = 127;

std::optional<DType> dtype_from_tflite(int8_t tensor_type);
int8_t dtype_to_tflite(DType dtype);
std::string tflite_type_name(int8_t tensor_type);
// "CONV_2D", or "builtin op code 301" for codes this schema subset does not name.
std::string tflite_op_name(int32_t builtin_code);

}  // namespace octet
