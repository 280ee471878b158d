/* nn_internal.h - small helpers private to the nn kernel family's .c files. */
#ifndef OCTET_NN_INTERNAL_H_
#define OCTET_NN_INTERNAL_H_

#include "octet_kernels.h"

/* TFLite's ActivationFunctionWithMinMax: min(max(x, lo), hi), written with the same comparisons
 * so that NaN passes through exactly as in std::max/std::min. */
/* The product of all dimensions but the last (a fully connected layer's rows), in 32-bit
 * arithmetic (no 64-bit division helper on 32-bit targets). */
static inline int32_t octet_nn_rows(const octet_shape* s) {
  int32_t rows = 1, i;
  for (i = 0; i + 1 < s->rank; ++i) rows *= s->dims[i];
  return rows;
}

static inline float octet_nn_clamp_f32(float x, float lo, float hi) {
  const float y = x < lo ? lo : x;
  return hi < y ? hi : y;
}

/* Offset of element (n, y, x, c) in a dense NHWC tensor of height h, width w, depth d. */
static inline int32_t octet_nn_offset4(int32_t h, int32_t w, int32_t d, int32_t n, int32_t y,
                                       int32_t x, int32_t c) {
  return ((n * h + y) * w + x) * d + c;
}

#endif /* OCTET_NN_INTERNAL_H_ */
