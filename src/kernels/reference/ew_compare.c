/* ew_compare.c - the comparisons (EQUAL ... GREATER_EQUAL), LOGICAL_AND/OR/NOT and SELECT_V2
 * reference kernels. See octet_ref_elementwise.h for the contracts. */
#include <string.h>

#include "ew_internal.h"

/* ---- comparisons ------------------------------------------------------------------------------
 * TFLite's ComparisonWithScaling: (value + offset) << left_shift, then
 * MultiplyByQuantizedMultiplierSmallerThanOneExp. The shifted value fits int32 for 8- and 16-bit
 * inputs (65535 << 8); the wrapping shift only keeps invalid parameters free of undefined
 * behaviour. */
static int32_t compare_rescale(int32_t value, int32_t offset, int32_t left_shift,
                               int32_t multiplier, int32_t shift) {
  return octet_mul_by_quantized_mul_smaller_than_one(octet_shl_wrap(value + offset, left_shift),
                                                     multiplier, shift);
}

#define OCTET_CMP_EQUAL_(x, y) ((x) == (y))
#define OCTET_CMP_NOT_EQUAL_(x, y) ((x) != (y))
#define OCTET_CMP_LESS_(x, y) ((x) < (y))
#define OCTET_CMP_LESS_EQUAL_(x, y) ((x) <= (y))
#define OCTET_CMP_GREATER_(x, y) ((x) > (y))
#define OCTET_CMP_GREATER_EQUAL_(x, y) ((x) >= (y))

/* One row function per (type, comparison): the comparison is fixed inside the loop. */
#define OCTET_CMP_SCALED_ROW_(name, T, CMP)                                                \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const octet_compare_params* p = (const octet_compare_params*)vp;                       \
    const T* a = (const T*)va;                                                             \
    const T* b = (const T*)vb;                                                             \
    uint8_t* o = (uint8_t*)vo;                                                             \
    int64_t i;                                                                             \
    for (i = 0; i < n; ++i) {                                                              \
      const int32_t x = compare_rescale(a[i * sa], p->input1_offset, p->left_shift,        \
                                        p->input1_multiplier, p->input1_shift);            \
      const int32_t y = compare_rescale(b[i * sb], p->input2_offset, p->left_shift,        \
                                        p->input2_multiplier, p->input2_shift);            \
      o[i] = (uint8_t)CMP(x, y);                                                           \
    }                                                                                      \
  }

#define OCTET_CMP_RAW_ROW_(name, T, CMP)                                                   \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const T* a = (const T*)va;                                                             \
    const T* b = (const T*)vb;                                                             \
    uint8_t* o = (uint8_t*)vo;                                                             \
    int64_t i;                                                                             \
    (void)vp;                                                                              \
    for (i = 0; i < n; ++i) o[i] = (uint8_t)CMP(a[i * sa], b[i * sb]);                     \
  }

/* The six rows of a type and the kernel that picks one by p->comparison (in octet_comparison
 * order). */
