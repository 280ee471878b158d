/* octet_ref_elementwise.h - declarations of one family of octet's reference kernels; include
 * octet_kernels.h rather than this file.
 *
 * Elementwise family: ADD, SUB, MUL (with broadcasting up to rank 6), MAXIMUM, MINIMUM,
 * SQUARED_DIFFERENCE, DIV, PRELU, ABS, RSQRT, the comparisons, the logical ops and SELECT_V2, RELU
 * / RELU6 / RELU_N1_TO_1, LEAKY_RELU, QUANTIZE (float -> int and int -> int requantization) and
 * DEQUANTIZE.
 *
 * Integer kernels reproduce TensorFlow Lite Micro's reference kernels for int8/int16 and
 * TensorFlow Lite's reference_ops for the legacy uint8 path; the params structs are filled by the
 * functions of src/kernels/prepare/ (add.h, mul.h, relu.h, quantize.h), which also decide the
 * few places where TFLM and TFLite differ (see there).
 */
#ifndef OCTET_REF_ELEMENTWISE_H_
#define OCTET_REF_ELEMENTWISE_H_

#include "octet_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- broadcasting ---------------------------------------------------------------------------
 * Binary kernels take both input shapes and the output shape. Shapes are aligned at their last
 * dimension (numpy rules); a dimension of 1 broadcasts. Equal shapes take a flat fast path.
 * Binary kernels return 0, or -1 when the shapes do not broadcast to the output shape (nothing is
 * written then). */

/* The broadcast iteration plan: dims collapsed where possible, element strides per input (0 on
 * broadcast dimensions). Filled by octet_ew_broadcast_init; exposed for optimized kernels. */
typedef struct {
  int32_t rank; /* 1..OCTET_MAX_RANK */
  int32_t dims[OCTET_MAX_RANK];
  int64_t stride1[OCTET_MAX_RANK];
  int64_t stride2[OCTET_MAX_RANK];
} octet_ew_broadcast;

/* Returns 0 and fills `plan`, or -1 if in1 and in2 do not broadcast to out. */
int octet_ew_broadcast_init(const octet_shape* in1, const octet_shape* in2, const octet_shape* out,
                            octet_ew_broadcast* plan);

/* ---- ADD / SUB (8 and 16 bit) ----------------------------------------------------------------
 * TFLite's general quantized add: each input is offset, shifted left by `left_shift` (20 for
 * 8-bit, 15 for 16-bit), rescaled by its own multiplier (shift <= 0, "smaller than one"), the sum
 * rescaled by the output multiplier, offset, clamped to [act_min, act_max]. */
typedef struct {
  int32_t input1_offset; /* -zero_point of input 1 */
  int32_t input2_offset; /* -zero_point of input 2 */
  int32_t output_offset; /* +zero_point of the output */
  int32_t left_shift;
  int32_t input1_multiplier;
  int32_t input1_shift; /* <= 0 */
  int32_t input2_multiplier;
  int32_t input2_shift; /* <= 0 */
  int32_t output_multiplier;
  int32_t output_shift; /* <= 0 */
  int32_t act_min;
  int32_t act_max;
} octet_add_params;

/* SUB uses the same fields. int8/int16 (TFLM): scaled1 - scaled2. uint8 (TFLite): TFLite runs
 * uint8 SUB through its ADD kernel with input2_multiplier negated in Prepare, so
 * octet_ref_sub_u8 computes scaled1 + scaled2 and prepare_sub hands it a negative
 * input2_multiplier (the rounding of a negated high multiply differs on exact ties). */
typedef octet_add_params octet_sub_params;

int octet_ref_add_s8(const octet_add_params* p, const octet_shape* in1_shape, const int8_t* in1,
                     const octet_shape* in2_shape, const int8_t* in2, const octet_shape* out_shape,
                     int8_t* out);
int octet_ref_add_u8(const octet_add_params* p, const octet_shape* in1_shape, const uint8_t* in1,
                     const octet_shape* in2_shape, const uint8_t* in2, const octet_shape* out_shape,
                     uint8_t* out);
