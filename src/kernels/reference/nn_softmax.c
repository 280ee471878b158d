/* nn_softmax.c - SOFTMAX reference kernels (see octet_ref_nn.h).
 *
 * 8-bit inputs: TFLite's fixed-point softmax. Each difference from the row maximum is scaled by
 * beta * input_scale into Q5.26, exponentiated with gemmlowp's exp_on_negative_values, the exps
 * summed in Q12.19, the sum inverted with GetReciprocal and each exp scaled by it. Differences
 * below diff_min contribute nothing and give the output's minimum. */
#include <float.h>
#include <math.h>

#include "nn_internal.h"
#include "octet_kernels.h"

enum { kOctetSoftmaxDiffIntegerBits = 5, kOctetSoftmaxAccumIntegerBits = 12 };

/* exp(diff * beta * scale) in Q0.31 for a difference diff <= 0 that passed diff_min. */
static int32_t octet_softmax_exp(const octet_softmax_params* p, int32_t diff) {
  const int32_t scaled =
      octet_mul_by_quantized_mul_greater_than_one(diff, p->input_multiplier, p->input_left_shift);
  return octet_fx_exp_on_negative_values(scaled, kOctetSoftmaxDiffIntegerBits);
}

/* Written once for the three 8-bit-input kernels; OUT_BITS is 8 or 16, the output type's width. */
#define OCTET_DEFINE_SOFTMAX_8BIT(NAME, IN_T, OUT_T, OUT_BITS, OUT_MIN, OUT_MAX)                  \
  void NAME(const octet_softmax_params* p, const octet_shape* shape, const IN_T* input,           \
            OUT_T* output) {                                                                      \
    const int32_t depth = shape->dims[shape->rank - 1];                                           \
    const int64_t rows = depth > 0 ? octet_shape_elements(shape) / depth : 0;                     \
    int64_t r;                                                                                    \
    for (r = 0; r < rows; ++r) {                                                                  \
      const IN_T* in_row = input + r * depth;                                                     \
      OUT_T* out_row = output + r * depth;                                                        \
      int32_t max_in_row = in_row[0], sum_of_exps = 0, reciprocal, c;                             \
      int num_bits_over_unit, exponent;                                                           \
      for (c = 1; c < depth; ++c) max_in_row = octet_max_i32(max_in_row, in_row[c]);              \
      for (c = 0; c < depth; ++c) {                                                               \
        const int32_t diff = (int32_t)in_row[c] - max_in_row;                                     \
        if (diff >= p->diff_min) {                                                                \
          sum_of_exps = octet_wrap_add(                                                           \
              sum_of_exps, octet_saturating_rounding_mul_by_pot(octet_softmax_exp(p, diff),       \
                                                                -kOctetSoftmaxAccumIntegerBits)); \
        }                                                                                         \
      }                                                                                           \
      reciprocal = octet_fx_get_reciprocal(sum_of_exps, kOctetSoftmaxAccumIntegerBits,            \
                                           &num_bits_over_unit);                                  \
      exponent = num_bits_over_unit + 31 - (OUT_BITS);                                            \
      for (c = 0; c < depth; ++c) {                                                               \
        const int32_t diff = (int32_t)in_row[c] - max_in_row;                                     \
        int32_t v = (OUT_MIN);                                                                    \
        if (diff >= p->diff_min) {                                                                \
          const int32_t unsat = octet_rounding_divide_by_pot(                                     \
              octet_srdhm(reciprocal, octet_softmax_exp(p, diff)), exponent);                     \
          v = octet_clamp_i32(unsat + (OUT_MIN), (OUT_MIN), (OUT_MAX));                           \
        }                                                                                         \
        out_row[c] = (OUT_T)v;                                                                    \
      }                                                                                           \
    }                                                                                             \
  }

OCTET_DEFINE_SOFTMAX_8BIT(octet_ref_softmax_s8, int8_t, int8_t, 8, INT8_MIN, INT8_MAX)
OCTET_DEFINE_SOFTMAX_8BIT(octet_ref_softmax_s8_s16, int8_t, int16_t, 16, INT16_MIN, INT16_MAX)
OCTET_DEFINE_SOFTMAX_8BIT(octet_ref_softmax_u8, uint8_t, uint8_t, 8, 0, UINT8_MAX)

