/* ew_add_dsp.c - ADD s8 for Armv7E-M DSP (see octet_dsp.h). */
#include "dsp_internal.h"
#include "octet_dsp.h"

/* Elements from which the lookup tables pay for their 512 entries. */
#define OCTET_DSP_ADD_TABLE_MIN_ELEMENTS 512

static int same_shape(const octet_shape* x, const octet_shape* y) {
  int32_t d;
  if (x->rank != y->rank) return 0;
  for (d = 0; d < x->rank; ++d) {
    if (x->dims[d] != y->dims[d]) return 0;
  }
  return 1;
}

/* The parameters the short path is exact for: prepare_add's (left shift 20, shifts in [-31, 0]),
 * which keep every intermediate below 2^30 in magnitude (|in + offset| <= 255, times 2^20, times
 * multipliers below 1), so octet_dsp_rdbpot_small applies. Anything else takes the reference. */
static int add_params_ok(const octet_add_params* p) {
  return p->left_shift >= 0 && p->left_shift <= 20 && p->input1_offset >= -128 &&
         p->input1_offset <= 128 && p->input2_offset >= -128 && p->input2_offset <= 128 &&
         p->input1_shift <= 0 && p->input1_shift >= -31 && p->input2_shift <= 0 &&
         p->input2_shift >= -31 && p->output_shift <= 0 && p->output_shift >= -31 &&
         p->input1_multiplier >= 0 && p->input2_multiplier >= 0 && p->output_multiplier >= 0;
}

/* TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp for |srdhm(x, m)| < 2^30. */
static int32_t rescale(int32_t x, int32_t multiplier, int32_t shift) {
  return octet_dsp_rdbpot_small(octet_dsp_srdhm(x, multiplier), -shift);
}

size_t octet_dsp_add_s8_scratch_size(const octet_shape* in1_shape, const octet_shape* in2_shape,
                                     const octet_shape* out_shape) {
  if (!same_shape(in1_shape, out_shape) || !same_shape(in2_shape, out_shape) ||
      octet_shape_elements(out_shape) < OCTET_DSP_ADD_TABLE_MIN_ELEMENTS) {
    return 0;
  }
  return 2 * 256 * sizeof(int32_t);
}

int octet_dsp_add_s8(const octet_add_params* p, const octet_shape* in1_shape, const int8_t* in1,
                     const octet_shape* in2_shape, const int8_t* in2, const octet_shape* out_shape,
                     int8_t* out, void* scratch) {
  const int32_t off1 = p->input1_offset, off2 = p->input2_offset, out_off = p->output_offset;
  const int32_t m1 = p->input1_multiplier, m2 = p->input2_multiplier, m = p->output_multiplier;
  const int32_t s1 = p->input1_shift, s2 = p->input2_shift, s = p->output_shift;
  const int32_t left = p->left_shift, lo = p->act_min, hi = p->act_max;
  ptrdiff_t i, n;

  if (!same_shape(in1_shape, out_shape) || !same_shape(in2_shape, out_shape) || !add_params_ok(p)) {
    return octet_ref_add_s8(p, in1_shape, in1, in2_shape, in2, out_shape, out);
  }
  n = octet_shape_elements(out_shape);
  if (scratch && n >= OCTET_DSP_ADD_TABLE_MIN_ELEMENTS) {
    /* Each input's rescaled value depends on its int8 value only: two 256-entry tables. */
    int32_t* t1 = (int32_t*)scratch + 128;
    int32_t* t2 = (int32_t*)scratch + 256 + 128;
    int32_t v;
    for (v = -128; v < 128; ++v) {
      t1[v] = rescale((v + off1) * (1 << left), m1, s1);
      t2[v] = rescale((v + off2) * (1 << left), m2, s2);
    }
    for (i = 0; i < n; ++i) {
      const int32_t r = rescale(t1[in1[i]] + t2[in2[i]], m, s) + out_off;
      out[i] = (int8_t)octet_clamp_i32(r, lo, hi);
    }
    return 0;
  }
  for (i = 0; i < n; ++i) {
    const int32_t a = rescale((in1[i] + off1) * (1 << left), m1, s1);
    const int32_t b = rescale((in2[i] + off2) * (1 << left), m2, s2);
    out[i] = (int8_t)octet_clamp_i32(rescale(a + b, m, s) + out_off, lo, hi);
  }
  return 0;
}
