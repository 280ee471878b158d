/* octet_fixed_point.h - the fixed-point arithmetic that decides the last bit of every integer
 * kernel: TensorFlow Lite's default (double rounding) requantization, written once in portable C99
 * so that the host runtime, the optimized kernels' tails and generated microcontroller code share it.
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

/* x / 2^exponent rounded to nearest, ties away from zero. exponent in [0, 31]. */
static inline int32_t octet_rounding_divide_by_pot(int32_t x, int exponent) {
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
  const int64_t rounded = x * (int64_t)reduced + ((int64_t)1 << (total_shift - 1));
  return (int32_t)(rounded >> total_shift);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_FIXED_POINT_H_ */
