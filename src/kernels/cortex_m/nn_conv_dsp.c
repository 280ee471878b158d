/* nn_conv_dsp.c - CONV_2D s8 for Armv7E-M DSP (see octet_dsp.h for the contract). */
#include "dsp_internal.h"
#include "octet_dsp.h"

/* A 1x1 filter without padding reads each output pixel's input pixel in place: no im2col. */
static int conv_reads_in_place(const octet_conv_params* p, const octet_shape* input_shape,
                               const octet_shape* filter_shape, const octet_shape* output_shape) {
  return filter_shape->dims[1] == 1 && filter_shape->dims[2] == 1 && p->pad_top == 0 &&
         p->pad_left == 0 && (output_shape->dims[1] - 1) * p->stride_h < input_shape->dims[1] &&
         (output_shape->dims[2] - 1) * p->stride_w < input_shape->dims[2];
}

size_t octet_dsp_conv2d_s8_scratch_size(const octet_conv_params* p, const octet_shape* input_shape,
                                        const octet_shape* filter_shape,
                                        const octet_shape* output_shape) {
  if (conv_reads_in_place(p, input_shape, filter_shape, output_shape)) return 0;
  /* Two receptive fields of filter_h * filter_w * in_c bytes. */
  return 2 * (size_t)filter_shape->dims[1] * (size_t)filter_shape->dims[2] *
         (size_t)input_shape->dims[3];
}

/* The receptive field of output (oy, ox) as int8 in OHWI tap order; taps outside the input hold
 * the zero point, whose offset value (x + input_offset) is 0 like a skipped tap. */
static void im2col_pixel(const octet_conv_params* p, const int8_t* image, int32_t in_h,
                         int32_t in_w, int32_t in_c, int32_t f_h, int32_t f_w, int32_t oy,
                         int32_t ox, int8_t* col) {
  const int8_t zero_point = (int8_t)(-p->input_offset);
  const int32_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
  int32_t ky, kx;
  for (ky = 0; ky < f_h; ++ky) {
    const int32_t iy = y0 + p->dilation_h * ky;
    if (iy < 0 || iy >= in_h) {
      octet_dsp_fill(col, zero_point, f_w * in_c);
      col += f_w * in_c;
      continue;
    }
    if (p->dilation_w == 1 && x0 >= 0 && x0 + f_w <= in_w) {
      /* The whole filter row is inside the image and contiguous. */
      octet_dsp_copy(col, image + ((ptrdiff_t)iy * in_w + x0) * in_c, f_w * in_c);
      col += f_w * in_c;
      continue;
    }
    for (kx = 0; kx < f_w; ++kx) {
      const int32_t ix = x0 + p->dilation_w * kx;
      if (ix < 0 || ix >= in_w) {
        octet_dsp_fill(col, zero_point, in_c);
      } else {
        octet_dsp_copy(col, image + ((ptrdiff_t)iy * in_w + ix) * in_c, in_c);
      }
      col += in_c;
    }
  }
}

void octet_dsp_conv2d_s8(const octet_conv_params* p, const octet_shape* input_shape,
                         const int8_t* input, const octet_shape* filter_shape, const int8_t* filter,
                         const int32_t* bias, const octet_shape* output_shape, int8_t* output,
                         void* scratch) {
  const int32_t batches = input_shape->dims[0], in_h = input_shape->dims[1];
  const int32_t in_w = input_shape->dims[2], in_c = input_shape->dims[3];
  const int32_t f_h = filter_shape->dims[1], f_w = filter_shape->dims[2];
  const int32_t out_h = output_shape->dims[1], out_w = output_shape->dims[2];
  const int32_t out_c = output_shape->dims[3];
  const int32_t k = f_h * f_w * in_c, pixels = out_h * out_w;
  const int in_place = conv_reads_in_place(p, input_shape, filter_shape, output_shape);
  int8_t* col = (int8_t*)scratch;
  octet_dsp_requant q;
  int32_t b, pix;

  if (!octet_dsp_weighted_sum_ok(p->weights_offset, p->input_offset, p->output_multiplier, out_c)) {
    octet_ref_conv2d_s8(p, input_shape, input, filter_shape, filter, bias, output_shape, output);
    return;
  }
  q = octet_dsp_make_requant(p->input_offset, p->output_offset, p->output_multiplier,
                             p->output_shift, p->act_min, p->act_max);

  for (b = 0; b < batches; ++b) {
    const int8_t* image = input + (ptrdiff_t)b * in_h * in_w * in_c;
    int8_t* out = output + (ptrdiff_t)b * pixels * out_c;
    for (pix = 0; pix < pixels; pix += 2) {
      const int two = pix + 1 < pixels;
      const int32_t oy0 = pix / out_w, ox0 = pix % out_w;
      const int32_t oy1 = (pix + 1) / out_w, ox1 = (pix + 1) % out_w;
      const int8_t* x0;
      const int8_t* x1 = 0;
      if (in_place) {
        x0 = image + ((ptrdiff_t)oy0 * p->stride_h * in_w + (ptrdiff_t)ox0 * p->stride_w) * in_c;
        if (two) {
          x1 = image + ((ptrdiff_t)oy1 * p->stride_h * in_w + (ptrdiff_t)ox1 * p->stride_w) * in_c;
        }
      } else {
        im2col_pixel(p, image, in_h, in_w, in_c, f_h, f_w, oy0, ox0, col);
        x0 = col;
        if (two) {
          im2col_pixel(p, image, in_h, in_w, in_c, f_h, f_w, oy1, ox1, col + k);
          x1 = col + k;
        }
      }
      octet_dsp_gemm_rows_s8(x0, x1, filter, k, out_c, bias, &q, out + (ptrdiff_t)pix * out_c,
                             two ? out + (ptrdiff_t)(pix + 1) * out_c : 0);
    }
  }
}