int octet_ref_add_s16(const octet_add_params* p, const octet_shape* in1_shape, const int16_t* in1,
                      const octet_shape* in2_shape, const int16_t* in2,
                      const octet_shape* out_shape, int16_t* out);
int octet_ref_sub_s8(const octet_sub_params* p, const octet_shape* in1_shape, const int8_t* in1,
                     const octet_shape* in2_shape, const int8_t* in2, const octet_shape* out_shape,
                     int8_t* out);
int octet_ref_sub_u8(const octet_sub_params* p, const octet_shape* in1_shape, const uint8_t* in1,
                     const octet_shape* in2_shape, const uint8_t* in2, const octet_shape* out_shape,
                     uint8_t* out);
int octet_ref_sub_s16(const octet_sub_params* p, const octet_shape* in1_shape, const int16_t* in1,
                      const octet_shape* in2_shape, const int16_t* in2,
                      const octet_shape* out_shape, int16_t* out);

/* ---- MUL (8 and 16 bit) ----------------------------------------------------------------------
 * out = clamp(output_offset + MultiplyByQuantizedMultiplier((in1 + input1_offset) *
 *                                                          (in2 + input2_offset), m, shift)). */
typedef struct {
  int32_t input1_offset; /* -zero_point */
  int32_t input2_offset; /* -zero_point */
  int32_t output_offset; /* +zero_point */
  int32_t output_multiplier;
  int32_t output_shift; /* TFLite convention: > 0 is a left shift */
  int32_t act_min;
  int32_t act_max;
} octet_mul_params;

int octet_ref_mul_s8(const octet_mul_params* p, const octet_shape* in1_shape, const int8_t* in1,
                     const octet_shape* in2_shape, const int8_t* in2, const octet_shape* out_shape,
                     int8_t* out);
int octet_ref_mul_u8(const octet_mul_params* p, const octet_shape* in1_shape, const uint8_t* in1,
                     const octet_shape* in2_shape, const uint8_t* in2, const octet_shape* out_shape,
                     uint8_t* out);
int octet_ref_mul_s16(const octet_mul_params* p, const octet_shape* in1_shape, const int16_t* in1,
                      const octet_shape* in2_shape, const int16_t* in2,
                      const octet_shape* out_shape, int16_t* out);
/* Same-shape MUL of n int16 pairs, to int16 or int8 (TFLite's MulElementwise: the cell and hidden
 * state updates of the integer LSTM). */
void octet_ref_mul_elementwise_s16(const octet_mul_params* p, int64_t n, const int16_t* in1,
                                   const int16_t* in2, int16_t* out);
void octet_ref_mul_elementwise_s16_s8(const octet_mul_params* p, int64_t n, const int16_t* in1,
                                      const int16_t* in2, int8_t* out);

/* ---- plain int32 and float32 ADD / SUB / MUL --------------------------------------------------
 * int32 arithmetic wraps on overflow (two's complement) and clamps to the activation range. */
typedef struct {
  int32_t act_min;
  int32_t act_max;
} octet_int_activation;

typedef struct {
  float act_min; /* fused activations: -FLT_MAX when unbounded, as TFLite */
  float act_max; /* fused: +FLT_MAX when unbounded; standalone RELU: +INFINITY */
} octet_float_activation;

int octet_ref_add_s32(const octet_int_activation* p, const octet_shape* in1_shape,
                      const int32_t* in1, const octet_shape* in2_shape, const int32_t* in2,
                      const octet_shape* out_shape, int32_t* out);
int octet_ref_sub_s32(const octet_int_activation* p, const octet_shape* in1_shape,
                      const int32_t* in1, const octet_shape* in2_shape, const int32_t* in2,
                      const octet_shape* out_shape, int32_t* out);
int octet_ref_mul_s32(const octet_int_activation* p, const octet_shape* in1_shape,
                      const int32_t* in1, const octet_shape* in2_shape, const int32_t* in2,
                      const octet_shape* out_shape, int32_t* out);
int octet_ref_add_f32(const octet_float_activation* p, const octet_shape* in1_shape,
                      const float* in1, const octet_shape* in2_shape, const float* in2,
                      const octet_shape* out_shape, float* out);
