// softmax.h - quantized SOFTMAX with 8-bit inputs (s8 -> s8, s8 -> s16, u8 -> u8) from a table:
// every difference from the row maximum is one of 256 values, so the reference's exp of each
// (gemmlowp exp_on_negative_values of the scaled difference) and its Q12.19 accumulation term are
// computed once at prepare with the reference's own fixed-point functions. Per row the kernel then
// sums table terms, takes the reference's reciprocal, and scales each table exp exactly as
// octet_ref_softmax_s8/s8_s16/u8 do. Same contract and bytes as those kernels.
#pragma once

#include <cstdint>

#include "octet_kernels.h"

namespace octet::x86 {

// Indexed by d = row maximum - input (0..255). Differences below diff_min hold 0 in both tables:
// the reference skips them in the sum (adding 0 is the same) and gives them the output minimum
// (scaling an exp of 0 gives the same).
struct SoftmaxExpTable {
  int32_t exp[256];         // exp(-d * beta * input_scale) in Q0.31
  int32_t accum_term[256];  // exp[d] rescaled to Q12.19 (rounding), the term the sum adds
};

SoftmaxExpTable softmax_exp_table(const octet_softmax_params* p);

// p and shape as for the reference kernels; t = softmax_exp_table(p).
void softmax_s8_avx2(const SoftmaxExpTable* t, const octet_softmax_params* p,
                     const octet_shape* shape, const int8_t* input, int8_t* output);
void softmax_s8_s16_avx2(const SoftmaxExpTable* t, const octet_softmax_params* p,
                         const octet_shape* shape, const int8_t* input, int16_t* output);
void softmax_u8_avx2(const SoftmaxExpTable* t, const octet_softmax_params* p,
                     const octet_shape* shape, const uint8_t* input, uint8_t* output);

}  // namespace octet::x86
