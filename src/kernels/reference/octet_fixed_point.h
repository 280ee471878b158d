/* octet_fixed_point.h - the fixed-point arithmetic that decides the last bit of every integer
 * kernel: TensorFlow Lite's default (double rounding) requantization, written once in portable C99
 * so that the host runtime, the optimized kernels' tails and generated microcontroller code share
 * it.
 *
 * Semantics follow gemmlowp / TFLite reference kernels:
 *   SaturatingRoundingDoublingHighMul(a, b) = round(a * b / 2^31), ties toward +infinity (the
 *     negative nudge is 1 - 2^30 and the division truncates), saturating INT32_MIN * INT32_MIN;
 *   RoundingDivideByPOT(x, e) = x / 2^e rounded to nearest, ties away from zero;
 *   MultiplyByQuantizedMultiplier(x, m, s) = RDBPOT(SRDHM(x * 2^max(s,0), m), max(-s,0)).
 */
#ifndef OCTET_FIXED_POINT_H_
#define OCTET_FIXED_POINT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline int32_t octet_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t octet_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t octet_clamp_i32(int32_t x, int32_t lo, int32_t hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

/* round(a * b / 2^31), ties toward +infinity; INT32_MIN * INT32_MIN saturates to INT32_MAX. */
static inline int32_t octet_srdhm(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  /* Division, not a shift: gemmlowp truncates toward zero after adding the nudge. */
  return (int32_t)((ab + nudge) / (1LL << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero. exponent >= 0.
 * TFLite asserts exponent <= 31, but its quantized softmax with 8-bit outputs reaches 32 and more
 * when the sum of exps is >= 2^28 (about 512 or more elements at the row maximum): a shift by
 * the type's width, undefined in C, whose result differs between x86 and Arm builds. octet
 * returns the rounded quotient there too: 0, or -1 for INT32_MIN / 2^32. */
static inline int32_t octet_rounding_divide_by_pot(int32_t x, int exponent) {
  if (exponent >= 32) return exponent == 32 && x == INT32_MIN ? -1 : 0;
  const int32_t mask = (int32_t)((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* Shift left with wrap-around, as TFLite's `x * (1 << left_shift)` behaves on two's complement
 * machines, without signed-overflow undefined behaviour. */
static inline int32_t octet_shl_wrap(int32_t x, int left_shift) {
  return (int32_t)((uint32_t)x << left_shift);
}

/* TFLite's MultiplyByQuantizedMultiplier (int32, double rounding). shift > 0 is a left shift. */
static inline int32_t octet_mul_by_quantized_mul(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  return octet_rounding_divide_by_pot(octet_srdhm(octet_shl_wrap(x, left_shift), multiplier),
                                      right_shift);
}

/* TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp: left_shift <= 0. */
static inline int32_t octet_mul_by_quantized_mul_smaller_than_one(int32_t x, int32_t multiplier,
                                                                  int left_shift) {
  return octet_rounding_divide_by_pot(octet_srdhm(x, multiplier), -left_shift);
}

/* TFLite's MultiplyByQuantizedMultiplier(int64_t x, ...) used by the 16x8 (int16 activation)
 * kernels: the multiplier is reduced to 16 bits and a single rounding shift is applied.
 * shift in [-31, 7]; |x| < 2^47. */
static inline int32_t octet_mul_by_quantized_mul_i64(int64_t x, int32_t multiplier, int shift) {
  const int32_t reduced =
      multiplier < 0x7FFF0000 ? (int32_t)((multiplier + (1 << 15)) >> 16) : 0x7FFF;
  const int total_shift = 15 - shift;
  /* Wraps around (unsigned arithmetic) when a hostile bias takes x out of range. */
  const int64_t rounded =
      (int64_t)((uint64_t)x * (uint64_t)(int64_t)reduced + ((uint64_t)1 << (total_shift - 1)));
  return (int32_t)(rounded >> total_shift);
}

/* ---- gemmlowp-style fixed-point math (used by softmax, logistic, tanh, hard-swish) ----
 *
 * A Q-format value is carried as its raw int32 plus, where it matters, its number of integer bits
 * (gemmlowp's FixedPoint<int32_t, N>): real = raw / 2^(31 - N). Multiplying two such values is
 * octet_srdhm on the raws (integer bits add up); adding is a plain raw addition. These follow
 * gemmlowp's fixedpoint.h step by step, because TFLite's softmax/logistic/tanh outputs depend on
 * every intermediate rounding. */

/* TFLite's MultiplyByQuantizedMultiplierGreaterThanOne: srdhm(x * 2^left_shift, m), no final
 * rounding shift. left_shift >= 0. */
static inline int32_t octet_mul_by_quantized_mul_greater_than_one(int32_t x, int32_t multiplier,
                                                                  int left_shift) {
  return octet_srdhm(octet_shl_wrap(x, left_shift), multiplier);
}

/* Number of leading zero bits of x; 32 for 0. */
static inline int octet_count_leading_zeros_u32(uint32_t x) {
  int n = 0;
  if (x == 0) return 32;
  while (!(x & 0x80000000u)) {
    x <<= 1;
    ++n;
  }
  return n;
}

/* gemmlowp SaturatingRoundingMultiplyByPOT with a run-time exponent: a saturating left shift for
 * exponent > 0, octet_rounding_divide_by_pot for exponent < 0. */
static inline int32_t octet_saturating_rounding_mul_by_pot(int32_t x, int exponent) {
  if (exponent > 0) {
    /* gemmlowp saturates by comparing against +-(2^(31 - exponent) - 1), not by widening. */
    const int32_t threshold = (int32_t)((1LL << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return octet_shl_wrap(x, exponent);
  }
  if (exponent < 0) return octet_rounding_divide_by_pot(x, -exponent);
  return x;
}

/* gemmlowp RoundingHalfSum: (a + b) / 2 rounded half away from zero. */
static inline int32_t octet_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

/* Two's-complement wrapping add/sub/neg on raws (gemmlowp leaves overflow undefined; the inputs
 * the kernels feed never overflow, this only keeps C's UB rules out of the picture). */
static inline int32_t octet_wrap_add(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}
static inline int32_t octet_wrap_sub(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a - (uint32_t)b);
}
static inline int32_t octet_wrap_mul(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a * (uint32_t)b);
}

/* exp(a) for a in [-1/4, 0), a and result in Q0.31: a Taylor expansion around -1/8. */
static inline int32_t octet_fx_exp_on_interval_neg_quarter_to_0(int32_t a) {
  const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0.31 */
  const int32_t one_third = 715827883;             /* 1/3 in Q0.31 */
  const int32_t x = octet_wrap_add(a, 1 << 28);    /* a + 1/8 */
  const int32_t x2 = octet_srdhm(x, x);
  const int32_t x3 = octet_srdhm(x2, x);
  const int32_t x4 = octet_srdhm(x2, x2);
  const int32_t x4_over_4 = octet_saturating_rounding_mul_by_pot(x4, -2);
  const int32_t poly = octet_saturating_rounding_mul_by_pot(
      octet_wrap_add(octet_srdhm(octet_wrap_add(x4_over_4, x3), one_third), x2), -1);
  return octet_wrap_add(exp_minus_one_eighth,
                        octet_srdhm(exp_minus_one_eighth, octet_wrap_add(x, poly)));
}

/* gemmlowp exp_on_negative_values: exp(a) for a <= 0 given with `integer_bits` integer bits
 * (0..30); result in Q0.31. The fractional part is handled by the Taylor polynomial, each set
 * bit of the integer part (and of the quarters) by a constant factor exp(-2^k). */
static inline int32_t octet_fx_exp_on_negative_values(int32_t a, int integer_bits) {
  static const int32_t kBarrel[7] = {1672461947, 1302514674, 790015084, 290630308,
                                     39332535,   720401,     242};
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_quarter = octet_wrap_sub(a & mask, one_quarter);
  int32_t result = octet_fx_exp_on_interval_neg_quarter_to_0(
      octet_saturating_rounding_mul_by_pot(a_mod_quarter_minus_quarter, integer_bits));
  const int32_t remainder = octet_wrap_sub(a_mod_quarter_minus_quarter, a);
  int k;
  for (k = 0; k < 7; ++k) {
    const int exponent = k - 2; /* the factor is exp(-2^exponent) */
    if (integer_bits > exponent) {
      const int shift_amount = fractional_bits + exponent;
      if (remainder & (int32_t)((uint32_t)1 << shift_amount)) {
        result = octet_srdhm(result, kBarrel[k]);
      }
    }
  }
  if (integer_bits > 5) {
    /* exp(x) for x < -32 is flushed to zero. */
    const int32_t clamp = -((int32_t)1 << (36 - integer_bits));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = INT32_MAX; /* One() of Q0.31 */
  return result;
}

/* Newton-Raphson reciprocal shared by gemmlowp's one_over_one_plus_x and one_minus_x_over_one_
 * plus_x: returns 1 / (1 + a) in Q2.29 for a in [0, 1) given in Q0.31. */
static inline int32_t octet_fx_reciprocal_one_plus_x_q2(int32_t a) {
  const int32_t half_denominator = octet_rounding_half_sum(a, INT32_MAX); /* Q0.31 */
  const int32_t c48_over_17 = 1515870810;                                 /* Q2.29 */
  const int32_t c_neg32_over_17 = -1010580540;                            /* Q2.29 */
  const int32_t one_q2 = (int32_t)1 << 29;
  int32_t x = octet_wrap_add(c48_over_17, octet_srdhm(half_denominator, c_neg32_over_17));
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = octet_srdhm(half_denominator, x);
    const int32_t one_minus = octet_wrap_sub(one_q2, half_denominator_times_x);
    /* x * one_minus is Q4.27; Rescale<2> multiplies the raw by 4, saturating. */
    x = octet_wrap_add(x, octet_saturating_rounding_mul_by_pot(octet_srdhm(x, one_minus), 2));
  }
  return x;
}

/* gemmlowp one_over_one_plus_x_for_x_in_0_1: 1 / (1 + a), a and result in Q0.31. */
static inline int32_t octet_fx_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  /* ExactMulByPot<-1> turns Q2.29 into Q1.30 without touching the raw; Rescale<0> then doubles. */
  return octet_saturating_rounding_mul_by_pot(octet_fx_reciprocal_one_plus_x_q2(a), 1);
}

/* gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1: (1 - a) / (1 + a), Q0.31 in and out. */
static inline int32_t octet_fx_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t x = octet_fx_reciprocal_one_plus_x_q2(a);
  return octet_saturating_rounding_mul_by_pot(octet_wrap_sub(x, (int32_t)1 << 29), 2);
}

/* gemmlowp logistic: 1 / (1 + exp(-a)) for a with `integer_bits` integer bits; Q0.31 result. */
static inline int32_t octet_fx_logistic(int32_t a, int integer_bits) {
  int32_t positive_result;
  if (a == 0) return (int32_t)1 << 30;
  positive_result = octet_fx_one_over_one_plus_x_for_x_in_0_1(
      octet_fx_exp_on_negative_values(a > 0 ? -a : a, integer_bits));
  return a > 0 ? positive_result : octet_wrap_sub(INT32_MAX, positive_result);
}

/* gemmlowp tanh for a with `integer_bits` integer bits (< 30); Q0.31 result. */
static inline int32_t octet_fx_tanh(int32_t a, int integer_bits) {
  int32_t t;
  if (a == 0) return 0;
  /* -|a| reinterpreted with one more integer bit is 2 * -|a|: exp(-2|a|). */
  t = octet_fx_one_minus_x_over_one_plus_x_for_x_in_0_1(
      octet_fx_exp_on_negative_values(a < 0 ? a : -a, integer_bits + 1));
  return a < 0 ? -t : t;
}

/* TFLite's GetReciprocal (softmax): 1 / x for x with `x_integer_digits` integer bits, as a Q0.31
 * value times 2^-num_bits_over_unit. */
static inline int32_t octet_fx_get_reciprocal(int32_t x, int x_integer_digits,
                                              int* num_bits_over_unit) {
  const int headroom_plus_one = octet_count_leading_zeros_u32((uint32_t)x);
  const int32_t shifted_sum_minus_one =
      (int32_t)(((uint32_t)x << headroom_plus_one) - ((uint32_t)1 << 31));
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  return octet_fx_one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one);
}

/* TFLite's CountLeadingSignBits (the portable form): the number of bits after the sign bit that
 * equal it; 31 for 0 and -1... for 0 it is 31, for INT32_MIN 0. */
static inline int octet_count_leading_sign_bits(int32_t x) {
  if (x >= 0) return octet_count_leading_zeros_u32((uint32_t)x) - 1;
  if (x == INT32_MIN) return 0;
  return octet_count_leading_zeros_u32(2u * (uint32_t)(-x) - 1u);
}

/* TFLite's GetInvSqrtQuantizedMultiplierExp: 1 / sqrt(input) as a Q31 multiplier and a shift
 * (times reverse_shift: -1 gives TFLite's left-shift convention), by five Newton-Raphson steps in
 * Q3.28 (gemmlowp's FixedPoint<int32_t, 3>). input <= 1 gives INT32_MAX and shift 0. */
static inline void octet_fx_inv_sqrt_multiplier(int32_t input, int reverse_shift,
                                                int32_t* output_inv_sqrt, int* output_shift) {
  int shift = 11;
  int i;
  int32_t half_input;
  int32_t x;
  unsigned left_shift_bit_pairs;
  const int32_t half_three = (1 << 28) + (1 << 27); /* 1.5 in Q3.28 */
  if (input <= 1) {
    *output_inv_sqrt = INT32_MAX;
    *output_shift = 0;
    return;
  }
  while (input >= (1 << 29)) {
    input /= 4;
    ++shift;
  }
  left_shift_bit_pairs = (unsigned)((octet_count_leading_zeros_u32((uint32_t)input) - 1) / 2 - 1);
  shift -= (int)left_shift_bit_pairs;
  input <<= 2 * left_shift_bit_pairs;
  /* input in [2^27, 2^29): as Q3.28 its half is input >> 1, and half of that again rounded. */
  half_input = octet_rounding_divide_by_pot(input >> 1, 1);
  x = 1 << 28; /* 1.0 in Q3.28 */
  for (i = 0; i < 5; ++i) {
    /* x^3 in Q9.22, back to Q3.28 by a saturating shift of 6; the step in Q6.25, back by 3. */
    const int32_t x3 = octet_saturating_rounding_mul_by_pot(octet_srdhm(octet_srdhm(x, x), x), 6);
    x = octet_saturating_rounding_mul_by_pot(
        octet_wrap_sub(octet_srdhm(half_three, x), octet_srdhm(half_input, x3)), 3);
  }
  x = octet_srdhm(x, 1518500250); /* times sqrt(2)/2 in Q0.31 */
  if (shift < 0) {
    x = octet_shl_wrap(x, -shift);
    shift = 0;
  }
  *output_inv_sqrt = x;
  *output_shift = shift * reverse_shift;
}

/* ---- int16 raw variants (hard-swish) ---- */

static inline int16_t octet_clamp_to_i16(int32_t x) {
  return (int16_t)(x < -32768 ? -32768 : (x > 32767 ? 32767 : x));
}

/* gemmlowp SaturatingRoundingDoublingHighMul on int16: round(a * b / 2^15), ties up. */
static inline int16_t octet_srdhm_i16(int16_t a, int16_t b) {
  const int32_t ab = (int32_t)a * (int32_t)b;
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  if (a == b && a == INT16_MIN) return INT16_MAX;
  return (int16_t)((ab + nudge) / (1 << 15));
}

/* TFLite hard_swish's SaturatingDoublingHighMul: a * b / 2^15 truncated toward zero. */
static inline int16_t octet_sdhm_i16(int16_t a, int16_t b) {
  if (a == b && a == INT16_MIN) return INT16_MAX;
  return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

/* gemmlowp RoundingDivideByPOT on int16. */
static inline int16_t octet_rounding_divide_by_pot_i16(int16_t x, int exponent) {
  return (int16_t)octet_rounding_divide_by_pot((int32_t)x, exponent);
}

/* TFLite hard_swish's SaturatingLeftShift on int16. amount in [0, 31). */
static inline int16_t octet_saturating_left_shift_i16(int16_t x, int amount) {
  const int64_t r = (int64_t)x * ((int64_t)1 << amount);
  return (int16_t)(r < -32768 ? -32768 : (r > 32767 ? 32767 : r));
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_FIXED_POINT_H_ */
