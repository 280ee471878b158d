/* octet_ref_nn.h - declarations of one family of octet's reference kernels; include
 * octet_kernels.h rather than this file.
 *
 * The "nn" family: convolution, transpose convolution, depthwise convolution, fully connected,
 * batch matmul, pooling, reductions (mean, sum, max, min), softmax, logistic, tanh and
 * hard-swish. Integer kernels are bit-exact with TensorFlow Lite Micro's
 * reference kernels (s8, s16) and TensorFlow Lite's legacy reference_ops (u8: per-tensor
 * asymmetric weights with a weight zero point, int32 bias). Params structs are filled by the C++
 * functions in src/kernels/prepare/; every kernel trusts them (no validation at run time).
 *
 * Shared conventions:
 *   - 4-D NHWC tensors read dims[0..3] of their octet_shape (N, H, W, C); filters are OHWI (conv),
 *     1HWC (depthwise), [out, in] (fully connected).
 *   - Padding is explicit: pad_top/pad_left as TFLite's ComputePaddingHeightWidth gives them; taps
 *     outside the input are skipped (the same as padding with the input zero point).
 *   - Per-channel arrays (output_multiplier, output_shift) have one entry per output channel; a
 *     per-tensor quantization repeats its single value.
 *   - act_min/act_max are the quantized clamp (fused activation intersected with the type range);
 *     float_act_min/float_act_max the float one. Float fields are only read by f32 kernels.
 *   - Optional bias pointers may be NULL.
 *   - Integer accumulation (bias plus the sum of products) wraps around modulo 2^32 (2^64 for
 *     16x8) when a model's values take it out of range: defined for any model, and the same in
 *     every optimized kernel (x86 and Cortex-M), as TFLite's compiled reference behaves.
 */
#ifndef OCTET_REF_NN_H_
#define OCTET_REF_NN_H_

#include "octet_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- CONV_2D ------------------------------------------------------------------------------ */

typedef struct {
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_top, pad_left;
  int32_t input_offset;   /* -input zero point (s16: 0) */
  int32_t weights_offset; /* -weight zero point: u8 only, s8/s16 weights are symmetric (0) */
  int32_t output_offset;  /* output zero point (s16: 0) */
  const int32_t* output_multiplier; /* [out_channels], Q31 */
  const int32_t* output_shift;      /* [out_channels], > 0 is a left shift */
  int32_t act_min, act_max;
  float float_act_min, float_act_max;
} octet_conv_params;

/* out[n, y, x, o] = clamp(requant(bias[o] + sum_{ky, kx, i} (w + weights_offset) *
 * (in + input_offset)) + output_offset). input NHWC, filter OHWI, output NHWC; filter I equals
 * input C (no groups). s8/u8 accumulate in int32 (bias int32); s16 accumulates in int64 with an
 * int64 bias and TFLite's 64-bit MultiplyByQuantizedMultiplier. */
void octet_ref_conv2d_s8(const octet_conv_params* p, const octet_shape* input_shape,
                         const int8_t* input, const octet_shape* filter_shape, const int8_t* filter,
                         const int32_t* bias, const octet_shape* output_shape, int8_t* output);
void octet_ref_conv2d_u8(const octet_conv_params* p, const octet_shape* input_shape,
                         const uint8_t* input, const octet_shape* filter_shape,
                         const uint8_t* filter, const int32_t* bias,
                         const octet_shape* output_shape, uint8_t* output);
void octet_ref_conv2d_s16(const octet_conv_params* p, const octet_shape* input_shape,
                          const int16_t* input, const octet_shape* filter_shape,
                          const int8_t* filter, const int64_t* bias,
                          const octet_shape* output_shape, int16_t* output);
/* 16x8 with an int32 bias (TFLM accepts either width). */
void octet_ref_conv2d_s16_b32(const octet_conv_params* p, const octet_shape* input_shape,
                              const int16_t* input, const octet_shape* filter_shape,
                              const int8_t* filter, const int32_t* bias,
                              const octet_shape* output_shape, int16_t* output);
/* Float: sum over ky, kx, i in that order, then + bias, then clamp (TFLite's order). */
void octet_ref_conv2d_f32(const octet_conv_params* p, const octet_shape* input_shape,
                          const float* input, const octet_shape* filter_shape, const float* filter,
                          const float* bias, const octet_shape* output_shape, float* output);

/* ---- DEPTHWISE_CONV_2D -------------------------------------------------------------------- */

