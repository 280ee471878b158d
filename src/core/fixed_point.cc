// fixed_point.cc - see fixed_point.h.
#include "core/fixed_point.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace octet {

QuantizedMultiplier quantize_multiplier(double real_multiplier) {
  QuantizedMultiplier q;
  if (real_multiplier == 0.0) return q;
  int exponent = 0;
  const double mantissa = std::frexp(real_multiplier, &exponent);
  int64_t fixed = static_cast<int64_t>(std::round(mantissa * static_cast<double>(1LL << 31)));
  if (fixed == (1LL << 31)) {
    fixed /= 2;
    ++exponent;
  }
  if (exponent < -31) {
    exponent = 0;
    fixed = 0;
  }
  q.multiplier = static_cast<int32_t>(fixed);
  q.shift = exponent;
  return q;
}

Result<QuantizedMultiplier> checked_quantize_multiplier(double real, std::string_view what) {
  if (!std::isfinite(real)) return error("{} {:g} is not finite", what, real);
  const QuantizedMultiplier m = quantize_multiplier(real);
  if (m.shift > 30) {
    return error("{} {:g} needs a left shift of {}; the kernels take at most 30", what, real,
                 m.shift);
  }
  return m;
}

int32_t saturate_to_int32(double value) {
  if (std::isnan(value)) return 0;
  return static_cast<int32_t>(std::clamp(value, double{std::numeric_limits<int32_t>::min()},
                                         double{std::numeric_limits<int32_t>::max()}));
}

int32_t round_quotient_saturated(float value, float scale) {
  return saturate_to_int32(std::round(static_cast<double>(value / scale)));
}

ActivationRange quantized_activation_range(FusedActivation act, float scale, int32_t zero_point,
                                           int32_t qmin, int32_t qmax) {
  // The bound clamps to the type's range after (int64: the zero point plus a saturated quotient).
  auto quantize = [&](float f) -> int32_t {
    const int64_t q = int64_t{zero_point} + round_quotient_saturated(f, scale);
    return static_cast<int32_t>(std::clamp<int64_t>(q, std::numeric_limits<int32_t>::min(),
                                                    std::numeric_limits<int32_t>::max()));
  };
  ActivationRange r{qmin, qmax};
  switch (act) {
    case FusedActivation::kRelu:
      r.min = std::max(qmin, quantize(0.0f));
      break;
    case FusedActivation::kRelu6:
      r.min = std::max(qmin, quantize(0.0f));
      r.max = std::min(qmax, quantize(6.0f));
      break;
    case FusedActivation::kReluN1To1:
      r.min = std::max(qmin, quantize(-1.0f));
      r.max = std::min(qmax, quantize(1.0f));
      break;
    default:
      break;
  }
  return r;
}

FloatRange float_activation_range(FusedActivation act) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  switch (act) {
    case FusedActivation::kRelu:
      return {0.0f, kInf};
    case FusedActivation::kRelu6:
      return {0.0f, 6.0f};
    case FusedActivation::kReluN1To1:
      return {-1.0f, 1.0f};
    default:
      return {-kInf, kInf};
  }
}

}  // namespace octet
