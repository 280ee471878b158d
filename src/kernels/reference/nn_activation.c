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

/* The int16 LOGISTIC and TANH of TFLite's reference_integer_ops (also the gates of the integer
 * LSTM): the input is rescaled by input_multiplier / 2^input_left_shift with rounding (multiplier 0
 * is the power-of-two case: 3 << input_left_shift and no shift), its absolute value indexes a
 * table of sigmoid(i / 24) in Q0.16 with linear interpolation between entries, and the sign folds
 * the result (tanh(x) = 2 sigmoid(2x) - 1 is read from the same table at twice the resolution).
 * The table holds TFLite's sigmoid_table_uint16 values (they are not a plain rounding of the
 * function, so they are data here, not a formula). */
static const uint16_t kOctetSigmoidTableU16[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794,
    41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443,
    48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169, 53581, 53983, 54374,
    54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433, 57724, 58007, 58280, 58544,
    58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110, 61279,
    61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990,
    63090, 63186, 63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030,
    64090, 64148, 64204, 64257, 64308, 64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652,
    64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019,
    65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234,
    65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360,
    65367, 65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
    65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476,
    65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498, 65500, 65501,
    65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513, 65514, 65515, 65516,
    65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
    65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529,
    65529, 65530, 65530, 65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532,
    65532, 65532, 65532, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65534, 65534,
    65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
};

static void octet_s16_lut_scale(const octet_sigmoid_params* p, int32_t* multiplier, int32_t* shift,
                                int32_t* round) {
  *multiplier = p->input_multiplier;
  *shift = p->input_left_shift;
  if (*multiplier == 0) {
    *multiplier = 3 << *shift;
    *shift = 0;
  }
  *round = *shift > 0 ? 1 << (*shift - 1) : 0;
}

/* (x * multiplier + round) >> shift; TFLite computes it in int32, which every valid parameter set
 * keeps in range: the 64-bit product only keeps invalid ones free of undefined behaviour. */
static int32_t octet_s16_lut_input(int16_t x, int32_t multiplier, int32_t shift, int32_t round) {
  return (int32_t)(((int64_t)x * multiplier + round) >> shift);
}

static uint32_t octet_abs_u32(int32_t x) { return x < 0 ? 0u - (uint32_t)x : (uint32_t)x; }

/* The table at |x| / 2^frac_bits entries, interpolated with frac_bits of fraction (the result has
 * frac_bits more bits than the Q0.16 entries), or `saturated` beyond the last entry. */
static uint32_t octet_sigmoid_table_at(uint32_t abs_x, int frac_bits, uint32_t saturated) {
  const uint32_t index = abs_x >> frac_bits;
  uint32_t ua, ub;
  if (index >= 255) return saturated;
  ua = kOctetSigmoidTableU16[index];
  ub = kOctetSigmoidTableU16[index + 1];
  return (ua << frac_bits) + (abs_x & ((1u << frac_bits) - 1)) * (ub - ua);
}

void octet_ref_logistic_s16(const octet_sigmoid_params* p, const octet_shape* shape,
                            const int16_t* input, int16_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int32_t multiplier, shift, round;
  int64_t i;
  octet_s16_lut_scale(p, &multiplier, &shift, &round);
  for (i = 0; i < n; ++i) {
    /* Entries are 1/24 apart: x (3/4 of the input in Q3.12) in steps of 2^-9. */
    const int32_t x = octet_s16_lut_input(input[i], multiplier, shift, round);
    uint32_t r = octet_sigmoid_table_at(octet_abs_u32(x), 9, 0x7FFFu << 10);
    r = x >= 0 ? r + (1u << 9) : (1u << 25) - r + (1u << 9) - 1; /* sigmoid(-x) = 1 - sigmoid(x) */
    output[i] = (int16_t)(r >> 10);                              /* in [0, 32767]: scale 1/32768 */
  }
}

void octet_ref_tanh_s16(const octet_sigmoid_params* p, const octet_shape* shape,
                        const int16_t* input, int16_t* output) {
  const int64_t n = octet_shape_elements(shape);
  int32_t multiplier, shift, round;
  int64_t i;
  octet_s16_lut_scale(p, &multiplier, &shift, &round);
  for (i = 0; i < n; ++i) {
    /* tanh(x) = 2 sigmoid(2x) - 1: the same table at steps of 2^-8. */
    const int32_t x = octet_s16_lut_input(input[i], multiplier, shift, round);
    int32_t r = (int32_t)octet_sigmoid_table_at(octet_abs_u32(x), 8, 0xFFFFu << 8);
    r = x >= 0 ? r - (1 << 23) + (1 << 7) : -r + (1 << 23) + (1 << 7) - 1;
    output[i] = (int16_t)(r >> 8); /* arithmetic shift; in [-32767, 32767]: scale 1/32768 */
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
