/* rnn_lstm.c - UNIDIRECTIONAL_SEQUENCE_LSTM reference kernels (see octet_ref_recurrent.h).
 *
 * The order of the steps and the reuse of the four scratch buffers follow TFLM's LstmStep: forget,
 * input and cell gates; the cell update; then the output gate (from the old hidden state) and
 * the new hidden state, which is also the step's output. */
#include <float.h>
#include <string.h>

#include "nn_internal.h"
#include "octet_kernels.h"

/* Rows one step processes: every batch when time major, else one batch at a time. */
static int32_t lstm_rows(const octet_lstm_params* p) { return p->time_major ? p->batch : 1; }

size_t octet_ref_lstm_scratch_bytes(const octet_lstm_params* p, size_t cell_bytes) {
  return (size_t)4 * (size_t)lstm_rows(p) * (size_t)p->state_size * cell_bytes;
}

static octet_shape lstm_shape2(int32_t rows, int32_t cols) {
  octet_shape s;
  memset(&s, 0, sizeof(s));
  s.rank = 2;
  s.dims[0] = rows;
  s.dims[1] = cols;
  return s;
}

/* ---- integer ------------------------------------------------------------------------------ */

static void lstm_add_saturating_s16(int64_t n, int16_t* acc, const int16_t* x) {
  int64_t i;
  for (i = 0; i < n; ++i) {
    acc[i] = (int16_t)octet_clamp_i32((int32_t)acc[i] + x[i], INT16_MIN, INT16_MAX);
  }
}

/* A gate's nonlinearity at the matmuls' fixed scale 2^-12, in place: power-of-two table
 * parameters with no shift (TFLM's Sigmoid and Tanh(-12)). */
static void lstm_activate_s16(int sigmoid, const octet_shape* shape, int16_t* gate) {
  static const octet_sigmoid_params kQ3_12 = {0, 0, 0, 0};
  if (sigmoid) {
    octet_ref_logistic_s16(&kQ3_12, shape, gate, gate);
  } else {
    octet_ref_tanh_s16(&kQ3_12, shape, gate, gate);
  }
}

/* c = forget * c + input * cell_gate, clipped; input_gate is overwritten with its product. */
static void lstm_update_cell_s16(const octet_lstm_params* p, int64_t n, int16_t* cell,
                                 const int16_t* forget, int16_t* input_gate,
                                 const int16_t* cell_gate) {
  int64_t i;
  octet_ref_mul_elementwise_s16(&p->forget_cell_mul, n, forget, cell, cell);
  octet_ref_mul_elementwise_s16(&p->input_mul, n, input_gate, cell_gate, input_gate);
  lstm_add_saturating_s16(n, cell, input_gate);
  if (p->use_cell_clip) {
    const int16_t hi = p->quantized_cell_clip, lo = (int16_t)-p->quantized_cell_clip;
    for (i = 0; i < n; ++i) {
      const int16_t c = cell[i] < hi ? cell[i] : hi;
      cell[i] = c > lo ? c : lo;
    }
  }
}

/* gate = act(FC(x, W) + bias  +sat  FC(h, R)), both matmuls saturated to int16 first; fc_out is
 * scratch. */
#define OCTET_LSTM_GATE_INT(NAME, ACT_T, BIAS_T, FC)                                              \
  static void NAME(const octet_lstm_params* p, const octet_lstm_weights* w, int gate_index,       \
                   int sigmoid, const ACT_T* x, const ACT_T* h, int16_t* gate, int16_t* fc_out) { \
    const int32_t rows = lstm_rows(p);                                                            \
    const octet_shape in_w = lstm_shape2(p->state_size, p->input_size);                           \
    const octet_shape rec_w = lstm_shape2(p->state_size, p->state_size);                          \
    const octet_shape out = lstm_shape2(rows, p->state_size);                                     \
    FC(&p->input_fc[gate_index], x, &in_w, (const int8_t*)w->input_weights[gate_index],           \
       (const BIAS_T*)w->bias[gate_index], &out, gate);                                           \
    FC(&p->recurrent_fc[gate_index], h, &rec_w, (const int8_t*)w->recurrent_weights[gate_index],  \
       (const BIAS_T*)0, &out, fc_out);                                                           \
    lstm_add_saturating_s16((int64_t)rows * p->state_size, gate, fc_out);                         \
    lstm_activate_s16(sigmoid, &out, gate);                                                       \
  }

