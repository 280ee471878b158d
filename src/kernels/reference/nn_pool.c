/* nn_pool.c - AVERAGE_POOL_2D and MAX_POOL_2D reference kernels (see octet_ref_nn.h). */
#include <float.h>

#include "nn_internal.h"
#include "octet_kernels.h"

/* Integer average: sum of the raw values (input and output share scale and zero point), divided
 * by the number of in-bounds taps rounding half away from zero, then clamped. */
#define OCTET_DEFINE_AVG_POOL_INT(NAME, T)                                                         \
  int NAME(const octet_pool_params* p, const octet_shape* input_shape, const T* input,             \
           const octet_shape* output_shape, T* output) {                                           \
    const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];                     \
    const int32_t in_w = input_shape->dims[2], depth = input_shape->dims[3];                       \
    const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];                    \
    int32_t b, oy, ox, c, ky, kx;                                                                  \
    for (b = 0; b < batches; ++b) {                                                                \
      for (oy = 0; oy < out_h; ++oy) {                                                             \
        for (ox = 0; ox < out_w; ++ox) {                                                           \
          const octet_pool_window win = octet_pool_window_at(p, in_h, in_w, oy, ox);               \
          const int32_t count = (win.ky1 - win.ky0) * (win.kx1 - win.kx0);                         \
          if (win.ky1 <= win.ky0 || win.kx1 <= win.kx0) return -1;                                 \
          for (c = 0; c < depth; ++c) {                                                            \
            int32_t sum = 0, avg;                                                                  \
            for (ky = win.ky0; ky < win.ky1; ++ky) {                                               \
              for (kx = win.kx0; kx < win.kx1; ++kx) {                                             \
                sum += input[octet_nn_offset4(in_h, in_w, depth, b, win.y0 + ky, win.x0 + kx, c)]; \
              }                                                                                    \
            }                                                                                      \
            avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;                 \
            output[octet_nn_offset4(out_h, out_w, depth, b, oy, ox, c)] =                          \
                (T)octet_clamp_i32(avg, p->act_min, p->act_max);                                   \
          }                                                                                        \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
    return 0;                                                                                      \
  }

OCTET_DEFINE_AVG_POOL_INT(octet_ref_avg_pool2d_s8, int8_t)
OCTET_DEFINE_AVG_POOL_INT(octet_ref_avg_pool2d_u8, uint8_t)
OCTET_DEFINE_AVG_POOL_INT(octet_ref_avg_pool2d_s16, int16_t)

int octet_ref_avg_pool2d_f32(const octet_pool_params* p, const octet_shape* input_shape,
                             const float* input, const octet_shape* output_shape, float* output) {
  const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];
  const int32_t in_w = input_shape->dims[2], depth = input_shape->dims[3];
  const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];
  int32_t b, oy, ox, c, ky, kx;
  for (b = 0; b < batches; ++b) {
    for (oy = 0; oy < out_h; ++oy) {
      for (ox = 0; ox < out_w; ++ox) {
        const octet_pool_window win = octet_pool_window_at(p, in_h, in_w, oy, ox);
        const float count = (float)((win.ky1 - win.ky0) * (win.kx1 - win.kx0));
        if (win.ky1 <= win.ky0 || win.kx1 <= win.kx0) return -1;
        for (c = 0; c < depth; ++c) {
          float total = 0.0f;
          for (ky = win.ky0; ky < win.ky1; ++ky) {
            for (kx = win.kx0; kx < win.kx1; ++kx) {
              total += input[octet_nn_offset4(in_h, in_w, depth, b, win.y0 + ky, win.x0 + kx, c)];
            }
          }
          output[octet_nn_offset4(out_h, out_w, depth, b, oy, ox, c)] =
              octet_nn_clamp_f32(total / count, p->float_act_min, p->float_act_max);
        }
      }
    }
  }
  return 0;
}

/* Max over the in-bounds taps, starting from the type's lowest value, then clamped. */
#define OCTET_DEFINE_MAX_POOL(NAME, T, LOWEST, CLAMP)                                           \
  void NAME(const octet_pool_params* p, const octet_shape* input_shape, const T* input,         \
            const octet_shape* output_shape, T* output) {                                       \
    const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];                  \
    const int32_t in_w = input_shape->dims[2], depth = input_shape->dims[3];                    \
    const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];                 \
    int32_t b, oy, ox, c, ky, kx;                                                               \
    for (b = 0; b < batches; ++b) {                                                             \
      for (oy = 0; oy < out_h; ++oy) {                                                          \
        for (ox = 0; ox < out_w; ++ox) {                                                        \
          const octet_pool_window win = octet_pool_window_at(p, in_h, in_w, oy, ox);            \
          for (c = 0; c < depth; ++c) {                                                         \
            T best = LOWEST;                                                                    \
            for (ky = win.ky0; ky < win.ky1; ++ky) {                                            \
              for (kx = win.kx0; kx < win.kx1; ++kx) {                                          \
                const T v =                                                                     \
                    input[octet_nn_offset4(in_h, in_w, depth, b, win.y0 + ky, win.x0 + kx, c)]; \
                if (best < v) best = v;                                                         \
              }                                                                                 \
            }                                                                                   \
            output[octet_nn_offset4(out_h, out_w, depth, b, oy, ox, c)] = CLAMP;                \
          }                                                                                     \
        }                                                                                       \
      }                                                                                         \
    }                                                                                           \
  }

OCTET_DEFINE_MAX_POOL(octet_ref_max_pool2d_s8, int8_t, INT8_MIN,
                      (int8_t)octet_clamp_i32(best, p->act_min, p->act_max))
OCTET_DEFINE_MAX_POOL(octet_ref_max_pool2d_u8, uint8_t, 0,
                      (uint8_t)octet_clamp_i32(best, p->act_min, p->act_max))
OCTET_DEFINE_MAX_POOL(octet_ref_max_pool2d_s16, int16_t, INT16_MIN,
                      (int16_t)octet_clamp_i32(best, p->act_min, p->act_max))
OCTET_DEFINE_MAX_POOL(octet_ref_max_pool2d_f32, float, -FLT_MAX,
                      octet_nn_clamp_f32(best, p->float_act_min, p->float_act_max))
