/* data_space.c - SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND reference kernels (TFLite's
 * reference_ops, 4-D NHWC; prepare extends 3-D NHC shapes to NH1C). See octet_ref_data.h. */
#include <string.h>

#include "octet_kernels.h"

static int64_t offset4(const octet_shape* s, int64_t b, int64_t h, int64_t w) {
  return ((b * s->dims[1] + h) * s->dims[2] + w) * s->dims[3];
}

static void fill(char* dst, int64_t count, const uint8_t* value, int32_t elem_size) {
  int64_t i;
  for (i = 0; i < count; ++i) memcpy(dst + i * elem_size, value, (size_t)elem_size);
}

void octet_ref_space_to_batch_nd(const octet_space_batch_params* p, const octet_shape* in_shape,
                                 const void* in, const octet_shape* out_shape, void* out) {
  const int32_t es = p->elem_size;
  const int64_t depth = in_shape->dims[3];
  const int64_t in_batches = in_shape->dims[0];
  const int64_t in_h = in_shape->dims[1], in_w = in_shape->dims[2];
  const char* src = (const char*)in;
  char* dst = (char*)out;
  int64_t ob, oy, ox;
  if (in_batches == 0) return;
  for (ob = 0; ob < out_shape->dims[0]; ++ob) {
    /* Output batch ob holds the block offset (shift_h, shift_w) of input batch b. */
    const int64_t b = ob % in_batches;
    const int64_t shift_w = (ob / in_batches) % p->block_w;
    const int64_t shift_h = (ob / in_batches) / p->block_w;
    for (oy = 0; oy < out_shape->dims[1]; ++oy) {
      const int64_t y = oy * p->block_h + shift_h - p->before_h;
      for (ox = 0; ox < out_shape->dims[2]; ++ox) {
        const int64_t x = ox * p->block_w + shift_w - p->before_w;
        char* o = dst + offset4(out_shape, ob, oy, ox) * es;
        if (y < 0 || y >= in_h || x < 0 || x >= in_w) {
          fill(o, depth, p->pad_value, es);
        } else {
          memcpy(o, src + offset4(in_shape, b, y, x) * es, (size_t)(depth * es));
        }
      }
    }
  }
}

void octet_ref_batch_to_space_nd(const octet_space_batch_params* p, const octet_shape* in_shape,
                                 const void* in, const octet_shape* out_shape, void* out) {
  const int32_t es = p->elem_size;
  const int64_t depth = in_shape->dims[3];
  const int64_t out_batches = out_shape->dims[0];
  const int64_t out_h = out_shape->dims[1], out_w = out_shape->dims[2];
  const char* src = (const char*)in;
  char* dst = (char*)out;
  int64_t ib, iy, ix;
  if (out_batches == 0) return;
  for (ib = 0; ib < in_shape->dims[0]; ++ib) {
    /* Input batch ib is block offset ib / out_batches of output batch ib % out_batches; the
     * positions the crops remove are skipped. */
    const int64_t b = ib % out_batches;
    const int64_t offset = ib / out_batches;
    for (iy = 0; iy < in_shape->dims[1]; ++iy) {
      const int64_t y = iy * p->block_h + offset / p->block_w - p->before_h;
      if (y < 0 || y >= out_h) continue;
      for (ix = 0; ix < in_shape->dims[2]; ++ix) {
        const int64_t x = ix * p->block_w + offset % p->block_w - p->before_w;
        if (x < 0 || x >= out_w) continue;
        memcpy(dst + offset4(out_shape, b, y, x) * es, src + offset4(in_shape, ib, iy, ix) * es,
               (size_t)(depth * es));
      }
    }
  }
}
