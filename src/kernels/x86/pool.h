// pool.h - AVERAGE_POOL_2D and MAX_POOL_2D on int8/uint8 NHWC tensors, vectorized over channels
// (16 per step for the average, 32 for the maximum), any filter, stride and padding, windows
// clipped at the borders. Same contract and bytes as octet_ref_avg_pool2d_s8/u8 and
// octet_ref_max_pool2d_s8/u8.
#pragma once

#include <cstdint>

#include "octet_kernels.h"

namespace octet::x86 {

// The average divides in single precision, exact while the rounded sum and the divisor stay below
// 2^24 together: windows of at most kAvgPoolMaxWindow taps (the reference serves larger ones).
constexpr int64_t kAvgPoolMaxWindow = 16384;
bool avg_pool2d_q8_avx2_supports(const octet_pool_params* p);

// Returns -1 when some window has no in-bounds tap (then the output is the reference's), 0
// otherwise, as the reference does.
int avg_pool2d_q8_avx2(const octet_pool_params* p, bool is_unsigned, const octet_shape* input_shape,
                       const uint8_t* input, const octet_shape* output_shape, uint8_t* output);

void max_pool2d_q8_avx2(const octet_pool_params* p, bool is_unsigned,
                        const octet_shape* input_shape, const uint8_t* input,
                        const octet_shape* output_shape, uint8_t* output);

}  // namespace octet::x86
