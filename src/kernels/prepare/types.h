// types.h - the plain values the prepare functions take and give: the kernel's element type, a
// tensor's (per-tensor) quantization, and their results (core/status.h Result: a plan or an error
// message). No IR types: the runtime and the code generator translate their tensors into these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/dtype.h"
#include "core/fixed_point.h"
#include "core/status.h"

namespace octet {

// The dtype suffix of a reference kernel: f32, s8, u8 or s16 (16x8: int16 activations), s32, s64,
// b8 (bool).
const char* kernel_type_name(DType type);

// The quantized range of an activation type ([0, 0] for float).
ActivationRange kernel_type_range(DType type);

struct TensorQuant {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

// The clamp a fused activation puts on a quantized output (TFLite's
// CalculateActivationRangeQuantized); kTanh and kSignBit are not fusable and give nullopt.
std::optional<ActivationRange> fused_activation_range(FusedActivation act, DType type,
                                                      TensorQuant output);

// The float clamp of a fused activation as TFLite's CalculateActivationRange gives it: unbounded
// sides are +-FLT_MAX (not infinity), so an infinite value is clamped to the largest float.
FloatRange fused_activation_range_f32(FusedActivation act);

}  // namespace octet
