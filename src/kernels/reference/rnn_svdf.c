/* rnn_svdf.c - SVDF reference kernels (see octet_ref_recurrent.h), in the order of TFLM's
 * EvalIntegerSvdfReference / EvalFloatSvdfReference: shift the state, write the newest column,
 * time dot products, bias + rank reduction, output. */
#include <string.h>

#include "nn_internal.h"
#include "octet_kernels.h"

static int32_t svdf_units(const octet_svdf_params* p) { return p->num_filters / p->rank; }

size_t octet_ref_svdf_scratch_bytes(const octet_svdf_params* p, int is_float) {
  const size_t filters = (size_t)p->batch * (size_t)p->num_filters;
  if (is_float) return filters * sizeof(float);
  return (filters + (size_t)p->batch * (size_t)svdf_units(p)) * sizeof(int32_t);
}

/* int32 two's-complement multiply-add (the sums of a valid model never wrap). */
static int32_t svdf_mac(int32_t acc, int32_t a, int32_t b) {
  return octet_wrap_add(acc, (int32_t)((uint32_t)a * (uint32_t)b));
}

#define OCTET_DEFINE_SVDF_INT(NAME, STATE_T, STATE_MIN, STATE_MAX)                               \
  void NAME(const octet_svdf_params* p, const int8_t* input, const int8_t* weights_feature,      \
            const STATE_T* weights_time, const int32_t* bias, STATE_T* state, int8_t* output,    \
            int32_t* scratch) {                                                                  \
    const int32_t n_filter = p->num_filters, n_memory = p->memory_size, n_unit = svdf_units(p);  \
    const int64_t state_size = (int64_t)p->batch * n_filter * n_memory;                          \
    int32_t* filter_sums = scratch;                              /* [batch, n_filter] */         \
    int32_t* unit_sums = scratch + (int64_t)p->batch * n_filter; /* [batch, n_unit] */           \
    int32_t b, f, u, k;                                                                          \
    if (state_size > 1) memmove(state, state + 1, (size_t)(state_size - 1) * sizeof(STATE_T));   \
    for (b = 0; b < p->batch; ++b) {                                                             \
      const int8_t* x = input + (int64_t)b * p->input_size;                                      \
      for (f = 0; f < n_filter; ++f) {                                                           \
        const int8_t* wf = weights_feature + (int64_t)f * p->input_size;                         \
        int32_t dot = 0;                                                                         \
        for (k = 0; k < p->input_size; ++k)                                                      \
          dot = svdf_mac(dot, wf[k], x[k] - p->input_zero_point);                                \
        dot = octet_mul_by_quantized_mul(dot, p->multiplier_1, p->shift_1);                      \
        /* The zero point before the clamp: the sum must not wrap when narrowed. */              \
        state[((int64_t)b * n_filter + f) * n_memory + n_memory - 1] = (STATE_T)octet_clamp_i32( \
            octet_wrap_add(dot, p->state_zero_point), STATE_MIN, STATE_MAX);                     \
      }                                                                                          \
    }                                                                                            \
    for (b = 0; b < p->batch; ++b) {                                                             \
      for (f = 0; f < n_filter; ++f) {                                                           \
        const STATE_T* wt = weights_time + (int64_t)f * n_memory;                                \
        const STATE_T* s = state + ((int64_t)b * n_filter + f) * n_memory;                       \
        int32_t dot = 0;                                                                         \
        for (k = 0; k < n_memory; ++k) dot = svdf_mac(dot, wt[k], s[k] - p->state_zero_point);   \
        filter_sums[(int64_t)b * n_filter + f] = dot;                                            \
      }                                                                                          \
    }                                                                                            \
    for (b = 0; b < p->batch; ++b) {                                                             \
      for (u = 0; u < n_unit; ++u) {                                                             \
        int32_t sum = bias ? bias[u] : 0;                                                        \
        for (k = 0; k < p->rank; ++k) {                                                          \
          sum = octet_wrap_add(sum, filter_sums[(int64_t)b * n_filter + u * p->rank + k]);       \
        }                                                                                        \
        unit_sums[(int64_t)b * n_unit + u] = sum;                                                \
      }                                                                                          \
    }                                                                                            \
    for (k = 0; k < p->batch * n_unit; ++k) {                                                    \
      const int32_t v = octet_mul_by_quantized_mul(unit_sums[k], p->multiplier_2, p->shift_2);   \
      output[k] =                                                                                \
          (int8_t)octet_clamp_i32(octet_wrap_add(v, p->output_zero_point), INT8_MIN, INT8_MAX);  \
    }                                                                                            \
  }

OCTET_DEFINE_SVDF_INT(octet_ref_svdf_s8, int16_t, INT16_MIN, INT16_MAX)
OCTET_DEFINE_SVDF_INT(octet_ref_svdf_s8_state8, int8_t, INT8_MIN, INT8_MAX)

void octet_ref_svdf_f32(const octet_svdf_params* p, const float* input,
                        const float* weights_feature, const float* weights_time, const float* bias,
                        float* state, float* output, float* scratch) {
  const int32_t n_filter = p->num_filters, n_memory = p->memory_size, n_unit = svdf_units(p);
  const int64_t state_size = (int64_t)p->batch * n_filter * n_memory;
  int32_t b, f, u, k;
  if (state_size > 1) memmove(state, state + 1, (size_t)(state_size - 1) * sizeof(float));
  for (b = 0; b < p->batch; ++b) {
    const float* x = input + (int64_t)b * p->input_size;
    for (f = 0; f < n_filter; ++f) {
      const float* wf = weights_feature + (int64_t)f * p->input_size;
      float dot = 0.0f;
      for (k = 0; k < p->input_size; ++k) dot += wf[k] * x[k];
      state[((int64_t)b * n_filter + f) * n_memory + n_memory - 1] = dot;
    }
  }
  for (b = 0; b < p->batch; ++b) {
    for (f = 0; f < n_filter; ++f) {
      const float* wt = weights_time + (int64_t)f * n_memory;
      const float* s = state + ((int64_t)b * n_filter + f) * n_memory;
      float dot = 0.0f;
      for (k = 0; k < n_memory; ++k) dot += wt[k] * s[k];
      scratch[(int64_t)b * n_filter + f] = dot;
    }
  }
  for (b = 0; b < p->batch; ++b) {
    for (u = 0; u < n_unit; ++u) {
      float sum = bias ? bias[u] : 0.0f;
      for (k = 0; k < p->rank; ++k) sum += scratch[(int64_t)b * n_filter + u * p->rank + k];
      output[(int64_t)b * n_unit + u] = octet_nn_clamp_f32(sum, p->float_act_min, p->float_act_max);
    }
  }
}