int octet_ref_sub_f32(const octet_float_activation* p, const octet_shape* in1_shape,
                      const float* in1, const octet_shape* in2_shape, const float* in2,
                      const octet_shape* out_shape, float* out);
int octet_ref_mul_f32(const octet_float_activation* p, const octet_shape* in1_shape,
                      const float* in1, const octet_shape* in2_shape, const float* in2,
                      const octet_shape* out_shape, float* out);
/* DIV, float (the 8-bit kernels are below). */
int octet_ref_div_f32(const octet_float_activation* p, const octet_shape* in1_shape,
                      const float* in1, const octet_shape* in2_shape, const float* in2,
                      const octet_shape* out_shape, float* out);

/* ---- EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL -------------------------------
 * Outputs are bool tensors: one byte per element, 0 or 1. Quantized inputs (s8, u8, s16) compare
 * after TFLite's rescaling: each input is offset, shifted left by `left_shift` (8) and multiplied
 * by its own scale as a Q31 multiplier (shift <= 0), so inputs on different scales compare as
 * real values. Other types (s32, s64, f32, b8 = bool) compare raw values; only `comparison` is
 * read then. Broadcasting as ADD; the kernels return 0, or -1 when the shapes do not broadcast. */
typedef enum {
  OCTET_EQUAL = 0,
  OCTET_NOT_EQUAL = 1,
  OCTET_LESS = 2,
  OCTET_LESS_EQUAL = 3,
  OCTET_GREATER = 4,
  OCTET_GREATER_EQUAL = 5
} octet_comparison;

typedef struct {
  int32_t comparison; /* an octet_comparison */
  int32_t left_shift;
  int32_t input1_offset; /* -zero_point */
  int32_t input1_multiplier;
  int32_t input1_shift; /* <= 0 */
  int32_t input2_offset;
  int32_t input2_multiplier;
  int32_t input2_shift;
} octet_compare_params;

#define OCTET_REF_DECLARE_COMPARE_(name, T)                                                 \
  int octet_ref_compare_##name(const octet_compare_params* p, const octet_shape* in1_shape, \
                               const T* in1, const octet_shape* in2_shape, const T* in2,    \
                               const octet_shape* out_shape, uint8_t* out);
OCTET_REF_DECLARE_COMPARE_(s8, int8_t)
OCTET_REF_DECLARE_COMPARE_(u8, uint8_t)
OCTET_REF_DECLARE_COMPARE_(s16, int16_t)
OCTET_REF_DECLARE_COMPARE_(s32, int32_t)
OCTET_REF_DECLARE_COMPARE_(s64, int64_t)
OCTET_REF_DECLARE_COMPARE_(f32, float)
OCTET_REF_DECLARE_COMPARE_(b8, uint8_t)
#undef OCTET_REF_DECLARE_COMPARE_

/* ---- LOGICAL_AND, LOGICAL_OR, LOGICAL_NOT (bool) ---------------------------------------------
 * A nonzero byte is true; outputs are 0 or 1. AND/OR broadcast as ADD and return 0 or -1. */
int octet_ref_logical_and_b8(const octet_shape* in1_shape, const uint8_t* in1,
                             const octet_shape* in2_shape, const uint8_t* in2,
                             const octet_shape* out_shape, uint8_t* out);
int octet_ref_logical_or_b8(const octet_shape* in1_shape, const uint8_t* in1,
                            const octet_shape* in2_shape, const uint8_t* in2,
                            const octet_shape* out_shape, uint8_t* out);
void octet_ref_logical_not_b8(int64_t n, const uint8_t* in, uint8_t* out);

/* ---- SELECT_V2 --------------------------------------------------------------------------------
 * out = condition ? x : y, the three inputs broadcast to the output (numpy rules). Values are
 * moved, not computed (x, y and the output share a quantization), so one kernel serves every type
 * by its element size: 1, 2, 4 or 8 bytes. Returns 0, or -1 when the shapes do not broadcast or
 * the size is another (nothing is written). */
typedef struct {
  int32_t elem_size;
} octet_select_params;

