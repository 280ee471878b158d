// fixed_point.h - prepare-time fixed-point helpers: turning real scales into the Q31 multipliers
// and shifts that the integer kernels consume (octet_fixed_point.h holds the run-time half), and
// the quantized activation ranges TFLite derives from fused activations.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace octet {

// A real multiplier as TFLite's QuantizeMultiplier encodes it: real ≈ multiplier * 2^(shift - 31),
// multiplier in [2^30, 2^31) (or 0), shift positive for a left shift.
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int32_t shift = 0;
};

// TFLite's QuantizeMultiplier: frexp, round the mantissa to Q31 (ties away from zero); a mantissa
// that rounds up to 2^31 is halved and the exponent incremented; shifts below -31 flush to zero.
QuantizedMultiplier quantize_multiplier(double real_multiplier);

// quantize_multiplier for a multiplier the kernels apply with MultiplyByQuantizedMultiplier:
// refused when real is not finite (scales whose ratio overflows) or needs a left shift past 30
// (TFLite's limit; beyond it the kernels' shift is undefined in C). The error reads
// "<what> <real> needs a left shift of <shift>; the kernels take at most 30", what naming the op
// and the ratio ("MUL: input1 * input2 / output scale").
Result<QuantizedMultiplier> checked_quantize_multiplier(double real, std::string_view what);

// TFLite's fused activation functions, in the order of the TFLite schema enum.
enum class FusedActivation : uint8_t {
  kNone = 0,
  kRelu = 1,
  kReluN1To1 = 2,
  kRelu6 = 3,
  kTanh = 4,
  kSignBit = 5
};

struct ActivationRange {
  int32_t min = 0;
  int32_t max = 0;
};

// static_cast<int32_t>(value) saturated to int32, NaN giving 0: TFLite's float-to-int conversions
// of quantized values, defined where a hostile scale takes them past int32.
int32_t saturate_to_int32(double value);

// TFLite's static_cast<int32_t>(round(value / scale)) for a quantized bound, saturated to int32
// (a tiny scale takes the quotient past it, undefined as TFLite writes it), NaN giving 0.
int32_t round_quotient_saturated(float value, float scale);

// TFLite's CalculateActivationRangeQuantized: the clamp range in the quantized domain of an output
// with the given scale and zero point, intersected with [qmin, qmax]. Computed in float as TFLite
// does: zero_point + round(value / scale).
ActivationRange quantized_activation_range(FusedActivation act, float scale, int32_t zero_point,
                                           int32_t qmin, int32_t qmax);

// The float clamp range of a fused activation (-inf/+inf when unbounded).
struct FloatRange {
  float min;
  float max;
};
FloatRange float_activation_range(FusedActivation act);

}  // namespace octet
