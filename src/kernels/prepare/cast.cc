// cast.cc - see cast.h.
#include "kernels/prepare/cast.h"

#include <optional>

namespace octet {

namespace {

std::optional<octet_element_type> element_type(DType t) {
  switch (t) {
    case DType::kBool:
      return OCTET_TYPE_BOOL;
    case DType::kInt8:
      return OCTET_TYPE_S8;
    case DType::kUInt8:
      return OCTET_TYPE_U8;
    case DType::kInt16:
      return OCTET_TYPE_S16;
    case DType::kInt32:
      return OCTET_TYPE_S32;
    case DType::kUInt32:
      return OCTET_TYPE_U32;
    case DType::kInt64:
      return OCTET_TYPE_S64;
    case DType::kFloat32:
      return OCTET_TYPE_F32;
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<octet_cast_params> prepare_cast(DType input, DType output) {
  const auto in = element_type(input), out = element_type(output);
  if (!in || !out) {
    return error("CAST: no kernel from {} to {}", dtype_name(input), dtype_name(output));
  }
  return octet_cast_params{*in, *out};
}

}  // namespace octet
