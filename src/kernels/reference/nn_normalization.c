/* nn_normalization.c - LOG_SOFTMAX and L2_NORMALIZATION reference kernels over the last dimension:
 * int8 in TFLite's fixed-point arithmetic, float32 for float models. See octet_ref_nn.h. */
#include <float.h>
#include <math.h>

#include "octet_kernels.h"

/* gemmlowp FixedPoint raw helpers: `mul` is the product of two raws (integer bits add up). */
static int32_t mul(int32_t a, int32_t b) { return octet_srdhm(a, b); }

static int32_t saturating_add(int32_t a, int32_t b) {
  const int64_t s = (int64_t)a + (int64_t)b;
  return (int32_t)(s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : s));
}

static int32_t saturating_sub(int32_t a, int32_t b) {
  const int64_t s = (int64_t)a - (int64_t)b;
  return (int32_t)(s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : s));
}

/* TFLite's log_x_for_x_greater_than_or_equal_to_1_impl<5, 12>: log(x) for x >= 1 given in Q12.19
 * (raw `x`), as a Q5.26 raw. The computation carries 6 integer bits (one more than the output);
 * the constants are TFLite's (log 2, sqrt(sqrt(1/2)), sqrt(1/2), 1/4 and the rational
 * approximation's alpha_n, alpha_d, alpha_i, alpha_f, in Q0.31). */
static int32_t log_q12_to_q5(int32_t x) {
  enum { kInputIntegerBits = 12, kAccumIntegerBits = 6 };
  const int32_t log_2 = 1488522236;
  const int32_t sqrt_sqrt_half = 1805811301;
  const int32_t sqrt_half = 1518500250;
  const int32_t one_quarter = 536870912;
  const int32_t alpha_n = 117049297;
  const int32_t alpha_d = 127690142;
  const int32_t alpha_i = 1057819769;
  const int32_t alpha_f = 638450708;
  /* 1/4 in Q6.25. */
  const int32_t shifted_quarter = octet_rounding_divide_by_pot(one_quarter, kAccumIntegerBits);
  /* x reinterpreted as Q0.31; its exponent is worked out from the headroom instead. */
  const int z_a_headroom_plus_1 = octet_count_leading_zeros_u32((uint32_t)x);
  const int32_t r_a_tmp = octet_saturating_rounding_mul_by_pot(x, z_a_headroom_plus_1 - 1);
  const int32_t r_a_raw = octet_saturating_rounding_mul_by_pot(mul(r_a_tmp, sqrt_half), 1);
  const int32_t z_a_pow_2_adj =
      saturating_add(octet_saturating_rounding_mul_by_pot(kInputIntegerBits - z_a_headroom_plus_1,
                                                          31 - kAccumIntegerBits),
                     shifted_quarter);
  /* The same with x premultiplied by sqrt(1/2). */
  const int32_t z_b = mul(x, sqrt_half);
  const int z_b_headroom = octet_count_leading_zeros_u32((uint32_t)z_b) - 1;
  const int32_t r_b_raw = octet_saturating_rounding_mul_by_pot(x, z_b_headroom);
  const int32_t z_b_pow_2_adj =
      saturating_sub(octet_saturating_rounding_mul_by_pot(kInputIntegerBits - z_b_headroom,
                                                          31 - kAccumIntegerBits),
                     shifted_quarter);
  const int32_t r = r_a_raw < r_b_raw ? r_a_raw : r_b_raw;
  const int32_t z_pow_2_adj = z_a_pow_2_adj > z_b_pow_2_adj ? z_a_pow_2_adj : z_b_pow_2_adj;
  const int32_t p = octet_rounding_half_sum(r, sqrt_sqrt_half);
  const int32_t q0 = octet_wrap_sub(r, sqrt_sqrt_half);
  const int32_t q = octet_wrap_add(q0, q0);
  const int32_t common_sq = mul(q, q);
  const int32_t num = octet_wrap_add(mul(q, r), mul(mul(q, common_sq), alpha_n));
  const int32_t denom_minus_one = octet_wrap_add(
      mul(p, octet_wrap_add(octet_wrap_add(alpha_i, q), mul(alpha_d, common_sq))), mul(alpha_f, q));
  const int32_t recip_denom = octet_fx_one_over_one_plus_x_for_x_in_0_1(denom_minus_one);
  const int32_t num_scaled = octet_rounding_divide_by_pot(num, kAccumIntegerBits);
  /* Q6.25 sum, rescaled to Q5.26 by a saturating doubling. */
  return octet_saturating_rounding_mul_by_pot(
      octet_wrap_add(mul(z_pow_2_adj, log_2), mul(num_scaled, recip_denom)), 1);
}