int octet_ref_select_v2(const octet_select_params* p, const octet_shape* condition_shape,
                        const uint8_t* condition, const octet_shape* x_shape, const void* x,
                        const octet_shape* y_shape, const void* y, const octet_shape* out_shape,
                        void* out);

/* ---- MAXIMUM, MINIMUM -------------------------------------------------------------------------
 * The larger (smaller) raw value: inputs and output share a quantization, so no rescaling (TFLM
 * compares raw values too). Float: a > b ? a : b (a < b ? a : b), as TFLM. Broadcasting as ADD;
 * returns 0, or -1 when the shapes do not broadcast. */
#define OCTET_REF_DECLARE_MAX_MIN_(name, T)                                \
  int octet_ref_maximum_##name(const octet_shape* in1_shape, const T* in1, \
                               const octet_shape* in2_shape, const T* in2, \
                               const octet_shape* out_shape, T* out);      \
  int octet_ref_minimum_##name(const octet_shape* in1_shape, const T* in1, \
                               const octet_shape* in2_shape, const T* in2, \
                               const octet_shape* out_shape, T* out);
OCTET_REF_DECLARE_MAX_MIN_(s8, int8_t)
OCTET_REF_DECLARE_MAX_MIN_(u8, uint8_t)
OCTET_REF_DECLARE_MAX_MIN_(s16, int16_t)
OCTET_REF_DECLARE_MAX_MIN_(s32, int32_t)
OCTET_REF_DECLARE_MAX_MIN_(s64, int64_t)
OCTET_REF_DECLARE_MAX_MIN_(f32, float)
#undef OCTET_REF_DECLARE_MAX_MIN_

/* ---- SQUARED_DIFFERENCE -----------------------------------------------------------------------
 * TFLM's quantized squared difference: each input offset, shifted left by `left_shift` (7 for
 * int8, 0 for int16) and rescaled by its own multiplier (shift <= 0); the difference squared
 * (wrapping, as TFLite's int32 product on two's complement machines), rescaled by the output
 * multiplier (TFLite's MultiplyByQuantizedMultiplier: any shift), offset and clamped to
 * [act_min, act_max]. s32 and f32: (a - b)^2 on raw values, int32 wrapping. */
typedef octet_add_params octet_squared_difference_params;
int octet_ref_squared_difference_s8(const octet_squared_difference_params* p,
                                    const octet_shape* in1_shape, const int8_t* in1,
                                    const octet_shape* in2_shape, const int8_t* in2,
                                    const octet_shape* out_shape, int8_t* out);
int octet_ref_squared_difference_s16(const octet_squared_difference_params* p,
                                     const octet_shape* in1_shape, const int16_t* in1,
                                     const octet_shape* in2_shape, const int16_t* in2,
                                     const octet_shape* out_shape, int16_t* out);
int octet_ref_squared_difference_s32(const octet_shape* in1_shape, const int32_t* in1,
                                     const octet_shape* in2_shape, const int32_t* in2,
                                     const octet_shape* out_shape, int32_t* out);
int octet_ref_squared_difference_f32(const octet_shape* in1_shape, const float* in1,
                                     const octet_shape* in2_shape, const float* in2,
                                     const octet_shape* out_shape, float* out);

/* ---- DIV (8 bit) ------------------------------------------------------------------------------
 * TFLite's quantized division: the divisor's reciprocal from GetReciprocal, the dividend
 * normalized by its leading sign bits, one rounding multiply each, then the output multiplier with
 * the collected shift; offset and clamped. A divisor equal to its zero point is a division by
 * zero (undefined in TFLite): the kernels then write nothing and return 1. A quotient too small
 * for the output (a total right shift of 32 or more, where TFLite's gemmlowp asserts) rounds to
 * 0, giving the output zero point. Returns 0, -1 when the shapes do not broadcast, or 1. */
typedef octet_mul_params octet_div_params;
int octet_ref_div_s8(const octet_div_params* p, const octet_shape* in1_shape, const int8_t* in1,
                     const octet_shape* in2_shape, const int8_t* in2, const octet_shape* out_shape,
                     int8_t* out);