typedef struct {
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_top, pad_left;
  int32_t depth_multiplier; /* output channel o = i * depth_multiplier + m */
  int32_t input_offset, weights_offset, output_offset;
  const int32_t* output_multiplier; /* [out_channels] */
  const int32_t* output_shift;      /* [out_channels] */
  int32_t act_min, act_max;
  float float_act_min, float_act_max;
} octet_depthwise_conv_params;

/* input NHWC, filter 1HWC (C = input C * depth_multiplier), output NHWC. Same arithmetic as
 * conv2d per output channel. */
void octet_ref_depthwise_conv2d_s8(const octet_depthwise_conv_params* p,
                                   const octet_shape* input_shape, const int8_t* input,
                                   const octet_shape* filter_shape, const int8_t* filter,
                                   const int32_t* bias, const octet_shape* output_shape,
                                   int8_t* output);
void octet_ref_depthwise_conv2d_u8(const octet_depthwise_conv_params* p,
                                   const octet_shape* input_shape, const uint8_t* input,
                                   const octet_shape* filter_shape, const uint8_t* filter,
                                   const int32_t* bias, const octet_shape* output_shape,
                                   uint8_t* output);
void octet_ref_depthwise_conv2d_s16(const octet_depthwise_conv_params* p,
                                    const octet_shape* input_shape, const int16_t* input,
                                    const octet_shape* filter_shape, const int8_t* filter,
                                    const int64_t* bias, const octet_shape* output_shape,
                                    int16_t* output);
void octet_ref_depthwise_conv2d_s16_b32(const octet_depthwise_conv_params* p,
                                        const octet_shape* input_shape, const int16_t* input,
                                        const octet_shape* filter_shape, const int8_t* filter,
                                        const int32_t* bias, const octet_shape* output_shape,
                                        int16_t* output);
void octet_ref_depthwise_conv2d_f32(const octet_depthwise_conv_params* p,
                                    const octet_shape* input_shape, const float* input,
                                    const octet_shape* filter_shape, const float* filter,
                                    const float* bias, const octet_shape* output_shape,
                                    float* output);

/* ---- FULLY_CONNECTED ---------------------------------------------------------------------- */

typedef struct {
  int32_t input_offset, weights_offset, output_offset;
  const int32_t* output_multiplier; /* [out_channels] */
  const int32_t* output_shift;      /* [out_channels] */
  int32_t act_min, act_max;
  float float_act_min, float_act_max;
} octet_fully_connected_params;

/* filter [out, in] (last two dims of filter_shape); output [..., out]: batches = elements(output)
 * / out; input is read as [batches, in] (TFLite's flattening). */
void octet_ref_fully_connected_s8(const octet_fully_connected_params* p, const int8_t* input,
                                  const octet_shape* filter_shape, const int8_t* filter,
                                  const int32_t* bias, const octet_shape* output_shape,
                                  int8_t* output);
void octet_ref_fully_connected_u8(const octet_fully_connected_params* p, const uint8_t* input,
                                  const octet_shape* filter_shape, const uint8_t* filter,
                                  const int32_t* bias, const octet_shape* output_shape,
                                  uint8_t* output);
/* int8 input and weights, int32 bias, int16 output (the gate matmuls of the integer LSTM). */
void octet_ref_fully_connected_s8_s16(const octet_fully_connected_params* p, const int8_t* input,
                                      const octet_shape* filter_shape, const int8_t* filter,
                                      const int32_t* bias, const octet_shape* output_shape,
                                      int16_t* output);
/* 16x8: int64 accumulator and bias, no input/output offsets (zero points are 0). */
void octet_ref_fully_connected_s16(const octet_fully_connected_params* p, const int16_t* input,
                                   const octet_shape* filter_shape, const int8_t* filter,
                                   const int64_t* bias, const octet_shape* output_shape,
                                   int16_t* output);
void octet_ref_fully_connected_s16_b32(const octet_fully_connected_params* p, const int16_t* input,
                                       const octet_shape* filter_shape, const int8_t* filter,
                                       const int32_t* bias, const octet_shape* output_shape,
                                       int16_t* output);
void octet_ref_fully_connected_f32(const octet_fully_connected_params* p, const float* input,
                                   const octet_shape* filter_shape, const float* filter,
                                   const float* bias, const octet_shape* output_shape,
                                   float* output);

/* ---- TRANSPOSE_CONV ----------------------------------------------------------------------- */

