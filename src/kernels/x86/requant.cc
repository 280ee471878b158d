// requant.cc - see requant.h.
#include "kernels/x86/requant.h"

#include <algorithm>
#include <bit>
#include <cassert>

#include "octet_fixed_point.h"

namespace octet::x86 {

RequantTable::RequantTable(std::span<const int32_t> bias, std::span<const int32_t> multiplier,
                           std::span<const int32_t> shift, const OutputStage& output)
    : channels_(static_cast<int32_t>(multiplier.size())), output_(output) {
  assert(bias.size() == multiplier.size() && shift.size() == multiplier.size());
  data_.assign(static_cast<size_t>(blocks()) * kRequantFields * kChannelBlock, 0);
  for (int32_t c = 0; c < channels_; ++c) {
    int32_t* f =
        data_.data() + static_cast<size_t>(c / kChannelBlock) * kRequantFields * kChannelBlock;
    const int lane = c % kChannelBlock;
    auto field = [&](RequantField k) -> int32_t& { return f[k * kChannelBlock + lane]; };
    const int32_t m = multiplier[c];
    assert(m >= 0);  // QuantizeMultiplier never gives a negative one; SRDHM never saturates then
    const int32_t e = std::max(-shift[c], 0);
    field(kFieldBias) = bias[c];
    field(kFieldMultiplier) = m;
    if (lane % 2 == 1) f[kFieldMultiplierOdd * kChannelBlock + lane - 1] = m;
    field(kFieldLeftShift) = std::max(shift[c], 0);
    field(kFieldRightShift) = e;
    field(kFieldRoundMask) = static_cast<int32_t>((int64_t{1} << e) - 1);
    field(kFieldRoundHalf) = static_cast<int32_t>(((int64_t{1} << e) - 1) >> 1);
    // Only meaningful (and only in range) when kFast was proven; wrap silently otherwise.
    const int64_t rounding =
        e >= 1 ? (int64_t{1} << (e - 1)) + int64_t{output.zero_point} * (int64_t{1} << e) : 0;
    field(kFieldRounding) = static_cast<int32_t>(static_cast<uint32_t>(rounding));
    field(kFieldMul2) = static_cast<int32_t>(2 * static_cast<uint32_t>(m));
    if (lane % 2 == 1) f[kFieldMul2Odd * kChannelBlock + lane - 1] = field(kFieldMul2);
    // The AVX-512 form (requant.h): B = 2^31 + 2^(30 - v), K = (2^30 - B m) / 2^31 + R (m = 0:
    // any B, K = R).
    const int64_t signed_rounding =
        output.is_unsigned && e >= 1 ? rounding - 128 * (int64_t{1} << e) : rounding;
    const int v = m > 0 ? std::countr_zero(static_cast<uint32_t>(m)) : 0;
    const int64_t b = (int64_t{1} << 31) + (int64_t{1} << (30 - v));
    const int64_t high = (int64_t{1} << 30) - b * m;  // a multiple of 2^31 (m = 0: rounds down)
    const int64_t k = (m > 0 ? high / (int64_t{1} << 31) : 0) + signed_rounding;
    field(kFieldBiasOffset) =
        static_cast<int32_t>(static_cast<uint32_t>(bias[c]) + static_cast<uint32_t>(b));
    field(kFieldHighOffset) = static_cast<int32_t>(static_cast<uint32_t>(k));
    field(kFieldOffset) = static_cast<int32_t>(static_cast<uint32_t>(b));
  }
}

RequantMode choose_requant_mode(std::span<const int32_t> shift, std::span<const int64_t> acc_bound,
                                int32_t output_zero_point, bool output_unsigned) {
  if (output_unsigned &&
      choose_requant_mode(shift, acc_bound, output_zero_point - 128, false) != RequantMode::kFast) {
    return RequantMode::kGeneral;
  }
  constexpr int64_t kMax = INT32_MAX, kMin = INT32_MIN;
  for (size_t c = 0; c < shift.size(); ++c) {
    if (shift[c] > -1) return RequantMode::kGeneral;
    const int e = -shift[c];
    if (e > 30) return RequantMode::kGeneral;
    if (acc_bound[c] >= (int64_t{1} << 30)) return RequantMode::kGeneral;  // AVX-512's a = x + B
    const int64_t r = acc_bound[c] + 1;
    const int64_t rounding =
        (int64_t{1} << (e - 1)) + int64_t{output_zero_point} * (int64_t{1} << e);
    if (rounding > kMax || rounding < kMin) return RequantMode::kGeneral;
    // The kernel adds rounding, then -1 for negative r; both orders must stay in range.
    if (r + rounding > kMax || -r + rounding - 1 < kMin) return RequantMode::kGeneral;
  }
  return RequantMode::kFast;
}

int32_t requantize_scalar(int32_t acc, int32_t multiplier, int32_t shift, const OutputStage& out) {
  const int32_t v = octet_mul_by_quantized_mul(acc, multiplier, shift) + out.zero_point;
  return octet_clamp_i32(v, out.act_min, out.act_max);
}

}  // namespace octet::x86
