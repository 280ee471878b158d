/* ew_math.c - float-only elementwise math (EXP, LOG, SQRT, RSQRT, FLOOR). */
#include <math.h>

#include "octet_kernels.h"

void octet_ref_exp_f32(int64_t n, const float* in, float* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = expf(in[i]);
}

void octet_ref_log_f32(int64_t n, const float* in, float* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = logf(in[i]);
}

void octet_ref_sqrt_f32(int64_t n, const float* in, float* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = sqrtf(in[i]);
}

void octet_ref_rsqrt_f32(int64_t n, const float* in, float* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = 1.0f / sqrtf(in[i]);
}

void octet_ref_floor_f32(int64_t n, const float* in, float* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = floorf(in[i]);
}
