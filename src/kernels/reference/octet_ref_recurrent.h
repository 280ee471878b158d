/* octet_ref_recurrent.h - declarations of one family of octet's reference kernels; include
 * octet_kernels.h rather than this file.
 *
 * The "recurrent" family: the ops that carry state from one invoke to the next in variable
 * tensors, UNIDIRECTIONAL_SEQUENCE_LSTM and SVDF. Bit-exact with TensorFlow Lite Micro's reference
 * kernels (lstm_eval.h and svdf_common.cc). The state tensors belong to the caller: the kernels
 * read and update them in place, and the caller zeroes them (int8: fills with the zero point) to
 * start a new sequence, as TFLM's ResetVariableTensors does. Params structs are filled by
 * src/kernels/prepare/lstm.h and svdf.h; scratch comes from the caller (the arena), sized by the
 * *_scratch_bytes functions.
 */
#ifndef OCTET_REF_RECURRENT_H_
#define OCTET_REF_RECURRENT_H_

#include "octet_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- UNIDIRECTIONAL_SEQUENCE_LSTM ------------------------------------------------------------
 * The standard LSTM TFLM runs (no peephole, projection, layer norm or CIFG). Per time step, for
 * each gate g in (input, forget, cell, output):
 *   g = act(FC(x_t, W_g) + bias_g + FC(h, R_g))   act: sigmoid; the cell gate's is configurable
 *   c = forget * c + input * cell_gate             (clipped to +-cell_clip when cell_clip > 0)
 *   h = output * tanh(c);  y_t = h
 * Integer (s8: int8 activations, int32 bias; s16: 16x8, int64 bias): int8 weights; each matmul
 * (bias + products wrap mod 2^32, 2^64 for s16: defined for any model) goes to int16 at 2^-12,
 * saturating; the two add with int16 saturation; gate activations: the int16 table kernels (out
 * at 2^-15); the cell state: int16 at a power-of-two scale. Float: the same steps in float. */

enum {
  OCTET_LSTM_INPUT_GATE = 0,
  OCTET_LSTM_FORGET_GATE = 1,
  OCTET_LSTM_CELL_GATE = 2,
  OCTET_LSTM_OUTPUT_GATE = 3
};

typedef struct {
  int32_t batch, time, input_size, state_size;
  /* Nonzero: input [time, batch, input_size], all batches step together. Zero: input
   * [batch, time, input_size], each batch runs its whole sequence in turn. */
  int32_t time_major;
  int32_t cell_gate_sigmoid; /* the cell gate's activation: 0 tanh, 1 sigmoid */
  int32_t use_cell_clip;     /* cell_clip > 0 */
  /* Integer: the matmuls of x and h into each gate, indexed by OCTET_LSTM_*_GATE (per-tensor
   * multipliers repeated per output channel). Float: only float_act_min/max are read. */
  octet_fully_connected_params input_fc[4], recurrent_fc[4];
  octet_mul_params forget_cell_mul; /* forget gate (2^-15) x cell state -> cell state */
  octet_mul_params input_mul;       /* input gate x cell gate (2^-15 each) -> cell state */
  octet_mul_params output_mul;      /* tanh(cell) x output gate (2^-15 each) -> hidden state */
  octet_sigmoid_params cell_tanh;   /* tanh of the cell state at its scale (s16 table params) */
  int16_t quantized_cell_clip;
  float cell_clip; /* f32 */
} octet_lstm_params;

typedef struct {
  const void* input_weights[4];     /* [state_size, input_size]: int8 (integer) or float */
  const void* recurrent_weights[4]; /* [state_size, state_size] */
  const void* bias[4];              /* [state_size]: int32 (s8), int64 (s16) or float */
} octet_lstm_weights;

/* Scratch of the LSTM kernels: four gate buffers of the rows one step processes (batch when time
 * major, else 1) times state_size, of cell_bytes each (2 for the integer kernels, 4 for f32). */
size_t octet_ref_lstm_scratch_bytes(const octet_lstm_params* p, size_t cell_bytes);

