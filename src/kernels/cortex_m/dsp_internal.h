/* dsp_internal.h - helpers private to the Cortex-M DSP kernels (nn_*_dsp.c, ew_*_dsp.c):
 * requantization, the int8 dot-product blocks shared by conv2d and fully connected, and small
 * copies. Everything is static inline so each kernel source stands alone next to generated code.
 */
#ifndef OCTET_DSP_INTERNAL_H_
#define OCTET_DSP_INTERNAL_H_

#include <stdint.h>

#include "octet_acle.h"
#include "octet_kernels.h"

/* gemmlowp's SaturatingRoundingDoublingHighMul without its division: for every (a, b) except
 * a == b == INT32_MIN, round(a * b / 2^31) with ties toward +infinity equals
 * floor((a * b + 2^30) / 2^31) (the negative-nudge-then-truncate of octet_srdhm lands on the same
 * integer), which is SMULL, ADDS, ADC and one shift-or on a Cortex-M. Callers exclude
 * INT32_MIN multipliers (octet_dsp_multipliers_ok). The >> of a negative int64_t is an arithmetic
 * shift on every compiler octet supports (GCC, Clang; implementation-defined in C99). */
static inline int32_t octet_dsp_srdhm(int32_t a, int32_t b) {
  return (int32_t)(((int64_t)a * (int64_t)b + ((int64_t)1 << 30)) >> 31);
}

/* octet_rounding_divide_by_pot (x / 2^e rounded half away from zero, 0 <= e <= 31) in three
 * instructions, for x in [-2^30, 2^30) so that x + 2^(e-1) cannot overflow: floor((x + 2^(e-1) - [x
 * < 0]) / 2^e). (x >> 31 is -1 for negative x: an arithmetic shift, as above.) */
static inline int32_t octet_dsp_rdbpot_small(int32_t x, int32_t e) {
  const int32_t half = (int32_t)((1u << e) >> 1);
  return e == 0 ? x : (x + half + (x >> 31)) >> e;
}

/* octet_mul_by_quantized_mul, bit-exact, for multiplier != INT32_MIN. The final rounding shift
 * takes the three-instruction form whenever the high product lies in [-2^30, 2^30) (always, unless
 * the accumulator itself is that large) and the shift is at most 31. */
static inline int32_t octet_dsp_requantize(int32_t acc, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  const int32_t high = octet_dsp_srdhm(octet_shl_wrap(acc, left), multiplier);
  if ((uint32_t)high + 0x40000000u < 0x80000000u && right <= 31) {
    return octet_dsp_rdbpot_small(high, right);
  }
  return octet_rounding_divide_by_pot(high, right);
}

/* 1 when no multiplier is INT32_MIN (the one input octet_dsp_srdhm does not cover; prepare never
 * produces it: its multipliers are 0 or in [2^30, 2^31)). */
static inline int octet_dsp_multipliers_ok(const int32_t* m, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) {
    if (m[i] == INT32_MIN) return 0;
  }
  return 1;
}

/* The int8 offset cases the SXTAB16 lanes handle: input_offset = -zero_point of an int8 tensor. */
static inline int octet_dsp_input_offset_ok(int32_t input_offset) {
  return input_offset >= -127 && input_offset <= 128;
}

/* input_offset in both halfword lanes, the SXTAB16 addend. */
static inline uint32_t octet_dsp_offset_pair(int32_t input_offset) {
  return ((uint32_t)input_offset & 0xFFFFu) * 0x00010001u;
}

static inline int32_t octet_dsp_wrap_add(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}

/* Requantize, offset and clamp one accumulator to int8. */
static inline int8_t octet_dsp_output_s8(int32_t acc, int32_t multiplier, int32_t shift,
                                         int32_t output_offset, int32_t act_min, int32_t act_max) {
  return (int8_t)octet_clamp_i32(octet_dsp_requantize(acc, multiplier, shift) + output_offset,
                                 act_min, act_max);
}

/* ---- int8 dot products: the conv2d / fully-connected inner loops ---------------------------
 * x rows are activations (int8, input_offset added in the 16-bit lanes by SXTAB16), w rows are
 * weights (int8, symmetric). Four consecutive k are loaded as one word; SXTB16 takes bytes 0 and
 * 2, SXTB16 with ROR #8 bytes 1 and 3, the same permutation on both sides, so each SMLAD adds two
 * products of matching k. The k % 4 tail is scalar. Accumulators wrap modulo 2^32. */

