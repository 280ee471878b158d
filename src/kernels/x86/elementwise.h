// elementwise.h - quantized ADD / SUB of two int8 or uint8 tensors of the same shape (the
// residual connections of MobileNet/ResNet): TFLite's general quantized add, vectorized exactly.
// An input may be one value broadcast; the runtime splits a row broadcast into rows. Other
// broadcasts go to the reference kernel.
#pragma once

#include <cstdint>
#include <optional>

#include "kernels/x86/requant.h"
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
// ADD/SUB by table (AVX-512 VBMI). Each input's rescaled term s_j depends on its byte alone, so
// prepare tabulates it for the 256 byte values; the kernel looks both terms up with byte permutes
// (vpermi2b: 128 entries per instruction, one table per byte of the int32 term), adds them and
// requantizes the sum in requant.h's AVX-512 kFast form. That replaces the two per-element
// SRDHM/RDBPOT evaluations (~17 vector operations per 16 elements each) with ~5. The output stage
// must allow kFast (e_out >= 1, sums well inside int32); make_add_tables says when.
struct AddTables {
  // terms[j][b][v]: byte b (little-endian) of input j's term for the byte v, read as the unsigned
  // byte it is in memory (int8 inputs: v = x & 255). Input 1's term carries the +B of kFast's
  // a = x + B, and for int8 SUB input 2's is negated, so that a = term1 + term2 (modulo 2^32).
  alignas(64) uint8_t terms[2][4][256];
  RequantTable out;  // the output multiplier and shift on 16 identical lanes
  bool sign = true;  // kFast's sign term (requant_avx512.h's sign_matters)
  bool is_unsigned = false;
};
std::optional<AddTables> make_add_tables(const octet_add_params* p, bool is_unsigned, AddOp op);
// n elements as add_q8_avx2 (strides 1, or 0 for one value broadcast), from the tables.
void add_q8_tables_avx512vbmi(const AddTables& t, const uint8_t* a, int64_t a_stride,
                              const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n);

// The same arithmetic one element at a time (tails, tests).
void add_q8_portable(const octet_add_params* p, bool is_unsigned, AddOp op, const uint8_t* a,
                     int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n);

}  // namespace octet::x86
