/* ew_arith.c - MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, DIV (8 bit), PRELU, ABS and RSQRT reference
 * kernels. See octet_ref_elementwise.h for the contracts. */
#include <math.h>

#include "ew_internal.h"

/* ---- MAXIMUM / MINIMUM ------------------------------------------------------------------------
 */

#define OCTET_MAX_(x, y) ((x) > (y) ? (x) : (y))
#define OCTET_MIN_(x, y) ((x) < (y) ? (x) : (y))

#define OCTET_PICK_ROW_(name, T, PICK)                                                     \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const T* a = (const T*)va;                                                             \
    const T* b = (const T*)vb;                                                             \
    T* o = (T*)vo;                                                                         \
    int64_t i;                                                                             \
    (void)vp;                                                                              \
    for (i = 0; i < n; ++i) o[i] = PICK(a[i * sa], b[i * sb]);                             \
  }

#define OCTET_DEFINE_MAX_MIN_(suffix, T)                                                   \
  OCTET_PICK_ROW_(maximum_row_##suffix, T, OCTET_MAX_)                                     \
  OCTET_PICK_ROW_(minimum_row_##suffix, T, OCTET_MIN_)                                     \
  int octet_ref_maximum_##suffix(const octet_shape* in1_shape, const T* in1,               \
                                 const octet_shape* in2_shape, const T* in2,               \
                                 const octet_shape* out_shape, T* out) {                   \
    return octet_ew_run_binary(NULL, in1_shape, in1, sizeof(T), in2_shape, in2, sizeof(T), \
                               out_shape, out, sizeof(T), maximum_row_##suffix);           \
  }                                                                                        \
  int octet_ref_minimum_##suffix(const octet_shape* in1_shape, const T* in1,               \
                                 const octet_shape* in2_shape, const T* in2,               \
                                 const octet_shape* out_shape, T* out) {                   \
    return octet_ew_run_binary(NULL, in1_shape, in1, sizeof(T), in2_shape, in2, sizeof(T), \
                               out_shape, out, sizeof(T), minimum_row_##suffix);           \
  }

OCTET_DEFINE_MAX_MIN_(s8, int8_t)
OCTET_DEFINE_MAX_MIN_(u8, uint8_t)
OCTET_DEFINE_MAX_MIN_(s16, int16_t)
OCTET_DEFINE_MAX_MIN_(s32, int32_t)
OCTET_DEFINE_MAX_MIN_(s64, int64_t)
OCTET_DEFINE_MAX_MIN_(f32, float)

/* ---- SQUARED_DIFFERENCE -----------------------------------------------------------------------
 */

static int32_t squared_difference_one(const octet_squared_difference_params* p, int32_t x,
                                      int32_t y) {
  const int32_t sx = octet_mul_by_quantized_mul_smaller_than_one(
      octet_shl_wrap(p->input1_offset + x, p->left_shift), p->input1_multiplier, p->input1_shift);
  const int32_t sy = octet_mul_by_quantized_mul_smaller_than_one(
      octet_shl_wrap(p->input2_offset + y, p->left_shift), p->input2_multiplier, p->input2_shift);
  const int32_t d = octet_wrap_sub(sx, sy);
  const int32_t v =
      octet_mul_by_quantized_mul(octet_wrap_mul(d, d), p->output_multiplier, p->output_shift) +
      p->output_offset;
  return octet_clamp_i32(v, p->act_min, p->act_max);
}

#define OCTET_SQDIFF_ROW_(name, T)                                                         \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_squared_difference_params* p = (const octet_squared_difference_params*)vp; \
    const T* a = (const T*)va;                                                             \
    const T* b = (const T*)vb;                                                             \
    T* o = (T*)vo;                                                                         \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i) o[i] = (T)squared_difference_one(p, a[i * sa], b[i * sb]);     \
  }

OCTET_SQDIFF_ROW_(squared_difference_row_s8, int8_t)
OCTET_SQDIFF_ROW_(squared_difference_row_s16, int16_t)

int octet_ref_squared_difference_s8(const octet_squared_difference_params* p,
                                    const octet_shape* in1_shape, const int8_t* in1,
                                    const octet_shape* in2_shape, const int8_t* in2,
                                    const octet_shape* out_shape, int8_t* out) {
  return octet_ew_run_binary(p, in1_shape, in1, 1, in2_shape, in2, 1, out_shape, out, 1,
                             squared_difference_row_s8);
}

int octet_ref_squared_difference_s16(const octet_squared_difference_params* p,
                                     const octet_shape* in1_shape, const int16_t* in1,
                                     const octet_shape* in2_shape, const int16_t* in2,
                                     const octet_shape* out_shape, int16_t* out) {
  return octet_ew_run_binary(p, in1_shape, in1, 2, in2_shape, in2, 2, out_shape, out, 2,
                             squared_difference_row_s16);
}

