/* nn_transpose_conv.c - TRANSPOSE_CONV reference kernels (see octet_ref_nn.h): TFLite's scatter
 * formulation. Every input pixel adds its contribution to the filter_h x filter_w output window
 * it touches, in an accumulator per output element; then bias, requantization and clamp. */
#include <string.h>

#include "nn_internal.h"
#include "octet_kernels.h"

/* Loops over every (input element, filter tap, output channel) whose output position lies inside
 * the output, in TFLite's order, with `acc_index` the output element and in_v / w_v the operands.
 */
#define OCTET_TCONV_SCATTER(p, is, fs, os, input, filter, ACCUMULATE)                         \
  do {                                                                                        \
    const int32_t in_h_ = (is)->dims[1], in_w_ = (is)->dims[2], in_c_ = (is)->dims[3];        \
    const int32_t f_h_ = (fs)->dims[1], f_w_ = (fs)->dims[2];                                 \
    const int32_t out_h_ = (os)->dims[1], out_w_ = (os)->dims[2], out_c_ = (os)->dims[3];     \
    int32_t n_, y_, x_, ic_, fy_, fx_, oc_;                                                   \
    for (n_ = 0; n_ < (is)->dims[0]; ++n_) {                                                  \
      for (y_ = 0; y_ < in_h_; ++y_) {                                                        \
        for (x_ = 0; x_ < in_w_; ++x_) {                                                      \
          for (ic_ = 0; ic_ < in_c_; ++ic_) {                                                 \
            const int32_t oy0_ = y_ * (p)->stride_h - (p)->pad_top;                           \
            const int32_t ox0_ = x_ * (p)->stride_w - (p)->pad_left;                          \
            const int32_t in_index_ = octet_nn_offset4(in_h_, in_w_, in_c_, n_, y_, x_, ic_); \
            for (fy_ = 0; fy_ < f_h_; ++fy_) {                                                \
              const int32_t oy_ = oy0_ + fy_;                                                 \
              if (oy_ < 0 || oy_ >= out_h_) continue;                                         \
              for (fx_ = 0; fx_ < f_w_; ++fx_) {                                              \
                const int32_t ox_ = ox0_ + fx_;                                               \
                if (ox_ < 0 || ox_ >= out_w_) continue;                                       \
                for (oc_ = 0; oc_ < out_c_; ++oc_) {                                          \
                  const int32_t acc_index =                                                   \
                      octet_nn_offset4(out_h_, out_w_, out_c_, n_, oy_, ox_, oc_);            \
                  const int32_t w_index_ =                                                    \
                      octet_nn_offset4(f_h_, f_w_, in_c_, oc_, fy_, fx_, ic_);                \
                  ACCUMULATE(acc_index, (input)[in_index_], (filter)[w_index_]);              \
                }                                                                             \
              }                                                                               \
            }                                                                                 \
          }                                                                                   \
        }                                                                                     \
      }                                                                                       \
    }                                                                                         \
  } while (0)

#define OCTET_TCONV_ACC_S8(i, x, w) \
  scratch[i] = octet_wrap_add(scratch[i], ((int32_t)(x) + p->input_offset) * (int32_t)(w))
#define OCTET_TCONV_ACC_S16(i, x, w) scratch[i] += (int64_t)(x) * (w)
#define OCTET_TCONV_ACC_F32(i, x, w) output[i] += (x) * (w)

/* s8: int32 accumulators wrapping modulo 2^32 and the input offset; s16: int64 accumulators and
 * bias, no zero points, the 64-bit requantization. */
#define OCTET_DEFINE_TCONV_INT(NAME, T, ACC_T, BIAS_T, ACCUMULATE, ADD_BIAS, REQUANT)           \
  void NAME(const octet_conv_params* p, const octet_shape* input_shape, const T* input,         \
            const octet_shape* filter_shape, const int8_t* filter, const BIAS_T* bias,          \
            const octet_shape* output_shape, T* output, ACC_T* scratch) {                       \
    const int64_t n = octet_shape_elements(output_shape);                                       \
    const int32_t out_c = output_shape->dims[3];                                                \
    int64_t i;                                                                                  \
    memset(scratch, 0, (size_t)n * sizeof(ACC_T));                                              \
    OCTET_TCONV_SCATTER(p, input_shape, filter_shape, output_shape, input, filter, ACCUMULATE); \
    for (i = 0; i < n; ++i) {                                                                   \
      const int32_t c = (int32_t)(i % out_c);                                                   \
      const ACC_T acc = bias ? ADD_BIAS(scratch[i], bias[c]) : scratch[i];                      \
      const int32_t v =                                                                         \
          REQUANT(acc, p->output_multiplier[c], p->output_shift[c]) + p->output_offset;         \
      output[i] = (T)octet_clamp_i32(v, p->act_min, p->act_max);                                \
    }                                                                                           \
  }

#define OCTET_TCONV_ADD_I64(a, b) ((a) + (b))

OCTET_DEFINE_TCONV_INT(octet_ref_transpose_conv_s8, int8_t, int32_t, int32_t, OCTET_TCONV_ACC_S8,
                       octet_wrap_add, octet_mul_by_quantized_mul)
/* prepare sets output_offset 0 for s16 (zero points 0), so the shared loop adds nothing. */
OCTET_DEFINE_TCONV_INT(octet_ref_transpose_conv_s16, int16_t, int64_t, int64_t, OCTET_TCONV_ACC_S16,
                       OCTET_TCONV_ADD_I64, octet_mul_by_quantized_mul_i64)
OCTET_DEFINE_TCONV_INT(octet_ref_transpose_conv_s16_b32, int16_t, int64_t, int32_t,
                       OCTET_TCONV_ACC_S16, OCTET_TCONV_ADD_I64, octet_mul_by_quantized_mul_i64)

void octet_ref_transpose_conv_f32(const octet_conv_params* p, const octet_shape* input_shape,
                                  const float* input, const octet_shape* filter_shape,
                                  const float* filter, const float* bias,
                                  const octet_shape* output_shape, float* output) {
  const int64_t n = octet_shape_elements(output_shape);
  const int32_t out_c = output_shape->dims[3];
  int64_t i;
  for (i = 0; i < n; ++i) output[i] = 0.0f;
  OCTET_TCONV_SCATTER(p, input_shape, filter_shape, output_shape, input, filter,
                      OCTET_TCONV_ACC_F32);
  for (i = 0; i < n; ++i) {
    const float v = bias ? output[i] + bias[i % out_c] : output[i];
    output[i] = octet_nn_clamp_f32(v, p->float_act_min, p->float_act_max);
  }
}
