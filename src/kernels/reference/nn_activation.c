/* nn_activation.c - LOGISTIC, TANH and HARD_SWISH reference kernels (see octet_ref_nn.h). */
#include <math.h>

#include "nn_internal.h"
#include "octet_kernels.h"

/* Both sigmoid-like ops rescale the centred input to Q4.27 and evaluate gemmlowp's fixed-point
 * function; inputs at or beyond input_range_radius saturate without evaluation. */
enum { kOctetSigmoidInputIntegerBits = 4 };

static int32_t octet_sigmoid_input_q4(const octet_sigmoid_params* p, int32_t centred) {
  return octet_mul_by_quantized_mul(centred, p->input_multiplier, p->input_left_shift);
}

void octet_ref_logistic_s8(const octet_sigmoid_params* p, const octet_shape* shape,
                           const int8_t* input, int8_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    const int32_t centred = (int32_t)input[i] - p->input_zero_point;
    if (centred <= -p->input_range_radius) {
      output[i] = INT8_MIN;
    } else if (centred >= p->input_range_radius) {
      output[i] = INT8_MAX;
    } else {
      const int32_t q0 =
          octet_fx_logistic(octet_sigmoid_input_q4(p, centred), kOctetSigmoidInputIntegerBits);
      /* Q0.31 -> 1/256 steps, then the output zero point -128. */
      output[i] =
          (int8_t)octet_clamp_i32(octet_rounding_divide_by_pot(q0, 23) - 128, INT8_MIN, INT8_MAX);
    }
  }
}

void octet_ref_logistic_u8(const octet_sigmoid_params* p, const octet_shape* shape,
                           const uint8_t* input, uint8_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    const int32_t centred = (int32_t)input[i] - p->input_zero_point;
    if (centred <= -p->input_range_radius) {
      output[i] = 0;
    } else if (centred >= p->input_range_radius) {
      output[i] = UINT8_MAX;
    } else {
      const int32_t q0 =
          octet_fx_logistic(octet_sigmoid_input_q4(p, centred), kOctetSigmoidInputIntegerBits);
      const int32_t v = octet_rounding_divide_by_pot(q0, 23);
      output[i] = (uint8_t)(v == 256 ? 255 : v); /* 1.0 itself is not representable */
    }
  }
}

/* TFLite's float logistic: exp(x) below -9 (where 1 / (1 + exp(-x)) is exp(x) to float precision),
 * exactly 1 above 16.619047... (where it rounds to 1). */
void octet_ref_logistic_f32(const octet_shape* shape, const float* input, float* output) {
  const float cutoff_upper = 16.619047164916992188f;
  const float cutoff_lower = -9.0f;
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    const float x = input[i];
    if (x > cutoff_upper) {
      output[i] = 1.0f;
    } else if (x < cutoff_lower) {
      output[i] = expf(x);
    } else {
      output[i] = 1.0f / (1.0f + expf(-x));
    }
  }
}

void octet_ref_tanh_s8(const octet_sigmoid_params* p, const octet_shape* shape, const int8_t* input,
                       int8_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    const int32_t centred = (int32_t)input[i] - p->input_zero_point;
    if (centred <= -p->input_range_radius) {
      output[i] = INT8_MIN;
    } else if (centred >= p->input_range_radius) {
      output[i] = INT8_MAX;
    } else {
      const int32_t q0 =
          octet_fx_tanh(octet_sigmoid_input_q4(p, centred), kOctetSigmoidInputIntegerBits);
      /* Q0.31 -> 1/128 steps, zero point 0. */
      output[i] = (int8_t)octet_clamp_i32(octet_rounding_divide_by_pot(q0, 24), INT8_MIN, INT8_MAX);
    }
  }
}

void octet_ref_tanh_u8(const octet_sigmoid_params* p, const octet_shape* shape,
                       const uint8_t* input, uint8_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    const int32_t centred = (int32_t)input[i] - p->input_zero_point;
    if (centred <= -p->input_range_radius) {
      output[i] = 0;
    } else if (centred >= p->input_range_radius) {
      output[i] = UINT8_MAX;
    } else {
      const int32_t q0 =
          octet_fx_tanh(octet_sigmoid_input_q4(p, centred), kOctetSigmoidInputIntegerBits);
      const int32_t v = octet_rounding_divide_by_pot(q0, 24) + 128;
      output[i] = (uint8_t)(v == 256 ? 255 : v);
    }
  }
}

void octet_ref_tanh_f32(const octet_shape* shape, const float* input, float* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) output[i] = tanhf(input[i]);
}

/* TFLite's quantized HardSwish, step by step in int16: the input on a 2^7 finer scale; that times
 * the output multiplier (the x >= 3 answer before the output shift); a "relu-ish" factor in
 * [0, 1] = (clamp(x / 3, -1, 1) + 1) / 2 computed with saturating shifts; their product with
 * truncating SaturatingDoublingHighMul (it cancels the rounding bias of the other products);
 * finally the output shift and zero point. Narrowing conversions wrap like TFLite's int16_t
 * stores do. */
static int32_t octet_hard_swish_one(const octet_hard_swish_params* p, int32_t x) {
  const int16_t centred = (int16_t)(x - p->input_zero_point);
  const int16_t hires = (int16_t)(centred * (1 << 7));
  const int16_t preshift_output = octet_srdhm_i16(hires, p->output_multiplier_fixedpoint_int16);
  int16_t reluish = hires;
  int16_t out;
  if (p->reluish_multiplier_exponent > 0) {
    reluish = octet_saturating_left_shift_i16(reluish, p->reluish_multiplier_exponent - 1);
  }
  reluish = octet_srdhm_i16(reluish, p->reluish_multiplier_fixedpoint_int16);
  if (p->reluish_multiplier_exponent > 0) {
    reluish = octet_saturating_left_shift_i16(reluish, 1);
  }
  if (p->reluish_multiplier_exponent < 0) {
    reluish = octet_rounding_divide_by_pot_i16(reluish, -p->reluish_multiplier_exponent);
  }
  reluish = (int16_t)((reluish + (1 << 15)) >> 1);
  out = octet_rounding_divide_by_pot_i16(octet_sdhm_i16(reluish, preshift_output),
                                         -p->output_multiplier_exponent);
  return (int16_t)(out + p->output_zero_point);
}

void octet_ref_hard_swish_s8(const octet_hard_swish_params* p, const octet_shape* shape,
                             const int8_t* input, int8_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    output[i] = (int8_t)octet_clamp_i32(octet_hard_swish_one(p, input[i]), INT8_MIN, INT8_MAX);
  }
}

void octet_ref_hard_swish_u8(const octet_hard_swish_params* p, const octet_shape* shape,
                             const uint8_t* input, uint8_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    output[i] = (uint8_t)octet_clamp_i32(octet_hard_swish_one(p, input[i]), 0, UINT8_MAX);
  }
}

/* x * min(6, max(0, x + 3)) / 6, in that order. */
void octet_ref_hard_swish_f32(const octet_shape* shape, const float* input, float* output) {
  const int64_t n = octet_shape_elements(shape);
  int64_t i;
  for (i = 0; i < n; ++i) {
    const float x = input[i];
    const float r = x + 3.0f;
    const float relu = 0.0f < r ? r : 0.0f; /* std::max(0, r): r if 0 < r */
    const float relu6 = relu < 6.0f ? relu : 6.0f;
    output[i] = x * relu6 / 6.0f;
  }
}
