// tensor_type.cc - see tensor_type.h.
#include "core/tensor_type.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace octet {

std::optional<int64_t> Shape::checked_elements() const {
  constexpr int64_t kLimit = int64_t{1} << 40;
  int64_t n = 1;
  for (int32_t d : dims) {
    if (d < 0) return std::nullopt;
    if (d != 0 && n > kLimit / d) return std::nullopt;
    n *= d;
  }
  return n;
}

int64_t Shape::elements() const {
  int64_t n = 1;
  for (int32_t d : dims) n *= d;
  return n;
}

std::string Shape::to_string() const { return fmt::format("[{}]", fmt::join(dims, ",")); }

std::string QuantParams::to_string() const {
  if (scales.empty()) return "unquantized";
  if (!per_axis()) return fmt::format("s={:.6g} zp={}", scales[0], zero_point(0));
  bool zero_zp = true;
  for (int64_t z : zero_points) zero_zp &= z == 0;
  float lo = scales[0], hi = scales[0];
  for (float s : scales) lo = std::min(lo, s), hi = std::max(hi, s);
  return fmt::format("per-axis(axis={}) {} scales {:.3g}..{:.3g} zp={}", axis, scales.size(), lo,
                     hi, zero_zp ? "0" : "mixed");
}

std::string TensorType::to_string() const {
  std::string s = fmt::format("{}{}", dtype_name(dtype), shape.to_string());
  if (quant) s += fmt::format("{{{}}}", quant->to_string());
  return s;
}

}  // namespace octet
