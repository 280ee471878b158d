/* nn_fully_connected.c - FULLY_CONNECTED reference kernels (see octet_ref_nn.h). */
#include "nn_internal.h"
#include "octet_kernels.h"

/* Accumulation wraps around as in nn_conv.c (an unsigned accumulator: defined for any model).
 * Shared loop: input [batches, depth], filter [out, depth], output [batches, out]. */
#define OCTET_DEFINE_FC_INT(NAME, IN_T, W_T, BIAS_T, ACC_T, UACC_T, OUT_T, REQUANT)               \
  void NAME(const octet_fully_connected_params* p, const IN_T* input,                             \
            const octet_shape* filter_shape, const W_T* filter, const BIAS_T* bias,               \
            const octet_shape* output_shape, OUT_T* output) {                                     \
    const int32_t depth = filter_shape->dims[filter_shape->rank - 1];                             \
    const int32_t out_c = output_shape->dims[output_shape->rank - 1];                             \
    const int32_t batches = octet_nn_rows(output_shape);                                          \
    int32_t b, o, d;                                                                              \
    for (b = 0; b < batches; ++b) {                                                               \
      const IN_T* in_row = input + b * depth;                                                     \
      for (o = 0; o < out_c; ++o) {                                                               \
        const W_T* w_row = filter + o * depth;                                                    \
        UACC_T acc = 0;                                                                           \
        int32_t v;                                                                                \
        for (d = 0; d < depth; ++d) {                                                             \
          acc += (UACC_T)((ACC_T)(w_row[d] + p->weights_offset) * (in_row[d] + p->input_offset)); \
        }                                                                                         \
        if (bias) acc += (UACC_T)bias[o];                                                         \
        v = REQUANT((ACC_T)acc, p->output_multiplier[o], p->output_shift[o]) + p->output_offset;  \
        output[b * out_c + o] = (OUT_T)octet_clamp_i32(v, p->act_min, p->act_max);                \
      }                                                                                           \
    }                                                                                             \
  }

OCTET_DEFINE_FC_INT(octet_ref_fully_connected_s8, int8_t, int8_t, int32_t, int32_t, uint32_t,
                    int8_t, octet_mul_by_quantized_mul)
OCTET_DEFINE_FC_INT(octet_ref_fully_connected_u8, uint8_t, uint8_t, int32_t, int32_t, uint32_t,
                    uint8_t, octet_mul_by_quantized_mul)
/* int8 in, int16 out (the integer LSTM's gate and hidden-state products). */
OCTET_DEFINE_FC_INT(octet_ref_fully_connected_s8_s16, int8_t, int8_t, int32_t, int32_t, uint32_t,
                    int16_t, octet_mul_by_quantized_mul)
/* TFLite's 16x8 kernel has no input/output offset; prepare sets both to 0 so the shared loop
 * computes the same thing. */
OCTET_DEFINE_FC_INT(octet_ref_fully_connected_s16, int16_t, int8_t, int64_t, int64_t, uint64_t,
                    int16_t, octet_mul_by_quantized_mul_i64)
OCTET_DEFINE_FC_INT(octet_ref_fully_connected_s16_b32, int16_t, int8_t, int32_t, int64_t, uint64_t,
                    int16_t, octet_mul_by_quantized_mul_i64)

void octet_ref_fully_connected_f32(const octet_fully_connected_params* p, const float* input,
                                   const octet_shape* filter_shape, const float* filter,
                                   const float* bias, const octet_shape* output_shape,
                                   float* output) {
  const int32_t depth = filter_shape->dims[filter_shape->rank - 1];
  const int32_t out_c = output_shape->dims[output_shape->rank - 1];
  const int32_t batches = octet_nn_rows(output_shape);
  int32_t b, o, d;
  for (b = 0; b < batches; ++b) {
    for (o = 0; o < out_c; ++o) {
      float total = 0.0f;
      for (d = 0; d < depth; ++d) total += input[b * depth + d] * filter[o * depth + d];
      output[b * out_c + o] =
          octet_nn_clamp_f32(total + (bias ? bias[o] : 0.0f), p->float_act_min, p->float_act_max);
    }
  }
}