/* TFLite's int16 table lookup: the top 9 bits of value + 32768 index the 513-entry table, the
 * low 7 bits interpolate linearly to the next entry. */
static int16_t octet_lut_lookup_s16(int16_t value, const int16_t* lut) {
  const int32_t index = 256 + (value >> 7);
  const int32_t offset = value & 0x7f;
  const int32_t base = lut[index];
  const int32_t slope = lut[index + 1] - lut[index];
  const int32_t delta = (slope * offset + 64) >> 7;
  return (int16_t)(base + delta);
}

/* exp(x - max) from the table: x - max scaled so that [-65535, 0] covers [-10, 0], recentred on
 * [-32768, 32767]. */
static int16_t octet_softmax_s16_exp(const octet_softmax_params* p, int32_t diff) {
  const int32_t scaled = octet_mul_by_quantized_mul(diff, p->input_multiplier, p->input_left_shift);
  return octet_lut_lookup_s16(octet_clamp_to_i16(scaled + 32767), p->exp_lut);
}

void octet_ref_softmax_s16(const octet_softmax_params* p, const octet_shape* shape,
                           const int16_t* input, int16_t* output) {
  const int32_t depth = shape->dims[shape->rank - 1];
  const int64_t rows = depth > 0 ? octet_shape_elements(shape) / depth : 0;
  int64_t r;
  for (r = 0; r < rows; ++r) {
    const int16_t* in_row = input + r * depth;
    int16_t* out_row = output + r * depth;
    int32_t max_in_row = INT16_MIN, sum_of_exps = 0, c; /* sum in Q16.15 */
    int headroom_plus_one, right_shift;
    int32_t shifted_sum;
    int16_t reciprocal;
    for (c = 0; c < depth; ++c) max_in_row = octet_max_i32(max_in_row, in_row[c]);
    /* Like TFLite, the exps are cached in the output row. */
    for (c = 0; c < depth; ++c) {
      out_row[c] = octet_softmax_s16_exp(p, in_row[c] - max_in_row);
      sum_of_exps += out_row[c];
    }
    /* 1 / sum through the 1 / (1 + x) table: normalize the sum to [1, 2) in Q1.15 (rounded),
     * subtract one and recentre [0, 65535] on [-32768, 32767]. */
    headroom_plus_one = octet_count_leading_zeros_u32((uint32_t)sum_of_exps);
    shifted_sum = (int32_t)((((int64_t)sum_of_exps << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    reciprocal = octet_lut_lookup_s16(octet_clamp_to_i16(shifted_sum - ((1 << 15) + (1 << 16))),
                                      p->one_over_one_plus_x_lut);
    right_shift = 31 - headroom_plus_one;
    for (c = 0; c < depth; ++c) {
      const int64_t round = (int64_t)1 << (right_shift - 1);
      const int32_t v = (int32_t)(((int64_t)out_row[c] * reciprocal + round) >> right_shift);
      out_row[c] = (int16_t)octet_clamp_i32(v, 0, 32767);
    }
  }
}

void octet_ref_softmax_f32(const octet_softmax_params* p, const octet_shape* shape,
                           const float* input, float* output) {
  const int32_t depth = shape->dims[shape->rank - 1];
  const int64_t rows = depth > 0 ? octet_shape_elements(shape) / depth : 0;
  int64_t r;
  for (r = 0; r < rows; ++r) {
    const float* in_row = input + r * depth;
    float* out_row = output + r * depth;
    float max_in_row = -FLT_MAX, sum = 0.0f;
    int32_t c;
    for (c = 0; c < depth; ++c) max_in_row = max_in_row < in_row[c] ? in_row[c] : max_in_row;
    for (c = 0; c < depth; ++c) {
      out_row[c] = expf((in_row[c] - max_in_row) * p->beta);
      sum += out_row[c];
    }
    for (c = 0; c < depth; ++c) out_row[c] = out_row[c] / sum;
  }
}
