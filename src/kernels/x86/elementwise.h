// elementwise.h - quantized ADD / SUB of two int8 or uint8 tensors of the same shape (the
// residual connections of MobileNet/ResNet): TFLite's general quantized add, vectorized exactly.
// An input may be one value broadcast; the runtime splits a row broadcast into rows. Other
// broadcasts go to the reference kernel.
#pragma once

#include <cstdint>

#include "octet_kernels.h"

namespace octet::x86 {

enum class AddOp : uint8_t { kAdd, kSub };

// out[i] = clamp(RDBPOT(SRDHM(s1 +- s2, m_out), e_out) + zp_out) with
// s_j = RDBPOT(SRDHM((x_j + offset_j) << left_shift, m_j), e_j), exactly as octet_ref_add_s8/u8
// and octet_ref_sub_s8/u8 (uint8 SUB adds, its input-2 multiplier is negative; see
// octet_ref_elementwise.h). n elements; x_1 = a[i * a_stride], x_2 = b[i * b_stride], strides 1,
// or 0 for an input that is one value broadcast.
void add_q8_avx2(const octet_add_params* p, bool is_unsigned, AddOp op, const uint8_t* a,
                 int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n);
// The same on AVX-512 (F/BW), 64 elements per step (the rest on add_q8_avx2).
void add_q8_avx512(const octet_add_params* p, bool is_unsigned, AddOp op, const uint8_t* a,
                   int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n);
// The same arithmetic one element at a time (tails, tests).
void add_q8_portable(const octet_add_params* p, bool is_unsigned, AddOp op, const uint8_t* a,
                     int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n);

}  // namespace octet::x86
