/* ew_add_dsp.c - ADD s8 for Armv7E-M DSP (see octet_dsp.h). */
#include "dsp_internal.h"
#include "octet_dsp.h"

static int same_shape(const octet_shape* x, const octet_shape* y) {
  int32_t d;
  if (x->rank != y->rank) return 0;
  for (d = 0; d < x->rank; ++d) {
    if (x->dims[d] != y->dims[d]) return 0;
  }
  return 1;
}

/* TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp with the short high multiply. */
static int32_t rescale(int32_t x, int32_t multiplier, int32_t shift) {
  return octet_rounding_divide_by_pot(octet_dsp_srdhm(x, multiplier), -shift);
}

int octet_dsp_add_s8(const octet_add_params* p, const octet_shape* in1_shape, const int8_t* in1,
                     const octet_shape* in2_shape, const int8_t* in2, const octet_shape* out_shape,
                     int8_t* out) {
  const int32_t off1 = p->input1_offset, off2 = p->input2_offset, out_off = p->output_offset;
  const int32_t m1 = p->input1_multiplier, m2 = p->input2_multiplier, m = p->output_multiplier;
  const int32_t s1 = p->input1_shift, s2 = p->input2_shift, s = p->output_shift;
  const int32_t left = p->left_shift, lo = p->act_min, hi = p->act_max;
  int64_t i, n;

  if (!same_shape(in1_shape, out_shape) || !same_shape(in2_shape, out_shape) || m1 == INT32_MIN ||
      m2 == INT32_MIN || m == INT32_MIN) {
    return octet_ref_add_s8(p, in1_shape, in1, in2_shape, in2, out_shape, out);
  }
  n = octet_shape_elements(out_shape);
  for (i = 0; i < n; ++i) {
    const int32_t a = rescale(octet_shl_wrap(in1[i] + off1, left), m1, s1);
    const int32_t b = rescale(octet_shl_wrap(in2[i] + off2, left), m2, s2);
    const int32_t v = rescale(octet_dsp_wrap_add(a, b), m, s) + out_off;
    out[i] = (int8_t)octet_clamp_i32(v, lo, hi);
  }
  return 0;
}