int octet_ref_div_u8(const octet_div_params* p, const octet_shape* in1_shape, const uint8_t* in1,
                     const octet_shape* in2_shape, const uint8_t* in2, const octet_shape* out_shape,
                     uint8_t* out);

/* ---- PRELU ------------------------------------------------------------------------------------
 * x = input + input_offset; out = clamp(output_offset + (x >= 0 ? MBQM(x, m1, s1)
 * : MBQM(x * (alpha + alpha_offset), m2, s2))). int16 inputs take int8 alphas (TFLM). input and
 * alpha broadcast to the output; returns 0, or -1 when they do not. */
typedef struct {
  int32_t input_offset; /* -zero_point */
  int32_t alpha_offset; /* -zero_point */
  int32_t output_offset;
  int32_t output_multiplier_1; /* input_scale / output_scale */
  int32_t output_shift_1;
  int32_t output_multiplier_2; /* input_scale * alpha_scale / output_scale */
  int32_t output_shift_2;
} octet_prelu_params;

int octet_ref_prelu_s8(const octet_prelu_params* p, const octet_shape* in_shape, const int8_t* in,
                       const octet_shape* alpha_shape, const int8_t* alpha,
                       const octet_shape* out_shape, int8_t* out);
int octet_ref_prelu_s16(const octet_prelu_params* p, const octet_shape* in_shape, const int16_t* in,
                        const octet_shape* alpha_shape, const int8_t* alpha,
                        const octet_shape* out_shape, int16_t* out);
/* out = in >= 0 ? in : in * alpha. */
int octet_ref_prelu_f32(const octet_shape* in_shape, const float* in,
                        const octet_shape* alpha_shape, const float* alpha,
                        const octet_shape* out_shape, float* out);

/* ---- ABS --------------------------------------------------------------------------------------
 * TFLM's: v = |in - input_zero_point|; clamp(v + output_zero_point) when the scales are equal
 * (`rescale` 0), else clamp(MBQM(v, multiplier, shift) + output_zero_point). Float: fabsf. */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier;
  int32_t shift;
  int32_t rescale;
} octet_abs_params;

void octet_ref_abs_s8(const octet_abs_params* p, int64_t n, const int8_t* in, int8_t* out);
void octet_ref_abs_s16(const octet_abs_params* p, int64_t n, const int16_t* in, int16_t* out);
void octet_ref_abs_f32(int64_t n, const float* in, float* out);

/* ---- RSQRT (int8) -----------------------------------------------------------------------------
 * TFLM's: v = in - input_zero_point; v == 0 gives 127; otherwise the inverse square root of v as
 * a multiplier (TFLite's GetInvSqrtQuantizedMultiplierExp), applied to 1 << 20, then the output
 * multiplier 1 / (sqrt(input_scale) * output_scale) with the 20 bits taken back; offset, clamped.
 * An input below the zero point (a negative real) is an error in TFLM: the kernel then writes
 * nothing and returns 1; 0 otherwise. */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier;
  int32_t shift;
} octet_rsqrt_params;

int octet_ref_rsqrt_s8(const octet_rsqrt_params* p, int64_t n, const int8_t* in, int8_t* out);

/* ---- ELU and other 8-bit lookups ---------------------------------------------------------------
 * out = table[(uint8_t)in]: the 256 outputs precomputed at prepare (TFLM's ELU: LUTPopulate in
 * float). Element i is read before it is written. Float ELU: x < 0 ? expm1f(x) : x. */
typedef struct {
  int8_t table[256]; /* indexed by the input's byte */
} octet_lut_s8_params;

void octet_ref_lut_s8(const octet_lut_s8_params* p, int64_t n, const int8_t* in, int8_t* out);
void octet_ref_elu_f32(int64_t n, const float* in, float* out);

/* ---- Float unary math: EXP, LOG, SQRT, RSQRT, FLOOR -------------------------------------------
 * EXP, LOG, SQRT and FLOOR octet runs in float only (the quantizer reports them as having no
 * integer form); RSQRT also has the int8 kernel above. */