#define OCTET_DEFINE_COMPARE_(suffix, T, ROW)                                                      \
  ROW(compare_equal_##suffix, T, OCTET_CMP_EQUAL_)                                                 \
  ROW(compare_not_equal_##suffix, T, OCTET_CMP_NOT_EQUAL_)                                         \
  ROW(compare_less_##suffix, T, OCTET_CMP_LESS_)                                                   \
  ROW(compare_less_equal_##suffix, T, OCTET_CMP_LESS_EQUAL_)                                       \
  ROW(compare_greater_##suffix, T, OCTET_CMP_GREATER_)                                             \
  ROW(compare_greater_equal_##suffix, T, OCTET_CMP_GREATER_EQUAL_)                                 \
  int octet_ref_compare_##suffix(const octet_compare_params* p, const octet_shape* in1_shape,      \
                                 const T* in1, const octet_shape* in2_shape, const T* in2,         \
                                 const octet_shape* out_shape, uint8_t* out) {                     \
    static const octet_ew_row_fn rows[6] = {                                                       \
        compare_equal_##suffix,      compare_not_equal_##suffix, compare_less_##suffix,            \
        compare_less_equal_##suffix, compare_greater_##suffix,   compare_greater_equal_##suffix};  \
    if (p->comparison < 0 || p->comparison > 5) return -1;                                         \
    return octet_ew_run_binary(p, in1_shape, in1, sizeof(T), in2_shape, in2, sizeof(T), out_shape, \
                               out, 1, rows[p->comparison]);                                       \
  }

OCTET_DEFINE_COMPARE_(s8, int8_t, OCTET_CMP_SCALED_ROW_)
OCTET_DEFINE_COMPARE_(u8, uint8_t, OCTET_CMP_SCALED_ROW_)
OCTET_DEFINE_COMPARE_(s16, int16_t, OCTET_CMP_SCALED_ROW_)
OCTET_DEFINE_COMPARE_(s32, int32_t, OCTET_CMP_RAW_ROW_)
OCTET_DEFINE_COMPARE_(s64, int64_t, OCTET_CMP_RAW_ROW_)
OCTET_DEFINE_COMPARE_(f32, float, OCTET_CMP_RAW_ROW_)
OCTET_DEFINE_COMPARE_(b8, uint8_t, OCTET_CMP_RAW_ROW_)

/* ---- logical ops ------------------------------------------------------------------------------
 */

#define OCTET_LOGICAL_ROW_(name, OP)                                                       \
  static void name(const void* vp, const void* va, int64_t sa, const void* vb, int64_t sb, \
                   void* vo, int64_t n) {                                                  \
    const uint8_t* a = (const uint8_t*)va;                                                 \
    const uint8_t* b = (const uint8_t*)vb;                                                 \
    uint8_t* o = (uint8_t*)vo;                                                             \
    int64_t i;                                                                             \
    (void)vp;                                                                              \
    for (i = 0; i < n; ++i) o[i] = (uint8_t)((a[i * sa] != 0) OP(b[i * sb] != 0));         \
  }

OCTET_LOGICAL_ROW_(logical_and_row, &&)
OCTET_LOGICAL_ROW_(logical_or_row, ||)

int octet_ref_logical_and_b8(const octet_shape* in1_shape, const uint8_t* in1,
                             const octet_shape* in2_shape, const uint8_t* in2,
                             const octet_shape* out_shape, uint8_t* out) {
  return octet_ew_run_binary(NULL, in1_shape, in1, 1, in2_shape, in2, 1, out_shape, out, 1,
                             logical_and_row);
}

int octet_ref_logical_or_b8(const octet_shape* in1_shape, const uint8_t* in1,
                            const octet_shape* in2_shape, const uint8_t* in2,
                            const octet_shape* out_shape, uint8_t* out) {
  return octet_ew_run_binary(NULL, in1_shape, in1, 1, in2_shape, in2, 1, out_shape, out, 1,
                             logical_or_row);
}

void octet_ref_logical_not_b8(int64_t n, const uint8_t* in, uint8_t* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = (uint8_t)(in[i] == 0);
}

/* ---- SELECT_V2 ------------------------------------------------------------------------------
 */

/* Element strides of `in` over the dimensions of `out` (aligned at the last dimension, 0 where
 * `in` broadcasts); -1 when `in` does not broadcast to `out`. */
static int broadcast_strides(const octet_shape* in, const octet_shape* out, int64_t* strides) {
  int64_t run = 1;
  int32_t d;
  if (in->rank < 0 || in->rank > out->rank) return -1;
  for (d = out->rank - 1; d >= 0; --d) {
    const int32_t i = d - (out->rank - in->rank);
    const int32_t n = i >= 0 ? in->dims[i] : 1;
    if (n != out->dims[d] && n != 1) return -1;
    strides[d] = n == 1 ? 0 : run;
    run *= n;
  }
  return 0;
}

/* The element copies are fixed-size memcpy calls: every type of a size moves the same way, with
 * no access through a pointer of another type. */
#define OCTET_SELECT_LOOP_(SIZE)                                                         \
  for (k = 0; k < total; ++k) {                                                          \
    memcpy(o + k * (SIZE), condition[oc] ? xs + ox * (SIZE) : ys + oy * (SIZE), (SIZE)); \
    for (d = rank - 1; d >= 0; --d) {                                                    \
      ++idx[d];                                                                          \
      oc += sc[d];                                                                       \
      ox += sx[d];                                                                       \
      oy += sy[d];                                                                       \
      if (idx[d] < out_shape->dims[d]) break;                                            \
      oc -= sc[d] * out_shape->dims[d];                                                  \
      ox -= sx[d] * out_shape->dims[d];                                                  \
      oy -= sy[d] * out_shape->dims[d];                                                  \
      idx[d] = 0;                                                                        \
    }                                                                                    \
  }

int octet_ref_select_v2(const octet_select_params* p, const octet_shape* condition_shape,
                        const uint8_t* condition, const octet_shape* x_shape, const void* x,
                        const octet_shape* y_shape, const void* y, const octet_shape* out_shape,
                        void* out) {
  int64_t sc[OCTET_MAX_RANK];
  int64_t sx[OCTET_MAX_RANK];
  int64_t sy[OCTET_MAX_RANK];
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  const unsigned char* xs = (const unsigned char*)x;
  const unsigned char* ys = (const unsigned char*)y;
  unsigned char* o = (unsigned char*)out;
  const int32_t rank = out_shape->rank;
  const int64_t total = octet_shape_elements(out_shape);
  int64_t oc = 0;
  int64_t ox = 0;
  int64_t oy = 0;
  int64_t k;
  int32_t d;

  if (rank < 0 || rank > OCTET_MAX_RANK || broadcast_strides(condition_shape, out_shape, sc) != 0 ||
      broadcast_strides(x_shape, out_shape, sx) != 0 ||
      broadcast_strides(y_shape, out_shape, sy) != 0) {
    return -1;
  }
  switch (p->elem_size) {
    case 1:
      OCTET_SELECT_LOOP_(1)
      return 0;
    case 2:
      OCTET_SELECT_LOOP_(2)
      return 0;
    case 4:
      OCTET_SELECT_LOOP_(4)
      return 0;
    case 8:
      OCTET_SELECT_LOOP_(8)
      return 0;
    default:
      return -1;
  }
}