static void squared_difference_row_s32(const void* vp, const void* va, int64_t sa, const void* vb,
                                       int64_t sb, void* vo, int64_t n) {
  const int32_t* a = (const int32_t*)va;
  const int32_t* b = (const int32_t*)vb;
  int32_t* o = (int32_t*)vo;
  int64_t i;
  (void)vp;
  for (i = 0; i < n; ++i) {
    const int32_t d = octet_wrap_sub(a[i * sa], b[i * sb]);
    o[i] = octet_wrap_mul(d, d);
  }
}

static void squared_difference_row_f32(const void* vp, const void* va, int64_t sa, const void* vb,
                                       int64_t sb, void* vo, int64_t n) {
  const float* a = (const float*)va;
  const float* b = (const float*)vb;
  float* o = (float*)vo;
  int64_t i;
  (void)vp;
  for (i = 0; i < n; ++i) {
    const float d = a[i * sa] - b[i * sb];
    o[i] = d * d;
  }
}

int octet_ref_squared_difference_s32(const octet_shape* in1_shape, const int32_t* in1,
                                     const octet_shape* in2_shape, const int32_t* in2,
                                     const octet_shape* out_shape, int32_t* out) {
  return octet_ew_run_binary(NULL, in1_shape, in1, 4, in2_shape, in2, 4, out_shape, out, 4,
                             squared_difference_row_s32);
}

int octet_ref_squared_difference_f32(const octet_shape* in1_shape, const float* in1,
                                     const octet_shape* in2_shape, const float* in2,
                                     const octet_shape* out_shape, float* out) {
  return octet_ew_run_binary(NULL, in1_shape, in1, 4, in2_shape, in2, 4, out_shape, out, 4,
                             squared_difference_row_f32);
}

/* ---- DIV --------------------------------------------------------------------------------------
 */

static int32_t div_one(const octet_div_params* p, int32_t x, int32_t y) {
  int32_t dividend = p->input1_offset + x;
  int32_t divisor = p->input2_offset + y; /* nonzero: checked before the loop */
  int recip_shift;
  int headroom;
  int32_t reciprocal;
  int32_t unscaled;
  int total_shift;
  if (divisor < 0) {
    /* The reciprocal must be positive to serve as a multiplier: flip both signs. */
    dividend = -dividend;
    divisor = -divisor;
  }
  reciprocal = octet_fx_get_reciprocal(divisor, 31, &recip_shift);
  headroom = octet_count_leading_sign_bits(dividend);
  unscaled = octet_mul_by_quantized_mul_greater_than_one(dividend, reciprocal, headroom);
  total_shift = p->output_shift - recip_shift - headroom;
  /* total_shift <= 0 for every 8-bit quotient (headroom >= 23, recip_shift <= 8) unless the
   * output multiplier exceeds 2^15; TFLite's rounding divide asserts on a left shift, octet
   * shifts left then. */
  return octet_clamp_i32(
      p->output_offset + octet_mul_by_quantized_mul(unscaled, p->output_multiplier, total_shift),
      p->act_min, p->act_max);
}

#define OCTET_DIV_ROW_(name, T)                                                            \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_div_params* p = (const octet_div_params*)vp;                               \
    const T* a = (const T*)va;                                                             \
    const T* b = (const T*)vb;                                                             \
    T* o = (T*)vo;                                                                         \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i) o[i] = (T)div_one(p, a[i * sa], b[i * sb]);                    \
  }

OCTET_DIV_ROW_(div_row_s8, int8_t)
OCTET_DIV_ROW_(div_row_u8, uint8_t)

#define OCTET_DEFINE_DIV_(suffix, T)                                                               \
  int octet_ref_div_##suffix(const octet_div_params* p, const octet_shape* in1_shape,              \
                             const T* in1, const octet_shape* in2_shape, const T* in2,             \
                             const octet_shape* out_shape, T* out) {                               \
    const int64_t n2 = octet_shape_elements(in2_shape);                                            \
    int64_t i;                                                                                     \
    for (i = 0; i < n2; ++i) {                                                                     \
      if (p->input2_offset + in2[i] == 0) return 1;                                                \
    }                                                                                              \
    return octet_ew_run_binary(p, in1_shape, in1, sizeof(T), in2_shape, in2, sizeof(T), out_shape, \
                               out, sizeof(T), div_row_##suffix);                                  \
  }

OCTET_DEFINE_DIV_(s8, int8_t)
OCTET_DEFINE_DIV_(u8, uint8_t)

/* ---- PRELU ------------------------------------------------------------------------------------
 */

static int32_t prelu_one(const octet_prelu_params* p, int32_t x, int32_t alpha) {
  const int32_t v = p->input_offset + x;
  const int32_t r = v >= 0
                        ? octet_mul_by_quantized_mul(v, p->output_multiplier_1, p->output_shift_1)
                        : octet_mul_by_quantized_mul(v * (p->alpha_offset + alpha),
                                                     p->output_multiplier_2, p->output_shift_2);
  return r + p->output_offset;
}

#define OCTET_PRELU_ROW_(name, T, QMIN, QMAX)                                              \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_prelu_params* p = (const octet_prelu_params*)vp;                           \
    const T* a = (const T*)va;                                                             \
    const int8_t* b = (const int8_t*)vb;                                                   \
    T* o = (T*)vo;                                                                         \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i)                                                                \
      o[i] = (T)octet_clamp_i32(prelu_one(p, a[i * sa], b[i * sb]), QMIN, QMAX);           \
  }