void octet_ref_exp_f32(int64_t n, const float* in, float* out);
void octet_ref_log_f32(int64_t n, const float* in, float* out);
void octet_ref_sqrt_f32(int64_t n, const float* in, float* out);
void octet_ref_rsqrt_f32(int64_t n, const float* in, float* out);
void octet_ref_floor_f32(int64_t n, const float* in, float* out);

/* ---- RELU, RELU6, RELU_N1_TO_1 ---------------------------------------------------------------
 * TFLite's ReluX: out = clamp(output_zero_point + MultiplyByQuantizedMultiplier(in -
 * input_zero_point, m, shift), act_min, act_max). One kernel serves all three ops (and TFLM's
 * RELU6, which clamps in the input domain: identity multiplier, see prepare_relu). */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t act_min;
  int32_t act_max;
} octet_relu_params;

void octet_ref_relu_s8(const octet_relu_params* p, int64_t n, const int8_t* in, int8_t* out);
void octet_ref_relu_u8(const octet_relu_params* p, int64_t n, const uint8_t* in, uint8_t* out);
void octet_ref_relu_s16(const octet_relu_params* p, int64_t n, const int16_t* in, int16_t* out);
/* Float: clamp to [act_min, act_max]; NaN passes through as in TFLite. */
void octet_ref_relu_f32(const octet_float_activation* p, int64_t n, const float* in, float* out);

/* ---- LEAKY_RELU --------------------------------------------------------------------------------
 * d = in - input_zero_point; out = clamp_to_type(output_zero_point + MBQM(d, identity) when d >= 0,
 * MBQM(d, alpha) otherwise). The alpha multiplier may be negative. */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier_identity;
  int32_t shift_identity;
  int32_t multiplier_alpha;
  int32_t shift_alpha;
  float alpha; /* f32 only */
} octet_leaky_relu_params;

void octet_ref_leaky_relu_s8(const octet_leaky_relu_params* p, int64_t n, const int8_t* in,
                             int8_t* out);
void octet_ref_leaky_relu_u8(const octet_leaky_relu_params* p, int64_t n, const uint8_t* in,
                             uint8_t* out);
void octet_ref_leaky_relu_s16(const octet_leaky_relu_params* p, int64_t n, const int16_t* in,
                              int16_t* out);
/* out = in > 0 ? in : in * alpha. */
void octet_ref_leaky_relu_f32(const octet_leaky_relu_params* p, int64_t n, const float* in,
                              float* out);

/* ---- QUANTIZE: float -> int ------------------------------------------------------------------
 * TFLite's AffineQuantize: q = round_half_away(in / scale) + zero_point, the division in float,
 * clamped to the output type. Out-of-int32-range quotients (and NaN) saturate here, where TFLite
 * would hit undefined behaviour. */
typedef struct {
  float scale;
  int32_t zero_point;
} octet_quantize_params;

void octet_ref_quantize_f32_s8(const octet_quantize_params* p, int64_t n, const float* in,
                               int8_t* out);
void octet_ref_quantize_f32_u8(const octet_quantize_params* p, int64_t n, const float* in,
                               uint8_t* out);
void octet_ref_quantize_f32_s16(const octet_quantize_params* p, int64_t n, const float* in,
                                int16_t* out);

/* ---- QUANTIZE: int -> int (TFLM's Requantize) ------------------------------------------------
 * out = clamp_to_type(MultiplyByQuantizedMultiplier(in - input_zero_point, m, shift) +
 * output_zero_point). s8->u8 and u8->s8 with equal scales and zero points 128 apart flip the top
 * bit (TFLM's fast path; the general formula gives the same bytes). */
typedef struct {
  int32_t multiplier;
  int32_t shift;
  int32_t input_zero_point;
  int32_t output_zero_point;
} octet_requantize_params;

#define OCTET_REF_DECLARE_REQUANTIZE_(in_name, in_type, out_name, out_type)                     \
  void octet_ref_requantize_##in_name##_##out_name(const octet_requantize_params* p, int64_t n, \
                                                   const in_type* in, out_type* out);
