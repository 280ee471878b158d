/* data_pad.c - PAD / PADV2 reference kernel. See octet_ref_data.h. */
#include <string.h>

#include "octet_kernels.h"

static void fill(char* dst, int64_t count, const uint8_t* value, int32_t elem_size) {
  int64_t i;
  for (i = 0; i < count; ++i) memcpy(dst + i * elem_size, value, (size_t)elem_size);
}

void octet_ref_pad(const octet_pad_params* p, const octet_shape* in_shape, const void* in,
                   void* out) {
  const int32_t rank = p->rank;
  const int32_t es = p->elem_size;
  const int32_t last = rank - 1;
  const char* src = (const char*)in;
  char* dst = (char*)out;
  int64_t out_dims[OCTET_MAX_RANK];
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int64_t rows = 1;
  int64_t row_len;
  int64_t row;
  int32_t d;

  if (rank == 0) {
    memcpy(out, in, (size_t)es);
    return;
  }
  for (d = 0; d < rank; ++d) {
    out_dims[d] = (int64_t)in_shape->dims[d] + p->before[d] + p->after[d];
    if (d < last) rows *= out_dims[d];
  }
  row_len = out_dims[last];
  /* Output rows (along the last dimension) in order; an output row holds input data only when
   * every outer index falls inside the input, and then input rows are consumed in order. */
  for (row = 0; row < rows; ++row) {
    int inside = 1;
    for (d = 0; d < last; ++d) {
      if (idx[d] < p->before[d] || idx[d] >= p->before[d] + in_shape->dims[d]) inside = 0;
    }
    if (inside) {
      const int64_t n = in_shape->dims[last];
      fill(dst, p->before[last], p->pad_value, es);
      memcpy(dst + (int64_t)p->before[last] * es, src, (size_t)(n * es));
      fill(dst + (p->before[last] + n) * es, p->after[last], p->pad_value, es);
      src += n * es;
    } else {
      fill(dst, row_len, p->pad_value, es);
    }
    dst += row_len * es;
    for (d = last - 1; d >= 0; --d) {
      if (++idx[d] < out_dims[d]) break;
      idx[d] = 0;
    }
  }
}

/* The input index that output index j of a mirrored dimension reads (TFLM's GetInputDimension);
 * offset 1 (REFLECT) skips the edge element, 0 (SYMMETRIC) repeats it. Past the far edge the
 * reflection stops at the input's first element; prepare keeps `before` within the input. */
static int64_t mirror_index(int64_t j, int64_t before, int64_t dim, int32_t offset) {
  int64_t edge;
  if (j < before) {
    edge = before + offset - 1;
    return edge - (j < edge - offset ? j : edge - offset);
  }
  j -= before;
  if (j < dim) return j;
  j -= dim;
  edge = dim - 1 - offset;
  return edge - (j < edge ? j : edge);
}

void octet_ref_mirror_pad(const octet_mirror_pad_params* p, const octet_shape* in_shape,
                          const void* in, void* out) {
  const int32_t rank = p->rank;
  const int32_t es = p->elem_size;
  const int32_t last = rank - 1;
  const char* src = (const char*)in;
  char* dst = (char*)out;
  int64_t out_dims[OCTET_MAX_RANK];
  int64_t in_strides[OCTET_MAX_RANK];
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int64_t rows = 1, stride = 1;
  int64_t row, j;
  int32_t d;

  if (rank == 0) {
    memcpy(out, in, (size_t)es);
    return;
  }
  for (d = last; d >= 0; --d) {
    out_dims[d] = (int64_t)in_shape->dims[d] + p->before[d] + p->after[d];
    in_strides[d] = stride;
    stride *= in_shape->dims[d];
    if (d < last) rows *= out_dims[d];
  }
  if (out_dims[last] == 0) return;
  for (row = 0; row < rows; ++row) {
    int64_t base = 0;
    const char* in_row;
    for (d = 0; d < last; ++d) {
      base += mirror_index(idx[d], p->before[d], in_shape->dims[d], p->offset) * in_strides[d];
    }
    in_row = src + base * es;
    for (j = 0; j < out_dims[last]; ++j) {
      const int64_t k = mirror_index(j, p->before[last], in_shape->dims[last], p->offset);
      memcpy(dst + j * es, in_row + k * es, (size_t)es);
    }
    dst += out_dims[last] * es;
    for (d = last - 1; d >= 0; --d) {
      if (++idx[d] < out_dims[d]) break;
      idx[d] = 0;
    }
  }
}