OCTET_PRELU_ROW_(prelu_row_s8, int8_t, INT8_MIN, INT8_MAX)
OCTET_PRELU_ROW_(prelu_row_s16, int16_t, INT16_MIN, INT16_MAX)

int octet_ref_prelu_s8(const octet_prelu_params* p, const octet_shape* in_shape, const int8_t* in,
                       const octet_shape* alpha_shape, const int8_t* alpha,
                       const octet_shape* out_shape, int8_t* out) {
  return octet_ew_run_binary(p, in_shape, in, 1, alpha_shape, alpha, 1, out_shape, out, 1,
                             prelu_row_s8);
}

int octet_ref_prelu_s16(const octet_prelu_params* p, const octet_shape* in_shape, const int16_t* in,
                        const octet_shape* alpha_shape, const int8_t* alpha,
                        const octet_shape* out_shape, int16_t* out) {
  return octet_ew_run_binary(p, in_shape, in, 2, alpha_shape, alpha, 1, out_shape, out, 2,
                             prelu_row_s16);
}

static void prelu_row_f32(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb,
                          void* vo, int64_t n) {
  const float* a = (const float*)va;
  const float* b = (const float*)vb;
  float* o = (float*)vo;
  int64_t i;
  (void)vp;
  for (i = 0; i < n; ++i) {
    const float x = a[i * sa];
    o[i] = x >= 0.0f ? x : x * b[i * sb];
  }
}

int octet_ref_prelu_f32(const octet_shape* in_shape, const float* in,
                        const octet_shape* alpha_shape, const float* alpha,
                        const octet_shape* out_shape, float* out) {
  return octet_ew_run_binary(NULL, in_shape, in, 4, alpha_shape, alpha, 4, out_shape, out, 4,
                             prelu_row_f32);
}

/* ---- ABS --------------------------------------------------------------------------------------
 */

static int32_t abs_one(const octet_abs_params* p, int32_t x, int32_t qmin, int32_t qmax) {
  const int32_t d = x - p->input_zero_point;
  const int32_t v = d < 0 ? -d : d;
  if (p->rescale) {
    return octet_clamp_i32(
        octet_mul_by_quantized_mul(v, p->multiplier, p->shift) + p->output_zero_point, qmin, qmax);
  }
  return octet_clamp_i32(v + p->output_zero_point, qmin, qmax);
}

void octet_ref_abs_s8(const octet_abs_params* p, int64_t n, const int8_t* in, int8_t* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = (int8_t)abs_one(p, in[i], INT8_MIN, INT8_MAX);
}

void octet_ref_abs_s16(const octet_abs_params* p, int64_t n, const int16_t* in, int16_t* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = (int16_t)abs_one(p, in[i], INT16_MIN, INT16_MAX);
}

void octet_ref_abs_f32(int64_t n, const float* in, float* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = fabsf(in[i]);
}

/* ---- RSQRT ------------------------------------------------------------------------------------
 */

int octet_ref_rsqrt_s8(const octet_rsqrt_params* p, int64_t n, const int8_t* in, int8_t* out) {
  /* TFLite keeps 20 extra bits through the two multiplies. */
  const int kShift = 20;
  int64_t i;
  for (i = 0; i < n; ++i) {
    if (in[i] < p->input_zero_point) return 1;
  }
  for (i = 0; i < n; ++i) {
    const int32_t v = in[i] - p->input_zero_point;
    int32_t inv_sqrt;
    int inv_shift;
    int32_t data;
    if (v == 0) {
      out[i] = INT8_MAX; /* any value near 0: the largest output */
      continue;
    }
    octet_fx_inv_sqrt_multiplier(v, -1, &inv_sqrt, &inv_shift);
    data = octet_mul_by_quantized_mul(1, inv_sqrt, inv_shift + kShift);
    out[i] = (int8_t)octet_clamp_i32(
        octet_mul_by_quantized_mul(data, p->multiplier, p->shift - kShift) + p->output_zero_point,
        INT8_MIN, INT8_MAX);
  }
  return 0;
}

/* ---- lookups, ELU -------------------------------------------------------------------------------
 */

void octet_ref_lut_s8(const octet_lut_s8_params* p, int64_t n, const int8_t* in, int8_t* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = p->table[(uint8_t)in[i]];
}

void octet_ref_elu_f32(int64_t n, const float* in, float* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = in[i] < 0.0f ? expm1f(in[i]) : in[i];
}
