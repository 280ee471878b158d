/* ew_sum.c - ADD_N and CUMSUM reference kernels. See octet_ref_elementwise.h. */
#include "octet_kernels.h"

static int32_t sum_rescale_input(const octet_sum_params* p, int32_t v) {
  return octet_mul_by_quantized_mul_smaller_than_one(octet_shl_wrap(v, p->left_shift),
                                                     p->input_multiplier, p->input_shift);
}

static int8_t sum_output(const octet_sum_params* p, int32_t sum) {
  return (int8_t)octet_clamp_i32(
      octet_mul_by_quantized_mul_smaller_than_one(sum, p->output_multiplier, p->output_shift) +
          p->output_offset,
      p->act_min, p->act_max);
}

void octet_ref_add_n_s8(const octet_add_n_params* p, const void* const* inputs, int64_t n,
                        int8_t* out) {
  const octet_sum_params* q = &p->sum;
  const int32_t start = sum_rescale_input(q, q->input_offset);
  int64_t i;
  int32_t j;
  for (i = 0; i < n; ++i) {
    int32_t sum = start;
    for (j = 0; j < p->count; ++j) {
      const int8_t* in = (const int8_t*)inputs[j];
      sum = octet_wrap_add(sum, sum_rescale_input(q, q->input_offset + in[i]));
    }
    out[i] = sum_output(q, sum);
  }
}

void octet_ref_add_n_s32(const octet_add_n_params* p, const void* const* inputs, int64_t n,
                         int32_t* out) {
  int64_t i;
  int32_t j;
  for (i = 0; i < n; ++i) {
    int32_t sum = 0;
    for (j = 0; j < p->count; ++j) sum = octet_wrap_add(sum, ((const int32_t*)inputs[j])[i]);
    out[i] = sum;
  }
}

void octet_ref_add_n_f32(const octet_add_n_params* p, const void* const* inputs, int64_t n,
                         float* out) {
  int64_t i;
  int32_t j;
  for (i = 0; i < n; ++i) {
    float sum = 0.0f;
    for (j = 0; j < p->count; ++j) sum += ((const float*)inputs[j])[i];
    out[i] = sum;
  }
}

/* The walk of TFLite's CumSum: `before` (dimensions before the axis) x `after` (after it) runs of
 * `depth` elements `after` apart, each visited backwards when `reverse`. */
typedef struct {
  int64_t before;
  int64_t depth;
  int64_t after;
} cumsum_walk;

static cumsum_walk cumsum_walk_of(const octet_shape* shape, int32_t axis) {
  cumsum_walk w = {1, 1, 1};
  int32_t d;
  for (d = 0; d < shape->rank; ++d) {
    if (d < axis) {
      w.before *= shape->dims[d];
    } else if (d > axis) {
      w.after *= shape->dims[d];
    } else {
      w.depth = shape->dims[d];
    }
  }
  return w;
}

/* Index of element k of run (b, a), in visiting order. */
static int64_t cumsum_index(const cumsum_walk* w, int32_t reverse, int64_t b, int64_t a,
                            int64_t k) {
  if (reverse) {
    b = w->before - 1 - b;
    a = w->after - 1 - a;
    k = w->depth - 1 - k;
  }
  return (b * w->depth + k) * w->after + a;
}

void octet_ref_cumsum_s8(const octet_cumsum_params* c, const octet_shape* shape, const int8_t* in,
                         int8_t* out) {
  const octet_sum_params* p = &c->sum;
  const int32_t exclusive = c->exclusive;
  const int32_t reverse = c->reverse;
  const cumsum_walk w = cumsum_walk_of(shape, c->axis);
  const int32_t start = sum_rescale_input(p, p->input_offset);
  int64_t a, b, k;
  for (a = 0; a < w.after; ++a) {
    for (b = 0; b < w.before; ++b) {
      int32_t sum = start;
      for (k = 0; k < w.depth; ++k) {
        const int64_t i = cumsum_index(&w, reverse, b, a, k);
        const int32_t v = sum_rescale_input(p, p->input_offset + in[i]);
        int32_t shown;
        if (exclusive) {
          shown = sum;
          sum = octet_wrap_add(sum, v);
        } else {
          sum = octet_wrap_add(sum, v);
          shown = sum;
        }
        out[i] = sum_output(p, shown);
      }
    }
  }
}

void octet_ref_cumsum_f32(const octet_cumsum_params* c, const octet_shape* shape, const float* in,
                          float* out) {
  const int32_t exclusive = c->exclusive;
  const int32_t reverse = c->reverse;
  const cumsum_walk w = cumsum_walk_of(shape, c->axis);
  int64_t a, b, k;
  for (a = 0; a < w.after; ++a) {
    for (b = 0; b < w.before; ++b) {
      float sum = 0.0f;
      for (k = 0; k < w.depth; ++k) {
        const int64_t i = cumsum_index(&w, reverse, b, a, k);
        if (exclusive) {
          out[i] = sum;
          sum += in[i];
        } else {
          sum += in[i];
          out[i] = sum;
        }
      }
    }
  }
}
