/* ew_unary.c - RELU family and LEAKY_RELU reference kernels. See octet_ref_elementwise.h. */
#include "octet_kernels.h"

/* ---- RELU, RELU6, RELU_N1_TO_1 ----------------------------------------------------------------
 */

static int32_t relu_one(const octet_relu_params* p, int32_t x) {
  const int32_t v =
      p->output_zero_point +
      octet_mul_by_quantized_mul(x - p->input_zero_point, p->output_multiplier, p->output_shift);
  return octet_clamp_i32(v, p->act_min, p->act_max);
}

#define OCTET_EW_DEFINE_RELU(fn, T)                                     \
  void fn(const octet_relu_params* p, int64_t n, const T* in, T* out) { \
    int64_t i;                                                          \
    for (i = 0; i < n; ++i) out[i] = (T)relu_one(p, in[i]);             \
  }

OCTET_EW_DEFINE_RELU(octet_ref_relu_s8, int8_t)
OCTET_EW_DEFINE_RELU(octet_ref_relu_u8, uint8_t)
OCTET_EW_DEFINE_RELU(octet_ref_relu_s16, int16_t)

void octet_ref_relu_f32(const octet_float_activation* p, int64_t n, const float* in, float* out) {
  int64_t i;
  for (i = 0; i < n; ++i) {
    const float x = in[i];
    /* Comparisons written so that NaN passes through, as in TFLite's float ReLU kernels. */
    out[i] = x < p->act_min ? p->act_min : (x > p->act_max ? p->act_max : x);
  }
}

/* ---- LEAKY_RELU -------------------------------------------------------------------------------
 */

static int32_t leaky_relu_one(const octet_leaky_relu_params* p, int32_t x, int32_t qmin,
                              int32_t qmax) {
  const int32_t d = x - p->input_zero_point;
  /* Zero takes the identity branch: TFLite tests `input_value >= 0`. */
  const int32_t v = d >= 0
                        ? octet_mul_by_quantized_mul(d, p->multiplier_identity, p->shift_identity)
                        : octet_mul_by_quantized_mul(d, p->multiplier_alpha, p->shift_alpha);
  return octet_clamp_i32(p->output_zero_point + v, qmin, qmax);
}

#define OCTET_EW_DEFINE_LEAKY_RELU(fn, T, QMIN, QMAX)                         \
  void fn(const octet_leaky_relu_params* p, int64_t n, const T* in, T* out) { \
    int64_t i;                                                                \
    for (i = 0; i < n; ++i) out[i] = (T)leaky_relu_one(p, in[i], QMIN, QMAX); \
  }

OCTET_EW_DEFINE_LEAKY_RELU(octet_ref_leaky_relu_s8, int8_t, INT8_MIN, INT8_MAX)
OCTET_EW_DEFINE_LEAKY_RELU(octet_ref_leaky_relu_u8, uint8_t, 0, UINT8_MAX)
OCTET_EW_DEFINE_LEAKY_RELU(octet_ref_leaky_relu_s16, int16_t, INT16_MIN, INT16_MAX)

void octet_ref_leaky_relu_f32(const octet_leaky_relu_params* p, int64_t n, const float* in,
                              float* out) {
  const float alpha = p->alpha;
  int64_t i;
  for (i = 0; i < n; ++i) {
    const float x = in[i];
    out[i] = x > 0.0f ? x : x * alpha;
  }
}
