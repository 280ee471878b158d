/* nn_pool_dsp.c - AVERAGE_POOL_2D and MAX_POOL_2D s8 for Armv7E-M DSP (see octet_dsp.h). */
#include "dsp_internal.h"
#include "octet_dsp.h"

/* The reference's rounding: half away from zero. */
static int32_t pool_average(int32_t sum, int32_t count) {
  return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

/* SXTAB16 sums four channels in 16-bit lanes; |sum| <= 128 * taps must fit in int16. */
#define OCTET_DSP_AVG_POOL_MAX_TAPS 256

int octet_dsp_avg_pool2d_s8(const octet_pool_params* p, const octet_shape* input_shape,
                            const int8_t* input, const octet_shape* output_shape, int8_t* output) {
  const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];
  const int32_t in_w = input_shape->dims[2], depth = input_shape->dims[3];
  const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];
  const ptrdiff_t row = (ptrdiff_t)in_w * depth;
  int32_t b, oy, ox, c, ky, kx;

  if ((ptrdiff_t)p->filter_h * p->filter_w > OCTET_DSP_AVG_POOL_MAX_TAPS) {
    return octet_ref_avg_pool2d_s8(p, input_shape, input, output_shape, output);
  }
  for (b = 0; b < batches; ++b) {
    for (oy = 0; oy < out_h; ++oy) {
      for (ox = 0; ox < out_w; ++ox) {
        const octet_pool_window win = octet_pool_window_at(p, in_h, in_w, oy, ox);
        const int32_t count = (win.ky1 - win.ky0) * (win.kx1 - win.kx0);
        const int8_t* first;
        int8_t* out = output + (((ptrdiff_t)b * out_h + oy) * out_w + ox) * depth;
        if (win.ky1 <= win.ky0 || win.kx1 <= win.kx0) return -1;
        first =
            input + (((ptrdiff_t)b * in_h + win.y0 + win.ky0) * in_w + win.x0 + win.kx0) * depth;
        for (c = 0; c + 4 <= depth; c += 4) {
          uint32_t even = 0, odd = 0; /* lanes: channels c, c+2 and c+1, c+3 */
          const int8_t* in_row = first + c;
          for (ky = win.ky0; ky < win.ky1; ++ky, in_row += row) {
            const int8_t* px = in_row;
            for (kx = win.kx0; kx < win.kx1; ++kx, px += depth) {
              const uint32_t v = octet_read_u32(px);
              even = octet_sxtab16(even, v);
              odd = octet_sxtab16_ror8(odd, v);
            }
          }
          out[c] = (int8_t)octet_clamp_i32(pool_average((int16_t)(even & 0xFFFFu), count),
                                           p->act_min, p->act_max);
          out[c + 1] = (int8_t)octet_clamp_i32(pool_average((int16_t)(odd & 0xFFFFu), count),
                                               p->act_min, p->act_max);
          out[c + 2] = (int8_t)octet_clamp_i32(pool_average((int16_t)(even >> 16), count),
                                               p->act_min, p->act_max);
          out[c + 3] = (int8_t)octet_clamp_i32(pool_average((int16_t)(odd >> 16), count),
                                               p->act_min, p->act_max);
        }
        for (; c < depth; ++c) {
          int32_t sum = 0;
          const int8_t* in_row = first + c;
          for (ky = win.ky0; ky < win.ky1; ++ky, in_row += row) {
            for (kx = 0; kx < win.kx1 - win.kx0; ++kx) sum += in_row[kx * depth];
          }
          out[c] = (int8_t)octet_clamp_i32(pool_average(sum, count), p->act_min, p->act_max);
        }
      }
    }
  }
  return 0;
}

void octet_dsp_max_pool2d_s8(const octet_pool_params* p, const octet_shape* input_shape,
                             const int8_t* input, const octet_shape* output_shape, int8_t* output) {
  const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];
  const int32_t in_w = input_shape->dims[2], depth = input_shape->dims[3];
  const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];
  const ptrdiff_t row = (ptrdiff_t)in_w * depth;
  /* act_min/act_max lie in [-128, 127] for s8; splat them into the four byte lanes. */
  const int32_t lo = octet_clamp_i32(p->act_min, INT8_MIN, INT8_MAX);
  const int32_t hi = octet_clamp_i32(p->act_max, INT8_MIN, INT8_MAX);
  const uint32_t lo4 = (uint32_t)(uint8_t)(int8_t)lo * 0x01010101u;
  const uint32_t hi4 = (uint32_t)(uint8_t)(int8_t)hi * 0x01010101u;
  int32_t b, oy, ox, c, ky, kx;

  if (lo != p->act_min || hi != p->act_max || lo > hi) {
    octet_ref_max_pool2d_s8(p, input_shape, input, output_shape, output);
    return;
  }
  for (b = 0; b < batches; ++b) {
    for (oy = 0; oy < out_h; ++oy) {
      for (ox = 0; ox < out_w; ++ox) {
        const octet_pool_window win = octet_pool_window_at(p, in_h, in_w, oy, ox);
        const int empty = win.ky1 <= win.ky0 || win.kx1 <= win.kx0;
        const int8_t* first =
            empty ? input
                  : input + (((ptrdiff_t)b * in_h + win.y0 + win.ky0) * in_w + win.x0 + win.kx0) *
                                depth;
        const int32_t ky_end = empty ? win.ky0 : win.ky1;
        int8_t* out = output + (((ptrdiff_t)b * out_h + oy) * out_w + ox) * depth;
        for (c = 0; c + 4 <= depth; c += 4) {
          uint32_t best = 0x80808080u; /* INT8_MIN in every lane */
          const int8_t* in_row = first + c;
          for (ky = win.ky0; ky < ky_end; ++ky, in_row += row) {
            const int8_t* px = in_row;
            for (kx = win.kx0; kx < win.kx1; ++kx, px += depth) {
              best = octet_max_s8x4(best, octet_read_u32(px));
            }
          }
          octet_write_u32(out + c, octet_min_s8x4(octet_max_s8x4(best, lo4), hi4));
        }
        for (; c < depth; ++c) {
          int32_t best = INT8_MIN;
          const int8_t* in_row = first + c;
          for (ky = win.ky0; ky < ky_end; ++ky, in_row += row) {
            for (kx = 0; kx < win.kx1 - win.kx0; ++kx) {
              if (best < in_row[kx * depth]) best = in_row[kx * depth];
            }
          }
          out[c] = (int8_t)octet_clamp_i32(best, lo, hi);
        }
      }
    }
  }
}
