/* data_resize.c - RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR reference kernels (NHWC). See
 * octet_ref_data.h. */
#include <math.h>
#include <string.h>

#include "octet_kernels.h"

/* ---- bilinear, integer ------------------------------------------------------------------------
 */

/* TFLite's scale in 1/1024 units: in/out rounded to nearest (align_corners: (in-1)/(out-1)). */
static int32_t scale_10(int32_t in_size, int32_t out_size, int32_t align_corners) {
  if (align_corners && out_size > 1) {
    return ((1 << 10) * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
  }
  return ((1 << 10) * in_size + out_size / 2) / out_size;
}

typedef struct {
  int32_t pos; /* source position in 1/1024 pixel */
  int32_t lo;
  int32_t hi;
} octet_bilinear_tap;

static octet_bilinear_tap bilinear_tap(int32_t value, int32_t scale, int32_t half_pixel_centers,
                                       int32_t in_size) {
  octet_bilinear_tap t;
  t.pos = half_pixel_centers ? value * scale + scale / 2 - (1 << 9) : value * scale;
  /* C division truncates toward zero: a small negative position gives lo = 0, as in TFLite. */
  t.lo = t.pos / (1 << 10);
  if (t.lo < 0) t.lo = 0;
  t.hi = (t.pos + (1 << 10) - 1) / (1 << 10);
  if (t.hi > in_size - 1) t.hi = in_size - 1;
  /* Never read outside the image (TFLite's valid inputs never get here). */
  if (t.lo > in_size - 1) t.lo = in_size - 1;
  return t;
}

#define OCTET_DATA_DEFINE_BILINEAR_INT(fn, T)                                                      \
  void fn(const octet_resize_bilinear_params* p, const octet_shape* in_shape, const T* in,         \
          T* out) {                                                                                \
    const int32_t batches = in_shape->dims[0];                                                     \
    const int32_t in_h = in_shape->dims[1];                                                        \
    const int32_t in_w = in_shape->dims[2];                                                        \
    const int32_t depth = in_shape->dims[3];                                                       \
    const int32_t sy = scale_10(in_h, p->out_h, p->align_corners);                                 \
    const int32_t sx = scale_10(in_w, p->out_w, p->align_corners);                                 \
    int32_t b, y, x, c;                                                                            \
    for (b = 0; b < batches; ++b) {                                                                \
      const T* image = in + (int64_t)b * in_h * in_w * depth;                                      \
      for (y = 0; y < p->out_h; ++y) {                                                             \
        const octet_bilinear_tap ty = bilinear_tap(y, sy, p->half_pixel_centers, in_h);            \
        const int64_t wy1 = ty.pos - (1 << 10) * ty.lo;                                            \
        const int64_t wy0 = (1 << 10) - wy1;                                                       \
        for (x = 0; x < p->out_w; ++x) {                                                           \
          const octet_bilinear_tap tx = bilinear_tap(x, sx, p->half_pixel_centers, in_w);          \
          const int64_t wx1 = tx.pos - (1 << 10) * tx.lo;                                          \
          const int64_t wx0 = (1 << 10) - wx1;                                                     \
          const T* p00 = image + ((int64_t)ty.lo * in_w + tx.lo) * depth;                          \
          const T* p10 = image + ((int64_t)ty.hi * in_w + tx.lo) * depth;                          \
          const T* p01 = image + ((int64_t)ty.lo * in_w + tx.hi) * depth;                          \
          const T* p11 = image + ((int64_t)ty.hi * in_w + tx.hi) * depth;                          \
          for (c = 0; c < depth; ++c) {                                                            \
            const int64_t sum =                                                                    \
                p00[c] * wy0 * wx0 + p10[c] * wy1 * wx0 + p01[c] * wy0 * wx1 + p11[c] * wy1 * wx1; \
            /* Round half away from zero: the division truncates toward zero. */                   \
            const int64_t rounding = sum > 0 ? (1 << 19) : -(1 << 19);                             \
            *out++ = (T)((sum + rounding) / (1 << 20));                                            \
          }                                                                                        \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
  }

OCTET_DATA_DEFINE_BILINEAR_INT(octet_ref_resize_bilinear_s8, int8_t)
OCTET_DATA_DEFINE_BILINEAR_INT(octet_ref_resize_bilinear_u8, uint8_t)
OCTET_DATA_DEFINE_BILINEAR_INT(octet_ref_resize_bilinear_s16, int16_t)

/* ---- bilinear, float --------------------------------------------------------------------------
 */

static float float_scale(int32_t in_size, int32_t out_size, int32_t align_corners) {
  if (align_corners && out_size > 1) return (float)(in_size - 1) / (float)(out_size - 1);
  return (float)in_size / (float)out_size;
}

static void float_tap(int32_t value, float scale, int32_t half_pixel_centers, int32_t in_size,
                      float* pos, int32_t* lo, int32_t* hi) {
  *pos = half_pixel_centers ? ((float)value + 0.5f) * scale - 0.5f : (float)value * scale;
  *lo = (int32_t)floorf(*pos);
  if (*lo < 0) *lo = 0;
  *hi = (int32_t)ceilf(*pos);
  if (*hi > in_size - 1) *hi = in_size - 1;
  if (*lo > in_size - 1) *lo = in_size - 1;
}

void octet_ref_resize_bilinear_f32(const octet_resize_bilinear_params* p,
                                   const octet_shape* in_shape, const float* in, float* out) {
  const int32_t batches = in_shape->dims[0];
  const int32_t in_h = in_shape->dims[1];
  const int32_t in_w = in_shape->dims[2];
  const int32_t depth = in_shape->dims[3];
  const float sy = float_scale(in_h, p->out_h, p->align_corners);
  const float sx = float_scale(in_w, p->out_w, p->align_corners);
  int32_t b, y, x, c;
  for (b = 0; b < batches; ++b) {
    const float* image = in + (int64_t)b * in_h * in_w * depth;
    for (y = 0; y < p->out_h; ++y) {
      float fy;
      int32_t y0, y1;
      float_tap(y, sy, p->half_pixel_centers, in_h, &fy, &y0, &y1);
      for (x = 0; x < p->out_w; ++x) {
        float fx;
        int32_t x0, x1;
        const float* p00;
        const float* p10;
        const float* p01;
        const float* p11;
        float_tap(x, sx, p->half_pixel_centers, in_w, &fx, &x0, &x1);
        p00 = image + ((int64_t)y0 * in_w + x0) * depth;
        p10 = image + ((int64_t)y1 * in_w + x0) * depth;
        p01 = image + ((int64_t)y0 * in_w + x1) * depth;
        p11 = image + ((int64_t)y1 * in_w + x1) * depth;
        for (c = 0; c < depth; ++c) {
          /* TFLite's expression and evaluation order, all in float. */
          *out++ = p00[c] * (1 - (fy - y0)) * (1 - (fx - x0)) +
                   p10[c] * (fy - y0) * (1 - (fx - x0)) + p01[c] * (1 - (fy - y0)) * (fx - x0) +
                   p11[c] * (fy - y0) * (fx - x0) + 0.0f;
        }
      }
    }
  }
}

/* ---- nearest neighbour ------------------------------------------------------------------------
 */

void octet_ref_resize_nearest(const octet_resize_nearest_params* p, const octet_shape* in_shape,
                              const void* in, void* out) {
  const int32_t batches = in_shape->dims[0];
  const int32_t in_h = in_shape->dims[1];
  const int32_t in_w = in_shape->dims[2];
  const int64_t pixel = (int64_t)in_shape->dims[3] * p->elem_size;
  const char* src = (const char*)in;
  char* dst = (char*)out;
  int32_t b, y, x;
  for (b = 0; b < batches; ++b) {
    const char* image = src + (int64_t)b * in_h * in_w * pixel;
    for (y = 0; y < p->out_h; ++y) {
      const char* row = image + (int64_t)p->y_map[y] * in_w * pixel;
      for (x = 0; x < p->out_w; ++x) {
        memcpy(dst, row + (int64_t)p->x_map[x] * pixel, (size_t)pixel);
        dst += pixel;
      }
    }
  }
}
