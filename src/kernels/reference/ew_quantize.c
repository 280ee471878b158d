/* ew_quantize.c - QUANTIZE (float -> int, int -> int) and DEQUANTIZE reference kernels. See
 * octet_ref_elementwise.h. */
#include <math.h>
#include <string.h>

#include "octet_kernels.h"

/* ---- float -> int -----------------------------------------------------------------------------
 */

static int32_t quantize_one(float x, float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  /* float division and round-half-away-from-zero, as TFLite's AffineQuantize (TfLiteRound). */
  const float q = roundf(x / scale);
  int64_t v;
  if (q >= 2147483648.0f) {
    v = INT32_MAX;
  } else if (q >= -2147483648.0f) {
    v = (int32_t)q;
  } else {
    v = INT32_MIN; /* also NaN */
  }
  v += zero_point;
  return v < qmin ? qmin : (v > qmax ? qmax : (int32_t)v);
}

#define OCTET_EW_DEFINE_QUANTIZE(fn, T, QMIN, QMAX)                                               \
  void fn(const octet_quantize_params* p, int64_t n, const float* in, T* out) {                   \
    int64_t i;                                                                                    \
    for (i = 0; i < n; ++i) out[i] = (T)quantize_one(in[i], p->scale, p->zero_point, QMIN, QMAX); \
  }

OCTET_EW_DEFINE_QUANTIZE(octet_ref_quantize_f32_s8, int8_t, INT8_MIN, INT8_MAX)
OCTET_EW_DEFINE_QUANTIZE(octet_ref_quantize_f32_u8, uint8_t, 0, UINT8_MAX)
OCTET_EW_DEFINE_QUANTIZE(octet_ref_quantize_f32_s16, int16_t, INT16_MIN, INT16_MAX)

/* ---- int -> int -------------------------------------------------------------------------------
 */

static int64_t requantize_one(const octet_requantize_params* p, int32_t x) {
  /* Wrapping difference: only an int32 input can leave the int32 range here. */
  const int32_t d = (int32_t)((uint32_t)x - (uint32_t)p->input_zero_point);
  return (int64_t)octet_mul_by_quantized_mul(d, p->multiplier, p->shift) + p->output_zero_point;
}

/* TFLM's shortcut: equal scales (multiplier 1.0 = 2^30 with shift 1) and zero points 128 apart
 * between int8 and uint8 is a flip of the top bit. */
static int is_sign_flip(const octet_requantize_params* p, int32_t zero_point_diff) {
  return p->multiplier == (1 << 30) && p->shift == 1 &&
         p->input_zero_point - p->output_zero_point == zero_point_diff;
}

#define OCTET_EW_DEFINE_REQUANTIZE(in_name, IN_T, out_name, OUT_T, QMIN, QMAX, FLIP_DIFF)       \
  void octet_ref_requantize_##in_name##_##out_name(const octet_requantize_params* p, int64_t n, \
                                                   const IN_T* in, OUT_T* out) {                \
    int64_t i;                                                                                  \
    if (FLIP_DIFF != 0 && is_sign_flip(p, FLIP_DIFF)) {                                         \
      for (i = 0; i < n; ++i) out[i] = (OUT_T)((uint8_t)in[i] ^ 0x80u);                         \
      return;                                                                                   \
    }                                                                                           \
    for (i = 0; i < n; ++i) {                                                                   \
      const int64_t v = requantize_one(p, in[i]);                                               \
      out[i] = (OUT_T)(v < (QMIN) ? (QMIN) : (v > (QMAX) ? (QMAX) : v));                        \
    }                                                                                           \
  }

#define OCTET_EW_DEFINE_REQUANTIZE_FROM(in_name, IN_T, FLIP_TO_U8, FLIP_TO_S8)          \
  OCTET_EW_DEFINE_REQUANTIZE(in_name, IN_T, s8, int8_t, INT8_MIN, INT8_MAX, FLIP_TO_S8) \
  OCTET_EW_DEFINE_REQUANTIZE(in_name, IN_T, u8, uint8_t, 0, UINT8_MAX, FLIP_TO_U8)      \
  OCTET_EW_DEFINE_REQUANTIZE(in_name, IN_T, s16, int16_t, INT16_MIN, INT16_MAX, 0)      \
  OCTET_EW_DEFINE_REQUANTIZE(in_name, IN_T, s32, int32_t, INT32_MIN, INT32_MAX, 0)

/* int8 -> uint8 flips when zp_in - zp_out == -128, uint8 -> int8 when it is +128. */
OCTET_EW_DEFINE_REQUANTIZE_FROM(s8, int8_t, -128, 0)
OCTET_EW_DEFINE_REQUANTIZE_FROM(u8, uint8_t, 0, 128)
OCTET_EW_DEFINE_REQUANTIZE_FROM(s16, int16_t, 0, 0)
OCTET_EW_DEFINE_REQUANTIZE_FROM(s32, int32_t, 0, 0)

/* ---- DEQUANTIZE -------------------------------------------------------------------------------
 */

#define OCTET_EW_DEFINE_DEQUANTIZE(fn, T)                                                \
  void fn(const octet_dequantize_params* p, int64_t n, const T* in, float* out) {        \
    int64_t i;                                                                           \
    for (i = 0; i < n; ++i) out[i] = p->scale * (float)((int32_t)in[i] - p->zero_point); \
  }

OCTET_EW_DEFINE_DEQUANTIZE(octet_ref_dequantize_s8, int8_t)
OCTET_EW_DEFINE_DEQUANTIZE(octet_ref_dequantize_u8, uint8_t)
OCTET_EW_DEFINE_DEQUANTIZE(octet_ref_dequantize_s16, int16_t)

static float half_to_float(uint16_t h) {
  const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1Fu;
  uint32_t mantissa = h & 0x3FFu;
  uint32_t bits;
  float f;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {
      /* Subnormal: mantissa * 2^-24; normalize so the leading one sits at bit 10. */
      uint32_t e = 113;
      while ((mantissa & 0x400u) == 0) {
        mantissa <<= 1;
        --e;
      }
      bits = sign | (e << 23) | ((mantissa & 0x3FFu) << 13);
    }
  } else if (exponent == 31) {
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  }
  memcpy(&f, &bits, sizeof f);
  return f;
}

void octet_ref_dequantize_f16(int64_t n, const uint16_t* in, float* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = half_to_float(in[i]);
}
