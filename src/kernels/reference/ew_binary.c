/* ew_binary.c - ADD, SUB, MUL reference kernels (quantized int8/uint8/int16, int32, float32) and
 * the broadcast iteration they share. See octet_ref_elementwise.h for the contracts. */
#include <stddef.h>

#include "ew_internal.h"

/* ---- broadcast plan ------------------------------------------------------------------------- */

int octet_ew_broadcast_init(const octet_shape* in1, const octet_shape* in2, const octet_shape* out,
                            octet_ew_broadcast* plan) {
  const int32_t rank = out->rank;
  int64_t dims[OCTET_MAX_RANK];
  int64_t s1[OCTET_MAX_RANK];
  int64_t s2[OCTET_MAX_RANK];
  int64_t run1 = 1;
  int64_t run2 = 1;
  int32_t d;
  int32_t kept = 0;

  if (rank < 0 || rank > OCTET_MAX_RANK || in1->rank < 0 || in1->rank > rank || in2->rank < 0 ||
      in2->rank > rank) {
    return -1;
  }
  /* Walk from the innermost dimension outwards: inputs align at their last dimension. */
  for (d = rank - 1; d >= 0; --d) {
    const int32_t i1 = d - (rank - in1->rank);
    const int32_t i2 = d - (rank - in2->rank);
    const int32_t n = out->dims[d];
    const int32_t n1 = i1 >= 0 ? in1->dims[i1] : 1;
    const int32_t n2 = i2 >= 0 ? in2->dims[i2] : 1;
    if (n < 0 || (n1 != n && n1 != 1) || (n2 != n && n2 != 1)) return -1;
    dims[d] = n;
    s1[d] = n1 == 1 ? 0 : run1;
    s2[d] = n2 == 1 ? 0 : run2;
    run1 *= n1;
    run2 *= n2;
  }

  /* Drop size-1 output dimensions and merge a dimension into the one outside it whenever both
   * inputs continue contiguously (stride_outer == stride_inner * dim_inner, zero strides
   * included): equal shapes collapse to one flat run, a row broadcast to two dimensions. */
  for (d = 0; d < rank; ++d) {
    if (dims[d] == 1) continue;
    if (kept > 0 && s1[d] * dims[d] == plan->stride1[kept - 1] &&
        s2[d] * dims[d] == plan->stride2[kept - 1]) {
      /* The merged extent fits: it is at most the output's element count. */
      plan->dims[kept - 1] = (int32_t)(plan->dims[kept - 1] * dims[d]);
      plan->stride1[kept - 1] = s1[d];
      plan->stride2[kept - 1] = s2[d];
      continue;
    }
    plan->dims[kept] = (int32_t)dims[d];
    plan->stride1[kept] = s1[d];
    plan->stride2[kept] = s2[d];
    ++kept;
  }
  if (kept == 0) {
    plan->dims[0] = 1;
    plan->stride1[0] = 0;
    plan->stride2[0] = 0;
    kept = 1;
  }
  plan->rank = kept;
  return 0;
}

static int same_shape(const octet_shape* x, const octet_shape* y) {
  int32_t d;
  if (x->rank != y->rank) return 0;
  for (d = 0; d < x->rank; ++d) {
    if (x->dims[d] != y->dims[d]) return 0;
  }
  return 1;
}

int octet_ew_run_binary(const void* params, const octet_shape* in1_shape, const void* in1,
                        size_t in1_size, const octet_shape* in2_shape, const void* in2,
                        size_t in2_size, const octet_shape* out_shape, void* out, size_t out_size,
                        octet_ew_row_fn row) {
  octet_ew_broadcast plan;
  const char* a = (const char*)in1;
  const char* b = (const char*)in2;
  char* o = (char*)out;
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int64_t outer = 1;
  int64_t inner;
  int64_t off1 = 0;
  int64_t off2 = 0;
  int64_t k;
  int32_t last;
  int32_t d;

  if (same_shape(in1_shape, out_shape) && same_shape(in2_shape, out_shape)) {
    row(params, in1, 1, in2, 1, out, octet_shape_elements(out_shape));
    return 0;
  }
  if (octet_ew_broadcast_init(in1_shape, in2_shape, out_shape, &plan) != 0) return -1;
  last = plan.rank - 1;
  inner = plan.dims[last];
  for (d = 0; d < last; ++d) outer *= plan.dims[d];
  for (k = 0; k < outer; ++k) {
    row(params, a + off1 * (int64_t)in1_size, plan.stride1[last], b + off2 * (int64_t)in2_size,
        plan.stride2[last], o + k * inner * (int64_t)out_size, inner);
    /* Odometer over the outer dimensions. */
    for (d = last - 1; d >= 0; --d) {
      ++idx[d];
      off1 += plan.stride1[d];
      off2 += plan.stride2[d];
      if (idx[d] < plan.dims[d]) break;
      off1 -= plan.stride1[d] * plan.dims[d];
      off2 -= plan.stride2[d] * plan.dims[d];
      idx[d] = 0;
    }
  }
  return 0;
}