/* TFLite's scatter form: input pixel (y, x) adds in * w[o, fy, fx, i] to output
 * (y * stride_h - pad_top + fy, x * stride_w - pad_left + fx, o) when that lies inside the output,
 * then each output gets its bias, requantization (per channel) and clamp. The pads are
 * ComputePaddingHeightWidth of the output size (prepare_transpose_conv). Params are the conv ones
 * (dilation and weights_offset unused). input NHWC, filter OHWI, output NHWC. s8 accumulates in
 * scratch (one int32 per output element, wrapping modulo 2^32); s16 in one int64 per output
 * element with an int64 bias (int32: the _b32 form, as TFLM takes either) and no zero points. */
void octet_ref_transpose_conv_s8(const octet_conv_params* p, const octet_shape* input_shape,
                                 const int8_t* input, const octet_shape* filter_shape,
                                 const int8_t* filter, const int32_t* bias,
                                 const octet_shape* output_shape, int8_t* output, int32_t* scratch);
void octet_ref_transpose_conv_s16(const octet_conv_params* p, const octet_shape* input_shape,
                                  const int16_t* input, const octet_shape* filter_shape,
                                  const int8_t* filter, const int64_t* bias,
                                  const octet_shape* output_shape, int16_t* output,
                                  int64_t* scratch);
void octet_ref_transpose_conv_s16_b32(const octet_conv_params* p, const octet_shape* input_shape,
                                      const int16_t* input, const octet_shape* filter_shape,
                                      const int8_t* filter, const int32_t* bias,
                                      const octet_shape* output_shape, int16_t* output,
                                      int64_t* scratch);
/* Float: accumulates into output in the same order, then + bias and the fused activation. */
void octet_ref_transpose_conv_f32(const octet_conv_params* p, const octet_shape* input_shape,
                                  const float* input, const octet_shape* filter_shape,
                                  const float* filter, const float* bias,
                                  const octet_shape* output_shape, float* output);

/* ---- BATCH_MATMUL ------------------------------------------------------------------------- */

typedef struct {
  /* out[b, i, j] = requant(sum_k (lhs[b', i, k] + lhs_offset) * (rhs[b'', k, j] + rhs_offset)),
   * lhs read transposed when adj_x ([.., depth, rows] in memory), rhs when adj_y ([.., cols,
   * depth]). Offsets are the negated zero points (0 for s16). */
  int32_t lhs_offset, rhs_offset, output_offset;
  int32_t output_multiplier, output_shift; /* one per tensor: TFLite's float-product multiplier */
  int32_t act_min, act_max;                /* the output type's range (no fused activation) */
  int32_t adj_x, adj_y;
  int32_t rows, cols, depth;
  /* Output batch dimensions (TFLM's shapes extended to 5-D: three batch dimensions) and each
   * operand's element stride per batch dimension, 0 where it is broadcast. */
  int32_t batch[3];
  int64_t lhs_batch_stride[3], rhs_batch_stride[3];
} octet_batch_matmul_params;

/* s8: int32 sums wrapping modulo 2^32; s16: int64 sums and the 64-bit requantization. */
void octet_ref_batch_matmul_s8(const octet_batch_matmul_params* p, const int8_t* lhs,
                               const int8_t* rhs, int8_t* out);
void octet_ref_batch_matmul_s16(const octet_batch_matmul_params* p, const int16_t* lhs,
                                const int16_t* rhs, int16_t* out);
/* Float: sums over k in order, no bias, no clamp. */
void octet_ref_batch_matmul_f32(const octet_batch_matmul_params* p, const float* lhs,
                                const float* rhs, float* out);

/* ---- AVERAGE_POOL_2D / MAX_POOL_2D -------------------------------------------------------- */

typedef struct {
  int32_t stride_h, stride_w;
  int32_t filter_h, filter_w;
  int32_t pad_top, pad_left;
  int32_t act_min, act_max; /* input and output share scale and zero point */
  float float_act_min, float_act_max;
} octet_pool_params;

/* The window of output (oy, ox) clipped to the input: taps [ky0, ky1) x [kx0, kx1) of the filter,
 * whose tap (0, 0) is input (y0, x0). Shared with the optimized kernels so they clip the same way.
 */
typedef struct {
  int32_t y0, x0, ky0, ky1, kx0, kx1;
} octet_pool_window;

