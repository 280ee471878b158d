/* nn_reduce.c - MEAN, SUM, REDUCE_MAX and REDUCE_MIN reference kernels (see octet_ref_nn.h).
 *
 * TFLM (reduce_common.cc) has two integer results. The generic reference Mean: an int32 sum of
 * the raw values divided by the count with C's truncating division, used when input and output
 * share scale and zero point. Otherwise (and always for the 4-D {1, 2}-axes keep_dims case, see
 * prepare/mean.cc) the QuantizedMeanOrSum arithmetic: the input zero point removed from the sum,
 * which is requantized by input_scale / output_scale with 1 / count folded into the multiplier
 * (prepare does the folding), plus the output zero point, clamped. SUM is that arithmetic without
 * the 1 / count (prepare_sum). REDUCE_MAX / REDUCE_MIN keep the largest / smallest raw value.
 */
#include <float.h>

#include "nn_internal.h"
#include "octet_kernels.h"

size_t octet_ref_mean_scratch_size(const octet_shape* output_shape) {
  return (size_t)octet_shape_elements(output_shape) * sizeof(int32_t);
}

/* Walks the input in row-major order and calls back with the index of the output element each
 * input element reduces into. Kept axes keep their order, so that index is the row-major index
 * over the kept dimensions alone. */
typedef struct {
  int32_t rank;
  int32_t dims[OCTET_MAX_RANK];
  int32_t out_stride[OCTET_MAX_RANK]; /* 0 on reduced axes */
} octet_mean_walk;

static void octet_mean_walk_init(octet_mean_walk* w, const octet_mean_params* p,
                                 const octet_shape* input_shape) {
  int32_t reduced[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int32_t i, stride = 1;
  w->rank = input_shape->rank;
  for (i = 0; i < p->num_axes; ++i) reduced[p->axes[i]] = 1;
  for (i = w->rank - 1; i >= 0; --i) {
    w->dims[i] = input_shape->dims[i];
    w->out_stride[i] = reduced[i] ? 0 : stride;
    if (!reduced[i]) stride *= input_shape->dims[i];
  }
}

/* Fills out_index[k] for every input element k, one at a time, through an odometer. */
#define OCTET_MEAN_FOR_EACH(w, total, k, out_idx, BODY) \
  do {                                                  \
    int32_t idx_[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};  \
    int64_t k;                                          \
    int32_t out_idx = 0;                                \
    for (k = 0; k < (total); ++k) {                     \
      int32_t d_;                                       \
      BODY;                                             \
      for (d_ = (w).rank - 1; d_ >= 0; --d_) {          \
        out_idx += (w).out_stride[d_];                  \
        if (++idx_[d_] < (w).dims[d_]) break;           \
        out_idx -= (w).out_stride[d_] * (w).dims[d_];   \
        idx_[d_] = 0;                                   \
      }                                                 \
    }                                                   \
  } while (0)

#define OCTET_DEFINE_MEAN_INT(NAME, T, TMIN, TMAX)                                                \
  void NAME(const octet_mean_params* p, const octet_shape* input_shape, const T* input,           \
            const octet_shape* output_shape, T* output, int32_t* scratch) {                       \
    const int64_t n_out = octet_shape_elements(output_shape);                                     \
    const int64_t n_in = octet_shape_elements(input_shape);                                       \
    octet_mean_walk w;                                                                            \
    int64_t i;                                                                                    \
    for (i = 0; i < n_out; ++i) scratch[i] = 0;                                                   \
    if (n_in == 0) {                                                                              \
      for (i = 0; i < n_out; ++i) output[i] = 0;                                                  \
      return;                                                                                     \
    }                                                                                             \
    octet_mean_walk_init(&w, p, input_shape);                                                     \
    /* TFLite lets the int32 sum wrap (AddTensorValuesWithExpectedOverflow). */                   \
    OCTET_MEAN_FOR_EACH(w, n_in, k, o,                                                            \
                        scratch[o] = octet_wrap_add(scratch[o], (int32_t)input[k]));              \
    for (i = 0; i < n_out; ++i) {                                                                 \
      int32_t v;                                                                                  \
      if (p->same_quantization) {                                                                 \
        v = (int32_t)(scratch[i] / (int32_t)p->count);                                            \
        output[i] = (T)v; /* TFLM casts without clamping; the mean of T values fits T */          \
      } else {                                                                                    \
        const int32_t centered =                                                                  \
            (int32_t)((int64_t)scratch[i] - (int64_t)p->input_zero_point * p->count);             \
        v = octet_mul_by_quantized_mul(centered, p->multiplier, p->shift) + p->output_zero_point; \
        output[i] = (T)octet_clamp_i32(v, TMIN, TMAX);                                            \
      }                                                                                           \
    }                                                                                             \
  }

OCTET_DEFINE_MEAN_INT(octet_ref_mean_s8, int8_t, INT8_MIN, INT8_MAX)
OCTET_DEFINE_MEAN_INT(octet_ref_mean_u8, uint8_t, 0, UINT8_MAX)
OCTET_DEFINE_MEAN_INT(octet_ref_mean_s16, int16_t, INT16_MIN, INT16_MAX)

void octet_ref_mean_f32(const octet_mean_params* p, const octet_shape* input_shape,
                        const float* input, const octet_shape* output_shape, float* output) {
  const int64_t n_out = octet_shape_elements(output_shape);
  const int64_t n_in = octet_shape_elements(input_shape);
  octet_mean_walk w;
  int64_t i;
  for (i = 0; i < n_out; ++i) output[i] = 0.0f;
  if (n_in == 0) return;
  octet_mean_walk_init(&w, p, input_shape);
  OCTET_MEAN_FOR_EACH(w, n_in, k, o, output[o] += input[k]);
  if (p->sum) return;
  for (i = 0; i < n_out; ++i) output[i] = output[i] / (float)p->count;
}

/* The reducer keeps the current value unless the input is strictly better (TFLite's lambdas), so
 * a NaN never replaces it. */
#define OCTET_DEFINE_REDUCE_EXTREME(NAME, T, INIT, BETTER)                                   \
  void NAME(const octet_mean_params* p, const octet_shape* input_shape, const T* input,      \
            const octet_shape* output_shape, T* output) {                                    \
    const int64_t n_out = octet_shape_elements(output_shape);                                \
    const int64_t n_in = octet_shape_elements(input_shape);                                  \
    octet_mean_walk w;                                                                       \
    int64_t i;                                                                               \
    for (i = 0; i < n_out; ++i) output[i] = (INIT);                                          \
    if (n_in == 0) return;                                                                   \
    octet_mean_walk_init(&w, p, input_shape);                                                \
    OCTET_MEAN_FOR_EACH(w, n_in, k, o, if (input[k] BETTER output[o]) output[o] = input[k]); \
  }

OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_max_s8, int8_t, INT8_MIN, >)
OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_min_s8, int8_t, INT8_MAX, <)
OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_max_u8, uint8_t, 0, >)
OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_min_u8, uint8_t, UINT8_MAX, <)
OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_max_s16, int16_t, INT16_MIN, >)
OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_min_s16, int16_t, INT16_MAX, <)
OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_max_f32, float, -FLT_MAX, >)
OCTET_DEFINE_REDUCE_EXTREME(octet_ref_reduce_min_f32, float, FLT_MAX, <)
