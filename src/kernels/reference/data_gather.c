/* data_gather.c - GATHER and ARG_MIN / ARG_MAX reference kernels. See octet_ref_data.h. */
#include <string.h>

#include "octet_kernels.h"

static int64_t product(const octet_shape* s, int32_t from, int32_t to) {
  int64_t n = 1;
  int32_t d;
  for (d = from; d < to; ++d) n *= s->dims[d];
  return n;
}

static int64_t load_index(const void* indices, int32_t index_size, int64_t i) {
  if (index_size == 8) return ((const int64_t*)indices)[i];
  return ((const int32_t*)indices)[i];
}

int octet_ref_gather(const octet_gather_params* p, const octet_shape* in_shape, const void* in,
                     const octet_shape* idx_shape, const void* indices, void* out) {
  const int64_t batch_size = product(in_shape, 0, p->batch_dims);
  const int64_t outer_size = product(in_shape, p->batch_dims, p->axis);
  const int64_t inner_size = product(in_shape, p->axis + 1, in_shape->rank);
  const int64_t coord_size = product(idx_shape, p->batch_dims, idx_shape->rank);
  const int64_t axis_size = in_shape->dims[p->axis];
  const int64_t block = inner_size * p->elem_size;
  const char* src = (const char*)in;
  char* dst = (char*)out;
  const int64_t num_indices = batch_size * coord_size;
  int64_t i;
  int64_t batch;
  int64_t outer;
  int64_t coord;

  /* Indices are run-time data: check them all before writing, so a bad one leaves no partial
   * output and no read outside the input. */
  for (i = 0; i < num_indices; ++i) {
    const int64_t v = load_index(indices, p->index_size, i);
    if (v < 0 || v >= axis_size) return -1;
  }
  for (batch = 0; batch < batch_size; ++batch) {
    for (outer = 0; outer < outer_size; ++outer) {
      const int64_t slab = batch * outer_size + outer;
      for (coord = 0; coord < coord_size; ++coord) {
        const int64_t v = load_index(indices, p->index_size, batch * coord_size + coord);
        memcpy(dst + (slab * coord_size + coord) * block, src + (slab * axis_size + v) * block,
               (size_t)block);
      }
    }
  }
  return 0;
}

static void store_index(void* out, int32_t output_int64, int64_t i, int64_t value) {
  if (output_int64) {
    ((int64_t*)out)[i] = value;
  } else {
    ((int32_t*)out)[i] = (int32_t)value;
  }
}

/* Strict comparisons: a later element replaces the best only when strictly better, so ties keep
 * the lowest index, and NaN (which compares false) never wins nor is replaced. */
#define OCTET_DATA_DEFINE_ARG_MIN_MAX(fn, T)                                           \
  void fn(const octet_arg_min_max_params* p, const octet_shape* in_shape, const T* in, \
          void* out) {                                                                 \
    const int64_t outer_size = product(in_shape, 0, p->axis);                          \
    const int64_t axis_size = in_shape->dims[p->axis];                                 \
    const int64_t inner_size = product(in_shape, p->axis + 1, in_shape->rank);         \
    int64_t outer;                                                                     \
    int64_t inner;                                                                     \
    int64_t i;                                                                         \
    for (outer = 0; outer < outer_size; ++outer) {                                     \
      for (inner = 0; inner < inner_size; ++inner) {                                   \
        const T* column = in + outer * axis_size * inner_size + inner;                 \
        int64_t best_index = 0;                                                        \
        if (axis_size > 0) {                                                           \
          T best = column[0];                                                          \
          for (i = 1; i < axis_size; ++i) {                                            \
            const T v = column[i * inner_size];                                        \
            if (p->is_arg_min ? v < best : v > best) {                                 \
              best = v;                                                                \
              best_index = i;                                                          \
            }                                                                          \
          }                                                                            \
        }                                                                              \
        store_index(out, p->output_int64, outer* inner_size + inner, best_index);      \
      }                                                                                \
    }                                                                                  \
  }

OCTET_DATA_DEFINE_ARG_MIN_MAX(octet_ref_arg_min_max_s8, int8_t)
OCTET_DATA_DEFINE_ARG_MIN_MAX(octet_ref_arg_min_max_u8, uint8_t)
OCTET_DATA_DEFINE_ARG_MIN_MAX(octet_ref_arg_min_max_s16, int16_t)
OCTET_DATA_DEFINE_ARG_MIN_MAX(octet_ref_arg_min_max_s32, int32_t)
OCTET_DATA_DEFINE_ARG_MIN_MAX(octet_ref_arg_min_max_s64, int64_t)
OCTET_DATA_DEFINE_ARG_MIN_MAX(octet_ref_arg_min_max_f32, float)

int octet_ref_gather_nd(const octet_gather_nd_params* p, const octet_shape* in_shape,
                        const void* in, const octet_shape* idx_shape, const void* indices,
                        void* out) {
  const int32_t depth = p->index_depth;
  const int64_t slices = product(idx_shape, 0, idx_shape->rank - 1);
  const int64_t slice_bytes = product(in_shape, depth, in_shape->rank) * p->elem_size;
  int64_t strides[OCTET_MAX_RANK];
  int64_t i;
  int32_t j;
  for (j = depth - 1; j >= 0; --j) {
    strides[j] = j == depth - 1 ? product(in_shape, depth, in_shape->rank)
                                : strides[j + 1] * in_shape->dims[j + 1];
  }
  /* Check every index before writing, as GATHER does. */
  for (i = 0; i < slices * depth; ++i) {
    const int64_t v = load_index(indices, p->index_size, i);
    if (v < 0 || v >= in_shape->dims[i % depth]) return -1;
  }
  for (i = 0; i < slices; ++i) {
    int64_t from = 0;
    for (j = 0; j < depth; ++j)
      from += load_index(indices, p->index_size, i * depth + j) * strides[j];
    memcpy((char*)out + i * slice_bytes, (const char*)in + from * p->elem_size,
           (size_t)slice_bytes);
  }
  return 0;
}

int octet_ref_embedding_lookup_s8_f32(const octet_embedding_lookup_s8_f32_params* p,
                                      const octet_shape* table_shape, const int8_t* table,
                                      int32_t num_ids, const int32_t* ids, float* out) {
  const int64_t rows = table_shape->rank > 0 ? table_shape->dims[0] : 0;
  const int64_t row_size = product(table_shape, 1, table_shape->rank);
  int64_t i, j;
  for (i = 0; i < num_ids; ++i) {
    if (ids[i] < 0 || ids[i] >= rows) return -1;
  }
  for (i = 0; i < num_ids; ++i) {
    const int8_t* row = table + ids[i] * row_size;
    for (j = 0; j < row_size; ++j) out[i * row_size + j] = (float)row[j] * p->scale;
  }
  return 0;
}
