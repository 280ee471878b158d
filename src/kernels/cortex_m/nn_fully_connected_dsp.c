/* nn_fully_connected_dsp.c - FULLY_CONNECTED s8 for Armv7E-M DSP (see octet_dsp.h). */
#include "dsp_internal.h"
#include "octet_dsp.h"

void octet_dsp_fully_connected_s8(const octet_fully_connected_params* p, const int8_t* input,
                                  const octet_shape* filter_shape, const int8_t* filter,
                                  const int32_t* bias, const octet_shape* output_shape,
                                  int8_t* output) {
  const int32_t depth = filter_shape->dims[filter_shape->rank - 1];
  const int32_t out_c = output_shape->dims[output_shape->rank - 1];
  int32_t batches = 1, d;
  octet_dsp_requant q;
  int32_t b;

  /* elements(output) / out_c, without a 64-bit division (a library call on a Cortex-M). */
  for (d = 0; d + 1 < output_shape->rank; ++d) batches *= output_shape->dims[d];
  if (!octet_dsp_weighted_sum_ok(p->weights_offset, p->input_offset, p->output_multiplier, out_c)) {
    octet_ref_fully_connected_s8(p, input, filter_shape, filter, bias, output_shape, output);
    return;
  }
  q = octet_dsp_make_requant(p->input_offset, p->output_offset, p->output_multiplier,
                             p->output_shift, p->act_min, p->act_max);
  /* Batch rows two at a time share each weight load. */
  for (b = 0; b < batches; b += 2) {
    const int8_t* x0 = input + (ptrdiff_t)b * depth;
    const int8_t* x1 = b + 1 < batches ? x0 + depth : 0;
    octet_dsp_gemm_rows_s8(x0, x1, filter, depth, out_c, bias, &q, output + (ptrdiff_t)b * out_c,
                           x1 ? output + (ptrdiff_t)(b + 1) * out_c : 0);
  }
}
