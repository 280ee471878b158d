// mul.h - quantized MUL of int8 or uint8 tensors: same shapes, or the second input one value
// (scalar) or a row repeated along the first (the runtime splits that case into rows). TFLite's
// arithmetic exactly as octet_ref_mul_s8/u8: out = clamp(MBQM((a + offset1) * (b + offset2), m,
// shift) + output_offset). Other broadcasts go to the reference kernel.
#pragma once

#include <cstdint>

#include "octet_kernels.h"

namespace octet::x86 {

// The output shift the vector kernel takes: [-31, 30], where the reference's shifts are defined
// (prepare_mul never gives more than 30).
bool mul_q8_avx2_supports(const octet_mul_params* p);

// out[i] = mul(a[i], b[i * b_stride]) for i < n; b_stride is 1 or 0.
void mul_q8_avx2(const octet_mul_params* p, bool is_unsigned, const uint8_t* a, const uint8_t* b,
                 int64_t b_stride, uint8_t* out, int64_t n);
// The same arithmetic one element at a time (tails, tests).
void mul_q8_portable(const octet_mul_params* p, bool is_unsigned, const uint8_t* a,
                     const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n);

}  // namespace octet::x86
