/* data_cast.c - CAST, FILL, ZEROS_LIKE and SHAPE reference kernels. See octet_ref_data.h. */
#include <string.h>

#include "octet_kernels.h"

/* float -> int32 as x86's cvttss2si: truncation, INT32_MIN for NaN and out-of-range values. */
static int32_t f32_to_i32(float x) {
  if (!(x > -2147483904.0f && x < 2147483648.0f)) return INT32_MIN;
  return (int32_t)x;
}

/* float -> int64 likewise (the 64-bit conversion, which TFLM uses for uint32 and int64). */
static int64_t f32_to_i64(float x) {
  if (!(x > -9223373136366403584.0f && x < 9223372036854775808.0f)) return INT64_MIN;
  return (int64_t)x;
}

/* Every value goes through one of three carriers: int64 (integers and bool), or float. */
#define OCTET_LOAD_INT_(T) ((int64_t)((const T*)in)[i])
#define OCTET_CAST_LOOP_(OUT_T, EXPR)                       \
  for (i = 0; i < n; ++i) ((OUT_T*)out)[i] = (OUT_T)(EXPR); \
  return 0;

/* An integer source of type IN_T (bool: nonzero is 1) to every output type. */
#define OCTET_CAST_FROM_INT_(IN_EXPR)                          \
  switch (out_type) {                                          \
    case OCTET_TYPE_BOOL:                                      \
      OCTET_CAST_LOOP_(uint8_t, (IN_EXPR) != 0)                \
    case OCTET_TYPE_S8:                                        \
      OCTET_CAST_LOOP_(int8_t, (uint8_t)(uint64_t)(IN_EXPR))   \
    case OCTET_TYPE_U8:                                        \
      OCTET_CAST_LOOP_(uint8_t, (uint64_t)(IN_EXPR))           \
    case OCTET_TYPE_S16:                                       \
      OCTET_CAST_LOOP_(int16_t, (uint16_t)(uint64_t)(IN_EXPR)) \
    case OCTET_TYPE_S32:                                       \
      OCTET_CAST_LOOP_(int32_t, (uint32_t)(uint64_t)(IN_EXPR)) \
    case OCTET_TYPE_U32:                                       \
      OCTET_CAST_LOOP_(uint32_t, (uint64_t)(IN_EXPR))          \
    case OCTET_TYPE_S64:                                       \
      OCTET_CAST_LOOP_(int64_t, (IN_EXPR))                     \
    case OCTET_TYPE_F32:                                       \
      OCTET_CAST_LOOP_(float, (IN_EXPR))                       \
    default:                                                   \
      return -1;                                               \
  }

int octet_ref_cast(const octet_cast_params* p, int64_t n, const void* in, void* out) {
  const int32_t out_type = p->output_type;
  int64_t i;
  switch (p->input_type) {
    case OCTET_TYPE_BOOL:
      OCTET_CAST_FROM_INT_(((const uint8_t*)in)[i] != 0)
    case OCTET_TYPE_S8:
      OCTET_CAST_FROM_INT_(OCTET_LOAD_INT_(int8_t))
    case OCTET_TYPE_U8:
      OCTET_CAST_FROM_INT_(OCTET_LOAD_INT_(uint8_t))
    case OCTET_TYPE_S16:
      OCTET_CAST_FROM_INT_(OCTET_LOAD_INT_(int16_t))
    case OCTET_TYPE_S32:
      OCTET_CAST_FROM_INT_(OCTET_LOAD_INT_(int32_t))
    case OCTET_TYPE_U32:
      OCTET_CAST_FROM_INT_(OCTET_LOAD_INT_(uint32_t))
    case OCTET_TYPE_S64:
      OCTET_CAST_FROM_INT_(OCTET_LOAD_INT_(int64_t))
    case OCTET_TYPE_F32: {
      const float* x = (const float*)in;
      switch (out_type) {
        case OCTET_TYPE_BOOL:
          OCTET_CAST_LOOP_(uint8_t, x[i] != 0.0f)
        case OCTET_TYPE_S8:
          OCTET_CAST_LOOP_(int8_t, (uint8_t)(uint32_t)f32_to_i32(x[i]))
        case OCTET_TYPE_U8:
          OCTET_CAST_LOOP_(uint8_t, (uint32_t)f32_to_i32(x[i]))
        case OCTET_TYPE_S16:
          OCTET_CAST_LOOP_(int16_t, (uint16_t)(uint32_t)f32_to_i32(x[i]))
        case OCTET_TYPE_S32:
          OCTET_CAST_LOOP_(int32_t, f32_to_i32(x[i]))
        case OCTET_TYPE_U32:
          OCTET_CAST_LOOP_(uint32_t, (uint64_t)f32_to_i64(x[i]))
        case OCTET_TYPE_S64:
          OCTET_CAST_LOOP_(int64_t, f32_to_i64(x[i]))
        case OCTET_TYPE_F32:
          memcpy(out, in, (size_t)n * sizeof(float));
          return 0;
        default:
          return -1;
      }
    }
    default:
      return -1;
  }
}

static int fill_size_ok(int32_t elem_size) {
  return elem_size == 1 || elem_size == 2 || elem_size == 4 || elem_size == 8;
}

int octet_ref_fill(const octet_fill_params* p, const void* value, int64_t n, void* out) {
  unsigned char* o = (unsigned char*)out;
  int64_t i;
  if (!fill_size_ok(p->elem_size)) return -1;
  for (i = 0; i < n; ++i) memcpy(o + i * p->elem_size, value, (size_t)p->elem_size);
  return 0;
}

int octet_ref_zeros_like(const octet_fill_params* p, int64_t n, void* out) {
  if (!fill_size_ok(p->elem_size)) return -1;
  if (n > 0) memset(out, 0, (size_t)n * (size_t)p->elem_size);
  return 0;
}

void octet_ref_shape_s32(const octet_shape* in_shape, int32_t* out) {
  int32_t d;
  for (d = 0; d < in_shape->rank; ++d) out[d] = in_shape->dims[d];
}

void octet_ref_shape_s64(const octet_shape* in_shape, int64_t* out) {
  int32_t d;
  for (d = 0; d < in_shape->rank; ++d) out[d] = in_shape->dims[d];
}
