/* data_transpose.c - TRANSPOSE and STRIDED_SLICE reference kernels: both write the output in
 * order while reading the input with per-dimension element strides. See octet_ref_data.h. */
#include <string.h>

#include "octet_kernels.h"

/* n elements from src (step `src_step` elements) to contiguous dst. */
static void gather_row(char* dst, const char* src, int64_t n, int64_t src_step, int32_t es) {
  int64_t i;
  if (src_step == 1) {
    memcpy(dst, src, (size_t)(n * es));
    return;
  }
  switch (es) {
    case 1:
      for (i = 0; i < n; ++i) dst[i] = src[i * src_step];
      break;
    case 2:
      for (i = 0; i < n; ++i) memcpy(dst + 2 * i, src + 2 * i * src_step, 2);
      break;
    case 4:
      for (i = 0; i < n; ++i) memcpy(dst + 4 * i, src + 4 * i * src_step, 4);
      break;
    default:
      for (i = 0; i < n; ++i) memcpy(dst + es * i, src + es * i * src_step, (size_t)es);
      break;
  }
}

static void row_major_strides(const int32_t* dims, int32_t rank, int64_t* strides) {
  int64_t s = 1;
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    strides[d] = s;
    s *= dims[d];
  }
}

/* Walks `count` (rank >= 1) in row-major order; row r of the output starts reading at
 * base + sum(idx[d] * step[d]) for the outer dims and steps step[last] along the last one. */
static void strided_copy(int32_t rank, const int64_t* count, const int64_t* step, int64_t base,
                         const char* in, char* out, int32_t es) {
  const int32_t last = rank - 1;
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int64_t rows = 1;
  int64_t offset = base;
  int64_t r;
  int32_t d;
  for (d = 0; d < last; ++d) rows *= count[d];
  if (count[last] <= 0) return;
  for (r = 0; r < rows; ++r) {
    gather_row(out, in + offset * es, count[last], step[last], es);
    out += count[last] * es;
    for (d = last - 1; d >= 0; --d) {
      offset += step[d];
      if (++idx[d] < count[d]) break;
      offset -= step[d] * count[d];
      idx[d] = 0;
    }
  }
}

void octet_ref_transpose(const octet_transpose_params* p, const octet_shape* in_shape,
                         const void* in, void* out) {
  int64_t in_strides[OCTET_MAX_RANK];
  int64_t count[OCTET_MAX_RANK];
  int64_t step[OCTET_MAX_RANK];
  int32_t d;
  if (p->rank == 0) {
    memcpy(out, in, (size_t)p->elem_size);
    return;
  }
  row_major_strides(in_shape->dims, p->rank, in_strides);
  for (d = 0; d < p->rank; ++d) {
    count[d] = in_shape->dims[p->perm[d]];
    step[d] = in_strides[p->perm[d]];
  }
  strided_copy(p->rank, count, step, 0, (const char*)in, (char*)out, p->elem_size);
}

void octet_ref_strided_slice(const octet_strided_slice_params* p, const void* in, void* out) {
  int64_t in_strides[OCTET_MAX_RANK];
  int64_t count[OCTET_MAX_RANK];
  int64_t step[OCTET_MAX_RANK];
  int64_t base = 0;
  int32_t d;
  if (p->rank == 0) {
    memcpy(out, in, (size_t)p->elem_size);
    return;
  }
  row_major_strides(p->in_dims, p->rank, in_strides);
  for (d = 0; d < p->rank; ++d) {
    if (p->count[d] <= 0) return;
    count[d] = p->count[d];
    step[d] = (int64_t)p->stride[d] * in_strides[d];
    base += (int64_t)p->start[d] * in_strides[d];
  }
  strided_copy(p->rank, count, step, base, (const char*)in, (char*)out, p->elem_size);
}
