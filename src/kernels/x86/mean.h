// mean.h - integer MEAN when the reduced axes are contiguous (the [N, H, W, C] -> [N, 1, 1, C]
// global average of image models): the input is [outer, reduced, inner] and each output row sums
// `reduced` contiguous rows of `inner` values. Same contract and bytes as octet_ref_mean_s8/u8
// (int32 sums that wrap, then the reference's finish per element).
#pragma once

#include <cstdint>

#include "octet_kernels.h"

namespace octet::x86 {

// True when p's axes are one contiguous range of input dimensions.
bool mean_axes_contiguous(const octet_mean_params* p);

// The input as [outer, reduced, inner] (p's axes contiguous).
struct MeanRows {
  int64_t outer = 1, reduced = 1, inner = 1;
};
MeanRows mean_rows(const octet_mean_params* p, const octet_shape* input_shape);

// n wrapped int32 sums -> n 8-bit outputs, the reference's finish.
void mean_finish_q8(const octet_mean_params* p, bool is_unsigned, const int32_t* sums, int64_t n,
                    uint8_t* output);

// Portable: one pass over each row adds it into the int32 sums (a loop the compiler vectorizes).
// scratch: octet_ref_mean_scratch_size(output_shape) bytes.
void mean_q8_rows(const octet_mean_params* p, const octet_shape* input_shape, const uint8_t* input,
                  bool is_unsigned, const octet_shape* output_shape, uint8_t* output,
                  int32_t* scratch);

// AVX2: blocks of 64 columns summed in registers over all rows (int16 lanes for up to 128 rows at
// a time, then int32), and the finish 16 outputs at a time; rows narrower than 16 values go
// through mean_q8_rows. Same arguments.
void mean_q8_rows_avx2(const octet_mean_params* p, const octet_shape* input_shape,
                       const uint8_t* input, bool is_unsigned, const octet_shape* output_shape,
                       uint8_t* output, int32_t* scratch);

}  // namespace octet::x86
