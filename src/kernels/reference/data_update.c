/* data_update.c - DYNAMIC_UPDATE_SLICE reference kernel (TFLM's dynamic_update_slice.cc). See
 * octet_ref_data.h. */
#include <string.h>

#include "octet_kernels.h"

void octet_ref_dynamic_update_slice(const octet_dynamic_update_slice_params* p,
                                    const octet_shape* operand_shape, const void* operand,
                                    const octet_shape* update_shape, const void* update,
                                    const void* start_indices, void* out) {
  const int32_t rank = operand_shape->rank;
  const int32_t es = p->elem_size;
  const int32_t last = rank - 1;
  int64_t out_strides[OCTET_MAX_RANK];
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int64_t stride = 1, rows = 1, base = 0, row;
  int32_t d;
  const char* src = (const char*)update;
  char* dst = (char*)out;

  if (operand != out) {
    memcpy(out, operand, (size_t)(octet_shape_elements(operand_shape) * es));
  }
  if (rank == 0) {
    memcpy(out, update, (size_t)es);
    return;
  }
  if (octet_shape_elements(update_shape) == 0) return;
  for (d = last; d >= 0; --d) {
    /* Start indices are clamped so that the update fits: TFLM's CalculateClampedStartIndices. */
    int64_t s = p->index_size == 8 ? ((const int64_t*)start_indices)[d]
                                   : ((const int32_t*)start_indices)[d];
    const int64_t hi = (int64_t)operand_shape->dims[d] - update_shape->dims[d];
    if (s > hi) s = hi;
    if (s < 0) s = 0;
    out_strides[d] = stride;
    stride *= operand_shape->dims[d];
    base += s * out_strides[d];
    if (d < last) rows *= update_shape->dims[d];
  }
  for (row = 0; row < rows; ++row) {
    int64_t offset = base;
    for (d = 0; d < last; ++d) offset += idx[d] * out_strides[d];
    memcpy(dst + offset * es, src, (size_t)((int64_t)update_shape->dims[last] * es));
    src += (int64_t)update_shape->dims[last] * es;
    for (d = last - 1; d >= 0; --d) {
      if (++idx[d] < update_shape->dims[d]) break;
      idx[d] = 0;
    }
  }
}
