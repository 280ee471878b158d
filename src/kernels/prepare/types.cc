// types.cc - see types.h.
#include "kernels/prepare/types.h"

#include <algorithm>
#include <limits>

namespace octet {

const char* kernel_type_name(DType type) {
  switch (type) {
    case DType::kFloat32:
      return "f32";
    case DType::kInt8:
      return "s8";
    case DType::kUInt8:
      return "u8";
    case DType::kInt16:
      return "s16";
    case DType::kInt32:
      return "s32";
    case DType::kInt64:
      return "s64";
    case DType::kUInt32:
      return "u32";
    case DType::kBool:
      return "b8";
    default:
      break;
  }
  return "?";
}

ActivationRange kernel_type_range(DType type) {
  switch (type) {
    case DType::kInt8:
      return {-128, 127};
    case DType::kUInt8:
      return {0, 255};
    case DType::kInt16:
      return {-32768, 32767};
    default:
      return {0, 0};
  }
}

std::optional<ActivationRange> fused_activation_range(FusedActivation act, DType type,
                                                      TensorQuant output) {
  if (act == FusedActivation::kTanh || act == FusedActivation::kSignBit) return std::nullopt;
  const ActivationRange range = kernel_type_range(type);
  return quantized_activation_range(act, output.scale, output.zero_point, range.min, range.max);
}

FloatRange fused_activation_range_f32(FusedActivation act) {
  FloatRange r = float_activation_range(act);
  r.min = std::max(r.min, std::numeric_limits<float>::lowest());
  r.max = std::min(r.max, std::numeric_limits<float>::max());
  return r;
}

}  // namespace octet