/* hidden_state [batch, state_size] and cell_state [batch, state_size] are updated in place;
 * output [batch, time, state_size] (or [time, batch, state_size]) receives every step's h. */
void octet_ref_unidirectional_sequence_lstm_s8(const octet_lstm_params* p,
                                               const octet_lstm_weights* w, const int8_t* input,
                                               int8_t* hidden_state, int16_t* cell_state,
                                               int8_t* output, int16_t* scratch);
void octet_ref_unidirectional_sequence_lstm_s16(const octet_lstm_params* p,
                                                const octet_lstm_weights* w, const int16_t* input,
                                                int16_t* hidden_state, int16_t* cell_state,
                                                int16_t* output, int16_t* scratch);
void octet_ref_unidirectional_sequence_lstm_f32(const octet_lstm_params* p,
                                                const octet_lstm_weights* w, const float* input,
                                                float* hidden_state, float* cell_state,
                                                float* output, float* scratch);
/* The same with the weights as a list of 12 tensors: input weights, recurrent weights and biases,
 * each by OCTET_LSTM_*_GATE (what a plan's tensor list passes). */
void octet_ref_unidirectional_sequence_lstm_s8_list(const octet_lstm_params* p,
                                                    const void* const* weights, const int8_t* input,
                                                    int8_t* hidden_state, int16_t* cell_state,
                                                    int8_t* output, int16_t* scratch);
void octet_ref_unidirectional_sequence_lstm_s16_list(const octet_lstm_params* p,
                                                     const void* const* weights,
                                                     const int16_t* input, int16_t* hidden_state,
                                                     int16_t* cell_state, int16_t* output,
                                                     int16_t* scratch);
void octet_ref_unidirectional_sequence_lstm_f32_list(const octet_lstm_params* p,
                                                     const void* const* weights, const float* input,
                                                     float* hidden_state, float* cell_state,
                                                     float* output, float* scratch);

/* ---- SVDF -------------------------------------------------------------------------------------
 * A rank-limited 1-D convolution over time: the state [batch, num_filters * memory_size] holds
 * each filter's last memory_size feature values. Per invoke: the state shifts one step left, the
 * newest column becomes input x weights_feature[num_filters, input_size] (integer: requantized to
 * the state's scale and clamped to its type), each filter's memory is dotted with its
 * weights_time[num_filters, memory_size] row, each unit sums its rank filters plus bias, and the
 * sum is requantized to the int8 output. The integer kernels apply no fused activation (TFLM's
 * do not); f32 applies it (float_act_min/max). Accumulations wrap in int32 (two's complement). */

typedef struct {
  int32_t batch, input_size, num_filters, rank, memory_size; /* units = num_filters / rank */
  int32_t input_zero_point, state_zero_point, output_zero_point;
  int32_t multiplier_1, shift_1; /* input x weights_feature -> state */
  int32_t multiplier_2, shift_2; /* state x weights_time -> output */
  float float_act_min, float_act_max;
} octet_svdf_params;

/* Integer kernels: (batch * num_filters + batch * units) int32; f32: batch * num_filters floats. */
size_t octet_ref_svdf_scratch_bytes(const octet_svdf_params* p, int is_float);

/* int8 input and output, int8 feature weights, int32 bias (may be NULL); s8: int16 time weights
 * and state, s8_state8: int8 time weights and state. */
void octet_ref_svdf_s8(const octet_svdf_params* p, const int8_t* input,
                       const int8_t* weights_feature, const int16_t* weights_time,
                       const int32_t* bias, int16_t* state, int8_t* output, int32_t* scratch);
void octet_ref_svdf_s8_state8(const octet_svdf_params* p, const int8_t* input,
                              const int8_t* weights_feature, const int8_t* weights_time,
                              const int32_t* bias, int8_t* state, int8_t* output, int32_t* scratch);
void octet_ref_svdf_f32(const octet_svdf_params* p, const float* input,
                        const float* weights_feature, const float* weights_time, const float* bias,
                        float* state, float* output, float* scratch);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
