/* nn_conv.c - CONV_2D reference kernels (see octet_ref_nn.h for the contract). */
#include "nn_internal.h"
#include "octet_kernels.h"

/* The accumulator is unsigned (UACC_T) so that a sum that leaves the signed range wraps around
 * modulo 2^32 (2^64) instead of being undefined: a hostile model's bias near INT32_MIN gives the
 * same bytes here, in the x86 kernels (vpaddd, vpdpbusd) and in the Cortex-M DSP kernels. The
 * conversion back to signed is two's complement on every compiler octet supports.
 * s8 and u8 accumulate in int32 and requantize with the 32-bit MultiplyByQuantizedMultiplier;
 * 16x8 accumulates in int64 and uses the 64-bit one (TFLite's ConvPerChannel<int64_t>). The loop
 * is written once and instantiated per type. Integer sums do not depend on the order of the taps,
 * so the loop order is free; the float kernel below keeps TFLite's order. */
#define OCTET_DEFINE_CONV_INT(NAME, IN_T, W_T, BIAS_T, ACC_T, UACC_T, REQUANT)             \
  void NAME(const octet_conv_params* p, const octet_shape* input_shape, const IN_T* input, \
            const octet_shape* filter_shape, const W_T* filter, const BIAS_T* bias,        \
            const octet_shape* output_shape, IN_T* output) {                               \
    const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];             \
    const int32_t in_w = input_shape->dims[2], in_c = input_shape->dims[3];                \
    const int32_t f_h = filter_shape->dims[1], f_w = filter_shape->dims[2];                \
    const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];            \
    const int32_t out_c = output_shape->dims[3];                                           \
    int32_t b, oy, ox, oc, ky, kx, ic;                                                     \
    for (b = 0; b < batches; ++b) {                                                        \
      for (oy = 0; oy < out_h; ++oy) {                                                     \
        const int32_t y0 = oy * p->stride_h - p->pad_top;                                  \
        for (ox = 0; ox < out_w; ++ox) {                                                   \
          const int32_t x0 = ox * p->stride_w - p->pad_left;                               \
          for (oc = 0; oc < out_c; ++oc) {                                                 \
            UACC_T acc = 0;                                                                \
            int32_t v;                                                                     \
            for (ky = 0; ky < f_h; ++ky) {                                                 \
              const int32_t iy = y0 + p->dilation_h * ky;                                  \
              if (iy < 0 || iy >= in_h) continue;                                          \
              for (kx = 0; kx < f_w; ++kx) {                                               \
                const int32_t ix = x0 + p->dilation_w * kx;                                \
                const IN_T* in_px;                                                         \
                const W_T* w_px;                                                           \
                if (ix < 0 || ix >= in_w) continue;                                        \
                in_px = input + octet_nn_offset4(in_h, in_w, in_c, b, iy, ix, 0);          \
                w_px = filter + octet_nn_offset4(f_h, f_w, in_c, oc, ky, kx, 0);           \
                for (ic = 0; ic < in_c; ++ic) {                                            \
                  acc += (UACC_T)((ACC_T)(w_px[ic] + p->weights_offset) *                  \
                                  (in_px[ic] + p->input_offset));                          \
                }                                                                          \
              }                                                                            \
            }                                                                              \
            if (bias) acc += (UACC_T)bias[oc];                                             \
            v = REQUANT((ACC_T)acc, p->output_multiplier[oc], p->output_shift[oc]) +       \
                p->output_offset;                                                          \
            output[octet_nn_offset4(out_h, out_w, out_c, b, oy, ox, oc)] =                 \
                (IN_T)octet_clamp_i32(v, p->act_min, p->act_max);                          \
          }                                                                                \
        }                                                                                  \
      }                                                                                    \
    }                                                                                      \
  }

OCTET_DEFINE_CONV_INT(octet_ref_conv2d_s8, int8_t, int8_t, int32_t, int32_t, uint32_t,
                      octet_mul_by_quantized_mul)
OCTET_DEFINE_CONV_INT(octet_ref_conv2d_u8, uint8_t, uint8_t, int32_t, int32_t, uint32_t,
                      octet_mul_by_quantized_mul)
OCTET_DEFINE_CONV_INT(octet_ref_conv2d_s16, int16_t, int8_t, int64_t, int64_t, uint64_t,
                      octet_mul_by_quantized_mul_i64)
OCTET_DEFINE_CONV_INT(octet_ref_conv2d_s16_b32, int16_t, int8_t, int32_t, int64_t, uint64_t,
                      octet_mul_by_quantized_mul_i64)

void octet_ref_conv2d_f32(const octet_conv_params* p, const octet_shape* input_shape,
                          const float* input, const octet_shape* filter_shape, const float* filter,
                          const float* bias, const octet_shape* output_shape, float* output) {
  const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];
  const int32_t in_w = input_shape->dims[2], in_c = input_shape->dims[3];
  const int32_t f_h = filter_shape->dims[1], f_w = filter_shape->dims[2];
  const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];
  const int32_t out_c = output_shape->dims[3];
  int32_t b, oy, ox, oc, ky, kx, ic;
  for (b = 0; b < batches; ++b) {
    for (oy = 0; oy < out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (ox = 0; ox < out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (oc = 0; oc < out_c; ++oc) {
          float total = 0.0f;
          for (ky = 0; ky < f_h; ++ky) {
            const int32_t iy = y0 + p->dilation_h * ky;
            if (iy < 0 || iy >= in_h) continue;
            for (kx = 0; kx < f_w; ++kx) {
              const int32_t ix = x0 + p->dilation_w * kx;
              const float* in_px;
              const float* w_px;
              if (ix < 0 || ix >= in_w) continue;
              in_px = input + octet_nn_offset4(in_h, in_w, in_c, b, iy, ix, 0);
              w_px = filter + octet_nn_offset4(f_h, f_w, in_c, oc, ky, kx, 0);
              for (ic = 0; ic < in_c; ++ic) total += in_px[ic] * w_px[ic];
            }
          }
          output[octet_nn_offset4(out_h, out_w, out_c, b, oy, ox, oc)] = octet_nn_clamp_f32(
              total + (bias ? bias[oc] : 0.0f), p->float_act_min, p->float_act_max);
        }
      }
    }
  }
}