static inline octet_pool_window octet_pool_window_at(const octet_pool_params* p, int32_t in_h,
                                                     int32_t in_w, int32_t oy, int32_t ox) {
  octet_pool_window win;
  win.y0 = oy * p->stride_h - p->pad_top;
  win.x0 = ox * p->stride_w - p->pad_left;
  win.ky0 = octet_max_i32(0, -win.y0);
  win.ky1 = octet_min_i32(p->filter_h, in_h - win.y0);
  win.kx0 = octet_max_i32(0, -win.x0);
  win.kx1 = octet_min_i32(p->filter_w, in_w - win.x0);
  return win;
}

/* Average over the in-bounds taps only; integer: sum of raw values divided by the tap count,
 * rounding half away from zero. Returns 0, or -1 when some window has no in-bounds tap (TFLite
 * fails then; the outputs before that window are written). */
int octet_ref_avg_pool2d_s8(const octet_pool_params* p, const octet_shape* input_shape,
                            const int8_t* input, const octet_shape* output_shape, int8_t* output);
int octet_ref_avg_pool2d_u8(const octet_pool_params* p, const octet_shape* input_shape,
                            const uint8_t* input, const octet_shape* output_shape, uint8_t* output);
int octet_ref_avg_pool2d_s16(const octet_pool_params* p, const octet_shape* input_shape,
                             const int16_t* input, const octet_shape* output_shape,
                             int16_t* output);
int octet_ref_avg_pool2d_f32(const octet_pool_params* p, const octet_shape* input_shape,
                             const float* input, const octet_shape* output_shape, float* output);
void octet_ref_max_pool2d_s8(const octet_pool_params* p, const octet_shape* input_shape,
                             const int8_t* input, const octet_shape* output_shape, int8_t* output);
void octet_ref_max_pool2d_u8(const octet_pool_params* p, const octet_shape* input_shape,
                             const uint8_t* input, const octet_shape* output_shape,
                             uint8_t* output);
void octet_ref_max_pool2d_s16(const octet_pool_params* p, const octet_shape* input_shape,
                              const int16_t* input, const octet_shape* output_shape,
                              int16_t* output);
void octet_ref_max_pool2d_f32(const octet_pool_params* p, const octet_shape* input_shape,
                              const float* input, const octet_shape* output_shape, float* output);

/* ---- MEAN, SUM, REDUCE_MAX, REDUCE_MIN ---------------------------------------------------- */

typedef struct {
  int32_t num_axes;
  int32_t axes[OCTET_MAX_RANK]; /* resolved: unique, in [0, input rank) */
  /* SUM: the float kernel does not divide, and prepare_sum leaves 1 / count out of the
   * multiplier (same_quantization 0), so the integer kernels requantize the plain sum. */
  int32_t sum;
  /* Integer paths. same_quantization != 0: input and output share scale and zero point, and the
   * result is the plain integer mean sum / count truncated toward zero (TFLM's reference Mean).
   * Otherwise out = clamp(MBQM(sum - input_zero_point * count, multiplier, shift) +
   * output_zero_point), the 1 / count already folded into multiplier/shift. */
  int32_t same_quantization;
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift;
  int64_t count; /* number of input elements reduced into each output */
} octet_mean_params;

/* Bytes of scratch the integer MEAN kernels need (one int32 per output element); f32 needs none. */
size_t octet_ref_mean_scratch_size(const octet_shape* output_shape);

/* Reduces input over p->axes. The output holds the kept dimensions in order (keep_dims only
 * changes the output's shape, not its layout); output_shape gives its element count. */
void octet_ref_mean_s8(const octet_mean_params* p, const octet_shape* input_shape,
                       const int8_t* input, const octet_shape* output_shape, int8_t* output,
                       int32_t* scratch);
void octet_ref_mean_u8(const octet_mean_params* p, const octet_shape* input_shape,
                       const uint8_t* input, const octet_shape* output_shape, uint8_t* output,
                       int32_t* scratch);
void octet_ref_mean_s16(const octet_mean_params* p, const octet_shape* input_shape,
                        const int16_t* input, const octet_shape* output_shape, int16_t* output,
                        int32_t* scratch);
/* Float: sums in input order into output, then divides by the count (not for SUM). */
void octet_ref_mean_f32(const octet_mean_params* p, const octet_shape* input_shape,
                        const float* input, const octet_shape* output_shape, float* output);