OCTET_LSTM_GATE_INT(lstm_gate_s8, int8_t, int32_t, octet_ref_fully_connected_s8_s16)
OCTET_LSTM_GATE_INT(lstm_gate_s16, int16_t, int64_t, octet_ref_fully_connected_s16)

#define OCTET_DEFINE_LSTM_INT(NAME, ACT_T, GATE, HIDDEN_MUL)                             \
  void NAME(const octet_lstm_params* p, const octet_lstm_weights* w, const ACT_T* input, \
            ACT_T* hidden_state, int16_t* cell_state, ACT_T* output, int16_t* scratch) { \
    const int32_t rows = lstm_rows(p), n_state = p->state_size;                          \
    const int64_t n = (int64_t)rows * n_state;                                           \
    const octet_shape flat = lstm_shape2(1, (int32_t)n);                                 \
    int16_t* forget = scratch;                                                           \
    int16_t* in_gate = scratch + n; /* then input x cell gate, then the output gate */   \
    int16_t* cell_gate = scratch + 2 * n;                                                \
    int16_t* fc_out = scratch + 3 * n;                                                   \
    const int32_t sequences = p->time_major ? 1 : p->batch;                              \
    int32_t b, t;                                                                        \
    for (b = 0; b < sequences; ++b) {                                                    \
      ACT_T* h = hidden_state + (int64_t)b * n_state;                                    \
      int16_t* c = cell_state + (int64_t)b * n_state;                                    \
      for (t = 0; t < p->time; ++t) {                                                    \
        const int64_t step = (int64_t)b * p->time + t;                                   \
        const ACT_T* x = input + step * rows * p->input_size;                            \
        GATE(p, w, OCTET_LSTM_FORGET_GATE, 1, x, h, forget, fc_out);                     \
        GATE(p, w, OCTET_LSTM_INPUT_GATE, 1, x, h, in_gate, fc_out);                     \
        GATE(p, w, OCTET_LSTM_CELL_GATE, p->cell_gate_sigmoid, x, h, cell_gate, fc_out); \
        lstm_update_cell_s16(p, n, c, forget, in_gate, cell_gate);                       \
        GATE(p, w, OCTET_LSTM_OUTPUT_GATE, 1, x, h, in_gate, fc_out);                    \
        octet_ref_tanh_s16(&p->cell_tanh, &flat, c, forget);                             \
        HIDDEN_MUL(&p->output_mul, n, forget, in_gate, h);                               \
        memcpy(output + step * n, h, (size_t)n * sizeof(ACT_T));                         \
      }                                                                                  \
    }                                                                                    \
  }

OCTET_DEFINE_LSTM_INT(octet_ref_unidirectional_sequence_lstm_s8, int8_t, lstm_gate_s8,
                      octet_ref_mul_elementwise_s16_s8)
OCTET_DEFINE_LSTM_INT(octet_ref_unidirectional_sequence_lstm_s16, int16_t, lstm_gate_s16,
                      octet_ref_mul_elementwise_s16)

/* ---- float -------------------------------------------------------------------------------- */

/* TFLM's float Mul: the product clamped to [-FLT_MAX, FLT_MAX] (its activation range). */
static void lstm_mul_f32(int64_t n, const float* a, const float* b, float* out) {
  int64_t i;
  for (i = 0; i < n; ++i) out[i] = octet_nn_clamp_f32(a[i] * b[i], -FLT_MAX, FLT_MAX);
}

static void lstm_gate_f32(const octet_lstm_params* p, const octet_lstm_weights* w, int gate_index,
                          int sigmoid, const float* x, const float* h, float* gate, float* fc_out) {
  const int32_t rows = lstm_rows(p);
  const int64_t n = (int64_t)rows * p->state_size;
  const octet_shape in_w = lstm_shape2(p->state_size, p->input_size);
  const octet_shape rec_w = lstm_shape2(p->state_size, p->state_size);
  const octet_shape out = lstm_shape2(rows, p->state_size);
  int64_t i;
  octet_ref_fully_connected_f32(&p->input_fc[gate_index], x, &in_w,
                                (const float*)w->input_weights[gate_index],
                                (const float*)w->bias[gate_index], &out, gate);
  octet_ref_fully_connected_f32(&p->recurrent_fc[gate_index], h, &rec_w,
                                (const float*)w->recurrent_weights[gate_index], (const float*)0,
                                &out, fc_out);
  for (i = 0; i < n; ++i) gate[i] += fc_out[i];
  if (sigmoid) {
    octet_ref_logistic_f32(&out, gate, gate);
  } else {
    octet_ref_tanh_f32(&out, gate, gate);
  }
}

