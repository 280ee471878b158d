// softmax.cc - the prepare-time tables of softmax.h.
#include "kernels/x86/softmax.h"

namespace octet::x86 {

SoftmaxExpTable softmax_exp_table(const octet_softmax_params* p) {
  // The reference's steps (nn_softmax.c): Q5.26 scaled difference, exp, then Rescale<12> for the
  // sum. 5 and 12 are its integer-bit counts.
  constexpr int kDiffIntegerBits = 5, kAccumIntegerBits = 12;
  SoftmaxExpTable t{};
  for (int32_t d = 0; d < 256; ++d) {
    const int32_t diff = -d;
    if (diff < p->diff_min) continue;
    const int32_t scaled =
        octet_mul_by_quantized_mul_greater_than_one(diff, p->input_multiplier, p->input_left_shift);
    t.exp[d] = octet_fx_exp_on_negative_values(scaled, kDiffIntegerBits);
    t.accum_term[d] = octet_saturating_rounding_mul_by_pot(t.exp[d], -kAccumIntegerBits);
  }
  return t;
}

}  // namespace octet::x86