/* REDUCE_MAX / REDUCE_MIN over p->axes (only num_axes and axes are read): TFLite's ReduceGeneric,
 * every output starting at the type's lowest (max) or highest (min) value, so an empty reduction
 * gives that value. Input and output share their quantization. */
void octet_ref_reduce_max_s8(const octet_mean_params* p, const octet_shape* input_shape,
                             const int8_t* input, const octet_shape* output_shape, int8_t* output);
void octet_ref_reduce_min_s8(const octet_mean_params* p, const octet_shape* input_shape,
                             const int8_t* input, const octet_shape* output_shape, int8_t* output);
void octet_ref_reduce_max_u8(const octet_mean_params* p, const octet_shape* input_shape,
                             const uint8_t* input, const octet_shape* output_shape,
                             uint8_t* output);
void octet_ref_reduce_min_u8(const octet_mean_params* p, const octet_shape* input_shape,
                             const uint8_t* input, const octet_shape* output_shape,
                             uint8_t* output);
void octet_ref_reduce_max_s16(const octet_mean_params* p, const octet_shape* input_shape,
                              const int16_t* input, const octet_shape* output_shape,
                              int16_t* output);
void octet_ref_reduce_min_s16(const octet_mean_params* p, const octet_shape* input_shape,
                              const int16_t* input, const octet_shape* output_shape,
                              int16_t* output);
/* Float: starts at -FLT_MAX / FLT_MAX (TFLite's lowest() / max()); a NaN input is never taken. */
void octet_ref_reduce_max_f32(const octet_mean_params* p, const octet_shape* input_shape,
                              const float* input, const octet_shape* output_shape, float* output);
void octet_ref_reduce_min_f32(const octet_mean_params* p, const octet_shape* input_shape,
                              const float* input, const octet_shape* output_shape, float* output);

/* ---- SOFTMAX ------------------------------------------------------------------------------ */

#define OCTET_SOFTMAX_S16_LUT_SIZE 513

typedef struct {
  /* s8, u8: beta * input_scale as a Q31 multiplier with a left shift (PreprocessSoftmaxScaling,
   * 5 integer bits) and the smallest input difference that still contributes (diff_min < 0).
   * s16: input_scale * beta / (10 / 65535) as MultiplyByQuantizedMultiplier's multiplier/shift. */
  int32_t input_multiplier;
  int32_t input_left_shift;
  int32_t diff_min;
  /* s16 only: exp on [-10, 0] and 1 / (1 + x) on [0, 1], each OCTET_SOFTMAX_S16_LUT_SIZE
   * entries (generated at prepare). */
  const int16_t* exp_lut;
  const int16_t* one_over_one_plus_x_lut;
  float beta; /* f32 only */
} octet_softmax_params;

/* Softmax over the last dimension. s8 -> s8: output scale 1/256, zero point -128; s8 -> s16:
 * scale 1/65536, zero point -32768; u8 -> u8: scale 1/256, zero point 0; s16 -> s16: input zero
 * point 0, output scale 1/32768, zero point 0. */
void octet_ref_softmax_s8(const octet_softmax_params* p, const octet_shape* shape,
                          const int8_t* input, int8_t* output);
void octet_ref_softmax_s8_s16(const octet_softmax_params* p, const octet_shape* shape,
                              const int8_t* input, int16_t* output);
void octet_ref_softmax_u8(const octet_softmax_params* p, const octet_shape* shape,
                          const uint8_t* input, uint8_t* output);
void octet_ref_softmax_s16(const octet_softmax_params* p, const octet_shape* shape,
                           const int16_t* input, int16_t* output);
void octet_ref_softmax_f32(const octet_softmax_params* p, const octet_shape* shape,
                           const float* input, float* output);

/* ---- LOGISTIC / TANH ---------------------------------------------------------------------- */

typedef struct {
  int32_t input_zero_point;
  int32_t input_range_radius; /* |in - zp| >= radius saturates the output */
  /* s8, u8: input_scale * 2^27 (Q4 input) as a Q31 multiplier with this left shift. s16: TFLite's
   * int16 lookup-table scaling, x * input_multiplier / 2^input_left_shift rounded, where a
   * multiplier of 0 means the power-of-two case 3 << input_left_shift (3/4 of the input in Q3.12
   * steps of 2^-9 for LOGISTIC, 2^-8 for TANH). s16 ignores input_zero_point and the radius. */
  int32_t input_multiplier;
  int32_t input_left_shift;
} octet_sigmoid_params;

