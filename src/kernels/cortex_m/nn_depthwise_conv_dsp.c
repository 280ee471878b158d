/* nn_depthwise_conv_dsp.c - DEPTHWISE_CONV_2D s8 for Armv7E-M DSP (see octet_dsp.h). */
#include "dsp_internal.h"
#include "octet_dsp.h"

void octet_dsp_depthwise_conv2d_s8(const octet_depthwise_conv_params* p,
                                   const octet_shape* input_shape, const int8_t* input,
                                   const octet_shape* filter_shape, const int8_t* filter,
                                   const int32_t* bias, const octet_shape* output_shape,
                                   int8_t* output) {
  const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];
  const int32_t in_w = input_shape->dims[2], channels = input_shape->dims[3];
  const int32_t f_h = filter_shape->dims[1], f_w = filter_shape->dims[2];
  const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];
  const int32_t in_off = p->input_offset;
  const uint32_t offset_pair = octet_dsp_offset_pair(in_off);
  /* Input and filter steps between taps, in bytes. */
  const int32_t tap_x = p->dilation_w * channels, tap_y = p->dilation_h * in_w * channels;
  const int32_t wtap_y = f_w * channels;
  int32_t b, oy, ox, c;

  if (p->depth_multiplier != 1 || output_shape->dims[3] != channels ||
      !octet_dsp_weighted_sum_ok(p->weights_offset, in_off, p->output_multiplier, channels)) {
    octet_ref_depthwise_conv2d_s8(p, input_shape, input, filter_shape, filter, bias, output_shape,
                                  output);
    return;
  }
  for (b = 0; b < batches; ++b) {
    for (oy = 0; oy < out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      int32_t ky0, ky1;
      octet_dsp_tap_range(y0, p->dilation_h, f_h, in_h, &ky0, &ky1);
      for (ox = 0; ox < out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        const int8_t* in_first;
        const int8_t* w_first;
        int8_t* out = output + (((ptrdiff_t)b * out_h + oy) * out_w + ox) * channels;
        int32_t kx0, kx1, ky_end = ky1;
        octet_dsp_tap_range(x0, p->dilation_w, f_w, in_w, &kx0, &kx1);
        /* The first in-bounds tap of channel 0, in the input and in the filter. */
        if (ky1 > ky0 && kx1 > kx0) {
          in_first = input + (((ptrdiff_t)b * in_h + y0 + (ptrdiff_t)p->dilation_h * ky0) * in_w +
                              x0 + (ptrdiff_t)p->dilation_w * kx0) *
                                 channels;
          w_first = filter + ((ptrdiff_t)ky0 * f_w + kx0) * channels;
        } else {
          /* No tap inside the image: the sums are the biases (loops below do not run). */
          in_first = input;
          w_first = filter;
          ky_end = ky0;
        }
        for (c = 0; c + 4 <= channels; c += 4) {
          /* Channels c..c+3: SXTB16 pairs bytes (0, 2) and, rotated, (1, 3); SMLABB multiplies the
           * bottom lanes, SMLATT the top ones. */
          int32_t a0 = bias ? bias[c] : 0, a1 = bias ? bias[c + 1] : 0;
          int32_t a2 = bias ? bias[c + 2] : 0, a3 = bias ? bias[c + 3] : 0;
          const int8_t* in_row = in_first + c;
          const int8_t* w_row = w_first + c;
          int32_t ky, kx;
          for (ky = ky0; ky < ky_end; ++ky, in_row += tap_y, w_row += wtap_y) {
            const int8_t* in_px = in_row;
            const int8_t* w_px = w_row;
            for (kx = kx0; kx < kx1; ++kx, in_px += tap_x, w_px += channels) {
              const uint32_t xv = octet_read_u32(in_px), wv = octet_read_u32(w_px);
              const uint32_t x_e = octet_sxtab16(offset_pair, xv);
              const uint32_t x_o = octet_sxtab16_ror8(offset_pair, xv);
              const uint32_t w_e = octet_sxtb16(wv), w_o = octet_sxtb16_ror8(wv);
              a0 = octet_smlabb(x_e, w_e, a0);
              a2 = octet_smlatt(x_e, w_e, a2);
              a1 = octet_smlabb(x_o, w_o, a1);
              a3 = octet_smlatt(x_o, w_o, a3);
            }
          }
          out[c] = octet_dsp_output_s8(a0, p->output_multiplier[c], p->output_shift[c],
                                       p->output_offset, p->act_min, p->act_max);
          out[c + 1] = octet_dsp_output_s8(a1, p->output_multiplier[c + 1], p->output_shift[c + 1],
                                           p->output_offset, p->act_min, p->act_max);
          out[c + 2] = octet_dsp_output_s8(a2, p->output_multiplier[c + 2], p->output_shift[c + 2],
                                           p->output_offset, p->act_min, p->act_max);
          out[c + 3] = octet_dsp_output_s8(a3, p->output_multiplier[c + 3], p->output_shift[c + 3],
                                           p->output_offset, p->act_min, p->act_max);
        }
        for (; c < channels; ++c) {
          int32_t acc = bias ? bias[c] : 0;
          const int8_t* in_row = in_first + c;
          const int8_t* w_row = w_first + c;
          int32_t ky, kx;
          for (ky = ky0; ky < ky_end; ++ky, in_row += tap_y, w_row += wtap_y) {
            for (kx = 0; kx < kx1 - kx0; ++kx) {
              acc = octet_dsp_wrap_add(acc, w_row[kx * channels] * (in_row[kx * tap_x] + in_off));
            }
          }
          out[c] = octet_dsp_output_s8(acc, p->output_multiplier[c], p->output_shift[c],
                                       p->output_offset, p->act_min, p->act_max);
        }
      }
    }
  }
}