void octet_ref_log_softmax_s8(const octet_log_softmax_params* p, const octet_shape* shape,
                              const int8_t* input, int8_t* output) {
  /* Q5.26 inputs to exp, Q12.19 sum of exps, output as Q4 in int8 around 127. */
  enum { kInputIntegerBits = 5, kAccumulationIntegerBits = 12, kOutputIntegerBits = 4 };
  const int32_t depth = shape->rank > 0 ? shape->dims[shape->rank - 1] : 1;
  const int64_t outer = depth > 0 ? octet_shape_elements(shape) / depth : 0;
  int64_t o;
  int32_t c;
  for (o = 0; o < outer; ++o) {
    const int8_t* in = input + o * depth;
    int8_t* out = output + o * depth;
    int32_t max_in_row = INT8_MIN;
    int32_t sum_of_exps = 0; /* Q12.19: safe from overflowing for 2^12 elements */
    int32_t log_sum_of_exps;
    int32_t adjusted_diff_min;
    int32_t reverse;
    for (c = 0; c < depth; ++c) max_in_row = in[c] > max_in_row ? in[c] : max_in_row;
    for (c = 0; c < depth; ++c) {
      const int32_t diff = in[c] - max_in_row;
      if (diff >= p->diff_min) {
        const int32_t diff_q5 =
            octet_mul_by_quantized_mul(diff, p->input_multiplier, p->input_left_shift);
        sum_of_exps = octet_wrap_add(
            sum_of_exps, octet_rounding_divide_by_pot(
                             octet_fx_exp_on_negative_values(diff_q5, kInputIntegerBits),
                             kAccumulationIntegerBits));
      }
    }
    log_sum_of_exps = log_q12_to_q5(sum_of_exps);
    /* The smallest representable Q5.26 value plus the log of the sum, scaled back to an input
     * difference: differences at or below it give the lowest output. */
    reverse =
        octet_mul_by_quantized_mul(octet_wrap_add(log_sum_of_exps, INT32_MIN),
                                   p->reverse_scaling_divisor, -p->reverse_scaling_right_shift);
    adjusted_diff_min = p->diff_min - 1 > reverse ? p->diff_min - 1 : reverse;
    for (c = 0; c < depth; ++c) {
      const int32_t diff = in[c] - max_in_row;
      if (diff > adjusted_diff_min) {
        const int32_t diff_q5 =
            octet_mul_by_quantized_mul(diff, p->input_multiplier, p->input_left_shift);
        const int32_t v =
            octet_rounding_divide_by_pot(octet_wrap_sub(diff_q5, log_sum_of_exps),
                                         31 - kInputIntegerBits - kOutputIntegerBits) +
            INT8_MAX;
        out[c] = (int8_t)octet_clamp_i32(v, INT8_MIN, INT8_MAX);
      } else {
        out[c] = INT8_MIN;
      }
    }
  }
}

void octet_ref_l2_normalization_s8(const octet_l2_normalization_params* p, const octet_shape* shape,
                                   const int8_t* input, int8_t* output) {
  const int32_t input_zero_point = p->input_zero_point;
  /* Output scale 1/128: the Q31 result shifted down by 31 - 7 bits. */
  const int kOutputScale = 7;
  const int32_t depth = shape->rank > 0 ? shape->dims[shape->rank - 1] : 1;
  const int64_t outer = depth > 0 ? octet_shape_elements(shape) / depth : 0;
  int64_t o;
  int32_t c;
  for (o = 0; o < outer; ++o) {
    const int8_t* in = input + o * depth;
    int8_t* out = output + o * depth;
    int32_t acc = 0; /* (q - zp)^2 <= 255^2: no overflow below 2^15 elements, wraps beyond */
    int32_t inv_l2norm;
    int inv_shift;
    for (c = 0; c < depth; ++c) {
      const int32_t v = in[c] - input_zero_point;
      acc = octet_wrap_add(acc, v * v);
    }
    octet_fx_inv_sqrt_multiplier(acc, -1, &inv_l2norm, &inv_shift);
    for (c = 0; c < depth; ++c) {
      const int32_t v = in[c] - input_zero_point;
      out[c] = (int8_t)octet_clamp_i32(
          octet_mul_by_quantized_mul(v, inv_l2norm, inv_shift + kOutputScale), INT8_MIN, INT8_MAX);
    }
  }
}

void octet_ref_log_softmax_f32(const octet_shape* shape, const float* input, float* output) {
  const int32_t depth = shape->rank > 0 ? shape->dims[shape->rank - 1] : 1;
  const int64_t outer = depth > 0 ? octet_shape_elements(shape) / depth : 0;
  int64_t o;
  int32_t c;
  for (o = 0; o < outer; ++o) {
    const float* in = input + o * depth;
    float* out = output + o * depth;
    float max = -FLT_MAX;
    float sum = 0.0f;
    float log_sum;
    for (c = 0; c < depth; ++c) max = in[c] > max ? in[c] : max;
    for (c = 0; c < depth; ++c) sum += expf(in[c] - max);
    log_sum = logf(sum);
    for (c = 0; c < depth; ++c) out[c] = in[c] - max - log_sum;
  }
}

void octet_ref_l2_normalization_f32(const octet_shape* shape, const float* input, float* output) {
  const float kEpsilon = 1e-6f; /* TFLite's lower bound on the norm */
  const int32_t depth = shape->rank > 0 ? shape->dims[shape->rank - 1] : 1;
  const int64_t outer = depth > 0 ? octet_shape_elements(shape) / depth : 0;
  int64_t o;
  int32_t c;
  for (o = 0; o < outer; ++o) {
    const float* in = input + o * depth;
    float* out = output + o * depth;
    float squared = 0.0f;
    float norm;
    for (c = 0; c < depth; ++c) squared += in[c] * in[c];
    norm = sqrtf(squared);
    if (norm < kEpsilon) norm = kEpsilon;
    for (c = 0; c < depth; ++c) out[c] = in[c] / norm;
  }
}