/* acc[2 * c + r] += dot(w_c, x_r + input_offset) for rows x0, x1 and channels w0, w1. */
static inline void octet_dsp_dot_2x2(const int8_t* x0, const int8_t* x1, const int8_t* w0,
                                     const int8_t* w1, int32_t k, uint32_t offset_pair,
                                     int32_t input_offset, int32_t* acc) {
  int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
  int32_t i = 0;
  for (; i + 4 <= k; i += 4) {
    const uint32_t xa = octet_read_u32(x0 + i), xb = octet_read_u32(x1 + i);
    const uint32_t xa_e = octet_sxtab16(offset_pair, xa),
                   xa_o = octet_sxtab16_ror8(offset_pair, xa);
    const uint32_t xb_e = octet_sxtab16(offset_pair, xb),
                   xb_o = octet_sxtab16_ror8(offset_pair, xb);
    uint32_t w = octet_read_u32(w0 + i);
    uint32_t w_e = octet_sxtb16(w), w_o = octet_sxtb16_ror8(w);
    a00 = octet_smlad(w_e, xa_e, a00);
    a00 = octet_smlad(w_o, xa_o, a00);
    a01 = octet_smlad(w_e, xb_e, a01);
    a01 = octet_smlad(w_o, xb_o, a01);
    w = octet_read_u32(w1 + i);
    w_e = octet_sxtb16(w);
    w_o = octet_sxtb16_ror8(w);
    a10 = octet_smlad(w_e, xa_e, a10);
    a10 = octet_smlad(w_o, xa_o, a10);
    a11 = octet_smlad(w_e, xb_e, a11);
    a11 = octet_smlad(w_o, xb_o, a11);
  }
  for (; i < k; ++i) {
    const int32_t xa = x0[i] + input_offset, xb = x1[i] + input_offset;
    a00 = octet_dsp_wrap_add(a00, w0[i] * xa);
    a01 = octet_dsp_wrap_add(a01, w0[i] * xb);
    a10 = octet_dsp_wrap_add(a10, w1[i] * xa);
    a11 = octet_dsp_wrap_add(a11, w1[i] * xb);
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

/* acc[c] += dot(w_c, x + input_offset) for one row and channels w0, w1. */
static inline void octet_dsp_dot_1x2(const int8_t* x, const int8_t* w0, const int8_t* w1, int32_t k,
                                     uint32_t offset_pair, int32_t input_offset, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  int32_t i = 0;
  for (; i + 4 <= k; i += 4) {
    const uint32_t xv = octet_read_u32(x + i);
    const uint32_t x_e = octet_sxtab16(offset_pair, xv), x_o = octet_sxtab16_ror8(offset_pair, xv);
    uint32_t w = octet_read_u32(w0 + i);
    a0 = octet_smlad(octet_sxtb16(w), x_e, a0);
    a0 = octet_smlad(octet_sxtb16_ror8(w), x_o, a0);
    w = octet_read_u32(w1 + i);
    a1 = octet_smlad(octet_sxtb16(w), x_e, a1);
    a1 = octet_smlad(octet_sxtb16_ror8(w), x_o, a1);
  }
  for (; i < k; ++i) {
    const int32_t xv = x[i] + input_offset;
    a0 = octet_dsp_wrap_add(a0, w0[i] * xv);
    a1 = octet_dsp_wrap_add(a1, w1[i] * xv);
  }
  acc[0] = a0;
  acc[1] = a1;
}

/* One row, one channel. */
static inline int32_t octet_dsp_dot_1x1(const int8_t* x, const int8_t* w, int32_t k,
                                        uint32_t offset_pair, int32_t input_offset, int32_t acc) {
  int32_t i = 0;
  for (; i + 4 <= k; i += 4) {
    const uint32_t xv = octet_read_u32(x + i), wv = octet_read_u32(w + i);
    acc = octet_smlad(octet_sxtb16(wv), octet_sxtab16(offset_pair, xv), acc);
    acc = octet_smlad(octet_sxtb16_ror8(wv), octet_sxtab16_ror8(offset_pair, xv), acc);
  }
  for (; i < k; ++i) acc = octet_dsp_wrap_add(acc, w[i] * (x[i] + input_offset));
  return acc;
}

/* The requantization constants of a weighted sum (conv2d, fully connected). */
typedef struct {
  int32_t input_offset;
  uint32_t offset_pair;
  int32_t output_offset;
  const int32_t* multiplier;
  const int32_t* shift;
  int32_t act_min, act_max;
} octet_dsp_requant;

static inline octet_dsp_requant octet_dsp_make_requant(int32_t input_offset, int32_t output_offset,
                                                       const int32_t* multiplier,
                                                       const int32_t* shift, int32_t act_min,
                                                       int32_t act_max) {
  octet_dsp_requant q;
  q.input_offset = input_offset;
  q.offset_pair = octet_dsp_offset_pair(input_offset);
  q.output_offset = output_offset;
  q.multiplier = multiplier;
  q.shift = shift;
  q.act_min = act_min;
  q.act_max = act_max;
  return q;
}

/* The weighted-sum parameters the DSP paths handle (else the kernels run the reference):
 * symmetric weights, an int8 input zero point, no INT32_MIN multiplier. */
static inline int octet_dsp_weighted_sum_ok(int32_t weights_offset, int32_t input_offset,
                                            const int32_t* multiplier, int32_t channels) {
  return weights_offset == 0 && octet_dsp_input_offset_ok(input_offset) &&
         octet_dsp_multipliers_ok(multiplier, channels);
}

/* out_r[c] = requant(bias[c] + dot(filter_c, x_r)) for c in [0, out_c), rows x0 and (when x1 is
 * not NULL) x1. filter is [out_c, k]. */
static inline void octet_dsp_gemm_rows_s8(const int8_t* x0, const int8_t* x1, const int8_t* filter,
                                          int32_t k, int32_t out_c, const int32_t* bias,
                                          const octet_dsp_requant* q, int8_t* out0, int8_t* out1) {
  int32_t c = 0;
  for (; c + 2 <= out_c; c += 2) {
    const int8_t* w0 = filter + (ptrdiff_t)c * k;
    const int8_t* w1 = w0 + k;
    const int32_t b0 = bias ? bias[c] : 0, b1 = bias ? bias[c + 1] : 0;
    if (x1) {
      int32_t acc[4];
      acc[0] = b0;
      acc[1] = b0;
      acc[2] = b1;
      acc[3] = b1;
      octet_dsp_dot_2x2(x0, x1, w0, w1, k, q->offset_pair, q->input_offset, acc);
      out0[c] = octet_dsp_output_s8(acc[0], q->multiplier[c], q->shift[c], q->output_offset,
                                    q->act_min, q->act_max);
      out1[c] = octet_dsp_output_s8(acc[1], q->multiplier[c], q->shift[c], q->output_offset,
                                    q->act_min, q->act_max);
      out0[c + 1] = octet_dsp_output_s8(acc[2], q->multiplier[c + 1], q->shift[c + 1],
                                        q->output_offset, q->act_min, q->act_max);
      out1[c + 1] = octet_dsp_output_s8(acc[3], q->multiplier[c + 1], q->shift[c + 1],
                                        q->output_offset, q->act_min, q->act_max);
    } else {
      int32_t acc[2];
      acc[0] = b0;
      acc[1] = b1;
      octet_dsp_dot_1x2(x0, w0, w1, k, q->offset_pair, q->input_offset, acc);
      out0[c] = octet_dsp_output_s8(acc[0], q->multiplier[c], q->shift[c], q->output_offset,
                                    q->act_min, q->act_max);
      out0[c + 1] = octet_dsp_output_s8(acc[1], q->multiplier[c + 1], q->shift[c + 1],
                                        q->output_offset, q->act_min, q->act_max);
    }
  }
  if (c < out_c) {
    const int8_t* w = filter + (ptrdiff_t)c * k;
    const int32_t b = bias ? bias[c] : 0;
    out0[c] = octet_dsp_output_s8(octet_dsp_dot_1x1(x0, w, k, q->offset_pair, q->input_offset, b),
                                  q->multiplier[c], q->shift[c], q->output_offset, q->act_min,
                                  q->act_max);
    if (x1) {
      out1[c] = octet_dsp_output_s8(octet_dsp_dot_1x1(x1, w, k, q->offset_pair, q->input_offset, b),
                                    q->multiplier[c], q->shift[c], q->output_offset, q->act_min,
                                    q->act_max);
    }
  }
}

/* n bytes from src to dst, a word at a time (unaligned word accesses are fine on Armv7-M).
 * Written out rather than memcpy: the runs here are a few bytes, shorter than a library call. */
static inline void octet_dsp_copy(int8_t* dst, const int8_t* src, int32_t n) {
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) octet_write_u32(dst + i, octet_read_u32(src + i));
  for (; i < n; ++i) dst[i] = src[i];
}

static inline void octet_dsp_fill(int8_t* dst, int8_t value, int32_t n) {
  const uint32_t word = (uint32_t)(uint8_t)value * 0x01010101u;
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) octet_write_u32(dst + i, word);
  for (; i < n; ++i) dst[i] = value;
}

/* The taps [*lo, *hi) of a filter of `taps` taps (dilation `dilation`) whose tap 0 sits at input
 * coordinate `origin` that fall inside [0, size). */
static inline void octet_dsp_tap_range(int32_t origin, int32_t dilation, int32_t taps, int32_t size,
                                       int32_t* lo, int32_t* hi) {
  int32_t a = 0, b = taps;
  if (origin < 0) a = (-origin + dilation - 1) / dilation;
  if (origin + (int64_t)dilation * (taps - 1) >= size) {
    b = size - 1 - origin < 0 ? 0 : (size - 1 - origin) / dilation + 1;
  }
  *lo = a;
  *hi = b > a ? b : a;
}

#endif /* OCTET_DSP_INTERNAL_H_ */