/* ---- quantized ADD / SUB ----------------------------------------------------------------------
 */

static int32_t add_rescale_input(int32_t value, int32_t left_shift, int32_t multiplier,
                                 int32_t shift) {
  return octet_mul_by_quantized_mul_smaller_than_one(octet_shl_wrap(value, left_shift), multiplier,
                                                     shift);
}

/* subtract: 0 adds the rescaled inputs, 1 subtracts the second (TFLM's SUB). */
static int32_t add_one(const octet_add_params* p, int32_t x, int32_t y, int subtract) {
  const int32_t s1 =
      add_rescale_input(p->input1_offset + x, p->left_shift, p->input1_multiplier, p->input1_shift);
  const int32_t s2 =
      add_rescale_input(p->input2_offset + y, p->left_shift, p->input2_multiplier, p->input2_shift);
  const int32_t raw = subtract ? s1 - s2 : s1 + s2;
  const int32_t result =
      octet_mul_by_quantized_mul_smaller_than_one(raw, p->output_multiplier, p->output_shift) +
      p->output_offset;
  return octet_clamp_i32(result, p->act_min, p->act_max);
}

#define OCTET_EW_QADD_ROW(name, T, SUBTRACT)                                               \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_add_params* p = (const octet_add_params*)vp;                               \
    const T* a = (const T*)va;                                                             \
    const T* b = (const T*)vb;                                                             \
    T* o = (T*)vo;                                                                         \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i) o[i] = (T)add_one(p, a[i * sa], b[i * sb], SUBTRACT);          \
  }

OCTET_EW_QADD_ROW(add_row_s8, int8_t, 0)
OCTET_EW_QADD_ROW(add_row_u8, uint8_t, 0)
OCTET_EW_QADD_ROW(add_row_s16, int16_t, 0)
OCTET_EW_QADD_ROW(sub_row_s8, int8_t, 1)
/* uint8 SUB is TFLite's ADD kernel with a negated input2 multiplier (see the header). */
OCTET_EW_QADD_ROW(sub_row_u8, uint8_t, 0)
OCTET_EW_QADD_ROW(sub_row_s16, int16_t, 1)

#define OCTET_EW_DEFINE_BINARY(fn, params_t, T, row)                                               \
  int fn(const params_t* p, const octet_shape* in1_shape, const T* in1,                            \
         const octet_shape* in2_shape, const T* in2, const octet_shape* out_shape, T* out) {       \
    return octet_ew_run_binary(p, in1_shape, in1, sizeof(T), in2_shape, in2, sizeof(T), out_shape, \
                               out, sizeof(T), row);                                               \
  }

OCTET_EW_DEFINE_BINARY(octet_ref_add_s8, octet_add_params, int8_t, add_row_s8)
OCTET_EW_DEFINE_BINARY(octet_ref_add_u8, octet_add_params, uint8_t, add_row_u8)
OCTET_EW_DEFINE_BINARY(octet_ref_add_s16, octet_add_params, int16_t, add_row_s16)
OCTET_EW_DEFINE_BINARY(octet_ref_sub_s8, octet_sub_params, int8_t, sub_row_s8)
OCTET_EW_DEFINE_BINARY(octet_ref_sub_u8, octet_sub_params, uint8_t, sub_row_u8)
OCTET_EW_DEFINE_BINARY(octet_ref_sub_s16, octet_sub_params, int16_t, sub_row_s16)

/* ---- quantized MUL ----------------------------------------------------------------------------
 */

static int32_t mul_one(const octet_mul_params* p, int32_t x, int32_t y) {
  /* The product fits in int32 for every valid parameter set (int16 requires zero points 0); the
   * 64-bit product only keeps invalid ones free of undefined behaviour. */
  const int32_t product = (int32_t)((int64_t)(p->input1_offset + x) * (p->input2_offset + y));
  const int32_t result =
      octet_mul_by_quantized_mul(product, p->output_multiplier, p->output_shift) + p->output_offset;
  return octet_clamp_i32(result, p->act_min, p->act_max);
}