#define OCTET_REF_DECLARE_REQUANTIZE_TO_(out_name, out_type)      \
  OCTET_REF_DECLARE_REQUANTIZE_(s8, int8_t, out_name, out_type)   \
  OCTET_REF_DECLARE_REQUANTIZE_(u8, uint8_t, out_name, out_type)  \
  OCTET_REF_DECLARE_REQUANTIZE_(s16, int16_t, out_name, out_type) \
  OCTET_REF_DECLARE_REQUANTIZE_(s32, int32_t, out_name, out_type)
/* octet_ref_requantize_<in>_<out> for in, out in {s8, u8, s16, s32}. */
OCTET_REF_DECLARE_REQUANTIZE_TO_(s8, int8_t)
OCTET_REF_DECLARE_REQUANTIZE_TO_(u8, uint8_t)
OCTET_REF_DECLARE_REQUANTIZE_TO_(s16, int16_t)
OCTET_REF_DECLARE_REQUANTIZE_TO_(s32, int32_t)
#undef OCTET_REF_DECLARE_REQUANTIZE_TO_
#undef OCTET_REF_DECLARE_REQUANTIZE_

/* ---- DEQUANTIZE ------------------------------------------------------------------------------
 * out = scale * (in - zero_point). TFLite forms the product in double and rounds it to float
 * once; the exact product of a float and an integer below 2^24 rounds the same way in float. */
typedef struct {
  float scale;
  int32_t zero_point;
} octet_dequantize_params;

void octet_ref_dequantize_s8(const octet_dequantize_params* p, int64_t n, const int8_t* in,
                             float* out);
void octet_ref_dequantize_u8(const octet_dequantize_params* p, int64_t n, const uint8_t* in,
                             float* out);
void octet_ref_dequantize_s16(const octet_dequantize_params* p, int64_t n, const int16_t* in,
                              float* out);
/* IEEE binary16 bit patterns to float32 (exact; subnormals, infinities and NaN preserved). */
void octet_ref_dequantize_f16(int64_t n, const uint16_t* in, float* out);

/* ---- ADD_N, CUMSUM (int8) ---------------------------------------------------------------------
 * TFLM's 8-bit sums: every input value is offset, shifted left by `left_shift` (20) and rescaled
 * by the input multiplier (all inputs share one quantization); the running sum starts from the
 * rescaled offset itself (TFLM initializes it with input_offset, not 0: that is its arithmetic),
 * and each output is the sum rescaled by the output multiplier, offset and clamped to
 * [act_min, act_max]. Sums wrap as int32. */
typedef struct {
  int32_t input_offset; /* -zero_point */
  int32_t output_offset;
  int32_t left_shift;
  int32_t input_multiplier;
  int32_t input_shift; /* <= 0 */
  int32_t output_multiplier;
  int32_t output_shift; /* <= 0 */
  int32_t act_min;
  int32_t act_max;
} octet_sum_params;

/* ADD_N: out[i] = sum over the `count` inputs (all of `n` elements, of the output's type); `sum`
 * is read by the int8 kernel only. */
typedef struct {
  int32_t count;
  octet_sum_params sum;
} octet_add_n_params;

void octet_ref_add_n_s8(const octet_add_n_params* p, const void* const* inputs, int64_t n,
                        int8_t* out);
void octet_ref_add_n_s32(const octet_add_n_params* p, const void* const* inputs, int64_t n,
                         int32_t* out);
void octet_ref_add_n_f32(const octet_add_n_params* p, const void* const* inputs, int64_t n,
                         float* out);

/* CUMSUM along `axis` of `shape` (0 <= axis < rank); `exclusive` (0 or 1) leaves each element out
 * of its own sum, `reverse` (0 or 1) sums from the end; `sum` is read by the int8 kernel only. */
typedef struct {
  int32_t axis;
  int32_t exclusive;
  int32_t reverse;
  octet_sum_params sum;
} octet_cumsum_params;

void octet_ref_cumsum_s8(const octet_cumsum_params* p, const octet_shape* shape, const int8_t* in,
                         int8_t* out);
void octet_ref_cumsum_f32(const octet_cumsum_params* p, const octet_shape* shape, const float* in,
                          float* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
