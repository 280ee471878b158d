// mean.h - integer MEAN when the reduced axes are contiguous (the [N, H, W, C] -> [N, 1, 1, C]
// global average of image models): the input is [outer, reduced, inner] and each output row sums
// `reduced` contiguous rows of `inner` values, a loop the compiler vectorizes. Same contract and
// bytes as octet_ref_mean_s8/u8 (int32 sums that wrap, then the reference's finish per element).
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

// scratch: octet_ref_mean_scratch_size(output_shape) bytes.
void mean_q8_rows(const octet_mean_params* p, const octet_shape* input_shape, const uint8_t* input,
                  bool is_unsigned, const octet_shape* output_shape, uint8_t* output,
                  int32_t* scratch);

}  // namespace octet::x86
