// requant.h - per-output-channel requantization constants laid out for the vector kernels, and the
// prepare-time proof that decides which exact vector form of TFLite's requantization a layer may
// use. ISA-independent: the AVX2 and AVX-512 kernels read the same table.
//
// The reference (octet_mul_by_quantized_mul) computes, per output channel c,
//   out = clamp(RDBPOT(SRDHM(acc << ls_c, m_c), e_c) + zp_out, act_min, act_max)
// with ls_c = max(shift_c, 0) and e_c = max(-shift_c, 0). The vector kernels compute exactly that:
//   - kGeneral: the reference step by step (left shift, 64-bit high multiply, RDBPOT with mask and
//     threshold, then + zp_out); exact for every int32 accumulator.
//   - kFast: no left shift, and RDBPOT as (r + 2^(e-1) + zp_out * 2^e - [r < 0]) >> e. Adding a
//     multiple of 2^e before the floor shift is the same as adding zp_out after it, and
//     2^(e-1) - [r < 0] is RDBPOT's round-half-away-from-zero, so this is exact whenever no
//     intermediate overflows int32 and every e_c >= 1; prepare proves that from a bound on |acc|
//     (see choose_requant_mode) and otherwise picks kGeneral.
//     AVX-512 computes the same kFast result with 64-bit products and no 64-bit adds: out =
//     floor((x m + C - [x < 0] 2^31) / 2^(31 + e)) with C = 2^30 + 2^31 R (R: kFieldRounding),
//     and the inner floor by 2^31 is taken from a = x + B (the accumulator starts there, from
//     kFieldBiasOffset) as
//       t = hi32(a * 2m) + K - [a < B],  K = (C - B m) / 2^31,  out = t >> e,
//     where B = 2^31 + 2^(30 - v), v the trailing zero bits of m: then B m = 2^30 mod 2^31
//     (m = m' 2^v, m' odd), so C - B m is a multiple of 2^31 and floor((x m + C) / 2^31) =
//     floor(a m / 2^31) + K exactly, provided 0 <= a < 2^32, i.e. |x| < 2^30 (kFast proves it).
//     [x < 0] is [r < 0] except when r = 0 and x < 0, where both give zp_out since e >= 1. Sums
//     wrap modulo 2^32 on the way; only the final t must fit int32, which kFast proves. For uint8
//     outputs R has zp_out - 128: the AVX-512 kernels narrow every output as int8 (the uint8
//     value - 128, saturated and clamped the same way) and flip the top bit of the bytes.
// The final clamp happens after narrowing to 8 bits (saturating packs, then min/max), which is the
// same clamp since [act_min, act_max] lies inside the 8-bit range.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/aligned_vector.h"

namespace octet::x86 {

// Channels go in blocks of 16 (one zmm or two ymm of int32). Every field of a block is 16
// consecutive int32, so a kernel loads each one with a single vector load.
constexpr int kChannelBlock = 16;

enum RequantField : int {
  kFieldBias = 0,       // bias with the input-independent offset terms folded in
  kFieldMultiplier,     // Q31 multiplier, >= 0
  kFieldMultiplierOdd,  // lane 2i holds the multiplier of lane 2i+1: 64-bit products of odd lanes
  kFieldLeftShift,      // kGeneral: max(shift, 0)
  kFieldRightShift,     // e = max(-shift, 0)
  kFieldRoundMask,      // kGeneral: (1 << e) - 1
  kFieldRoundHalf,      // kGeneral: mask >> 1
  kFieldRounding,       // kFast: 2^(e-1) + zp_out * 2^e
  // kFast on AVX-512 (see above).
  kFieldBiasOffset,  // kFieldBias + B (the accumulator starts as a = x + B)
  kFieldMul2,        // 2m as uint32 (vpmuludq reads lane 2i of each 64-bit pair)
  kFieldMul2Odd,     // lane 2i holds 2m of lane 2i+1
  kFieldHighOffset,  // K = (C - B m) / 2^31, modulo 2^32
  kFieldOffset,      // B
  kRequantFields,
};

enum class RequantMode : uint8_t { kGeneral, kFast };

// The output side shared by a whole layer.
struct OutputStage {
  int32_t zero_point = 0;
  int32_t act_min = -128;
  int32_t act_max = 127;
  bool is_unsigned = false;  // uint8 output (else int8)
  RequantMode mode = RequantMode::kGeneral;
};

// False when the sign term of kFast can be left out: x < 0 makes r = SRDHM(x, m) <= 0, so
// RDBPOT(r, e) <= 0 with either rounding of ties and the output <= zp_out, which the clamp takes
// to act_min when act_min >= zp_out (ReLU, ReLU6): the rounding of negative ties never shows.
inline bool sign_matters(const OutputStage& o) { return o.act_min < o.zero_point; }

class RequantTable {
 public:
  RequantTable() = default;
  // bias (already folded), multiplier and shift per channel, as the prepare functions compute
  // them. Channels past the end of a block get multiplier 0 (their results are never stored).
  RequantTable(std::span<const int32_t> bias, std::span<const int32_t> multiplier,
               std::span<const int32_t> shift, const OutputStage& output);

  int32_t channels() const { return channels_; }
  int32_t blocks() const { return (channels_ + kChannelBlock - 1) / kChannelBlock; }
  const int32_t* block(int32_t b) const {
    return data_.data() + static_cast<size_t>(b) * kRequantFields * kChannelBlock;
  }
  const OutputStage& output() const { return output_; }
  int64_t bytes() const { return static_cast<int64_t>(data_.size() * sizeof(int32_t)); }

 private:
  int32_t channels_ = 0;
  OutputStage output_;
  AlignedVector<int32_t> data_;
};

// kFast when every channel has shift <= -1 (e >= 1, no left shift) and, for every accumulator
// |acc| <= acc_bound[c], neither r + 2^(e-1) + zp_out * 2^e nor its negative-side counterpart can
// leave int32 (|r| <= |acc| + 1 since the multiplier is below 2^31); for uint8 outputs also with
// zp_out - 128 (the AVX-512 form), and |acc| < 2^30 (the AVX-512 form's a = x + B in [0, 2^32));
// else kGeneral.
RequantMode choose_requant_mode(std::span<const int32_t> shift, std::span<const int64_t> acc_bound,
                                int32_t output_zero_point, bool output_unsigned);

// Calls f.template operator()<kMode, kUnsigned>() for an output stage's requantization form and
// output type: the four instantiations a kernel's driver is compiled in.
template <typename F>
inline void with_output_stage(const OutputStage& o, F&& f) {
  if (o.mode == RequantMode::kFast) {
    o.is_unsigned ? f.template operator()<RequantMode::kFast, true>()
                  : f.template operator()<RequantMode::kFast, false>();
  } else {
    o.is_unsigned ? f.template operator()<RequantMode::kGeneral, true>()
                  : f.template operator()<RequantMode::kGeneral, false>();
  }
}

// The largest |input - zero_point| an 8-bit input can reach: the factor that turns a channel's
// sum of |weights| into a bound on its accumulator.
inline int64_t max_input_magnitude(int32_t zero_point, bool is_unsigned) {
  const int64_t lo = is_unsigned ? 0 : -128, hi = is_unsigned ? 255 : 127;
  return hi - zero_point > zero_point - lo ? hi - zero_point : zero_point - lo;
}

// The reference arithmetic of one channel (tails and scalar paths).
int32_t requantize_scalar(int32_t acc, int32_t multiplier, int32_t shift, const OutputStage& out);

}  // namespace octet::x86