void octet_ref_unidirectional_sequence_lstm_f32(const octet_lstm_params* p,
                                                const octet_lstm_weights* w, const float* input,
                                                float* hidden_state, float* cell_state,
                                                float* output, float* scratch) {
  const int32_t rows = lstm_rows(p), n_state = p->state_size;
  const int64_t n = (int64_t)rows * n_state;
  const octet_shape flat = lstm_shape2(1, (int32_t)n);
  float* forget = scratch;
  float* in_gate = scratch + n;
  float* cell_gate = scratch + 2 * n;
  float* fc_out = scratch + 3 * n;
  const int32_t sequences = p->time_major ? 1 : p->batch;
  int32_t b, t;
  int64_t i;
  for (b = 0; b < sequences; ++b) {
    float* h = hidden_state + (int64_t)b * n_state;
    float* c = cell_state + (int64_t)b * n_state;
    for (t = 0; t < p->time; ++t) {
      const int64_t step = (int64_t)b * p->time + t;
      const float* x = input + step * rows * p->input_size;
      lstm_gate_f32(p, w, OCTET_LSTM_FORGET_GATE, 1, x, h, forget, fc_out);
      lstm_gate_f32(p, w, OCTET_LSTM_INPUT_GATE, 1, x, h, in_gate, fc_out);
      lstm_gate_f32(p, w, OCTET_LSTM_CELL_GATE, p->cell_gate_sigmoid, x, h, cell_gate, fc_out);
      lstm_mul_f32(n, forget, c, c);
      lstm_mul_f32(n, in_gate, cell_gate, in_gate);
      for (i = 0; i < n; ++i) c[i] += in_gate[i];
      if (p->use_cell_clip) {
        /* std::max(std::min(clip, c), -clip), NaN handling included. */
        for (i = 0; i < n; ++i) {
          const float lo = c[i] < p->cell_clip ? c[i] : p->cell_clip;
          c[i] = lo < -p->cell_clip ? -p->cell_clip : lo;
        }
      }
      lstm_gate_f32(p, w, OCTET_LSTM_OUTPUT_GATE, 1, x, h, in_gate, fc_out);
      octet_ref_tanh_f32(&flat, c, forget);
      lstm_mul_f32(n, forget, in_gate, h);
      memcpy(output + step * n, h, (size_t)n * sizeof(float));
    }
  }
}

/* The kernels with their weights as a list of 12 tensors (input weights, recurrent weights and
 * biases, each by OCTET_LSTM_*_GATE): how a plan passes them (the generated code's tensor list). */
static octet_lstm_weights lstm_weights_from_list(const void* const* list) {
  octet_lstm_weights w;
  int g;
  for (g = 0; g < 4; ++g) {
    w.input_weights[g] = list[g];
    w.recurrent_weights[g] = list[4 + g];
    w.bias[g] = list[8 + g];
  }
  return w;
}

void octet_ref_unidirectional_sequence_lstm_s8_list(const octet_lstm_params* p,
                                                    const void* const* weights, const int8_t* input,
                                                    int8_t* hidden_state, int16_t* cell_state,
                                                    int8_t* output, int16_t* scratch) {
  const octet_lstm_weights w = lstm_weights_from_list(weights);
  octet_ref_unidirectional_sequence_lstm_s8(p, &w, input, hidden_state, cell_state, output,
                                            scratch);
}

void octet_ref_unidirectional_sequence_lstm_s16_list(const octet_lstm_params* p,
                                                     const void* const* weights,
                                                     const int16_t* input, int16_t* hidden_state,
                                                     int16_t* cell_state, int16_t* output,
                                                     int16_t* scratch) {
  const octet_lstm_weights w = lstm_weights_from_list(weights);
  octet_ref_unidirectional_sequence_lstm_s16(p, &w, input, hidden_state, cell_state, output,
                                             scratch);
}

void octet_ref_unidirectional_sequence_lstm_f32_list(const octet_lstm_params* p,
                                                     const void* const* weights, const float* input,
                                                     float* hidden_state, float* cell_state,
                                                     float* output, float* scratch) {
  const octet_lstm_weights w = lstm_weights_from_list(weights);
  octet_ref_unidirectional_sequence_lstm_f32(p, &w, input, hidden_state, cell_state, output,
                                             scratch);
}