#define OCTET_EW_QMUL_ROW(name, T)                                                         \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_mul_params* p = (const octet_mul_params*)vp;                               \
    const T* a = (const T*)va;                                                             \
    const T* b = (const T*)vb;                                                             \
    T* o = (T*)vo;                                                                         \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i) o[i] = (T)mul_one(p, a[i * sa], b[i * sb]);                    \
  }

OCTET_EW_QMUL_ROW(mul_row_s8, int8_t)
OCTET_EW_QMUL_ROW(mul_row_u8, uint8_t)
OCTET_EW_QMUL_ROW(mul_row_s16, int16_t)

void octet_ref_mul_elementwise_s16(const octet_mul_params* p, int64_t n, const int16_t* in1,
                                   const int16_t* in2, int16_t* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = (int16_t)mul_one(p, in1[i], in2[i]);
}

void octet_ref_mul_elementwise_s16_s8(const octet_mul_params* p, int64_t n, const int16_t* in1,
                                      const int16_t* in2, int8_t* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = (int8_t)mul_one(p, in1[i], in2[i]);
}

OCTET_EW_DEFINE_BINARY(octet_ref_mul_s8, octet_mul_params, int8_t, mul_row_s8)
OCTET_EW_DEFINE_BINARY(octet_ref_mul_u8, octet_mul_params, uint8_t, mul_row_u8)
OCTET_EW_DEFINE_BINARY(octet_ref_mul_s16, octet_mul_params, int16_t, mul_row_s16)

/* ---- int32 ------------------------------------------------------------------------------------
 */

#define OCTET_EW_S32_ROW(name, OP)                                                         \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_int_activation* p = (const octet_int_activation*)vp;                       \
    const int32_t* a = (const int32_t*)va;                                                 \
    const int32_t* b = (const int32_t*)vb;                                                 \
    int32_t* o = (int32_t*)vo;                                                             \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i)                                                                \
      o[i] = octet_clamp_i32(OP(a[i * sa], b[i * sb]), p->act_min, p->act_max);            \
  }

OCTET_EW_S32_ROW(add_row_s32, octet_wrap_add)
OCTET_EW_S32_ROW(sub_row_s32, octet_wrap_sub)
OCTET_EW_S32_ROW(mul_row_s32, octet_wrap_mul)

OCTET_EW_DEFINE_BINARY(octet_ref_add_s32, octet_int_activation, int32_t, add_row_s32)
OCTET_EW_DEFINE_BINARY(octet_ref_sub_s32, octet_int_activation, int32_t, sub_row_s32)
OCTET_EW_DEFINE_BINARY(octet_ref_mul_s32, octet_int_activation, int32_t, mul_row_s32)

/* ---- float32 ----------------------------------------------------------------------------------
 */

/* TFLite's ActivationFunctionWithMinMax: min(max(x, lo), hi), which lets NaN through. */
static float clamp_f32(float x, float lo, float hi) {
  x = x < lo ? lo : x;
  return hi < x ? hi : x;
}

#define OCTET_EW_F32_ROW(name, OP)                                                         \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_float_activation* p = (const octet_float_activation*)vp;                   \
    const float* a = (const float*)va;                                                     \
    const float* b = (const float*)vb;                                                     \
    float* o = (float*)vo;                                                                 \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i) {                                                              \
      const float x = a[i * sa];                                                           \
      const float y = b[i * sb];                                                           \
      o[i] = clamp_f32(x OP y, p->act_min, p->act_max);                                    \
    }                                                                                      \
  }

OCTET_EW_F32_ROW(add_row_f32, +)
OCTET_EW_F32_ROW(sub_row_f32, -)
OCTET_EW_F32_ROW(mul_row_f32, *)
OCTET_EW_F32_ROW(div_row_f32, /)

OCTET_EW_DEFINE_BINARY(octet_ref_add_f32, octet_float_activation, float, add_row_f32)
OCTET_EW_DEFINE_BINARY(octet_ref_sub_f32, octet_float_activation, float, sub_row_f32)
OCTET_EW_DEFINE_BINARY(octet_ref_mul_f32, octet_float_activation, float, mul_row_f32)
OCTET_EW_DEFINE_BINARY(octet_ref_div_f32, octet_float_activation, float, div_row_f32)
