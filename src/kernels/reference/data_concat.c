/* data_concat.c - CONCATENATION, SPLIT / SPLIT_V, PACK, UNPACK and the RESHAPE copy. See
 * octet_ref_data.h. All of them move contiguous blocks: an "outer" count of blocks, each the
 * product of the dimensions from the axis inwards. */
#include <string.h>

#include "octet_kernels.h"

void octet_ref_copy(const void* in, void* out, size_t bytes) {
  if (in != out) memmove(out, in, bytes);
}

static int64_t product(const octet_shape* s, int32_t from, int32_t to) {
  int64_t n = 1;
  int32_t d;
  for (d = from; d < to; ++d) n *= s->dims[d];
  return n;
}

static void concat(const octet_concat_params* p, const octet_shape* const* in_shapes,
                   const void* const* inputs, const uint8_t* tables, const uint8_t* mapped,
                   const octet_shape* out_shape, void* out);

void octet_ref_concat(const octet_concat_params* p, const octet_shape* const* in_shapes,
                      const void* const* inputs, const octet_shape* out_shape, void* out) {
  concat(p, in_shapes, inputs, NULL, NULL, out_shape, out);
}

void octet_ref_concat_lut8(const octet_concat_lut8_params* p, const octet_shape* const* in_shapes,
                           const void* const* inputs, const octet_shape* out_shape, void* out) {
  concat(&p->concat, in_shapes, inputs, p->tables, p->mapped, out_shape, out);
}

/* Input i goes through tables + 256 * i when mapped is not NULL and mapped[i] is nonzero. */
static void concat(const octet_concat_params* p, const octet_shape* const* in_shapes,
                   const void* const* inputs, const uint8_t* tables, const uint8_t* mapped,
                   const octet_shape* out_shape, void* out) {
  const int64_t outer = product(out_shape, 0, p->axis);
  const int64_t inner = product(out_shape, p->axis + 1, out_shape->rank);
  const int64_t es = p->elem_size;
  char* dst = (char*)out;
  int64_t k;
  int32_t i;
  for (k = 0; k < outer; ++k) {
    for (i = 0; i < p->num_inputs; ++i) {
      const int64_t block = in_shapes[i]->dims[p->axis] * inner;
      const char* src = (const char*)inputs[i] + k * block * es;
      const uint8_t* table = mapped != NULL && mapped[i] ? tables + 256 * i : NULL;
      if (table == NULL) {
        memcpy(dst, src, (size_t)(block * es));
      } else {
        int64_t j;
        for (j = 0; j < block; ++j) dst[j] = (char)table[(uint8_t)src[j]];
      }
      dst += block * es;
    }
  }
}

void octet_ref_split(const octet_split_params* p, const octet_shape* in_shape, const void* in,
                     const octet_shape* const* out_shapes, void* const* outputs) {
  const int64_t outer = product(in_shape, 0, p->axis);
  const int64_t inner = product(in_shape, p->axis + 1, in_shape->rank);
  const int64_t es = p->elem_size;
  const char* src = (const char*)in;
  int64_t k;
  int32_t i;
  for (k = 0; k < outer; ++k) {
    for (i = 0; i < p->num; ++i) {
      const int64_t block = out_shapes[i]->dims[p->axis] * inner;
      memcpy((char*)outputs[i] + k * block * es, src, (size_t)(block * es));
      src += block * es;
    }
  }
}

void octet_ref_pack(const octet_pack_params* p, const octet_shape* in_shape,
                    const void* const* inputs, void* out) {
  const int64_t outer = product(in_shape, 0, p->axis);
  const int64_t block = product(in_shape, p->axis, in_shape->rank);
  const int64_t es = p->elem_size;
  char* dst = (char*)out;
  int64_t k;
  int32_t i;
  for (k = 0; k < outer; ++k) {
    for (i = 0; i < p->num; ++i) {
      memcpy(dst, (const char*)inputs[i] + k * block * es, (size_t)(block * es));
      dst += block * es;
    }
  }
}

void octet_ref_unpack(const octet_unpack_params* p, const octet_shape* in_shape, const void* in,
                      void* const* outputs) {
  const int64_t outer = product(in_shape, 0, p->axis);
  const int64_t block = product(in_shape, p->axis + 1, in_shape->rank);
  const int64_t es = p->elem_size;
  const char* src = (const char*)in;
  int64_t k;
  int32_t i;
  for (k = 0; k < outer; ++k) {
    for (i = 0; i < p->num; ++i) {
      memcpy((char*)outputs[i] + k * block * es, src, (size_t)(block * es));
      src += block * es;
    }
  }
}