/* LOGISTIC: s8 output scale 1/256 zero point -128; u8 output scale 1/256 zero point 0. */
void octet_ref_logistic_s8(const octet_sigmoid_params* p, const octet_shape* shape,
                           const int8_t* input, int8_t* output);
void octet_ref_logistic_u8(const octet_sigmoid_params* p, const octet_shape* shape,
                           const uint8_t* input, uint8_t* output);
void octet_ref_logistic_f32(const octet_shape* shape, const float* input, float* output);
/* s16: table interpolation (see input_multiplier), output scale 1/32768 zero point 0, in
 * [0, 32767]. Also the gate activation of the integer LSTM. */
void octet_ref_logistic_s16(const octet_sigmoid_params* p, const octet_shape* shape,
                            const int16_t* input, int16_t* output);
/* TANH: s8 output scale 1/128 zero point 0; u8 output scale 1/128 zero point 128. */
void octet_ref_tanh_s8(const octet_sigmoid_params* p, const octet_shape* shape, const int8_t* input,
                       int8_t* output);
void octet_ref_tanh_u8(const octet_sigmoid_params* p, const octet_shape* shape,
                       const uint8_t* input, uint8_t* output);
void octet_ref_tanh_f32(const octet_shape* shape, const float* input, float* output);
/* s16: table interpolation, output scale 1/32768 zero point 0. */
void octet_ref_tanh_s16(const octet_sigmoid_params* p, const octet_shape* shape,
                        const int16_t* input, int16_t* output);

/* ---- HARD_SWISH --------------------------------------------------------------------------- */

typedef struct {
  int32_t input_zero_point, output_zero_point;
  int16_t reluish_multiplier_fixedpoint_int16; /* (input_scale / 128) / (3 / 32768), Q15 */
  int32_t reluish_multiplier_exponent;
  int16_t output_multiplier_fixedpoint_int16; /* (input_scale / 128) / output_scale, Q15 */
  int32_t output_multiplier_exponent;         /* <= 0 */
} octet_hard_swish_params;

/* x * relu6(x + 3) / 6 with TFLite's saturating int16 fixed-point arithmetic. */
void octet_ref_hard_swish_s8(const octet_hard_swish_params* p, const octet_shape* shape,
                             const int8_t* input, int8_t* output);
void octet_ref_hard_swish_u8(const octet_hard_swish_params* p, const octet_shape* shape,
                             const uint8_t* input, uint8_t* output);
void octet_ref_hard_swish_f32(const octet_shape* shape, const float* input, float* output);

/* ---- LOG_SOFTMAX (over the last dimension) ---------------------------------------------------
 * int8 (TFLM): output scale 16/256, zero point 127. Per row: the exps of the differences from the
 * row maximum (those at or above diff_min) in Q5.26, summed in Q12.19, the log of the sum in
 * Q5.26 by TFLite's fixed-point log; each output is (difference - log sum) in Q4 around 127,
 * -128 where the difference is at or below the log sum mapped back to input units. */
typedef struct {
  int32_t input_multiplier;            /* input_scale in Q5.26 as a multiplier ... */
  int32_t input_left_shift;            /* ... with this left shift (>= 0) */
  int32_t reverse_scaling_divisor;     /* the inverse of that multiplier (Q31) ... */
  int32_t reverse_scaling_right_shift; /* ... with this right shift (>= 0) */
  int32_t diff_min;                    /* -CalculateInputRadius(5, input_left_shift) */
} octet_log_softmax_params;

void octet_ref_log_softmax_s8(const octet_log_softmax_params* p, const octet_shape* shape,
                              const int8_t* input, int8_t* output);
void octet_ref_log_softmax_f32(const octet_shape* shape, const float* input, float* output);

/* ---- L2_NORMALIZATION (over the last dimension) ----------------------------------------------
 * int8 (TFLM): output scale 1/128, zero point 0. Per row the sum of (q - zero point)^2, its
 * inverse square root as a multiplier (TFLite's GetInvSqrtQuantizedMultiplierExp), each value
 * times it with 7 more bits, clamped. Float: x / max(sqrt(sum x^2), 1e-6). */
typedef struct {
  int32_t input_zero_point;
} octet_l2_normalization_params;

void octet_ref_l2_normalization_s8(const octet_l2_normalization_params* p, const octet_shape* shape,
                                   const int8_t* input, int8_t* output);
void octet_ref_l2_normalization_f32(const octet_shape* shape, const float* input, float* output);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
